// One open investigation, without widgets' layout: the loaded bundle, its analysis, the shared
// time range, the item models, the undo stack, verdicts and notes. Loading, realigning and
// re-matching run in the background job helper; every result is swapped in on the GUI thread as
// a new immutable snapshot, and the views are told with signals.
// In three files: investigationsession.cpp loads and holds the live session;
// investigationsessionedits.cpp has the undoable edits and the realignment they start;
// investigationsessionsaved.cpp saves and reopens investigations, and reloads for a capture time.
#pragma once

#include "analysis/analysis.h"
#include "investigation/investigation.h"
#include "jobs/jobrunner.h"
#include "mergedrows.h"
#include "models/matchpairsmodel.h"
#include "models/notesmodel.h"
#include "ingest/timeprune.h"
#include "models/offsetsmodel.h"
#include "models/sourcesmodel.h"
#include "models/sourcetablemodel.h"
#include "report/verdictsummary.h"
#include "store/rawlinereader.h"
#include "timelinedata.h"
#include "timerange/timerange.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QUndoStack>

#include <functional>
#include <memory>
#include <optional>

namespace gateline {

class PlaybookRun;

class InvestigationSession : public QObject
{
    Q_OBJECT
public:
    struct LoadStatus {
        bool loading = false;
        int filesDone = 0, filesTotal = 0;
        qint64 bytesDone = 0, bytesTotal = 0; // input bytes read so far, of all (0: not known)
        double secondsLeft = -1;              // reading time left at the rate so far (-1: not known yet)
        QString current; // the source being read last
        // The records are in (every file read, or the reading stopped) and their analysis runs:
        // cancelLoad() now stops the analysis, and the records stay, unanalysed.
        bool analysing = false;
        // Every file is read: what follows is the analysis of them.
        bool allRead() const { return filesTotal > 0 && filesDone >= filesTotal; }
    };

    explicit InvestigationSession(QObject *parent = nullptr);
    ~InvestigationSession() override;

    TimeRange *timeRange() { return &m_range; }
    QUndoStack *undoStack() { return &m_undo; }
    JobRunner *jobs() { return &m_jobs; }
    SourcesModel *sourcesModel() { return &m_sourcesModel; }
    OffsetsModel *offsetsModel() { return &m_offsetsModel; }
    MatchPairsModel *matchPairsModel() { return &m_pairsModel; }
    NotesModel *notesModel() { return &m_notesModel; }
    const std::shared_ptr<RawLineReader> &rawLines() const { return m_rawLines; }

    std::shared_ptr<const EventStore> store() const { return m_store; }
    std::shared_ptr<const Analysis> analysis() const { return m_analysis; }
    // The walked playbook and ranked causes of the current analysis (computed in the background).
    std::shared_ptr<const PlaybookRun> playbookRun() const { return m_playbookRun; }
    std::shared_ptr<const TimelineData> timelineData() const { return m_timeline; }
    // The answer in words (counts, hop, events, cause), made once per analysis: the verdict
    // header, the status bar and the playbook's first step all read this one.
    std::shared_ptr<const VerdictSummary> verdictSummary() const { return m_verdict; }
    std::shared_ptr<const SourceTableModel::Orders> orders() const { return m_orders; }
    // Rows of all sources of one format merged in aligned-time order for these shifts, made in
    // the background (at load, with each analysis); null when they were made for other shifts.
    std::shared_ptr<const std::vector<RowRef>> mergedRows(SourceFormat format, const std::vector<qint64> &shifts) const
    {
        return m_merged && m_merged->shifts == shifts ? m_merged->byFormat.value(int(format)) : nullptr;
    }
    // Per SourceId value: µs added to the source's times on the aligned timeline.
    std::vector<qint64> shifts() const;

    // Loads a bundle (files, folders, archives), replacing what is open. captureTime: the "now"
    // kubectl's relative ages count back from, as the user gave it (invalid: the files' own).
    void open(const QStringList &paths, const QDateTime &captureTime = {});
    // The time range the next open (and its reloads) reads; unset: everything (ui/openrangedialog.h).
    void setIngestRange(const IngestRange &range) { m_ingestRange = range; }
    IngestRange ingestRange() const { return m_ingestRange; }
    // Opens a .gateline file: its bundle, then its offsets, verdicts, notes and view.
    bool openInvestigation(const QString &file, QString *error);
    // Stops the load; what was read so far is kept and shown (and analysed). Once every file is
    // read (or the reading was stopped), it stops the analysis instead: the records stay, shown
    // without an analysis (isAnalysisStopped()), until analyseAgain(). A reload for a new capture
    // time is undone instead: the bundle comes back as it was shown before it, every view with it,
    // and the capture-time edit is undone (Redo retries it), like a cancelled realignment.
    void cancelLoad();
    // The load's analysis was stopped: the records are shown without one.
    bool isAnalysisStopped() const { return m_analysisStopped; }
    // Runs a stopped load's analysis again, with the load's options, as the last stage of that
    // load (isLoading(), loadProgressed(), cancelLoad() stops it again, loadFinished()).
    void analyseAgain();
    // Tests: runs on the worker right before a load's analysis starts (after analysing is shown).
    void setBeforeAnalysisHook(std::function<void()> hook) { m_beforeAnalysis = std::move(hook); }
    void close();
    LoadStatus loadStatus() const { return m_status; }
    bool isLoading() const { return m_status.loading; }
    // A reload for a new capture time is under way, and cancelLoad() would undo it.
    bool isReloading() const { return m_status.loading && bool(m_beforeReload); }
    // cancelLoad() would do something: files are still being read, their analysis runs, or a
    // reload can be undone.
    bool canCancelLoad() const { return m_status.loading; }
    // cancelLoad() would stop the analysis (not a reload's: that one is undone whole).
    bool isAnalysingLoad() const
    {
        return m_status.loading && !m_beforeReload && (m_status.analysing || m_status.allRead());
    }
    // The load's analysis is being delivered (analysisReady of a load): loadFinished follows on
    // the event loop's next turn, so that the end of a load is two GUI turns instead of one long
    // one; views may leave their slower refresh to it.
    bool isFinishingLoad() const { return m_finishingLoad; }
    bool hasBundle() const { return bool(m_store); }
    QStringList paths() const { return m_paths; }

    QString filePath() const { return m_filePath; }
    bool save(const QString &path, QString *error);
    bool isModified() const;
    Investigation toInvestigation() const;

    // Undoable edits.
    void requestOffset(SourceId id, double seconds);
    void requestAlignment(SourceId id, const SourceAlignment &a, const QString &text);
    void setVerdict(const QString &step, const QString &verdict, bool overridden);
    void pinNote(qint64 us, const QString &text);
    // Reloads the bundle with another capture time for kubectl's relative ages (invalid: the files'
    // own), keeping offsets, verdicts, notes, the matching and the view, and the undo history.
    void requestCaptureTime(const QDateTime &captureTime);
    // Used by the undo commands.
    void applyAlignment(SourceId id, const SourceAlignment &a);
    void applyVerdict(const QString &step, const std::optional<SavedVerdict> &v);
    void applyCaptureTime(const QDateTime &captureTime);
    SourceAlignment desiredAlignment(SourceId id) const;
    SourceAlignment originalAlignment(SourceId id) const;

    // A range the user pinned on purpose (Timeline ▸ Pin Range, a pane's Pin button): the source
    // panes stay on it, filtered to it, while the chart zooms and pans. Every pane's range line
    // and the chart show it; it is saved in investigations; a new bundle starts unpinned.
    TimeSpan pinnedRange() const { return m_pinned; }
    bool isPinned() const { return m_pinned.isValid(); }
    void setPinnedRange(const TimeSpan &span); // invalid: unpin
    // Pins the selection (else the chart's range), or unpins when pinned.
    void togglePin();

    // The capture time the user set (UTC), or invalid.
    QDateTime captureTime() const { return m_captureTime; }

    QHash<QString, SavedVerdict> verdicts() const { return m_verdicts; }
    std::optional<SavedVerdict> verdict(const QString &step) const;

    // The matching step, in the background; matchingFinished() when the new result is in.
    void runMatching(const MatchOptions &options);
    // The same as an undoable edit (the user ran the step with a new window or range). Running it
    // again with the same options just re-runs it.
    void requestMatching(const MatchOptions &options);
    MatchOptions matchOptions() const { return m_matchOptions; }
    bool isMatching() const { return m_jobs.isRunning(QStringLiteral("analysis")); }

    // The realignment (or re-match) running in the background after an offset, alignment or
    // matching edit: the step it is at. The next edit supersedes it (it stops computing at its
    // next cancel check and only the newest result is shown).
    struct RealignStatus {
        bool running = false;
        int step = 0, steps = 0;
        QString what; // "Realigning the clocks…", "Ranking the causes…"
    };
    RealignStatus realignStatus() const { return m_realign; }
    bool isRealigning() const { return m_realign.running; }
    // Stops the running realignment and undoes the edits it was computing (Redo retries them):
    // every view stays on the analysis shown. False when none runs.
    bool cancelRealign();
    // Rows were appended to the open store's sources (ui/sourcefollow.h): orders, merged rows,
    // timeline and analysis again on the given job channel, the view kept (sourcefollow.cpp).
    void refreshGrown(const QString &channel);

Q_SIGNALS:
    void loadStarted(const QStringList &paths);
    void loadProgressed();
    void storeReady();      // first stage: records and a first timeline (panes can show)
    void loadingTimelineChanged(); // while reading: a timeline of the files read so far (ui/loadingtimeline.h)
    void analysisReady();   // the analysis (after a load, a realignment or a re-match)
    void loadFinished(bool cancelled);
    void reloadCancelled(); // after loadFinished(true): the state before the reload is back
    void closed();
    void verdictsChanged();
    void matchingFinished();
    void realignProgressed(); // started, a step further, finished or cancelled
    void pinnedRangeChanged(gateline::TimeSpan pinned); // invalid: unpinned
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);
    void problem(const QString &message);

private:
    struct LoadResult;
    struct ProgressBuffer;
    struct ShownState; // investigationsessiondetail.h
    void resetState(bool keepUndo = false);
    void load(QStringList paths, const QDateTime &captureTime); // by value: callers pass m_paths
    static void analyseRecords(LoadResult &result, const std::shared_ptr<const EventStore> &store,
                               const SourceTableModel::Orders &orders, const MergedRows *merged,
                               const AnalysisOptions &options, const CancelFlag &stop, const JobContext &ctx);
    void finishLoad(LoadResult r);
    void stopLoadJob(); // a new load or close supersedes it: reading and analysis stop
    void deliverLoadingTimeline(std::shared_ptr<const TimelineData> picture); // loadingtimeline.cpp
    void deliverStage1(const std::shared_ptr<const EventStore> &store, const std::shared_ptr<const MergedRows> &merged,
                       const std::shared_ptr<const SourceTableModel::Orders> &orders,
                       const std::shared_ptr<const TimelineData> &timeline);
    // merged: the panes' rows for the analysis's shifts (null: those shown stay, as the shifts did).
    void deliverAnalysis(const std::shared_ptr<const Analysis> &analysis, const std::shared_ptr<const PlaybookRun> &run,
                         const std::shared_ptr<const TimelineData> &timeline, bool fromLoad,
                         const std::shared_ptr<const MergedRows> &merged = {});
    void drainProgress(const std::shared_ptr<ProgressBuffer> &buffer);
    void requestAnalysisUpdate();
    void setRealignStep(int step, const QString &what);
    void applyPendingInvestigation();
    void revertReload();

    JobRunner m_jobs;
    TimeRange m_range;
    QUndoStack m_undo;
    SourcesModel m_sourcesModel;
    OffsetsModel m_offsetsModel;
    MatchPairsModel m_pairsModel;
    NotesModel m_notesModel;
    std::shared_ptr<RawLineReader> m_rawLines;

    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const Analysis> m_analysis;
    std::shared_ptr<const PlaybookRun> m_playbookRun;
    std::shared_ptr<const VerdictSummary> m_verdict;
    std::shared_ptr<const TimelineData> m_timeline;
    std::shared_ptr<const SourceTableModel::Orders> m_orders;
    std::shared_ptr<const MergedRows> m_merged;
    std::vector<SourceAlignment> m_original; // as the analysis first estimated them
    std::vector<SourceAlignment> m_desired;  // what the user wants (applied in the background)
    MatchOptions m_matchOptions;
    QHash<QString, SavedVerdict> m_verdicts;
    std::optional<Investigation> m_pending; // applied when its bundle's analysis is in
    std::shared_ptr<CancelFlag> m_loadCancel;     // stops the load's reading
    std::shared_ptr<CancelFlag> m_analysisCancel; // stops the load's analysis
    AnalysisOptions m_loadOptions;                // the load's, for analyseAgain()
    bool m_analysisStopped = false;
    std::function<void()> m_beforeAnalysis;
    quint64 m_loadSerial = 0; // a later load or close drops an earlier load's pending loadFinished
    QElapsedTimer m_loadClock; // since the load started: the time left from the bytes read
    bool m_finishingLoad = false;
    LoadStatus m_status;
    QStringList m_paths;
    QString m_filePath;
    bool m_notesDirty = false;
    QDateTime m_captureTime;
    IngestRange m_ingestRange;
    bool m_reloading = false; // a reload for a new capture time: the undo history stays
    RealignStatus m_realign;
    TimeSpan m_pinned;
    int m_shownUndoIndex = 0;  // the undo index the analysis shown was computed for
    bool m_reverting = false;  // cancelRealign() or revertReload() undoing: no new job, no reload
    // What a capture-time reload replaced, until its analysis is in: cancelLoad() puts it back.
    std::unique_ptr<ShownState> m_beforeReload;
};

} // namespace gateline
