// InvestigationSession, the live session: loading a bundle in stages, holding its snapshots, the
// pinned range. Edits: investigationsessionedits.cpp; saving and reopening:
// investigationsessionsaved.cpp.
#include "investigationsession.h"

#include "investigationsessiondetail.h"

#include "ingest/bundleloader.h"
#include "loadingtimeline.h"
#include "s3opendialog.h"
#include "stallprobe.h"
#include "jobs/threadpriority.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>

namespace gateline {

Q_LOGGING_CATEGORY(lcStall, "gateline.stall", QtWarningMsg)

using namespace sessiondetail;

namespace {
// QT_LOGGING_RULES="gateline.timing.info=true" prints where load time goes.
Q_LOGGING_CATEGORY(lcTiming, "gateline.timing", QtWarningMsg)
// Background threads' nice value: weight 335 against the GUI thread's 1024 (Linux CFS).
constexpr int kBackgroundNice = 5;
} // namespace

struct InvestigationSession::LoadResult {
    std::shared_ptr<const Analysis> analysis;
    std::shared_ptr<const PlaybookRun> run;
    std::shared_ptr<const TimelineData> timeline;
    std::shared_ptr<const MergedRows> merged; // the panes' rows for the analysis's shifts
    bool cancelled = false;       // the reading was stopped
    bool analysisStopped = false; // the analysis was stopped: no analysis
};

// The analysis of a load's records, the last stage of a load (and all of analyseAgain()). Its
// cancel checks (jobs/cancellation.h) see the load's analysis flag, which Esc sets as a new load
// or a close does: stopped, the result has no analysis and the records stay shown without one.
void InvestigationSession::analyseRecords(LoadResult &result, const std::shared_ptr<const EventStore> &store,
                                          const SourceTableModel::Orders &orders, const MergedRows *merged,
                                          const AnalysisOptions &options, const CancelFlag &stop, const JobContext &ctx)
{
    const CancelScope scope(&stop);
    const auto stopped = [&stop, &ctx] { return stop.load(std::memory_order_relaxed) || ctx.cancelled(); };
    result.analysisStopped = true; // until it is done
    if (stopped())
        return;
    auto analysis = ownAnalysis(new Analysis(*store, options), store);
    if (stopped())
        return;
    result.timeline = buildTimelineData(*store, analysis.get());
    if (stopped())
        return;
    result.run = walkPlaybook(analysis);
    if (stopped())
        return;
    // The rows again where the analysis moved a format's sources apart (here, not on the GUI
    // thread: 16 ms at 1M lines, bench-gui.sh).
    result.merged = mergeRowsByFormat(*store, orders, shiftsOf(*store, analysis.get()), merged, stopped);
    if (!result.merged || stopped())
        return;
    result.analysis = analysis;
    result.analysisStopped = false;
}

// Progress from the loader's worker threads, coalesced: the GUI drains it when it gets to it.
struct InvestigationSession::ProgressBuffer {
    QMutex mutex;
    QList<IngestProgress> pending;
    bool posted = false;
    int filesDone = 0, filesTotal = 0;
    qint64 bytesDone = 0, bytesTotal = 0;
};

InvestigationSession::InvestigationSession(QObject *parent)
    : QObject(parent)
    , m_jobs(nullptr, 2)
    , m_rawLines(std::make_shared<RawLineReader>())
{
    // Loading and analysis below the GUI thread's priority: the window stays responsive while
    // they use every core (core/jobs/threadpriority.h).
    setBackgroundNice(kBackgroundNice);
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this] { Q_EMIT modifiedChanged(isModified()); });
    connect(&m_notesModel, &NotesModel::notesEdited, this, [this] {
        m_notesDirty = true;
        Q_EMIT modifiedChanged(isModified());
    });
}

InvestigationSession::~InvestigationSession()
{
    // Nothing reaches this session or the window from here on. ~QUndoStack cleared a stack with
    // commands and emitted cleanChanged and canUndoChanged into isModified() (members already
    // destroyed) and into the window's title and undo actions while the window itself was being
    // destroyed (a double free in CI); cancelling the jobs emits runningChanged. destroyed() is
    // left alone: views drop their pointers to the models on it.
    disconnect(&m_undo, nullptr, this, nullptr);
    disconnect(&m_notesModel, nullptr, this, nullptr);
    {
        const QSignalBlocker quiet(&m_undo);
        m_undo.clear(); // ~QUndoStack has nothing left to clear, so it emits nothing
    }
    m_jobs.blockSignals(true); // nothing listens to the runner's destroyed()
    stopLoadJob();
    m_jobs.cancelAll();
    m_jobs.waitForDone();
}

std::vector<qint64> InvestigationSession::shifts() const
{
    return m_store ? shiftsOf(*m_store, m_analysis.get()) : std::vector<qint64>{};
}

void InvestigationSession::stopLoadJob()
{
    if (m_loadCancel)
        m_loadCancel->store(true);
    if (m_analysisCancel)
        m_analysisCancel->store(true);
}

void InvestigationSession::resetState(bool keepUndo)
{
    stopLoadJob();
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
    if (!keepUndo) {
        m_undo.clear();
        m_beforeReload.reset();
    }
    m_notesModel.setNotes({});
    m_notesDirty = keepUndo && notesDirty;
    m_sourcesModel.clear();
    m_offsetsModel.clear();
    m_pairsModel.clear();
    m_rawLines->clearCache();
    m_status = {};
    m_analysisStopped = false;
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
    m_loadClock.start();
    ++m_loadSerial;
    m_loadCancel = std::make_shared<CancelFlag>(false);
    m_analysisCancel = std::make_shared<CancelFlag>(false);

    AnalysisOptions options;
    if (m_pending) {
        for (const SavedOffset &o : m_pending->offsets)
            options.align.overrides.append({o.source, o.seconds});
        options.matching.windowSeconds = m_pending->matchWindowSeconds;
    }
    if (m_reloading)
        options.matching = matching;
    m_matchOptions = options.matching;
    m_loadOptions = options;
    IngestOptions ingest;
    ingest.parse.captureTime = m_captureTime;
    ingest.range = m_ingestRange;

    auto buffer = std::make_shared<ProgressBuffer>();
    const QStringList files = m_paths;
    const std::shared_ptr<CancelFlag> cancel = m_loadCancel;
    const std::shared_ptr<CancelFlag> stopAnalysis = m_analysisCancel;
    const std::function<void()> beforeAnalysis = m_beforeAnalysis;
    Q_EMIT loadStarted(m_paths);
    Q_EMIT modifiedChanged(isModified());

    m_jobs.start<LoadResult>(
        kLoadChannel,
        [this, files, cancel, stopAnalysis, beforeAnalysis, buffer, options, ingest](const JobContext &ctx) {
            LoadResult result;
            IngestProgressFn progress = [this, buffer, ctx](const IngestProgress &p) {
                QMutexLocker lock(&buffer->mutex);
                buffer->filesDone = std::max(buffer->filesDone, p.filesDone);
                buffer->filesTotal = std::max(buffer->filesTotal, p.filesTotal);
                buffer->bytesDone = std::max(buffer->bytesDone, p.bytesDone);
                buffer->bytesTotal = std::max(buffer->bytesTotal, p.bytesTotal);
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
            const auto stopped = [&ctx] { return ctx.cancelled(); };
            const std::shared_ptr<const MergedRows> merged =
                mergeRowsByFormat(*store, *orders, shiftsOf(*store, nullptr), nullptr, stopped);
            if (!merged)
                return result;
            auto quick = buildTimelineData(*store, nullptr);
            qCInfo(lcTiming) << "row orders and first timeline ready at" << clock.elapsed() << "ms";
            ctx.post([this, constStore, merged, orders, quick] { deliverStage1(constStore, merged, orders, quick); });
            if (ctx.cancelled())
                return result;
            ctx.post([this] {
                m_status.analysing = true;
                Q_EMIT loadProgressed();
            });
            if (beforeAnalysis)
                beforeAnalysis();
            analyseRecords(result, constStore, *orders, merged.get(), options, *stopAnalysis, ctx);
            qCInfo(lcTiming) << (result.analysisStopped ? "analysis stopped at" : "analysis ready at") << clock.elapsed() << "ms";
            return result;
        },
        [this](LoadResult r) { finishLoad(std::move(r)); });
}

void InvestigationSession::finishLoad(LoadResult r)
{
    const StallProbe probe("loadDone");
    m_status.loading = false;
    m_status.analysing = false;
    m_beforeReload.reset(); // a reload's new state is in
    m_analysisStopped = r.analysisStopped;
    if (r.analysis) {
        m_finishingLoad = true;
        deliverAnalysis(r.analysis, r.run, r.timeline, true, r.merged);
        m_finishingLoad = false;
    }
    // On a turn of its own (bench-gui.sh's longest stall was this turn at 50M lines).
    QMetaObject::invokeMethod(
        this,
        [this, serial = m_loadSerial, cancelled = r.cancelled || r.analysisStopped] {
            if (serial == m_loadSerial)
                Q_EMIT loadFinished(cancelled);
        },
        Qt::QueuedConnection);
}

void InvestigationSession::analyseAgain()
{
    if (!m_store || !m_orders || m_analysis || m_status.loading)
        return;
    m_analysisStopped = false;
    m_status.loading = true;
    m_status.analysing = true;
    ++m_loadSerial;
    m_analysisCancel = std::make_shared<CancelFlag>(false);
    const std::shared_ptr<const EventStore> store = m_store;
    const std::shared_ptr<const SourceTableModel::Orders> orders = m_orders;
    const std::shared_ptr<const MergedRows> merged = m_merged;
    const std::shared_ptr<CancelFlag> stop = m_analysisCancel;
    const AnalysisOptions options = m_loadOptions;
    const std::function<void()> beforeAnalysis = m_beforeAnalysis;
    m_jobs.start<LoadResult>(
        kLoadChannel,
        [store, orders, merged, options, stop, beforeAnalysis](const JobContext &ctx) {
            LoadResult result;
            if (beforeAnalysis)
                beforeAnalysis();
            result.cancelled = store->cancelled;
            analyseRecords(result, store, *orders, merged.get(), options, *stop, ctx);
            return result;
        },
        [this](LoadResult r) { finishLoad(std::move(r)); });
    Q_EMIT loadProgressed();
    Q_EMIT modifiedChanged(isModified());
}

void InvestigationSession::drainProgress(const std::shared_ptr<ProgressBuffer> &buffer)
{
    const StallProbe probe("drainProgress");
    QList<IngestProgress> items;
    {
        QMutexLocker lock(&buffer->mutex);
        items.swap(buffer->pending);
        buffer->posted = false;
        m_status.filesDone = buffer->filesDone;
        m_status.filesTotal = buffer->filesTotal;
        m_status.bytesDone = buffer->bytesDone;
        m_status.bytesTotal = buffer->bytesTotal;
    }
    // The time left from the input bytes read so far, once there is a rate worth extrapolating
    // (as analyze --progress does it).
    const double elapsed = double(m_loadClock.elapsed()) / 1000.0;
    m_status.secondsLeft = m_status.bytesTotal > 0 && m_status.bytesDone > 0 && elapsed >= 1.0
        ? elapsed * double(m_status.bytesTotal - m_status.bytesDone) / double(m_status.bytesDone)
        : -1;
    m_sourcesModel.applyProgress(items); // one batch: one insertion, one dataChanged
    for (const IngestProgress &p : items) {
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
    const StallProbe probe("deliverStage1");
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
                                           const std::shared_ptr<const TimelineData> &timeline, bool fromLoad,
                                           const std::shared_ptr<const MergedRows> &merged)
{
    const StallProbe probe("deliverAnalysis");
    m_analysis = analysis;
    if (merged)
        m_merged = merged;
    m_playbookRun = run;
    {
        const StallProbe verdict("deliverAnalysis verdict", 5);
        m_verdict = std::make_shared<const VerdictSummary>(summarizeVerdict(*analysis, run ? run->causes() : QList<CauseScore>{}));
    }
    m_timeline = timeline;
    const qsizetype n = analysis->store().sourceCount();
    if (fromLoad) {
        m_original.clear();
        for (qsizetype i = 0; i < n; ++i)
            m_original.push_back(analysis->timeline().alignment(SourceId{int(i)}));
        m_desired = m_original;
        m_matchOptions = analysis->options().matching;
        const StallProbe bounds("deliverAnalysis setBounds", 5);
        m_range.setBounds(timeline->bounds, true);
    } else if (timeline->bounds != m_range.bounds()) {
        // A realignment moved the data: keep the view where it still fits. A re-match moves
        // nothing: the view and the selection stay as the user left them.
        m_range.setBounds(timeline->bounds, true);
    }
    {
        const StallProbe models("deliverAnalysis offsets+pairs", 5);
        m_offsetsModel.setAnalysis(analysis);
        m_pairsModel.setAnalysis(analysis);
    }
    if (fromLoad)
        applyPendingInvestigation();
    // What cancelRealign() goes back to: the edits this analysis was computed with.
    m_shownUndoIndex = m_undo.index();
    Q_EMIT analysisReady();
}

void InvestigationSession::cancelLoad()
{
    if (!m_status.loading)
        return;
    if (m_beforeReload) {
        revertReload(); // investigationsessionsaved.cpp
        return;
    }
    const bool analysing = isAnalysingLoad();
    if (m_loadCancel)
        m_loadCancel->store(true);
    // The records are in: the analysis stops at its next cancel check (or never starts).
    if (analysing && m_analysisCancel)
        m_analysisCancel->store(true);
}

void InvestigationSession::close()
{
    ++m_loadSerial;
    resetState();
    m_paths.clear();
    m_pending.reset();
    m_filePath.clear();
    m_range.setBounds({});
    Q_EMIT filePathChanged(m_filePath);
    Q_EMIT closed();
    Q_EMIT modifiedChanged(false);
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

} // namespace gateline
