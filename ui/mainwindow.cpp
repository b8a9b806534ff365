#include "mainwindow.h"

#include "capturetimedialog.h"
#include "s3opendialog.h"
#include "causesview.h"
#include "investigationsession.h"
#include "matchingpanel.h"
#include "models/timeformat.h"
#include "notespanel.h"
#include "offsetspanel.h"
#include "playbooksteps.h"
#include "playbookview.h"
#include "rawlineview.h"
#include "recentfiles.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "sourcefollow.h"
#include "sourcespanel.h"
#include "stallprobe.h"
#include "themes.h"
#include "timelinechart.h"
#include "verdictheader.h"
#include "workbenchactions.h"
#include "workbenchstatus.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStatusTipEvent>
#include <QTimer>
#include <QToolButton>
#include <QTableView>
#include <QToolBar>
#include <QUndoStack>

namespace gateline {

namespace {

QStringList localFiles(const QMimeData *mime)
{
    QStringList out;
    if (!mime || !mime->hasUrls())
        return out;
    for (const QUrl &u : mime->urls()) {
        if (u.isLocalFile())
            out << u.toLocalFile();
    }
    return out;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_session(new InvestigationSession(this))
    , m_actions(new WorkbenchActions(this, m_session->undoStack()))
    , m_recent(new RecentFiles(m_actions->recentMenu, this))
    , m_chart(new TimelineChart(m_session->timeRange(), this))
    , m_panes(new SourcePanes(m_session, this))
    , m_centre(new QSplitter(Qt::Vertical, this))
    , m_playbook(new PlaybookView(this))
    , m_causes(new CausesView(this))
    , m_header(new VerdictHeader(m_session, this))
    , m_matching(new MatchingPanel(m_session, this))
    , m_offsets(new OffsetsPanel(m_session, this))
    , m_sources(new SourcesPanel(m_session, this))
    , m_notes(new NotesPanel(m_session, this))
    , m_raw(new RawLineView(m_session, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    // The playbook column runs the full height: the raw lines and sources sit under the centre only.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    m_chart->setAcceptDrops(false);
    m_centre->setObjectName(QStringLiteral("centreSplitter"));
    m_centre->addWidget(m_chart);
    m_centre->addWidget(m_panes);
    m_centre->setStretchFactor(0, 2);
    m_centre->setStretchFactor(1, 3);
    m_centre->setChildrenCollapsible(false);
    // Many event lanes on a short window: the chart takes the height its lanes and a readable plot
    // need from the source panes, as far as the panes can spare it (the splitter alone keeps the
    // sizes it has until the user drags it). Queued: the request comes from the chart's layout.
    connect(
        m_chart, &TimelineChart::needsHeight, this,
        [this](int need) {
            QList<int> sizes = m_centre->sizes();
            if (sizes.size() != 2)
                return;
            const int give = std::min(need - sizes[0], sizes[1] - m_panes->minimumSizeHint().height());
            if (give <= 0)
                return;
            sizes[0] += give;
            sizes[1] -= give;
            m_centre->setSizes(sizes);
        },
        Qt::QueuedConnection);
    setCentralWidget(m_centre);
    m_playbook->setMatchingWidget(m_matching);

    // The answer first: the verdict header spans the window under the toolbar, always shown.
    addToolBarBreak(Qt::TopToolBarArea);
    auto *verdictBar = new QToolBar(QStringLiteral("Verdict"), this);
    verdictBar->setObjectName(QStringLiteral("verdictBar"));
    verdictBar->setMovable(false);
    verdictBar->setFloatable(false);
    verdictBar->setAllowedAreas(Qt::TopToolBarArea);
    verdictBar->toggleViewAction()->setVisible(false);
    verdictBar->setContextMenuPolicy(Qt::PreventContextMenu);
    verdictBar->addWidget(m_header);
    addToolBar(Qt::TopToolBarArea, verdictBar);

    QDockWidget *playbook = addDock(m_playbook, QStringLiteral("Playbook"), QStringLiteral("playbookDock"), Qt::RightDockWidgetArea);
    QDockWidget *causes = addDock(m_causes, QStringLiteral("Causes"), QStringLiteral("causesDock"), Qt::RightDockWidgetArea);
    QDockWidget *offsets = addDock(m_offsets, QStringLiteral("Clock offsets"), QStringLiteral("offsetsDock"), Qt::RightDockWidgetArea);
    QDockWidget *notes = addDock(m_notes, QStringLiteral("Notes"), QStringLiteral("notesDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(playbook, causes);
    tabifyDockWidget(causes, offsets);
    tabifyDockWidget(offsets, notes);
    playbook->raise();
    QDockWidget *raw = addDock(m_raw, QStringLiteral("Raw lines"), QStringLiteral("rawDock"), Qt::BottomDockWidgetArea);
    QDockWidget *sources = addDock(m_sources, QStringLiteral("Sources and problems"), QStringLiteral("sourcesDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(raw, sources);
    raw->raise();
    resizeDocks({playbook}, {440}, Qt::Horizontal);
    resizeDocks({raw}, {170}, Qt::Vertical);

    m_status = new WorkbenchStatus(m_session, statusBar(), sources, this);
    // Plain files that grow while open are followed (ui/sourcefollow.h); its indicator and toggles.
    m_follow = new SourceFollow(m_session, this);
    statusBar()->addPermanentWidget(m_follow->indicator());
    connect(m_follow, &SourceFollow::message, this, [this](const QString &text) { m_status->showMessage(text, 15000); });
    qApp->installEventFilter(this);

    connectActions();
    connectSession();
    restoreSettings();
    refreshPlaybook();
    updateTitle();
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(this);
    // The session is a child: ~QWidget deletes it after this window's members are gone, so none of
    // its signals may reach this window's slots any more.
    disconnect(m_session, nullptr, this, nullptr);
    disconnect(m_session->undoStack(), nullptr, this, nullptr);
    waitForExport();
}

QDockWidget *MainWindow::addDock(QWidget *w, const QString &title, const QString &name, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(w);
    addDockWidget(area, dock);
    m_actions->viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::connectActions()
{
    WorkbenchActions *a = m_actions;
    TimeRange *range = m_session->timeRange();
    connect(a->open, &QAction::triggered, this, [this] { openDialog(false); });
    connect(a->openFolder, &QAction::triggered, this, [this] { openDialog(true); });
    connect(a->save, &QAction::triggered, this, [this] { save(false); });
    connect(a->saveAs, &QAction::triggered, this, [this] { save(true); });
    connect(a->exportFiles, &QAction::triggered, this, &MainWindow::exportDialog);
    connect(a->capture, &QAction::triggered, this, &MainWindow::captureDialog);
    connect(a->prometheus, &QAction::triggered, this, &MainWindow::prometheusDialog);
    // File ▸ Open from S3…, after Open Folder.
    auto *openS3 = new QAction(QStringLiteral("Open from &S3…"), this);
    openS3->setObjectName(QStringLiteral("openFromS3"));
    openS3->setStatusTip(QStringLiteral("Fetch the ALB logs of a time range from an S3 bucket and open them"));
    if (auto *fileMenu = qobject_cast<QMenu *>(a->recentMenu->parent()))
        fileMenu->insertAction(a->recentMenu->menuAction(), openS3);
    connect(openS3, &QAction::triggered, this, &MainWindow::openFromS3Dialog);
    connect(a->setCaptureTime, &QAction::triggered, this, [this] { CaptureTimeDialog::ask(m_session, this); });
    connect(a->closeBundle, &QAction::triggered, this, [this] {
        if (maybeDiscard())
            m_session->close();
    });
    connect(a->quit, &QAction::triggered, this, &QWidget::close);
    connect(a->filter, &QAction::triggered, this, [this] {
        if (SourcePane *p = m_panes->currentPane())
            p->focusFilter();
    });
    connect(a->pinNote, &QAction::triggered, m_notes, &NotesPanel::pinNoteHere);
    connect(a->zoomIn, &QAction::triggered, range, &TimeRange::zoomIn);
    connect(a->zoomOut, &QAction::triggered, range, &TimeRange::zoomOut);
    connect(a->back, &QAction::triggered, range, &TimeRange::back);
    connect(a->resetZoom, &QAction::triggered, range, &TimeRange::reset);
    connect(a->zoomToSelection, &QAction::triggered, range, &TimeRange::zoomToSelection);
    connect(a->clearSelection, &QAction::triggered, this, [this, range] {
        range->clearSelection();
        m_chart->setHighlight(std::nullopt);
    });
    connect(a->escape, &QAction::triggered, this, &MainWindow::onEscape);
    connect(a->pinRange, &QAction::triggered, m_session, &InvestigationSession::togglePin);
    connect(a->cancelLoading, &QAction::triggered, this, &MainWindow::cancelLoading);
    connect(a->analyseAgain, &QAction::triggered, this, [this] {
        m_loadClock.start();
        m_session->analyseAgain();
    });
    connect(a->themeSystem, &QAction::triggered, this, [this] { setTheme(ThemeChoice::System); });
    connect(a->themeLight, &QAction::triggered, this, [this] { setTheme(ThemeChoice::Light); });
    connect(a->themeDark, &QAction::triggered, this, [this] { setTheme(ThemeChoice::Dark); });
    connect(a->shortcuts, &QAction::triggered, this, [this] { m_actions->showShortcuts(this); });
    connect(a->about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, QStringLiteral("About Gateline"),
                           QStringLiteral("Gateline %1\nInvestigation workbench for intermittent HTTP 502s behind load "
                                          "balancers on Kubernetes.").arg(QStringLiteral(GATELINE_VERSION)));
    });
    connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openPaths);
    connect(range, &TimeRange::historyChanged, a->back, &QAction::setEnabled);
    a->back->setEnabled(false);
}

void MainWindow::warn(const QString &title, const QString &text)
{
    // Paths and messages come from the input: never let them be taken for markup.
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

void MainWindow::showChartMenu(qint64 us, const QPoint &globalPos)
{
    TimeRange *r = m_session->timeRange();
    QMenu menu(this);
    menu.addAction(QStringLiteral("Go to this moment in every pane"), this, [r, us] { r->goTo(us); });
    menu.addAction(QStringLiteral("Pin a note here…"), this, [this, us] { m_notes->pinNoteAt(us); });
    menu.addSeparator();
    menu.addAction(m_actions->zoomToSelection);
    menu.addAction(m_actions->clearSelection);
    menu.addAction(m_actions->back);
    menu.addAction(m_actions->resetZoom);
    menu.exec(globalPos);
}

void MainWindow::showEvidence(const TimeSpan &span)
{
    TimeRange *r = m_session->timeRange();
    if (!span.isValid() || !r->bounds().isValid())
        return;
    const TimeSpan b = r->bounds();
    const QString from = formatTimeInSpan(span.fromUs, b.fromUs, b.toUs), to = formatTimeInSpan(span.toUs - 1, b.fromUs, b.toUs);
    if (span.length() >= b.length() * 8 / 10) {
        // Nearly everything: selecting it would change nothing visible. Mark both ends instead.
        r->clearSelection();
        r->setVisible(b);
        m_chart->setHighlight(std::make_pair(span.fromUs, span.toUs - 1));
        m_status->showMessage(QStringLiteral("The evidence spans nearly all the loaded data (%1 – %2 UTC): both ends are marked, "
                                             "the panes are at its start.").arg(from, to),
                              12000);
    } else {
        r->showSpan(span, true);
        m_status->showMessage(QStringLiteral("Showing the evidence: %1 – %2 UTC, selected (Esc clears).").arg(from, to), 12000);
    }
    r->goTo(span.fromUs);
}

void MainWindow::showVerdictEvidence()
{
    if (QDockWidget *d = findChild<QDockWidget *>(QStringLiteral("causesDock"))) {
        d->show();
        d->raise();
    }
    m_causes->showTopCause();
    // Where the 502s sit on their events (the matching step), else where the 502s are.
    TimeSpan span;
    for (const QString &id : {QStringLiteral("deployments"), QStringLiteral("locate-hop")})
        for (const PlaybookStepView &st : m_playbook->steps())
            if (!span.isValid() && st.id == id && st.span.isValid())
                span = st.span;
    showEvidence(span);
}

void MainWindow::fitToScreen(bool sizeDocks)
{
    // Never larger than the screen: at 1280x800 the docks' buttons must be on it.
    const QScreen *sc = screen();
    if (!sc)
        return;
    const QRect avail = sc->availableGeometry();
    const QSize frame = frameGeometry().size() - size();
    const int w = std::min(width(), avail.width() - frame.width());
    const int h = std::min(height(), avail.height() - frame.height());
    if (w != width() || h != height()) {
        resize(w, h);
        move(avail.topLeft());
    }
    if (!sizeDocks)
        return; // the docks as the user left them
    if (QDockWidget *playbook = findChild<QDockWidget *>(QStringLiteral("playbookDock")))
        resizeDocks({playbook}, {std::clamp(w * 34 / 100, 380, 520)}, Qt::Horizontal);
    if (QDockWidget *raw = findChild<QDockWidget *>(QStringLiteral("rawDock")))
        resizeDocks({raw}, {h < 900 ? 120 : 170}, Qt::Vertical);
}

void MainWindow::showRawLines(SourcePane *pane)
{
    QList<RawLineView::Row> rows;
    const auto store = m_session->store();
    if (!store)
        return;
    QModelIndexList sel = pane->view()->selectionModel()->selectedRows();
    std::sort(sel.begin(), sel.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    if (sel.isEmpty() && pane->view()->currentIndex().isValid())
        sel << pane->view()->currentIndex();
    for (const QModelIndex &i : sel) {
        if (rows.size() > RawLineView::kMaxRows)
            break;
        const RowRef r = pane->model()->rowRef(i.row());
        const SourceData &s = store->source(SourceId{r.source});
        rows.append({s.locator, s.offset(r.row), s.format});
    }
    m_raw->showRows(rows);
}

void MainWindow::refreshPlaybook()
{
    const auto a = m_session->analysis();
    if (!a) {
        const bool stopped = m_session->isAnalysisStopped();
        m_playbook->setSteps({}, stopped ? QStringLiteral("The analysis was stopped: Timeline ▸ Analyse Again (Ctrl+R) "
                                                          "runs it, and the playbook is walked with its evidence.")
                                         : QString());
        m_causes->setCauses({}, stopped ? QStringLiteral("The analysis was stopped: Timeline ▸ Analyse Again (Ctrl+R) ranks the causes.")
                                        : QStringLiteral("Ranked causes appear once a bundle is analysed."));
        return;
    }
    const auto run = m_session->playbookRun();
    m_playbook->setSteps(buildPlaybookSteps(*a, run.get(), m_session->verdicts(), m_session->verdictSummary().get()));
    if (run)
        m_causes->setCauses(buildCauseViews(*run));
    else
        m_causes->setCauses({}, QStringLiteral("Ranking the causes…"));
}

void MainWindow::updateTitle()
{
    QString name;
    if (!m_session->filePath().isEmpty())
        name = QFileInfo(m_session->filePath()).fileName();
    else if (!m_session->paths().isEmpty())
        name = QFileInfo(m_session->paths().first()).fileName() + (m_session->paths().size() > 1 ? QStringLiteral(" …") : QString());
    setWindowTitle(name.isEmpty() ? QStringLiteral("Gateline") : name + QStringLiteral("[*] — Gateline"));
    setWindowModified(m_session->isModified());
    m_actions->save->setEnabled(m_session->hasBundle() || m_session->isLoading());
    m_actions->saveAs->setEnabled(m_session->hasBundle() || m_session->isLoading());
    m_actions->closeBundle->setEnabled(m_session->hasBundle() || m_session->isLoading());
    m_actions->pinRange->setEnabled(m_session->hasBundle());
    // The toolbar's stop button: while a bundle loads, or a realignment runs (Esc does the same).
    // Once the records are in, it stops their analysis: they stay, unanalysed, and Analyse Again
    // (shown then) runs it.
    const bool realigning = !m_session->isLoading() && m_session->isRealigning();
    const bool analysing = m_session->isAnalysingLoad();
    m_actions->cancelLoading->setVisible(m_session->canCancelLoad() || realigning);
    m_actions->cancelLoading->setText(realigning ? QStringLiteral("Cancel Realignment")
                                      : analysing ? QStringLiteral("Stop Analysis")
                                                  : QStringLiteral("Cancel Loading"));
    m_actions->cancelLoading->setToolTip(
        realigning                  ? QStringLiteral("Stop the realignment and undo the edit it was for (Esc)")
        : m_session->isReloading() ? QStringLiteral("Stop the reload and undo the capture time it was for (Esc)")
        : analysing ? QStringLiteral("Stop the analysis and show the records without it; Analyse Again (Ctrl+R) runs it (Esc)")
                    : QStringLiteral("Stop loading and keep what was read (Esc)"));
    m_actions->analyseAgain->setVisible(m_session->isAnalysisStopped() && !m_session->isLoading());
    const auto store = m_session->store();
    m_actions->setCaptureTime->setEnabled(!m_session->isLoading() && store && !CaptureTimeDialog::clockNotes(*store).isEmpty());
}

void MainWindow::cancelLoading()
{
    if (!m_session->isLoading()) {
        if (m_session->cancelRealign())
            m_status->showMessage(QStringLiteral("Realignment cancelled: the views stay as they were and your edit is undone "
                                                 "(Redo retries it)."),
                                  10000);
        return;
    }
    const bool reloading = m_session->isReloading();
    const bool analysing = m_session->isAnalysingLoad();
    m_session->cancelLoad();
    if (analysing)
        m_status->showMessage(QStringLiteral("Stopping the analysis… the records will be shown without it."), 4000);
    else if (!reloading) // a reload is undone at once (reloadCancelled says so)
        m_status->showMessage(QStringLiteral("Cancelling… what was read so far will be shown."), 4000);
}

void MainWindow::onEscape()
{
    if (m_session->isLoading() || m_session->isRealigning()) {
        cancelLoading();
        return;
    }
    if (m_panes->cancelSorts())
        return; // Esc stops a sort first (the rows stay as they were)
    m_session->timeRange()->clearSelection();
    m_chart->setHighlight(std::nullopt);
}

void MainWindow::setTheme(ThemeChoice theme)
{
    m_dark = applyTheme(theme);
    QSettings().setValue(QStringLiteral("view/theme"), themeId(theme));
    m_actions->themeSystem->setChecked(theme == ThemeChoice::System);
    m_actions->themeLight->setChecked(theme == ThemeChoice::Light);
    m_actions->themeDark->setChecked(theme == ThemeChoice::Dark);
    m_chart->setPalette(QApplication::palette());
    m_chart->setDark(m_dark);
    m_raw->updateTheme();
}

void MainWindow::restoreSettings()
{
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        // First start: most of the screen (a workbench), at least 1440x900 where the screen has it.
        QSize want(1440, 900);
        if (const QScreen *sc = screen()) {
            const QSize avail = sc->availableGeometry().size();
            want = want.expandedTo(avail * 0.94).boundedTo(avail);
        }
        resize(want);
    }
    const bool docksRestored = restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    fitToScreen(!docksRestored);
    const QByteArray centre = s.value(QStringLiteral("window/centre")).toByteArray();
    if (centre.isEmpty() || !m_centre->restoreState(centre))
        m_centre->setSizes({height() < 900 ? 330 : 430, height() < 900 ? 300 : 470});
    setTheme(themeFromId(s.value(QStringLiteral("view/theme"), QStringLiteral("system")).toString()));
}

void MainWindow::saveSettings()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/centre"), m_centre->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeDiscard()) {
        event->ignore();
        return;
    }
    saveSettings();
    waitForExport();
    event->accept();
}

bool MainWindow::event(QEvent *event)
{
    if (event->type() == QEvent::StatusTip && m_status) {
        m_status->showStatusTip(static_cast<QStatusTipEvent *>(event)->tip());
        return true;
    }
    return QMainWindow::event(event);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // Files dropped anywhere on the window open, whatever widget is under the pointer.
    if (event->type() != QEvent::DragEnter && event->type() != QEvent::DragMove && event->type() != QEvent::Drop)
        return QMainWindow::eventFilter(watched, event);
    auto *w = qobject_cast<QWidget *>(watched);
    if (!w || w->window() != this)
        return QMainWindow::eventFilter(watched, event);
    auto *drop = static_cast<QDropEvent *>(event);
    const QStringList files = localFiles(drop->mimeData());
    if (files.isEmpty())
        return QMainWindow::eventFilter(watched, event);
    drop->setDropAction(Qt::CopyAction);
    drop->accept();
    if (event->type() == QEvent::Drop)
        QMetaObject::invokeMethod(this, [this, files] { openPaths(files); }, Qt::QueuedConnection);
    return true;
}

void MainWindow::openFromS3Dialog()
{
    if (!maybeDiscard())
        return;
    // The dialog has the session open the location, so objects are read as they arrive; it shows
    // the progress (Stop cancels) and closes once the first timeline is there.
    S3OpenDialog dialog(m_session, this);
    dialog.exec();
}

} // namespace gateline
