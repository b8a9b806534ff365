// The workbench window: drop a bundle anywhere, read the answer in the verdict header, see every
// hop on one timeline with the source panes (grouped by hop) below it, walk the playbook, fix
// clock offsets, pin notes, save the investigation. Layout (docks, splitters), geometry and theme
// are remembered in QSettings. mainwindow.cpp builds and wires the window; mainwindowfiles.cpp
// holds the file flows (open, save, export, capture, Prometheus).
#pragma once

#include "timerange/timemapping.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>

class QDockWidget;
class QLabel;
class QProgressBar;
class QSplitter;

namespace gateline {

class CausesView;
class InvestigationSession;
class MatchingPanel;
class NotesPanel;
class OffsetsPanel;
class PlaybookView;
class RawLineView;
class RecentFiles;
class SourcePane;
class SourcePanes;
class SourceFollow;
class SourcesPanel;
class TimelineChart;
class VerdictHeader;
class WorkbenchActions;
class WorkbenchStatus;
enum class ThemeChoice;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens files, folders, archives, or one .gateline investigation.
    void openPaths(const QStringList &paths);
    // The same, with the capture time kubectl's relative ages count back from (`--captured-at`);
    // an investigation keeps its own.
    void openPathsCapturedAt(const QStringList &paths, const QDateTime &capturedAt);
    bool saveInvestigation(const QString &path);
    // Whether to ask before discarding unsaved work (off in tests).
    void setAskBeforeDiscarding(bool ask) { m_askBeforeDiscarding = ask; }
    void setTheme(ThemeChoice theme);

    InvestigationSession *session() const { return m_session; }
    TimelineChart *chart() const { return m_chart; }
    SourcePanes *panes() const { return m_panes; }
    PlaybookView *playbook() const { return m_playbook; }
    CausesView *causes() const { return m_causes; }
    VerdictHeader *verdictHeader() const { return m_header; }
    MatchingPanel *matching() const { return m_matching; }
    OffsetsPanel *offsets() const { return m_offsets; }
    RawLineView *rawLines() const { return m_raw; }
    SourcesPanel *sources() const { return m_sources; }
    NotesPanel *notes() const { return m_notes; }
    SourceFollow *follow() const { return m_follow; } // growing plain files (ui/sourcefollow.h)
    WorkbenchActions *actions() const { return m_actions; }
    qint64 lastTimeToFirstTimelineMs() const { return m_firstDrawMs; }

Q_SIGNALS:
    void firstTimelineDrawn(qint64 ms);

protected:
    void closeEvent(QCloseEvent *event) override;
    // Status tips (an action hovered) show in the status bar's message label, beside the counts
    // (QMainWindow's own handling would hide every item of the bar but the permanent ones).
    bool event(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QDockWidget *addDock(QWidget *w, const QString &title, const QString &name, Qt::DockWidgetArea area);
    void connectActions();
    void connectSession();
    void restoreSettings();
    void saveSettings();
    bool maybeDiscard();
    void openDialog(bool folder);
    void exportDialog();
    void captureDialog();
    void prometheusDialog();
    void openFromS3Dialog(); // File ▸ Open from S3… (ui/s3opendialog.h)
    bool save(bool as);
    void refreshPlaybook();
    void updateTitle();
    void showRawLines(SourcePane *pane);
    void showChartMenu(qint64 us, const QPoint &globalPos);
    // "Show the evidence": the span on the timeline (selected unless it is nearly everything), the
    // panes at its start, and a status message saying what is shown.
    void showEvidence(const TimeSpan &span);
    void showVerdictEvidence();
    void fitToScreen(bool sizeDocks);
    void warn(const QString &title, const QString &text);
    void onEscape();
    void cancelLoading();
    void waitForExport();

    InvestigationSession *m_session;
    WorkbenchActions *m_actions;
    RecentFiles *m_recent;
    TimelineChart *m_chart;
    SourcePanes *m_panes;
    QSplitter *m_centre;
    PlaybookView *m_playbook;
    CausesView *m_causes;
    VerdictHeader *m_header;
    MatchingPanel *m_matching;
    OffsetsPanel *m_offsets;
    SourcesPanel *m_sources;
    NotesPanel *m_notes;
    RawLineView *m_raw;
    WorkbenchStatus *m_status = nullptr;
    SourceFollow *m_follow = nullptr;
    QElapsedTimer m_loadClock;
    qint64 m_firstDrawMs = -1;
    std::vector<qint64> m_lastShifts;
    bool m_askBeforeDiscarding = true;
    bool m_dark = false;
};

} // namespace gateline
