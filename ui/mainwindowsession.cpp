// MainWindow following its investigation session: the timeline, panes, playbook, title and undo
// state as a bundle loads, is analysed, realigned, pinned or closed. The window's construction is
// in mainwindow.cpp, its file flows in mainwindowfiles.cpp.
#include "mainwindow.h"

#include "causesview.h"
#include "investigationsession.h"
#include "matchingpanel.h"
#include "models/timeformat.h"
#include "notespanel.h"
#include "playbookview.h"
#include "rawlineview.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "stallprobe.h"
#include "timelinechart.h"
#include "verdictheader.h"
#include "workbenchactions.h"
#include "workbenchstatus.h"

#include <QAction>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>

namespace gateline {

namespace {
// QT_LOGGING_RULES="gateline.timing.info=true" prints load timings.
Q_LOGGING_CATEGORY(lcTiming, "gateline.timing", QtWarningMsg)
} // namespace

void MainWindow::connectSession()
{
    InvestigationSession *s = m_session;
    // The panes of a store that came in are rebuilt on the next turn of the event loop, or
    // before anything that needs them (the analysis, the end of the load), whichever is first.
    auto panesFor = std::make_shared<std::shared_ptr<const EventStore>>();
    const auto buildPanes = [this, panesFor] {
        if (!*panesFor)
            return;
        const bool current = *panesFor == m_session->store();
        panesFor->reset();
        if (!current)
            return; // replaced meanwhile (a cancelled reload): its own storeReady rebuilds
        QElapsedTimer p;
        p.start();
        const StallProbe probe("buildPanes");
        m_panes->rebuild();
        m_lastShifts = m_session->shifts();
        qCInfo(lcTiming) << "panes" << p.elapsed() << "ms";
    };
    connect(s, &InvestigationSession::loadStarted, this, [this](const QStringList &paths) {
        m_loadClock.start();
        m_firstDrawMs = -1;
        m_panes->clear();
        m_raw->clear();
        m_chart->setData(nullptr);
        m_chart->setLoadingText(QStringLiteral("Reading %1…").arg(paths.size() == 1 ? QFileInfo(paths.first()).fileName()
                                                                                     : QStringLiteral("%1 items").arg(paths.size())));
        m_lastShifts.clear();
        refreshPlaybook();
        updateTitle();
    });
    connect(s, &InvestigationSession::storeReady, this, [this, panesFor, buildPanes] {
        const StallProbe probe("mainwindow storeReady");
        QElapsedTimer t;
        t.start();
        m_chart->setData(m_session->timelineData());
        const qint64 chartMs = t.elapsed();
        m_chart->repaint();
        qCInfo(lcTiming) << "first draw: chart data" << chartMs << "ms, paint" << t.elapsed() - chartMs << "ms";
        // The panes on the next turn of the event loop: the chart and the panes each take a
        // turn of their own instead of one long one (bench-gui.sh's longest stall).
        *panesFor = m_session->store();
        QTimer::singleShot(0, this, buildPanes);
        if (m_firstDrawMs < 0) {
            m_firstDrawMs = m_loadClock.elapsed();
            Q_EMIT firstTimelineDrawn(m_firstDrawMs);
        }
        qCInfo(lcTiming) << "records ready after" << m_loadClock.elapsed() << "ms:" << m_session->store()->totalRecords() << "records";
    });
    // While reading: the timeline of the files read so far (ui/loadingtimeline.h).
    connect(s, &InvestigationSession::loadingTimelineChanged, this, [this] {
        const StallProbe probe("mainwindow loadingTimeline");
        m_chart->setData(m_session->timelineData());
        if (m_firstDrawMs >= 0)
            return;
        m_chart->repaint();
        m_firstDrawMs = m_loadClock.elapsed();
        qCInfo(lcTiming) << "first timeline drawn after" << m_firstDrawMs << "ms (while reading)";
        Q_EMIT firstTimelineDrawn(m_firstDrawMs);
    });
    connect(s, &InvestigationSession::analysisReady, this, [this, buildPanes] {
        const StallProbe probe("mainwindow analysisReady");
        buildPanes();
        m_chart->setData(m_session->timelineData());
        const std::vector<qint64> shifts = m_session->shifts();
        if (shifts != m_lastShifts) {
            const StallProbe panes("analysisReady refreshShifts", 5);
            m_panes->refreshShifts();
            m_lastShifts = shifts;
        }
        // A load's: on loadFinished's turn, after this one.
        if (!m_session->isFinishingLoad())
            refreshPlaybook();
    });
    connect(s, &InvestigationSession::loadFinished, this, [this, buildPanes](bool cancelled) {
        buildPanes();
        {
            const StallProbe playbook("loadFinished refreshPlaybook", 5);
            refreshPlaybook();
        }
        qCInfo(lcTiming) << "analysis done after" << m_loadClock.elapsed() << "ms";
        updateTitle();
        m_chart->setLoadingText(m_session->store() && m_session->store()->totalRecords() == 0
                                    ? QStringLiteral("Nothing recognisable was read: see Sources and problems.")
                                    : QString());
        if (m_session->isAnalysisStopped())
            m_status->showMessage(QString()); // the status bar says so for as long as it lasts
        else
            m_status->showMessage(cancelled ? QStringLiteral("Loading cancelled: showing what was read so far.")
                                            : QStringLiteral("Loaded in %1 s.").arg(m_loadClock.elapsed() / 1000.0, 0, 'f', 1),
                                  8000);
    });
    connect(s, &InvestigationSession::reloadCancelled, this, [this] {
        m_status->showMessage(QStringLiteral("Reload cancelled: the bundle is as it was before the new capture time, "
                                             "which is undone (Redo retries it)."),
                              10000);
    });
    connect(s, &InvestigationSession::closed, this, [this] {
        m_panes->clear();
        m_raw->clear();
        m_chart->setData(nullptr);
        m_chart->setLoadingText(QString());
        refreshPlaybook();
        updateTitle();
    });
    // While a bundle (re)loads the undo history waits: a reload for a new capture time keeps it.
    const auto undoState = [this] {
        QUndoStack *u = m_session->undoStack();
        m_actions->undo->setEnabled(u->canUndo() && !m_session->isLoading());
        m_actions->redo->setEnabled(u->canRedo() && !m_session->isLoading());
    };
    connect(s->undoStack(), &QUndoStack::canUndoChanged, this, undoState);
    connect(s->undoStack(), &QUndoStack::canRedoChanged, this, undoState);
    connect(s, &InvestigationSession::loadStarted, this, undoState);
    connect(s, &InvestigationSession::loadFinished, this, undoState);
    connect(s, &InvestigationSession::verdictsChanged, this, &MainWindow::refreshPlaybook);
    connect(s, &InvestigationSession::modifiedChanged, this, &MainWindow::updateTitle);
    connect(s, &InvestigationSession::filePathChanged, this, &MainWindow::updateTitle);
    connect(s, &InvestigationSession::realignProgressed, this, &MainWindow::updateTitle);
    // (the stop button stops the reading, then the analysis; Analyse Again shows once that stopped)
    connect(s, &InvestigationSession::loadProgressed, this, &MainWindow::updateTitle);
    // A pinned range: the panes stay on it; the chart, the menu and the status bar show it.
    connect(s, &InvestigationSession::pinnedRangeChanged, this, [this](TimeSpan pinned) {
        m_actions->pinRange->setChecked(pinned.isValid());
        m_chart->setPinned(pinned);
        const TimeSpan b = m_session->timeRange()->bounds();
        if (pinned.isValid())
            m_status->showMessage(QStringLiteral("Panes pinned to %1 – %2 UTC: they stay there while the chart moves "
                                                 "(Ctrl+Shift+P unpins).")
                                      .arg(formatTimeInSpan(pinned.fromUs, b.fromUs, b.toUs),
                                           formatTimeInSpan(pinned.toUs, b.fromUs, b.toUs)),
                                  8000);
        else if (m_session->hasBundle())
            m_status->showMessage(QStringLiteral("Panes unpinned: they follow the chart again."), 5000);
    });
    connect(s->notesModel(), &QAbstractItemModel::modelReset, this, [this] { m_chart->setNotes(m_session->notesModel()->notes()); });
    connect(s->notesModel(), &QAbstractItemModel::rowsInserted, this, [this] { m_chart->setNotes(m_session->notesModel()->notes()); });
    connect(s->notesModel(), &QAbstractItemModel::rowsRemoved, this, [this] { m_chart->setNotes(m_session->notesModel()->notes()); });
    connect(m_panes, &SourcePanes::currentRowChanged, this, [this](SourcePane *pane) { showRawLines(pane); });
    // After "go to this moment" the panes have scrolled: show the raw line of the pane in use.
    connect(s->timeRange(), &TimeRange::cursorChanged, this, [this] {
        SourcePane *pane = m_panes->currentPane();
        if (pane && pane->view()->currentIndex().isValid())
            showRawLines(pane);
    });
    connect(m_panes, &SourcePanes::pinNoteRequested, m_notes, &NotesPanel::pinNoteAt);
    connect(m_playbook, &PlaybookView::verdictChosen, s, &InvestigationSession::setVerdict);
    connect(m_playbook, &PlaybookView::jumpRequested, this, &MainWindow::showEvidence);
    connect(m_causes, &CausesView::jumpRequested, this, &MainWindow::showEvidence);
    connect(m_header, &VerdictHeader::evidenceRequested, this, &MainWindow::showVerdictEvidence);
    connect(m_matching, &MatchingPanel::pairSelected, this, [this](qint64 errorUs, qint64 eventUs) {
        // Zoom to the pair and put every pane at the 502; the selection (and with it the matching
        // step's range, and the panes' filter) stays the user's.
        m_chart->setHighlight(std::make_pair(errorUs, eventUs));
        const qint64 lo = std::min(errorUs, eventUs), hi = std::max(errorUs, eventUs);
        const qint64 pad = std::max<qint64>((hi - lo) * 2, 60 * 1000000LL);
        TimeRange *r = m_session->timeRange();
        r->setVisible({lo - pad, hi + pad});
        r->goTo(errorUs);
    });
    // Zooming anywhere moves every view: a selection left outside the new range no longer filters
    // the panes unseen, and the raw lines show the row the pane in use now starts at.
    connect(s->timeRange(), &TimeRange::visibleChanged, this, [this](TimeSpan visible) {
        TimeRange *r = m_session->timeRange();
        if (r->hasSelection() && visible.isValid()
            && (r->selection().toUs <= visible.fromUs || r->selection().fromUs >= visible.toUs)) {
            r->clearSelection();
            m_status->showMessage(QStringLiteral("The selection was outside the zoomed range: cleared."), 6000);
        }
    });
    connect(m_panes, &SourcePanes::rangeFollowed, this, [this] {
        SourcePane *pane = m_panes->currentPane();
        if (pane && pane->view()->currentIndex().isValid())
            showRawLines(pane);
    });
    connect(m_chart, &TimelineChart::contextMenuRequested, this, &MainWindow::showChartMenu);
    connect(m_chart, &TimelineChart::rebinned, m_status, &WorkbenchStatus::setBinWidth);
}

} // namespace gateline
