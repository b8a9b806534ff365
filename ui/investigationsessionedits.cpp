// InvestigationSession's undoable edits (clock offsets and alignments, the matching step, verdicts,
// pinned notes) and the realignment they start in the background, with its Cancel.
#include "investigationsession.h"

#include "investigationsessiondetail.h"

#include "matchingcommand.h"
#include "models/timeformat.h"
#include "notecommand.h"
#include "offsetcommand.h"
#include "verdictcommand.h"

#include <QFileInfo>
#include <QScopedValueRollback>

namespace gateline {

using namespace sessiondetail;

namespace {
bool sameAlignment(const SourceAlignment &a, const SourceAlignment &b)
{
    return a.method == b.method && a.offsetSeconds == b.offsetSeconds
        && a.localUtcOffsetSeconds == b.localUtcOffsetSeconds;
}

bool sameMatching(const MatchOptions &a, const MatchOptions &b)
{
    return a.windowSeconds == b.windowSeconds && a.from == b.from && a.to == b.to && a.namespaces == b.namespaces
        && a.shuffles == b.shuffles && a.errors == b.errors && a.errorsChosen == b.errorsChosen;
}
} // namespace

SourceAlignment InvestigationSession::desiredAlignment(SourceId id) const
{
    return size_t(id.value) < m_desired.size() ? m_desired[size_t(id.value)] : SourceAlignment{};
}

SourceAlignment InvestigationSession::originalAlignment(SourceId id) const
{
    return size_t(id.value) < m_original.size() ? m_original[size_t(id.value)] : SourceAlignment{};
}

void InvestigationSession::requestOffset(SourceId id, double seconds)
{
    if (!m_analysis || size_t(id.value) >= m_desired.size())
        return;
    const SourceAlignment before = m_desired[size_t(id.value)];
    if (before.offsetSeconds == seconds && before.method == SourceAlignment::UserOverride)
        return;
    SourceAlignment after = before;
    after.method = SourceAlignment::UserOverride;
    after.offsetSeconds = seconds;
    after.note = QStringLiteral("set by you; the estimate was %1 (%2)")
                     .arg(formatSeconds(m_original[size_t(id.value)].offsetSeconds),
                          methodId(m_original[size_t(id.value)].method));
    const QString name = QFileInfo(m_store->source(id).locator.displayPath()).fileName();
    requestAlignment(id, after, QStringLiteral("Set clock offset of %1 to %2").arg(name, formatSeconds(seconds)));
}

void InvestigationSession::requestAlignment(SourceId id, const SourceAlignment &a, const QString &text)
{
    if (size_t(id.value) >= m_desired.size())
        return;
    m_undo.push(new OffsetCommand(this, id, m_desired[size_t(id.value)], a, text));
}

void InvestigationSession::applyAlignment(SourceId id, const SourceAlignment &a)
{
    if (size_t(id.value) >= m_desired.size())
        return;
    m_desired[size_t(id.value)] = a;
    requestAnalysisUpdate();
}

void InvestigationSession::runMatching(const MatchOptions &options)
{
    m_matchOptions = options;
    requestAnalysisUpdate();
}

void InvestigationSession::requestMatching(const MatchOptions &options)
{
    if (sameMatching(options, m_matchOptions)) {
        runMatching(options);
        return;
    }
    const bool whole = options.from.us == 0 && options.to.us == 0;
    const QString text = whole ? QStringLiteral("Run matching (±%1 s, whole range)").arg(options.windowSeconds)
                               : QStringLiteral("Run matching (±%1 s, %2 – %3)")
                                     .arg(options.windowSeconds)
                                     .arg(formatTimeInSpan(options.from.us, m_range.bounds().fromUs, m_range.bounds().toUs),
                                          formatTimeInSpan(options.to.us, m_range.bounds().fromUs, m_range.bounds().toUs));
    m_undo.push(new MatchingCommand(this, m_matchOptions, options, text));
}

void InvestigationSession::requestAnalysisUpdate()
{
    if (!m_analysis || m_reverting)
        return;
    struct Update {
        std::shared_ptr<const Analysis> analysis;
        std::shared_ptr<const PlaybookRun> run;
        std::shared_ptr<const TimelineData> timeline;
        std::shared_ptr<const MergedRows> merged;
    };
    const std::shared_ptr<const Analysis> base = m_analysis;
    const std::shared_ptr<const EventStore> store = m_store;
    const std::shared_ptr<const SourceTableModel::Orders> orders = m_orders;
    const std::shared_ptr<const MergedRows> merged = m_merged;
    const std::vector<SourceAlignment> desired = m_desired;
    const MatchOptions match = m_matchOptions;
    bool realign = false;
    for (size_t i = 0; i < desired.size() && !realign; ++i)
        realign = !sameAlignment(base->timeline().alignment(SourceId{int(i)}), desired[i]);
    // The job this one supersedes is cancelled by the runner: it stops at its next cancel check
    // (jobs/cancellation.h), down in the origin, matching and cause loops.
    m_jobs.start<Update>(
        kAnalysisChannel,
        [this, base, store, orders, merged, desired, match](const JobContext &ctx) {
            Update u;
            if (ctx.cancelled())
                return u; // superseded before it started
            const auto step = [this, &ctx](int n, const QString &what) {
                ctx.post([this, n, what] { setRealignStep(n, what); });
            };
            auto *a = new Analysis(*base);
            auto owned = ownAnalysis(a, store);
            bool realigned = false;
            if (!sameMatching(a->options().matching, match))
                a->rematch(match);
            for (size_t i = 0; i < desired.size() && !ctx.cancelled(); ++i) {
                const SourceId id{int(i)};
                if (!sameAlignment(a->timeline().alignment(id), desired[i])) {
                    a->setAlignment(id, desired[i]);
                    realigned = true;
                }
            }
            if (ctx.cancelled())
                return u;
            if (realigned) {
                step(2, QStringLiteral("Redrawing the timeline…"));
                u.timeline = buildTimelineData(*store, a);
                // The panes' rows for the new offsets, here rather than on the GUI thread.
                if (orders)
                    u.merged = mergeRowsByFormat(*store, *orders, shiftsOf(*store, a), merged.get(),
                                                 [&ctx] { return ctx.cancelled(); });
            }
            if (ctx.cancelled())
                return u;
            step(3, QStringLiteral("Ranking the causes…"));
            u.run = walkPlaybook(owned);
            u.analysis = owned;
            return u;
        },
        [this](Update u) {
            m_realign = {};
            if (u.analysis)
                deliverAnalysis(u.analysis, u.run, u.timeline ? u.timeline : m_timeline, false, u.merged);
            Q_EMIT matchingFinished();
            Q_EMIT realignProgressed();
        });
    setRealignStep(1, realign ? QStringLiteral("Realigning the clocks and the 502s' origins…")
                              : QStringLiteral("Matching the 502s to events…"));
}

void InvestigationSession::setRealignStep(int step, const QString &what)
{
    if (!m_jobs.isRunning(kAnalysisChannel))
        return;
    m_realign.running = true;
    m_realign.step = step;
    m_realign.steps = 3;
    m_realign.what = what;
    Q_EMIT realignProgressed();
}

bool InvestigationSession::cancelRealign()
{
    if (!m_realign.running)
        return false;
    m_jobs.cancel(kAnalysisChannel);
    m_realign = {};
    {
        // Undo (or redo) the edits the job was computing, back to the analysis shown. Only offset
        // and matching edits: a verdict or note made meanwhile stays.
        const QScopedValueRollback guard(m_reverting, true);
        const auto realigning = [](const QUndoCommand *c) {
            return dynamic_cast<const OffsetCommand *>(c) || dynamic_cast<const MatchingCommand *>(c);
        };
        while (m_undo.index() > m_shownUndoIndex && realigning(m_undo.command(m_undo.index() - 1)))
            m_undo.undo();
        while (m_undo.index() < m_shownUndoIndex && m_undo.index() < m_undo.count()
               && realigning(m_undo.command(m_undo.index())))
            m_undo.redo();
    }
    // Whatever the history holds, the edits in force are those of the analysis shown.
    if (m_analysis) {
        for (size_t i = 0; i < m_desired.size(); ++i)
            m_desired[i] = m_analysis->timeline().alignment(SourceId{int(i)});
        m_matchOptions = m_analysis->options().matching;
    }
    Q_EMIT realignProgressed();
    return true;
}

void InvestigationSession::setVerdict(const QString &step, const QString &verdict, bool overridden)
{
    const std::optional<SavedVerdict> before = this->verdict(step);
    std::optional<SavedVerdict> after;
    if (!verdict.isEmpty())
        after = SavedVerdict{step, verdict, overridden, before ? before->comment : QString()};
    if (before == after)
        return;
    const QString text = verdict.isEmpty() ? QStringLiteral("Clear verdict") :
                         overridden        ? QStringLiteral("Override verdict: %1").arg(verdict)
                                           : QStringLiteral("Accept verdict: %1").arg(verdict);
    m_undo.push(new VerdictCommand(this, step, before, after, text));
}

void InvestigationSession::applyVerdict(const QString &step, const std::optional<SavedVerdict> &v)
{
    if (v)
        m_verdicts.insert(step, *v);
    else
        m_verdicts.remove(step);
    Q_EMIT verdictsChanged();
}

std::optional<SavedVerdict> InvestigationSession::verdict(const QString &step) const
{
    const auto it = m_verdicts.constFind(step);
    if (it == m_verdicts.cend())
        return std::nullopt;
    return *it;
}

void InvestigationSession::pinNote(qint64 us, const QString &text)
{
    m_undo.push(new NoteCommand(&m_notesModel, {us, text}));
}

} // namespace gateline
