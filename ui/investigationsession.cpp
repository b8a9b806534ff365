#include "investigationsession.h"

#include "playbook/playbookrun.h"

#include "ingest/bundleloader.h"
#include "loadingtimeline.h"
#include "models/timeformat.h"
#include "capturetimecommand.h"
#include "offsetcommand.h"
#include "matchingcommand.h"
#include "s3opendialog.h"
#include "notecommand.h"
#include "verdictcommand.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QScopedValueRollback>

namespace gateline {

namespace {
// QT_LOGGING_RULES="gateline.timing.info=true" prints where load time goes.
Q_LOGGING_CATEGORY(lcTiming, "gateline.timing", QtWarningMsg)

const QString kLoadChannel = QStringLiteral("load");
const QString kAnalysisChannel = QStringLiteral("analysis");

bool sameAlignment(const SourceAlignment &a, const SourceAlignment &b)
{
    return a.method == b.method && a.offsetSeconds == b.offsetSeconds
        && a.localUtcOffsetSeconds == b.localUtcOffsetSeconds;
}

bool sameMatching(const MatchOptions &a, const MatchOptions &b)
{
    return a.windowSeconds == b.windowSeconds && a.from == b.from && a.to == b.to && a.namespaces == b.namespaces
        && a.shuffles == b.shuffles && a.errors == b.errors;
}

// An analysis that keeps its store alive.
std::shared_ptr<const Analysis> ownAnalysis(Analysis *a, std::shared_ptr<const EventStore> store)
{
    return std::shared_ptr<const Analysis>(a, [store](const Analysis *p) { delete p; });
}

// The playbook walked over an analysis, keeping that analysis alive.
std::shared_ptr<const PlaybookRun> walkPlaybook(const std::shared_ptr<const Analysis> &analysis)
{
    return std::shared_ptr<const PlaybookRun>(new PlaybookRun(*analysis), [analysis](const PlaybookRun *p) { delete p; });
}
} // namespace

struct InvestigationSession::LoadResult {
    std::shared_ptr<const Analysis> analysis;
    std::shared_ptr<const PlaybookRun> run;
    std::shared_ptr<const TimelineData> timeline;
    bool cancelled = false;
};

// Progress from the loader's worker threads, coalesced: the GUI drains it when it gets to it.
struct InvestigationSession::ProgressBuffer {
    QMutex mutex;
    QList<IngestProgress> pending;
    bool posted = false;
    int filesDone = 0, filesTotal = 0;
};

InvestigationSession::InvestigationSession(QObject *parent)
    : QObject(parent)
    , m_jobs(nullptr, 2)
    , m_rawLines(std::make_shared<RawLineReader>())
{
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this] { Q_EMIT modifiedChanged(isModified()); });
    connect(&m_notesModel, &NotesModel::notesEdited, this, [this] {
        m_notesDirty = true;
        Q_EMIT modifiedChanged(isModified());
    });
}

InvestigationSession::~InvestigationSession()
{
    if (m_loadCancel)
        m_loadCancel->store(true);
    m_jobs.cancelAll();
    m_jobs.waitForDone();
}

std::vector<qint64> InvestigationSession::shifts() const
{
    std::vector<qint64> out;
    if (!m_store)
        return out;
    out.resize(size_t(m_store->sourceCount()), 0);
    if (m_analysis) {
        for (qsizetype i = 0; i < m_store->sourceCount(); ++i)
            out[size_t(i)] = m_analysis->timeline().shiftUs(SourceId{int(i)});
    }
    return out;
}

void InvestigationSession::resetState(bool keepUndo)
{
    if (m_loadCancel)
        m_loadCancel->store(true);
    m_jobs.cancelAll();
    m_store.reset();
    m_merged.reset();
    m_analysis.reset();
    m_playbookRun.reset();
    m_verdict.reset();
    m_timeline.reset();
    m_orders.reset();
    m_original.clear();
    m_desired.clear();
    m_verdicts.clear();
    m_matchOptions = MatchOptions{};
    const bool notesDirty = m_notesDirty;
    if (!keepUndo)
        m_undo.clear();
    m_notesModel.setNotes({});
    m_notesDirty = keepUndo && notesDirty;
    m_sourcesModel.clear();
    m_offsetsModel.clear();
    m_pairsModel.clear();
    m_rawLines->clearCache();
    m_status = {};
    m_realign = {};
    m_shownUndoIndex = m_undo.index();
    setPinnedRange({}); // a reload gets its pin back from its pending investigation
}

void InvestigationSession::open(const QStringList &paths, const QDateTime &captureTime)
{
    m_reloading = false;
    load(paths, captureTime);
}

void InvestigationSession::load(QStringList paths, const QDateTime &captureTime)
{
    const std::optional<Investigation> pending = std::move(m_pending);
    const MatchOptions matching = m_matchOptions;
    resetState(m_reloading);
    m_pending = pending;
    m_captureTime = captureTime.isValid() ? captureTime.toUTC() : QDateTime();
    m_paths.clear();
    for (const QString &p : paths)
        m_paths << (isS3Url(p) ? p : QFileInfo(p).absoluteFilePath());
    if (!m_pending && !m_filePath.isEmpty()) {
        m_filePath.clear();
        Q_EMIT filePathChanged(m_filePath);
    }
    m_sourcesModel.beginLoad();
    m_status.loading = true;
    m_loadCancel = std::make_shared<CancelFlag>(false);

    AnalysisOptions options;
    if (m_pending) {
        for (const SavedOffset &o : m_pending->offsets)
            options.align.overrides.append({o.source, o.seconds});
        options.matching.windowSeconds = m_pending->matchWindowSeconds;
    }
    if (m_reloading)
        options.matching = matching;
    m_matchOptions = options.matching;
    IngestOptions ingest;
    ingest.parse.captureTime = m_captureTime;
    ingest.range = m_ingestRange;

    auto buffer = std::make_shared<ProgressBuffer>();
    const QStringList files = m_paths;
    const std::shared_ptr<CancelFlag> cancel = m_loadCancel;
    Q_EMIT loadStarted(m_paths);
    Q_EMIT modifiedChanged(isModified());

    m_jobs.start<LoadResult>(
        kLoadChannel,
        [this, files, cancel, buffer, options, ingest](const JobContext &ctx) {
            LoadResult result;
            IngestProgressFn progress = [this, buffer, ctx](const IngestProgress &p) {
                QMutexLocker lock(&buffer->mutex);
                buffer->filesDone = std::max(buffer->filesDone, p.filesDone);
                buffer->filesTotal = std::max(buffer->filesTotal, p.filesTotal);
                if (!buffer->pending.isEmpty() && p.stage == IngestProgress::SourceProgress
                    && buffer->pending.last().stage == IngestProgress::SourceProgress
                    && buffer->pending.last().source == p.source)
                    buffer->pending.last() = p;
                else
                    buffer->pending.append(p);
                if (!buffer->posted) {
                    buffer->posted = true;
                    ctx.post([this, buffer] { drainProgress(buffer); });
                }
            };
            QElapsedTimer clock;
            clock.start();
            // Local paths and s3:// URLs (streamed through the local cache; live/s3source.h).
            S3LoadCallbacks s3callbacks;
            // A first timeline while the files are read: each one counted as it completes.
            auto loading = std::make_shared<LoadingTimeline>([this, ctx](std::shared_ptr<const TimelineData> picture) {
                ctx.post([this, picture] { deliverLoadingTimeline(picture); });
            });
            s3callbacks.ingest = LoadingTimeline::wrap(loading, progress);
            S3LoadResult loaded = loadSources(files, ingest, workbenchS3Options(), cancel.get(), s3callbacks);
            if (loaded.error.isError())
                loaded.store.messages << loaded.error.message;
            auto store = std::make_shared<EventStore>(std::move(loaded.store));
            qCInfo(lcTiming) << "read and parsed" << store->totalRecords() << "records in" << clock.elapsed() << "ms";
            result.cancelled = store->cancelled;
            if (ctx.cancelled())
                return result;
            auto orders = std::make_shared<SourceTableModel::Orders>();
            for (qsizetype i = 0; i < store->sourceCount(); ++i)
                orders->push_back(timeOrder(store->source(SourceId{int(i)})));
            std::shared_ptr<const EventStore> constStore = store;
            // The source panes' rows, one merge per format, so the GUI thread does not merge them.
            auto merged = std::make_shared<MergedRows>();
            {
                QHash<int, QList<SourceId>> groups;
                for (qsizetype i = 0; i < store->sourceCount(); ++i)
                    groups[int(store->source(SourceId{int(i)}).format)].append(SourceId{int(i)});
                const std::vector<qint64> zero(size_t(store->sourceCount()), 0);
                for (auto it = groups.cbegin(); it != groups.cend() && !ctx.cancelled(); ++it)
                    merged->insert(it.key(), std::make_shared<const std::vector<RowRef>>(
                                                 mergeByAlignedTime(*store, it.value(), *orders, zero)));
            }
            auto quick = buildTimelineData(*store, nullptr);
            qCInfo(lcTiming) << "row orders and first timeline ready at" << clock.elapsed() << "ms";
            std::shared_ptr<const MergedRows> constMerged = merged;
            ctx.post([this, constStore, constMerged, orders, quick] { deliverStage1(constStore, constMerged, orders, quick); });
            if (ctx.cancelled())
                return result;
            result.analysis = ownAnalysis(new Analysis(*constStore, options), constStore);
            result.timeline = buildTimelineData(*constStore, result.analysis.get());
            result.run = walkPlaybook(result.analysis);
            qCInfo(lcTiming) << "analysis ready at" << clock.elapsed() << "ms";
            return result;
        },
        [this](LoadResult r) {
            m_status.loading = false;
            if (r.analysis)
                deliverAnalysis(r.analysis, r.run, r.timeline, true);
            Q_EMIT loadFinished(r.cancelled);
        });
}

void InvestigationSession::drainProgress(const std::shared_ptr<ProgressBuffer> &buffer)
{
    QList<IngestProgress> items;
    {
        QMutexLocker lock(&buffer->mutex);
        items.swap(buffer->pending);
        buffer->posted = false;
        m_status.filesDone = buffer->filesDone;
        m_status.filesTotal = buffer->filesTotal;
    }
    for (const IngestProgress &p : items) {
        m_sourcesModel.applyProgress(p);
        if (!p.source.isEmpty())
            m_status.current = p.source;
    }
    Q_EMIT loadProgressed();
}

void InvestigationSession::deliverStage1(const std::shared_ptr<const EventStore> &store,
                                         const std::shared_ptr<const MergedRows> &merged,
                                         const std::shared_ptr<const SourceTableModel::Orders> &orders,
                                         const std::shared_ptr<const TimelineData> &timeline)
{
    m_store = store;
    m_merged = merged;
    m_orders = orders;
    m_timeline = timeline;
    m_sourcesModel.setStore(store);
    m_range.setBounds(timeline->bounds);
    Q_EMIT storeReady();
}

void InvestigationSession::deliverAnalysis(const std::shared_ptr<const Analysis> &analysis,
                                           const std::shared_ptr<const PlaybookRun> &run,
                                           const std::shared_ptr<const TimelineData> &timeline, bool fromLoad)
{
    m_analysis = analysis;
    m_playbookRun = run;
    m_verdict = std::make_shared<const VerdictSummary>(summarizeVerdict(*analysis, run ? run->causes() : QList<CauseScore>{}));
    m_timeline = timeline;
    const qsizetype n = analysis->store().sourceCount();
    if (fromLoad) {
        m_original.clear();
        for (qsizetype i = 0; i < n; ++i)
            m_original.push_back(analysis->timeline().alignment(SourceId{int(i)}));
        m_desired = m_original;
        m_matchOptions = analysis->options().matching;
        m_range.setBounds(timeline->bounds, true);
    } else if (timeline->bounds != m_range.bounds()) {
        // A realignment moved the data: keep the view where it still fits. A re-match moves
        // nothing: the view and the selection stay as the user left them.
        m_range.setBounds(timeline->bounds, true);
    }
    m_offsetsModel.setAnalysis(analysis);
    m_pairsModel.setAnalysis(analysis);
    if (fromLoad)
        applyPendingInvestigation();
    // What cancelRealign() goes back to: the edits this analysis was computed with.
    m_shownUndoIndex = m_undo.index();
    Q_EMIT analysisReady();
}

void InvestigationSession::applyPendingInvestigation()
{
    if (!m_pending)
        return;
    const Investigation inv = *m_pending;
    m_pending.reset();
    // The saved offsets came in through the analysis options: the "before" of an undo is the estimate.
    for (const SavedVerdict &v : inv.verdicts)
        m_verdicts.insert(v.step, v);
    m_notesModel.setNotes(inv.notes);
    if (!m_reloading)
        m_notesDirty = false;
    if (inv.visible.isValid())
        m_range.setVisible(inv.visible, TimeRange::NoRecord);
    if (inv.selection.isValid())
        m_range.setSelection(inv.selection);
    setPinnedRange(inv.pinned);
    if (m_reloading) {
        // A new capture time: the edits made before it stay undoable, and still count as unsaved.
        m_reloading = false;
        Q_EMIT verdictsChanged();
        Q_EMIT modifiedChanged(isModified());
        return;
    }
    m_undo.clear();
    m_undo.setClean();
    Q_EMIT verdictsChanged();
    Q_EMIT modifiedChanged(isModified());
}

bool InvestigationSession::openInvestigation(const QString &file, QString *error)
{
    std::optional<Investigation> inv = Investigation::load(file, error);
    if (!inv)
        return false;
    if (inv->bundlePaths.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 names no bundle to open").arg(file);
        return false;
    }
    m_pending = inv;
    m_filePath = QFileInfo(file).absoluteFilePath();
    open(inv->bundlePaths, inv->captureTime);
    Q_EMIT filePathChanged(m_filePath);
    return true;
}

void InvestigationSession::cancelLoad()
{
    if (m_loadCancel && m_status.loading)
        m_loadCancel->store(true);
}

void InvestigationSession::close()
{
    resetState();
    m_paths.clear();
    m_pending.reset();
    m_filePath.clear();
    m_range.setBounds({});
    Q_EMIT filePathChanged(m_filePath);
    Q_EMIT closed();
    Q_EMIT modifiedChanged(false);
}

bool InvestigationSession::isModified() const
{
    return !m_undo.isClean() || m_notesDirty;
}

Investigation InvestigationSession::toInvestigation() const
{
    Investigation inv;
    inv.bundlePaths = m_paths;
    if (m_store) {
        for (size_t i = 0; i < m_desired.size(); ++i) {
            if (m_desired[i].method == SourceAlignment::UserOverride)
                inv.offsets.append({m_store->source(SourceId{int(i)}).locator.displayPath(), m_desired[i].offsetSeconds});
        }
    }
    for (const SavedVerdict &v : m_verdicts)
        inv.verdicts.append(v);
    std::sort(inv.verdicts.begin(), inv.verdicts.end(), [](const auto &a, const auto &b) { return a.step < b.step; });
    inv.notes = m_notesModel.notes();
    inv.matchWindowSeconds = m_matchOptions.windowSeconds;
    inv.visible = m_range.visible();
    inv.selection = m_range.selection();
    inv.pinned = m_pinned;
    inv.captureTime = m_captureTime;
    return inv;
}

bool InvestigationSession::save(const QString &path, QString *error)
{
    if (!toInvestigation().save(path, error))
        return false;
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_undo.setClean();
    m_notesDirty = false;
    Q_EMIT filePathChanged(m_filePath);
    Q_EMIT modifiedChanged(false);
    return true;
}

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
    };
    const std::shared_ptr<const Analysis> base = m_analysis;
    const std::shared_ptr<const EventStore> store = m_store;
    const std::vector<SourceAlignment> desired = m_desired;
    const MatchOptions match = m_matchOptions;
    bool realign = false;
    for (size_t i = 0; i < desired.size() && !realign; ++i)
        realign = !sameAlignment(base->timeline().alignment(SourceId{int(i)}), desired[i]);
    // The job this one supersedes is cancelled by the runner: it stops at its next cancel check
    // (jobs/cancellation.h), down in the origin, matching and cause loops.
    m_jobs.start<Update>(
        kAnalysisChannel,
        [this, base, store, desired, match](const JobContext &ctx) {
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
                deliverAnalysis(u.analysis, u.run, u.timeline ? u.timeline : m_timeline, false);
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

void InvestigationSession::requestCaptureTime(const QDateTime &captureTime)
{
    const QDateTime after = captureTime.isValid() ? captureTime.toUTC() : QDateTime();
    if (m_paths.isEmpty() || after == m_captureTime)
        return;
    const QString text = after.isValid()
                             ? QStringLiteral("Set capture time to %1 UTC").arg(after.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                             : QStringLiteral("Reset capture time to the files' own");
    m_undo.push(new CaptureTimeCommand(this, m_captureTime, after, text));
}

void InvestigationSession::applyCaptureTime(const QDateTime &captureTime)
{
    if (m_paths.isEmpty())
        return;
    // Reload the way an investigation reopens: its offsets, verdicts, notes and view come back once
    // the new analysis is in. A reload still under way keeps the state it was started with.
    Investigation inv = m_pending ? *m_pending : toInvestigation();
    inv.captureTime = captureTime;
    m_pending = inv;
    m_reloading = true;
    load(m_paths, captureTime);
}

void InvestigationSession::setPinnedRange(const TimeSpan &span)
{
    const TimeSpan pinned = span.isValid() ? span : TimeSpan{};
    if (pinned == m_pinned)
        return;
    m_pinned = pinned;
    Q_EMIT pinnedRangeChanged(m_pinned);
}

void InvestigationSession::togglePin()
{
    if (isPinned())
        setPinnedRange({});
    else if (m_store)
        setPinnedRange(m_range.hasSelection() ? m_range.selection() : m_range.visible());
}

void InvestigationSession::pinNote(qint64 us, const QString &text)
{
    m_undo.push(new NoteCommand(&m_notesModel, {us, text}));
}

} // namespace gateline
