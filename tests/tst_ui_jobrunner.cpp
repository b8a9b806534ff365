// The background-job helper: results arrive on the owner's thread; superseded jobs' results and
// progress are dropped; cancelling stops the work.
#include "jobs/jobrunner.h"
#include "jobs/parallelfor.h"

#include <QMutex>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <vector>

using namespace gateline;

class TstUiJobRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Parallel loops share one pool; loops nested in loops (as analysis steps inside a background
    // job do) finish, and every index runs exactly once, even with more loops than threads.
    void nestedParallelLoopsShareOnePool()
    {
        constexpr int kOuter = 16, kInner = 2000;
        std::vector<std::atomic<int>> hits(size_t(kOuter) * kInner);
        for (auto &h : hits)
            h.store(0);
        parallelFor(kOuter, [&](qsizetype o) {
            parallelForWorkers(kInner, 8, [&](qsizetype i, int worker) {
                QVERIFY(worker >= 0 && worker < 8);
                hits[size_t(o) * kInner + size_t(i)].fetch_add(1);
            });
        });
        for (const auto &h : hits)
            QCOMPARE(h.load(), 1);
        QVERIFY(parallelPool().maxThreadCount() >= 1);
        QCOMPARE(&parallelPool(), &parallelPool());
    }

    // The GUI lowers background work (threadpriority.h). A loop the GUI thread runs after a
    // background job's loops gets helpers at the GUI's priority: a thread lowered once may not be
    // raised again, so the lowered helpers are a pool of their own.
    void guiLoopsNeverGetLoweredHelpers()
    {
        // Root may raise a thread back, so the check is on the threads themselves: no helper of the
        // GUI's loops ever ran a background loop, and (Linux, where nice is per thread) none runs
        // lowered.
        const auto self = [] { return quintptr(QThread::currentThreadId()); };
        const auto niceOfThisThread = [] {
#if defined(__linux__)
            return getpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)));
#else
            return 0;
#endif
        };
        QMutex lock;
        QSet<quintptr> background, gui;
        // The test may itself run lowered (a niced CI or test script): the GUI's loops must run at
        // the nice the process started with, never above it.
        const int startNice = niceOfThisThread();
        int highestGuiNice = startNice;
        setBackgroundNice(5);
        JobRunner runner;
        quintptr jobThread = 0;
        bool done = false;
        runner.start<int>(
            QStringLiteral("bg"),
            [&](const JobContext &) {
                jobThread = self();
                parallelFor(256, [&](qsizetype) {
                    {
                        const QMutexLocker l(&lock);
                        background.insert(self());
                    }
                    QThread::usleep(300);
                });
                return 0;
            },
            [&](int) { done = true; });
        QTRY_VERIFY(done);
        setBackgroundNice(0);
        background.remove(jobThread);
        QVERIFY2(!background.isEmpty() || QThread::idealThreadCount() < 2, "the background loop had no helper");
        for (int round = 0; round < 8; ++round) { // idle pool threads are picked in no set order
            parallelFor(64, [&](qsizetype) {
                const QMutexLocker l(&lock);
                gui.insert(self());
                highestGuiNice = std::max(highestGuiNice, niceOfThisThread());
                QThread::usleep(300);
            });
        }
        QCOMPARE(highestGuiNice, startNice);
        QVERIFY(!gui.intersects(background));
    }

    void deliversOnOwnerThread();
    void supersededResultsDropped();
    void cancelStopsWork();
};

void TstUiJobRunner::deliversOnOwnerThread()
{
    JobRunner runner;
    QSignalSpy running(&runner, &JobRunner::runningChanged);
    QThread *workerThread = nullptr;
    QThread *deliveryThread = nullptr;
    int progressSeen = 0;
    int result = 0;
    runner.start<int>(
        QStringLiteral("a"),
        [&](const JobContext &ctx) {
            workerThread = QThread::currentThread();
            ctx.post([&] { ++progressSeen; });
            return 42;
        },
        [&](int r) {
            deliveryThread = QThread::currentThread();
            result = r;
        });
    QVERIFY(runner.isRunning(QStringLiteral("a")));
    QTRY_COMPARE(result, 42);
    QCOMPARE(progressSeen, 1);
    QCOMPARE(deliveryThread, QThread::currentThread());
    QVERIFY(workerThread != QThread::currentThread());
    QTRY_VERIFY(!runner.isRunning(QStringLiteral("a")));
    QCOMPARE(running.count(), 2);
}

void TstUiJobRunner::supersededResultsDropped()
{
    JobRunner runner;
    QList<int> results;
    std::atomic<bool> release{false};
    runner.start<int>(
        QStringLiteral("load"),
        [&](const JobContext &) {
            while (!release)
                QThread::msleep(1);
            return 1;
        },
        [&](int r) { results << r; });
    runner.start<int>(QStringLiteral("load"), [](const JobContext &) { return 2; }, [&](int r) { results << r; });
    runner.start<int>(QStringLiteral("other"), [](const JobContext &) { return 3; }, [&](int r) { results << r; });
    release = true;
    runner.waitForDone();
    QTRY_COMPARE(results.size(), 2);
    QTest::qWait(50);
    std::sort(results.begin(), results.end());
    QCOMPARE(results, (QList<int>{2, 3}));
}

void TstUiJobRunner::cancelStopsWork()
{
    JobRunner runner;
    std::atomic<bool> sawCancel{false};
    bool delivered = false;
    runner.start<int>(
        QStringLiteral("c"),
        [&](const JobContext &ctx) {
            for (int i = 0; i < 5000 && !ctx.cancelled(); ++i)
                QThread::msleep(1);
            sawCancel = ctx.cancelled();
            return 0;
        },
        [&](int) { delivered = true; });
    QTest::qWait(20);
    runner.cancel(QStringLiteral("c"));
    QVERIFY(!runner.isRunning(QStringLiteral("c")));
    runner.waitForDone();
    QTest::qWait(20);
    QVERIFY(sawCancel);
    QVERIFY(!delivered);
}

QTEST_MAIN(TstUiJobRunner)
#include "tst_ui_jobrunner.moc"
