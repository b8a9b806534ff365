// The workbench, offscreen: a drop with file URLs loads a bundle; a range selected on the timeline
// filters the panes; a walk through the playbook reaches (and undoes) a verdict; an edited clock
// offset realigns every view; an investigation saves and reopens.
#include "elidedlabel.h"
#include "investigationsession.h"
#include "uitestutil.h"
#include "mainwindow.h"
#include "workbenchactions.h"
#include "matchingpanel.h"
#include "playbookview.h"
#include "rawlineview.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "timelinechart.h"
#include "workbenchstatus.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStatusTipEvent>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QWheelEvent>

using namespace gateline;

namespace {
constexpr qint64 kT0 = 1709287200000000; // 2024-03-01T10:00:00Z
const QString kBundle = QStringLiteral(GATELINE_TEST_DATA "/ui/bundle");

SourcePane *paneOf(MainWindow &w, SourceFormat f)
{
    for (SourcePane *p : w.panes()->panes()) {
        if (p->model()->format() == f)
            return p;
    }
    return nullptr;
}

bool waitForAnalysis(MainWindow &w)
{
    QSignalSpy finished(w.session(), &InvestigationSession::loadFinished);
    return finished.count() > 0 || finished.wait(60000);
}
} // namespace

class TstUiMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dropLoadsBundle();
    void selectionFiltersPanes();
    void emptyMessageGivesTheCountsTheBar();
    void barHeightFollowsTheFont();
    void playbookWalkReachesVerdict();
    void wheelPastTheVerdictBoxChoosesNothing();
    void editedOffsetRealigns();
    void saveAndReopen();
    void cancelKeepsWhatWasRead();
    void loadingSaysTimeLeft();
    void stopButtonStopsTheAnalysis();
    void destroyedSessionSignalsNothing();
};

void TstUiMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GatelineTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_mainwindow"));
}

void TstUiMainWindow::dropLoadsBundle()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(kBundle)});
    QWidget *target = w.chart()->viewport();
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy drawn(&w, &MainWindow::firstTimelineDrawn);
    QSignalSpy finished(w.session(), &InvestigationSession::loadFinished);
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(finished.wait(60000));
    QCOMPARE(drawn.count(), 1);
    QVERIFY(w.lastTimeToFirstTimelineMs() >= 0);

    const auto store = w.session()->store();
    QVERIFY(store);
    QVERIFY(w.session()->analysis());
    QCOMPARE(store->sourcesOf(SourceFormat::Alb).size(), 1);
    QCOMPARE(store->sourcesOf(SourceFormat::NginxIngress).size(), 1);
    // The README is listed as not recognised, with a reason.
    QCOMPARE(store->unrecognised.size(), 1);
    QVERIFY(store->unrecognised.first().path.endsWith(QLatin1String("README.txt")));
    QVERIFY(!store->unrecognised.first().reason.isEmpty());
    // Panes side by side, in hop order.
    SourcePane *alb = paneOf(w, SourceFormat::Alb);
    SourcePane *ing = paneOf(w, SourceFormat::NginxIngress);
    QVERIFY(alb && ing);
    QVERIFY(w.panes()->panes().indexOf(alb) < w.panes()->panes().indexOf(ing));
    QCOMPARE(alb->model()->rowCount(), 120);
    QCOMPARE(ing->model()->rowCount(), 115);
    // The timeline draws the requests and the 502s split by hop.
    double requests = 0, alb502 = 0;
    for (double c : w.chart()->drawnCounts(TimelineSeries::Requests))
        requests += c;
    for (double c : w.chart()->drawnCounts(TimelineSeries::Alb502))
        alb502 += c;
    QCOMPARE(requests, 120.0);
    QCOMPARE(alb502, 5.0);
    QVERIFY(w.chart()->binWidthUs() > 0);
    // Selecting a row reads its raw line back, highlighted.
    QSignalSpy shown(w.rawLines(), &RawLineView::shown);
    alb->view()->setCurrentIndex(alb->model()->index(38, 0));
    QVERIFY(shown.wait(10000));
    QVERIFY(w.rawLines()->text().startsWith(QLatin1String("https 2024-03-01T10:03:10.123000Z")));
    QCOMPARE(w.rawLines()->definitionName(), QStringLiteral("Gateline ALB Access Log"));
    QVERIFY(w.windowTitle().contains(QLatin1String("bundle")));
}

// At 1280 px the counts elided beside an empty message label, which kept two fifths of the bar.
// An empty message now gives its share to the counts, and the bar keeps its height (the charts
// above it must not move when a message comes or goes).
void TstUiMainWindow::emptyMessageGivesTheCountsTheBar()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const int idle = w.statusBar()->height(); // before any load, the progress bar hidden
    w.openPaths({kBundle});
    QVERIFY(waitForAnalysis(w));
    auto *status = w.findChild<WorkbenchStatus *>();
    auto *message = w.statusBar()->findChild<ElidedLabel *>(QStringLiteral("statusMessage"));
    auto *counts = w.statusBar()->findChild<ElidedLabel *>(QStringLiteral("statusCounts"));
    QVERIFY(status && message && counts);
    QVERIFY(!counts->text().isEmpty());

    status->showMessage(QStringLiteral("Exported to /tmp/postmortem"), 0);
    QTRY_VERIFY(message->width() > 100);
    const int height = w.statusBar()->height();
    QCOMPARE(height, idle); // the load (the progress bar shown, then hidden) did not change it
    const int countsBeside = counts->width();
    QVERIFY2(countsBeside < w.statusBar()->width() * 3 / 4, qPrintable(QString::number(countsBeside)));

    status->showMessage(QString(), 0);
    QVERIFY(message->text().isEmpty());
    QTRY_VERIFY2(counts->width() > w.statusBar()->width() * 3 / 4, qPrintable(QString::number(counts->width())));
    QVERIFY(!counts->isElided());
    QVERIFY(message->isVisible()); // never hidden: hiding it relaid the bar to another height
    QCOMPARE(w.statusBar()->height(), height);

    // And back: a new message takes its share again, at the same height.
    status->showMessage(QStringLiteral("Saved"), 0);
    QTRY_COMPARE(counts->width(), countsBeside);
    QCOMPARE(w.statusBar()->height(), height);

    // A status tip (an action hovered) shows in the message label; the counts stay (QMainWindow
    // would have hidden every item but the permanent ones), and the message comes back after it.
    QStatusTipEvent tip(QStringLiteral("Open a log bundle"));
    QApplication::sendEvent(&w, &tip);
    QCOMPARE(message->text(), QStringLiteral("Open a log bundle"));
    QApplication::processEvents();
    QVERIFY(counts->isVisible());
    QVERIFY(w.statusBar()->currentMessage().isEmpty());
    QStatusTipEvent gone{QString()};
    QApplication::sendEvent(&w, &gone);
    QCOMPARE(message->text(), QStringLiteral("Saved"));
    QVERIFY(counts->isVisible());
}

// The bar's fixed height (as tall idle as with the progress bar shown) follows a font change: a
// larger font neither clips the texts nor moves the views when a load starts.
void TstUiMainWindow::barHeightFollowsTheFont()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QStatusBar *bar = w.statusBar();
    auto *progress = bar->findChild<QProgressBar *>();
    QVERIFY(progress && !progress->isVisible());
    const int before = bar->minimumHeight();
    QVERIFY(before > 0);
    QFont big = bar->font();
    if (big.pointSizeF() > 0)
        big.setPointSizeF(big.pointSizeF() * 2);
    else // a font sized in pixels has no point size
        big.setPixelSize(big.pixelSize() * 2);
    bar->setFont(big);
    QTRY_VERIFY(bar->minimumHeight() > before);
    QVERIFY(!progress->isVisible()); // hidden again after the measure
    const int idle = bar->minimumHeight();
    QTRY_COMPARE(bar->height(), idle);
    progress->show(); // as a load shows it: the bar keeps its height
    QCOMPARE(bar->sizeHint().height(), idle);
    progress->hide();
}

void TstUiMainWindow::selectionFiltersPanes()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    w.openPaths({kBundle});
    QVERIFY(waitForAnalysis(w));
    SourcePane *alb = paneOf(w, SourceFormat::Alb);
    SourcePane *ing = paneOf(w, SourceFormat::NginxIngress);
    QVERIFY(alb && ing);
    TimeRange *range = w.session()->timeRange();
    // 10:03:00 - 10:04:00: twelve ALB requests, ten of them answered by the target.
    range->setSelection({kT0 + 180000000, kT0 + 240000000});
    QCOMPARE(alb->model()->rowCount(), 12);
    QCOMPARE(ing->model()->rowCount(), 7); // the five missing-upstream 502s never reached it
    for (int r = 0; r < alb->model()->rowCount(); ++r)
        QVERIFY(range->selection().contains(alb->model()->alignedUs(r)));
    // With a status filter on top.
    alb->setStatusFilter(SourceFilter::MissingUpstream502);
    QCOMPARE(alb->model()->rowCount(), 5);
    // Not following the selection: the whole range again.
    alb->setFollowSelection(false);
    QCOMPARE(alb->model()->rowCount(), 5);
    alb->setStatusFilter(SourceFilter::AnyStatus);
    QCOMPARE(alb->model()->rowCount(), 120);
    range->clearSelection();
    QCOMPARE(ing->model()->rowCount(), 115);
    // "Go to this moment" scrolls every pane to it.
    range->goTo(kT0 + 420000000);
    QCOMPARE(alb->model()->alignedUs(alb->view()->currentIndex().row()), kT0 + 420123000);
    QVERIFY(std::abs(ing->model()->alignedUs(ing->view()->currentIndex().row()) - (kT0 + 420000000)) < 3000000);
    // Zooming with the keyboard actions: back returns to where it was.
    const TimeSpan before = range->visible();
    range->zoomIn();
    QVERIFY(range->visible().length() < before.length());
    range->back();
    QCOMPARE(range->visible(), before);
}

void TstUiMainWindow::playbookWalkReachesVerdict()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    w.openPaths({kBundle});
    QVERIFY(waitForAnalysis(w));
    PlaybookView *pb = w.playbook();
    QVERIFY(pb->steps().size() >= 2);
    QCOMPARE(pb->steps().first().id, QStringLiteral("locate-hop"));
    pb->selectStep(QStringLiteral("locate-hop"));
    const QString suggested = pb->steps().first().suggested;
    QCOMPARE(suggested, QStringLiteral("alb"));
    QVERIFY(!w.session()->isModified());
    QVERIFY(pb->acceptButton()->isEnabled());
    QTest::mouseClick(pb->acceptButton(), Qt::LeftButton);
    QCOMPARE(w.session()->verdict(QStringLiteral("locate-hop"))->verdict, suggested);
    QCOMPARE(pb->steps().first().chosen, suggested);
    QVERIFY(!pb->steps().first().overridden);
    QVERIFY(w.session()->isModified());
    // Undo and redo the verdict.
    w.session()->undoStack()->undo();
    QVERIFY(!w.session()->verdict(QStringLiteral("locate-hop")));
    QVERIFY(pb->steps().first().chosen.isEmpty());
    w.session()->undoStack()->redo();
    QCOMPARE(pb->steps().first().chosen, suggested);

    // Step 2: the user runs the matching with another window, then overrides the verdict.
    pb->selectStep(QStringLiteral("deployments"));
    QCOMPARE(pb->currentStep(), QStringLiteral("deployments"));
    MatchingPanel *m = w.matching();
    m->windowBox()->setValue(20);
    QSignalSpy matched(w.session(), &InvestigationSession::matchingFinished);
    QTest::mouseClick(m->runButton(), Qt::LeftButton);
    QVERIFY(matched.wait(uitestutil::kJobWaitMs));
    QCOMPARE(w.session()->analysis()->matching().windowSeconds, 20.0);
    QCOMPARE(w.session()->analysis()->matching().missingUpstream502, 5);
    QVERIFY(m->resultText().contains(QLatin1String("of 5 missing-upstream 502s")));
    if (m->pairsView()->model()->rowCount() > 0) {
        // Selecting a pair shows both on the timeline.
        m->pairsView()->setCurrentIndex(m->pairsView()->model()->index(0, 0));
        QVERIFY(w.session()->timeRange()->hasCursor());
    }
    QComboBox *box = pb->overrideBox();
    const int idx = box->findData(QStringLiteral("not-correlated"));
    QVERIFY(idx > 0);
    box->setCurrentIndex(idx);
    Q_EMIT box->activated(idx);
    const auto v = w.session()->verdict(QStringLiteral("deployments"));
    QVERIFY(v);
    QCOMPARE(v->verdict, QStringLiteral("not-correlated"));
    QCOMPARE(v->overridden, pb->steps()[1].suggested != QLatin1String("not-correlated"));
    QCOMPARE(pb->currentStep(), QStringLiteral("deployments"));
}

// Scrolling the step pane with the wheel over the verdict box (or the matching step's boxes) must
// not choose anything: Qt sends a wheel-changed combo box's item as activated(), a user's choice,
// and so recorded a verdict nobody chose. Once the box has the focus (clicked, tabbed to), the
// wheel changes it, as usual.
void TstUiMainWindow::wheelPastTheVerdictBoxChoosesNothing()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.openPaths({kBundle});
    QVERIFY(waitForAnalysis(w));
    PlaybookView *pb = w.playbook();
    pb->selectStep(QStringLiteral("deployments"));
    QComboBox *box = pb->overrideBox();
    QVERIFY(box->isEnabled() && box->count() > 2);
    // A notch each way (whichever end the box is at, one of them moves it when it is the user's).
    auto wheel = [](QWidget *target) {
        for (const int delta : {-120, 120, 120}) {
            const QPointF at(5, 5);
            QWheelEvent e(at, target->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
            QApplication::sendEvent(target, &e);
        }
    };
    pb->acceptButton()->setFocus();
    const int before = box->currentIndex();
    wheel(box);
    QCOMPARE(box->currentIndex(), before);
    QVERIFY(!w.session()->verdict(QStringLiteral("deployments")));
    MatchingPanel *m = w.matching();
    const double window = m->windowBox()->value();
    wheel(m->windowBox());
    QCOMPARE(m->windowBox()->value(), window);
    QVERIFY(!w.session()->isModified());

    // Focused: the wheel is the user's.
    m->windowBox()->setFocus();
    QTRY_VERIFY(m->windowBox()->hasFocus());
    wheel(m->windowBox());
    QVERIFY(m->windowBox()->value() != window);
    box->setFocus();
    QTRY_VERIFY(box->hasFocus());
    wheel(box);
    QVERIFY2(box->currentIndex() != before || w.session()->verdict(QStringLiteral("deployments")),
             qPrintable(QStringLiteral("index %1 of %2").arg(box->currentIndex()).arg(box->count())));
    QVERIFY(w.session()->verdict(QStringLiteral("deployments")));
}

void TstUiMainWindow::editedOffsetRealigns()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    w.openPaths({kBundle});
    QVERIFY(waitForAnalysis(w));
    InvestigationSession *s = w.session();
    SourcePane *ing = paneOf(w, SourceFormat::NginxIngress);
    const SourceId ingId = ing->model()->sources().first();
    const QModelIndex offset = s->offsetsModel()->index(ingId.value, OffsetsModel::OffsetColumn);
    const double estimated = offset.data(OffsetsModel::OffsetSecondsRole).toDouble();
    QVERIFY2(std::abs(estimated + 2.0) < 1.01, qPrintable(QString::number(estimated))); // the 2 s skew
    const qint64 firstBefore = ing->model()->alignedUs(0);
    const double chartRequests = w.chart()->drawnCounts(TimelineSeries::Requests).size();

    QSignalSpy ready(s, &InvestigationSession::analysisReady);
    QVERIFY(s->offsetsModel()->setData(offset, -12.0));
    QVERIFY(ready.wait(uitestutil::kJobWaitMs));
    QCOMPARE(offset.data(OffsetsModel::OffsetSecondsRole).toDouble(), -12.0);
    QCOMPARE(offset.data(OffsetsModel::MethodRole).toInt(), int(SourceAlignment::UserOverride));
    const qint64 moved = qint64((-12.0 - estimated) * 1e6);
    QVERIFY(std::abs(ing->model()->alignedUs(0) - (firstBefore + moved)) < 2);
    QCOMPARE(double(w.chart()->drawnCounts(TimelineSeries::Requests).size()) > 0, chartRequests > 0);
    QVERIFY(s->isModified());
    // Undo realigns back.
    s->undoStack()->undo();
    QVERIFY(ready.wait(uitestutil::kJobWaitMs));
    QVERIFY(std::abs(ing->model()->alignedUs(0) - firstBefore) < 2);
    QCOMPARE(offset.data(OffsetsModel::MethodRole).toInt(), int(SourceAlignment::Estimated));
}

void TstUiMainWindow::saveAndReopen()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("case.gateline"));
    {
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.openPaths({kBundle});
        QVERIFY(waitForAnalysis(w));
        InvestigationSession *s = w.session();
        s->setVerdict(QStringLiteral("locate-hop"), QStringLiteral("ingress"), true);
        SourcePane *ing = paneOf(w, SourceFormat::NginxIngress);
        QSignalSpy ready(s, &InvestigationSession::analysisReady);
        s->requestOffset(ing->model()->sources().first(), -3.0);
        QVERIFY(ready.wait(uitestutil::kJobWaitMs));
        s->pinNote(kT0 + 190000000, QStringLiteral("502s right after the Killing"));
        s->timeRange()->setSelection({kT0 + 180000000, kT0 + 240000000});
        QVERIFY(w.saveInvestigation(file));
        QVERIFY(!s->isModified());
    }
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.openPaths({file});
    QVERIFY(waitForAnalysis(w));
    InvestigationSession *s = w.session();
    QCOMPARE(s->filePath(), QFileInfo(file).absoluteFilePath());
    QCOMPARE(s->verdict(QStringLiteral("locate-hop"))->verdict, QStringLiteral("ingress"));
    SourcePane *ing = paneOf(w, SourceFormat::NginxIngress);
    const SourceId id = ing->model()->sources().first();
    QCOMPARE(s->analysis()->timeline().alignment(id).offsetSeconds, -3.0);
    QCOMPARE(s->notesModel()->rowCount(), 1);
    QCOMPARE(s->timeRange()->selection(), (TimeSpan{kT0 + 180000000, kT0 + 240000000}));
    QVERIFY(!s->isModified());
}

void TstUiMainWindow::loadingSaysTimeLeft()
{
    // The status bar while a bundle loads: the share of the input read, the time left once the
    // session has a rate to go by, that Esc cancels, then the file (a long name is elided); then
    // that the analysis runs.
    InvestigationSession::LoadStatus st;
    st.loading = true;
    st.filesDone = 3;
    st.filesTotal = 1155;
    st.current = QStringLiteral("/data/day/node-1/alb_20261121T0015Z.log.gz");
    st.bytesDone = 250;
    st.bytesTotal = 1000;
    QCOMPARE(WorkbenchStatus::loadingText(st), QStringLiteral("Loading: 25% read (Esc cancels) · alb_20261121T0015Z.log.gz"));
    st.secondsLeft = 75.2;
    QCOMPARE(WorkbenchStatus::loadingText(st),
             QStringLiteral("Loading: 25% read, about 1 min 16 s left (Esc cancels) · alb_20261121T0015Z.log.gz"));
    st.secondsLeft = 0.3;
    QVERIFY(WorkbenchStatus::loadingText(st).contains(QStringLiteral("about 1 s left")));
    st.filesDone = st.filesTotal;
    QCOMPARE(WorkbenchStatus::loadingText(st),
             QStringLiteral("All %1 files read: analysing… (Esc stops the analysis)").arg(QLocale().toString(1155)));
    // The reading was stopped (or the analysis runs again): what is analysed is what was read.
    st.filesDone = 3;
    st.analysing = true;
    QCOMPARE(WorkbenchStatus::loadingText(st), QStringLiteral("Analysing the records read… (Esc stops the analysis)"));
}

void TstUiMainWindow::stopButtonStopsTheAnalysis()
{
    // Cancel stops the reading; once every file is read it stops the analysis: the toolbar's stop
    // button and the sources panel's say so. The records stay, shown without an analysis; the
    // verdict header and the status bar say how to run it, Analyse Again (Ctrl+R) runs it, and Esc
    // stops that one too. The analysis waits at a gate here, so that the stop comes before it ends.
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    auto *panelCancel = w.findChild<QPushButton *>(QStringLiteral("cancelLoad"));
    QVERIFY(panelCancel);
    QSemaphore gate;
    w.session()->setBeforeAnalysisHook([&gate] { gate.tryAcquire(1, 60000); });
    QSignalSpy finished(w.session(), &InvestigationSession::loadFinished);
    w.openPaths({kBundle});
    QVERIFY(w.actions()->cancelLoading->isVisible());
    QCOMPARE(w.actions()->cancelLoading->text(), QStringLiteral("Cancel Loading"));
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->loadStatus().analysing, 60000);
    QVERIFY(w.session()->loadStatus().allRead());
    QVERIFY(w.session()->canCancelLoad());
    QVERIFY(w.actions()->cancelLoading->isVisible());
    QCOMPARE(w.actions()->cancelLoading->text(), QStringLiteral("Stop Analysis"));
    QVERIFY(!panelCancel->isHidden());
    QCOMPARE(panelCancel->text(), QStringLiteral("Stop analysis"));
    QVERIFY(!w.actions()->analyseAgain->isVisible());
    w.actions()->cancelLoading->trigger();
    gate.release();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().first().toBool(), true);
    InvestigationSession *s = w.session();
    QVERIFY(!s->isLoading());
    QVERIFY(s->isAnalysisStopped());
    QVERIFY(s->store() && s->store()->totalRecords() > 0);
    QVERIFY(!s->analysis());
    QVERIFY(!s->verdictSummary());
    QVERIFY(!w.actions()->cancelLoading->isVisible());
    QVERIFY(panelCancel->isHidden());
    QVERIFY(w.actions()->analyseAgain->isVisible());
    QCOMPARE(w.statusBar()->findChild<ElidedLabel *>(QStringLiteral("statusMessage"))->text(), WorkbenchStatus::stoppedText());
    QVERIFY(w.findChild<ElidedLabel *>(QStringLiteral("verdictHeadline"))->text().startsWith(QStringLiteral("Not analysed")));
    QVERIFY(!w.panes()->panes().isEmpty()); // the records are in the panes
    QVERIFY(w.panes()->panes().first()->model()->rowCount() > 0);

    // Analyse Again, stopped by Esc this time: stopped again, the same way.
    w.actions()->analyseAgain->trigger();
    QVERIFY(s->isLoading());
    QVERIFY(s->loadStatus().analysing);
    QVERIFY(!w.actions()->analyseAgain->isVisible());
    QVERIFY(w.actions()->cancelLoading->isVisible());
    QCOMPARE(WorkbenchStatus::loadingText(s->loadStatus()).contains(QStringLiteral("Esc stops the analysis")), true);
    w.actions()->escape->trigger();
    gate.release();
    QVERIFY(finished.wait(60000));
    QVERIFY(s->isAnalysisStopped());
    QVERIFY(!s->analysis());

    // And to its end: the analysis is in, as after an uninterrupted load.
    s->setBeforeAnalysisHook({});
    w.actions()->analyseAgain->trigger();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().first().toBool(), false);
    QVERIFY(s->analysis());
    QVERIFY(s->playbookRun());
    QVERIFY(!s->isAnalysisStopped());
    QVERIFY(!w.actions()->analyseAgain->isVisible());
    QVERIFY(!w.actions()->cancelLoading->isVisible());
    QVERIFY(!w.findChild<ElidedLabel *>(QStringLiteral("verdictHeadline"))->text().startsWith(QStringLiteral("Not analysed")));
}

void TstUiMainWindow::cancelKeepsWhatWasRead()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    QSignalSpy finished(w.session(), &InvestigationSession::loadFinished);
    // The toolbar's stop button is there only while something loads.
    QVERIFY(!w.actions()->cancelLoading->isVisible());
    w.openPaths({kBundle});
    QVERIFY(w.actions()->cancelLoading->isVisible());
    w.actions()->cancelLoading->trigger();
    QVERIFY(finished.wait(60000));
    QVERIFY(!w.session()->isLoading());
    QVERIFY(!w.actions()->cancelLoading->isVisible());
    // Whatever was read (maybe everything: the bundle is small) is shown, never nothing at all.
    QVERIFY(w.session()->store());
    // A new load supersedes the current one: only the last one's results arrive.
    QSignalSpy started(w.session(), &InvestigationSession::loadStarted);
    w.openPaths({kBundle + QStringLiteral("/alb-access.log")});
    w.openPaths({kBundle + QStringLiteral("/ingress")});
    QVERIFY(finished.wait(60000));
    QTest::qWait(100);
    QCOMPARE(started.count(), 2);
    QCOMPARE(w.session()->store()->sourcesOf(SourceFormat::Alb).size(), 0);
    QCOMPARE(w.session()->store()->sourcesOf(SourceFormat::NginxIngress).size(), 1);
}


// A session (the window's child, deleted after the window's members are gone) signals nothing
// while it is destroyed. ~QUndoStack clears a stack with commands and emits cleanChanged and
// canUndoChanged: they reached the half-destroyed session and window (a double free in CI).
void TstUiMainWindow::destroyedSessionSignalsNothing()
{
    auto *s = new InvestigationSession;
    QUndoStack *undo = s->undoStack();
    undo->push(new QUndoCommand(QStringLiteral("an edit")));
    QVERIFY(!undo->isClean());
    QVERIFY(s->isModified());
    int modified = 0, canUndo = 0;
    connect(s, &InvestigationSession::modifiedChanged, this, [&] { ++modified; });
    connect(undo, &QUndoStack::canUndoChanged, this, [&] { ++canUndo; });
    connect(undo, &QUndoStack::cleanChanged, this, [&] { ++canUndo; });
    undo->undo(); // the connections are live: this edit is signalled
    QCOMPARE(modified, 1);
    QVERIFY(canUndo >= 1);
    undo->redo();
    modified = canUndo = 0;
    delete s;
    QCOMPARE(modified, 0);
    QCOMPARE(canUndo, 0);

    // The window, deleted with a dirty session, survives its own destruction.
    auto *w = new MainWindow;
    w->setAskBeforeDiscarding(false);
    w->session()->undoStack()->push(new QUndoCommand(QStringLiteral("an edit")));
    QVERIFY(w->session()->isModified());
    delete w;
}

QTEST_MAIN(TstUiMainWindow)
#include "tst_ui_mainwindow.moc"
