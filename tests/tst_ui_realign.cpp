// Realignment off the GUI thread, offscreen: an offset edit made while a realignment runs
// supersedes it (the old job stops at a cancel check and its result never shows; the window shows
// the newest), the running realignment says its step and has a visible Cancel (and Esc) that
// undoes the edit it was for, and the cancel checks reach the analysis loops and the parallel
// loops' helpers through the job's cancel flag.
#include "uitestutil.h"
#include "analysis/coincidence.h"
#include "jobs/cancellation.h"
#include "jobs/parallelfor.h"
#include "offsetspanel.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "workbenchactions.h"
#include "workbenchstatus.h"

#include <QAction>
#include <QScrollBar>
#include <QTableView>
#include <QLabel>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QUndoStack>

#include <algorithm>
#include <atomic>
#include <cmath>

using namespace gateline;
using uitestutil::kBundle;
using uitestutil::load;

namespace {
const QString kAnalysis = QStringLiteral("analysis");

SourceId ingressSource(MainWindow &w)
{
    for (SourcePane *p : w.panes()->panes())
        if (p->model()->format() == SourceFormat::NginxIngress)
            return p->model()->sources().first();
    return {};
}

// Occupies both of the session's job threads until released, so that the jobs started meanwhile
// are queued: what happens to them does not depend on timing.
class HoldWorkers
{
public:
    explicit HoldWorkers(JobRunner *jobs)
    {
        for (const QString &channel : {QStringLiteral("hold-1"), QStringLiteral("hold-2")})
            jobs->start<int>(
                channel,
                [this](const JobContext &) {
                    ++m_started;
                    m_release.acquire();
                    return 0;
                },
                [](int) {});
    }
    ~HoldWorkers() { release(); }
    bool holding() const { return m_started.load() == 2; }
    void release()
    {
        if (!m_released)
            m_release.release(2);
        m_released = true;
    }

private:
    QSemaphore m_release;
    std::atomic<int> m_started {0};
    bool m_released = false;
};

double shownOffset(InvestigationSession *s, SourceId id)
{
    return s->analysis()->timeline().alignment(id).offsetSeconds;
}
} // namespace

class TstUiRealign : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { uitestutil::useTestSettings(QStringLiteral("tst_ui_realign")); }
    void supersededRealignmentStopsAndNewestIsShown();
    void quickEditsShowOnlyTheLast();
    void cancelUndoesTheEdit();
    void cancelChecksReachTheLoops();
    void shiftKeepsSelectionAndScroll();
};

void TstUiRealign::supersededRealignmentStopsAndNewestIsShown()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    QVERIFY(load(w, {kBundle}));
    InvestigationSession *s = w.session();
    const SourceId id = ingressSource(w);
    QVERIFY(id.isValid());
    const double estimate = shownOffset(s, id);
    const int stoppedBefore = s->jobs()->stoppedEarly(kAnalysis);
    QSignalSpy ready(s, &InvestigationSession::analysisReady);

    HoldWorkers hold(s->jobs());
    QTRY_VERIFY(hold.holding());
    s->requestOffset(id, estimate + 5); // the first realignment: queued behind the held workers
    QVERIFY(s->isRealigning());
    s->requestOffset(id, estimate + 7); // supersedes it
    QVERIFY(s->isRealigning());
    hold.release();

    // The first job was cancelled (it stopped at its first check), the second one is shown.
    QTRY_COMPARE_WITH_TIMEOUT(s->jobs()->stoppedEarly(kAnalysis), stoppedBefore + 1, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!s->isRealigning(), 30000);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(shownOffset(s, id), estimate + 7);
    QCOMPARE(s->shifts()[size_t(id.value)], s->analysis()->timeline().shiftUs(id));
    // The offsets panel shows the newest offset, and no realignment is left running.
    const QModelIndex row = s->offsetsModel()->index(id.value, OffsetsModel::OffsetColumn);
    QCOMPARE(row.data(OffsetsModel::OffsetSecondsRole).toDouble(), estimate + 7);
    QVERIFY(w.offsets()->statusText().isEmpty());
    QVERIFY(w.offsets()->cancelButton()->isHidden());
    // Both edits are in the history: undo goes back through the first to the estimate.
    QCOMPARE(s->undoStack()->count(), 2);
    s->undoStack()->undo();
    QTRY_VERIFY_WITH_TIMEOUT(!s->isRealigning() && shownOffset(s, id) == estimate + 5, 30000);
}

void TstUiRealign::quickEditsShowOnlyTheLast()
{
    // Without holding anything: three edits in a row, however fast the jobs run, only the last
    // one's result reaches the window, once.
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    QVERIFY(load(w, {kBundle}));
    InvestigationSession *s = w.session();
    const SourceId id = ingressSource(w);
    const double estimate = shownOffset(s, id);
    QSignalSpy ready(s, &InvestigationSession::analysisReady);
    for (double d : {1.0, 2.0, 3.0})
        s->requestOffset(id, estimate + d);
    QTRY_VERIFY_WITH_TIMEOUT(!s->isRealigning(), 30000);
    s->jobs()->waitForDone();
    QTest::qWait(50); // any late delivery of a superseded job would arrive now
    QCOMPARE(ready.count(), 1);
    QCOMPARE(shownOffset(s, id), estimate + 3);
    QVERIFY(s->jobs()->stoppedEarly(kAnalysis) <= 2);
}

void TstUiRealign::cancelUndoesTheEdit()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    QVERIFY(load(w, {kBundle}));
    InvestigationSession *s = w.session();
    const SourceId id = ingressSource(w);
    const double estimate = shownOffset(s, id);
    const int stoppedBefore = s->jobs()->stoppedEarly(kAnalysis);
    QSignalSpy ready(s, &InvestigationSession::analysisReady);
    QVERIFY(!w.actions()->cancelLoading->isVisible());

    HoldWorkers hold(s->jobs());
    QTRY_VERIFY(hold.holding());
    s->setVerdict(QStringLiteral("locate-hop"), QStringLiteral("alb"), false); // not a realignment: stays
    s->requestOffset(id, estimate + 4);
    // While it runs: its step in the offsets panel and the status bar, a Cancel button there and
    // in the toolbar.
    QVERIFY(s->isRealigning());
    QCOMPARE(s->realignStatus().step, 1);
    QVERIFY(w.offsets()->statusText().contains(QStringLiteral("step 1 of 3")));
    QVERIFY(!w.offsets()->cancelButton()->isHidden());
    QVERIFY(w.actions()->cancelLoading->isVisible());
    QCOMPARE(w.actions()->cancelLoading->text(), QStringLiteral("Cancel Realignment"));
    QVERIFY(w.statusBar()->findChild<QWidget *>(QStringLiteral("statusMessage")));
    QCOMPARE(s->desiredAlignment(id).offsetSeconds, estimate + 4);

    // Esc cancels: the edit is undone (the verdict made before it stays), nothing new is shown.
    w.actions()->escape->trigger();
    QVERIFY(!s->isRealigning());
    QVERIFY(w.offsets()->cancelButton()->isHidden());
    QVERIFY(!w.actions()->cancelLoading->isVisible());
    QCOMPARE(s->desiredAlignment(id).offsetSeconds, estimate);
    QCOMPARE(s->undoStack()->index(), 1);
    QVERIFY(s->undoStack()->canRedo());
    QVERIFY(s->verdict(QStringLiteral("locate-hop")));
    hold.release();
    QTRY_COMPARE_WITH_TIMEOUT(s->jobs()->stoppedEarly(kAnalysis), stoppedBefore + 1, 30000);
    s->jobs()->waitForDone();
    QTest::qWait(50);
    QCOMPARE(ready.count(), 0);
    QCOMPARE(shownOffset(s, id), estimate);

    // Redo retries it, and the visible Cancel button does the same as Esc.
    s->undoStack()->redo();
    QTRY_VERIFY_WITH_TIMEOUT(!s->isRealigning(), 30000);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(shownOffset(s, id), estimate + 4);
    HoldWorkers hold2(s->jobs());
    QTRY_VERIFY(hold2.holding());
    s->requestOffset(id, estimate + 9);
    QVERIFY(!w.offsets()->cancelButton()->isHidden());
    QTest::mouseClick(w.offsets()->cancelButton(), Qt::LeftButton);
    QVERIFY(!s->isRealigning());
    QCOMPARE(s->desiredAlignment(id).offsetSeconds, estimate + 4);
    QCOMPARE(shownOffset(s, id), estimate + 4);
}

void TstUiRealign::cancelChecksReachTheLoops()
{
    // The one statistical core stops at its first shift once its job is cancelled.
    std::vector<qint64> errors, events;
    for (int i = 0; i < 200; ++i)
        errors.push_back(qint64(i) * 7000000);
    for (int i = 0; i < 20; ++i)
        events.push_back(qint64(i) * 70000000 + 1000000);
    CoincidenceQuery q;
    q.beforeSeconds = q.afterSeconds = 5;
    q.fromUs = 0;
    q.toUs = 1400000000;
    const Coincidence full = testCoincidence(errors, events, q);
    QCOMPARE(full.shifts, q.shifts);
    QVERIFY(full.effectHigh > 0);
    CancelFlag cancelled {true};
    {
        const CancelScope scope(&cancelled);
        QVERIFY(cancelRequested());
        const Coincidence cut = testCoincidence(errors, events, q);
        QCOMPARE(cut.shifts, 0);
        QCOMPARE(cut.effectHigh, 0.0);
        // The parallel loops' helpers see the same flag.
        std::atomic<int> seen {0};
        parallelForWorkers(64, 4, [&](qsizetype, int) { seen += cancelRequested() ? 1 : 0; });
        QCOMPARE(seen.load(), 64);
    }
    QVERIFY(!cancelRequested());
    std::atomic<int> seen {0};
    parallelForWorkers(64, 4, [&](qsizetype, int) { seen += cancelRequested() ? 1 : 0; });
    QCOMPARE(seen.load(), 0);

    // A job's work runs with its own flag as the thread's: cancelling the job is seen in there.
    JobRunner runner;
    std::atomic<bool> sawFlag {false}, sawCancel {false};
    QSemaphore started, go;
    runner.start<int>(
        QStringLiteral("c"),
        [&](const JobContext &ctx) {
            sawFlag = currentCancelFlag() == ctx.cancelFlag();
            started.release();
            go.acquire();
            sawCancel = cancelRequested();
            return 0;
        },
        [](int) {});
    started.acquire();
    runner.cancel(QStringLiteral("c"));
    go.release();
    runner.waitForDone();
    QTRY_COMPARE(runner.stoppedEarly(QStringLiteral("c")), 1);
    QVERIFY(sawFlag);
    QVERIFY(sawCancel);
    // A cancelled job that never checks runs to its end: it does not count as stopped.
    QSemaphore started2, go2;
    runner.start<int>(
        QStringLiteral("d"),
        [&](const JobContext &) {
            started2.release();
            go2.acquire();
            return 0;
        },
        [](int) {});
    started2.acquire();
    runner.cancel(QStringLiteral("d"));
    go2.release();
    runner.waitForDone();
    QTest::qWait(20);
    QCOMPARE(runner.stoppedEarly(QStringLiteral("d")), 0);
}

void TstUiRealign::shiftKeepsSelectionAndScroll()
{
    // A clock-offset edit moves the rows' times, not the rows (the pane's one source moves by one
    // amount): the model says dataChanged, not reset, and the pane keeps its selection, its
    // current row and its scroll position; the times shown are the shifted ones.
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.resize(1280, 800);
    w.show();
    QVERIFY(load(w, {kBundle}));
    InvestigationSession *s = w.session();
    SourcePane *pane = nullptr;
    for (SourcePane *p : w.panes()->panes())
        if (p->model()->format() == SourceFormat::NginxIngress)
            pane = p;
    QVERIFY(pane);
    QTableView *view = pane->view();
    SourceTableModel *m = pane->model();
    QVERIFY(m->rowCount() > 60);
    QItemSelectionModel *sel = view->selectionModel();
    sel->select(QItemSelection(m->index(30, 0), m->index(32, m->columnCount() - 1)), QItemSelectionModel::ClearAndSelect);
    sel->setCurrentIndex(m->index(31, 0), QItemSelectionModel::NoUpdate);
    view->scrollTo(m->index(28, 0), QAbstractItemView::PositionAtTop);
    const int scroll = view->verticalScrollBar()->value();
    QVERIFY(scroll > 0);
    const auto selectedRefs = [&] {
        QList<std::pair<int, int>> refs;
        for (const QModelIndex &i : sel->selectedRows())
            refs.append({m->rowRef(i.row()).source, m->rowRef(i.row()).row});
        std::sort(refs.begin(), refs.end());
        return refs;
    };
    const auto refsBefore = selectedRefs();
    QCOMPARE(refsBefore.size(), 3);
    const qint64 timeBefore = m->alignedUs(31);
    QSignalSpy resets(m, &QAbstractItemModel::modelReset);
    QSignalSpy changed(m, &QAbstractItemModel::dataChanged);

    const SourceId id = m->sources().first();
    const double estimate = shownOffset(s, id);
    s->requestOffset(id, estimate + 5);
    QTRY_VERIFY_WITH_TIMEOUT(!s->isRealigning() && shownOffset(s, id) == estimate + 5, 30000);
    QCOMPARE(resets.count(), 0);
    QVERIFY(changed.count() > 0);
    QCOMPARE(std::abs(m->alignedUs(31) - timeBefore), qint64(5000000));
    QCOMPARE(selectedRefs(), refsBefore);
    QCOMPARE(view->currentIndex().row(), 31);
    QCOMPARE(view->verticalScrollBar()->value(), scroll);
}

QTEST_MAIN(TstUiRealign)
#include "tst_ui_realign.moc"
