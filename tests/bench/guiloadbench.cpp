// Benchmark (not a test): opens a bundle in the real main window and prints the longest
// event-loop stall while it loads, and the time from the drop to the first drawn timeline.
// Each long turn is printed with the StallProbe scopes (ui/stallprobe.h) that ran long in it,
// outermost first: what the GUI thread was doing.
// GATELINE_BENCH_STATUS=1 prints the status bar's loading text (time left) every 2 s;
// GATELINE_BENCH_CANCEL_MS=N cancels the load N ms after it started, as Esc does, and prints how
// long the cancel took to end the load and what was kept; GATELINE_BENCH_CANCEL_ANALYSIS_MS=N
// stops the analysis N ms after it started (every file read), as Esc does then, and prints how long
// the stop took to end the load (the records stay, unanalysed).
// Usage: gateline_bench_gui BUNDLE...   (run offscreen or under Xvfb; see scripts/bench-gui.sh)
#include "investigationsession.h"
#include "mainwindow.h"
#include "stallprobe.h"
#include "workbenchactions.h"
#include "workbenchstatus.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>
#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif

using namespace gateline;

namespace {
// Times every top-level event delivery on the GUI thread: the long ones are the stalls, and the
// receiver's class and the event type say where to look (GATELINE_BENCH_TURNS=N prints the N
// longest, default 5).
class TracingApp : public QApplication
{
public:
    using QApplication::QApplication;
    struct Turn {
        double ms;
        double cpuMs; // the GUI thread's CPU time in it: the rest it waited for a core
        qint64 atMs;
        QByteArray what;
        QList<QByteArray> probes; // the long StallProbe scopes in it, innermost first
    };
    std::vector<Turn> turns;
    QElapsedTimer *clock = nullptr;
    QList<QByteArray> probes; // of the turn running

    // The StallProbe lines (category gateline.stall) logged on the GUI thread during a turn.
    static void collectProbe(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        auto *self = static_cast<TracingApp *>(QCoreApplication::instance());
        if (self && self->m_depth > 0 && context.category && qstrcmp(context.category, "gateline.stall") == 0
            && QThread::currentThread() == self->thread()) {
            self->probes.append(message.toUtf8());
            return;
        }
        if (s_previous)
            s_previous(type, context, message);
        else
            std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
    }
    void traceProbes()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("gateline.stall.info=true"));
        s_previous = qInstallMessageHandler(collectProbe);
    }

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0 || !clock || !clock->isValid())
            return QApplication::notify(receiver, event);
        ++m_depth;
        probes.clear();
        QElapsedTimer t;
        t.start();
        const qint64 cpu0 = StallProbe::threadCpuUs();
        const int type = int(event->type());
        const QByteArray cls = receiver->metaObject()->className();
        const QByteArray name = receiver->objectName().toUtf8();
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (ms >= 20.0)
            turns.push_back({ms, double(StallProbe::threadCpuUs() - cpu0) / 1000.0, clock->elapsed(),
                             cls + (name.isEmpty() ? QByteArray() : "(" + name + ")") + " event " + QByteArray::number(type),
                             probes});
        probes.clear();
        return r;
    }

private:
    int m_depth = 0;
    static inline QtMessageHandler s_previous = nullptr;
};
} // namespace

int main(int argc, char **argv)
{
    TracingApp app(argc, argv);
    app.traceProbes();
    const QStringList paths = app.arguments().mid(1);
    if (paths.isEmpty()) {
        std::fprintf(stderr, "usage: gateline_bench_gui BUNDLE...\n");
        return 2;
    }
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.resize(1440, 900);
    w.show();

    // A 1 ms heartbeat: any gap much longer than that is time the GUI thread was busy.
    QElapsedTimer beat, total;
    qint64 last = 0, worst = 0, worstAt = 0;
    QTimer heartbeat;
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = beat.nsecsElapsed() / 1000;
        if (now - last > worst) {
            worst = now - last;
            worstAt = total.elapsed();
        }
        last = now;
    });
    qint64 firstDrawn = -1, cancelAt = -1, analysisAt = -1;
    const bool stopAnalysis = qEnvironmentVariableIsSet("GATELINE_BENCH_CANCEL_ANALYSIS_MS");
    QObject::connect(w.session(), &InvestigationSession::loadProgressed, [&] {
        if (analysisAt >= 0 || !w.session()->loadStatus().analysing)
            return;
        analysisAt = total.elapsed();
        if (stopAnalysis)
            QTimer::singleShot(qEnvironmentVariableIntValue("GATELINE_BENCH_CANCEL_ANALYSIS_MS"), &app, [&] {
                cancelAt = total.elapsed();
                w.actions()->cancelLoading->trigger(); // what Esc and the toolbar's stop button do
            });
    });
    // The status bar's loading text, as the user reads it.
    QTimer status;
    status.setInterval(2000);
    QObject::connect(&status, &QTimer::timeout, [&] {
        if (w.session()->isLoading())
            std::printf("  status at %6lld ms: %s\n", static_cast<long long>(total.elapsed()),
                        qPrintable(WorkbenchStatus::loadingText(w.session()->loadStatus())));
    });
    QObject::connect(&w, &MainWindow::firstTimelineDrawn, [&](qint64) { firstDrawn = total.elapsed(); });
    QObject::connect(w.session(), &InvestigationSession::loadFinished, [&](bool) {
        // Let the final analysis be delivered and drawn, then report.
        QTimer::singleShot(500, &app, [&] {
            status.stop();
            if (analysisAt >= 0)
                std::printf("analysis started at:       %lld ms\n", static_cast<long long>(analysisAt));
            if (cancelAt >= 0 && stopAnalysis)
                std::printf("analysis stopped at %lld ms: the load ended %lld ms later (%s)\n", static_cast<long long>(cancelAt),
                            static_cast<long long>(total.elapsed() - 500 - cancelAt),
                            w.session()->isAnalysisStopped() ? "records shown, not analysed" : "the analysis had ended");
            else if (cancelAt >= 0)
                std::printf("cancelled at %lld ms:       the load ended %lld ms later (%s)\n", static_cast<long long>(cancelAt),
                            static_cast<long long>(total.elapsed() - 500 - cancelAt),
                            w.session()->store() && w.session()->store()->cancelled ? "reading stopped, what was read is shown"
                                                                                     : "reading had ended");
            std::printf("records loaded:            %lld\n", static_cast<long long>(w.session()->store()
                                                                                       ? w.session()->store()->totalRecords()
                                                                                       : 0));
            std::printf("drop to first timeline:    %lld ms (goal < 3000 ms)\n", static_cast<long long>(firstDrawn));
            std::printf("load finished after:       %lld ms\n", static_cast<long long>(total.elapsed() - 500));
            std::printf("longest event-loop stall:  %.1f ms at %lld ms (goal < 100 ms)\n", double(worst) / 1000.0,
                        static_cast<long long>(worstAt));
            std::sort(app.turns.begin(), app.turns.end(), [](const auto &a, const auto &b) { return a.ms > b.ms; });
            const int show = qEnvironmentVariableIsSet("GATELINE_BENCH_TURNS") ? qEnvironmentVariableIntValue("GATELINE_BENCH_TURNS") : 5;
            for (int i = 0; i < show && size_t(i) < app.turns.size(); ++i) {
                const auto &turn = app.turns[size_t(i)];
                std::printf("  long turn %5.1f ms (cpu %5.1f ms) at %6lld ms: %s\n", turn.ms, turn.cpuMs,
                            static_cast<long long>(turn.atMs), turn.what.constData());
                for (qsizetype p = turn.probes.size() - 1; p >= 0; --p)
                    std::printf("      %s\n", turn.probes[p].constData());
            }
#if defined(Q_OS_LINUX)
            // The machine's load: on a shared machine the stalls are partly other processes' doing.
            if (QFile loadavg(QStringLiteral("/proc/loadavg")); loadavg.open(QIODevice::ReadOnly))
                std::printf("load average (1/5/15 min): %s\n", loadavg.readLine().trimmed().split(' ').mid(0, 3).join(' ').constData());
#endif
#if defined(Q_OS_UNIX)
            rusage u {};
            getrusage(RUSAGE_SELF, &u);
            std::printf("peak RSS:                  %lld MiB (goal < 3072 MiB at 50M lines)\n",
                        static_cast<long long>(u.ru_maxrss / 1024));
#endif
            app.quit();
        });
    });
    QTimer::singleShot(200, &app, [&] {
        beat.start();
        total.start();
        app.clock = &total;
        heartbeat.start();
        if (qEnvironmentVariableIntValue("GATELINE_BENCH_STATUS") > 0)
            status.start();
        if (qEnvironmentVariableIsSet("GATELINE_BENCH_CANCEL_MS"))
            QTimer::singleShot(qEnvironmentVariableIntValue("GATELINE_BENCH_CANCEL_MS"), &app, [&] {
                cancelAt = total.elapsed();
                w.actions()->cancelLoading->trigger(); // what Esc and the toolbar's stop button do
            });
        // Straight to the session: a day of ALB files would otherwise ask for a range first
        // (ui/openrangedialog), and this measures the whole of it.
        w.session()->open(paths, {});
    });
    return app.exec();
}
