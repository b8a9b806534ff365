// Benchmark (not a test): opens a bundle in the real main window and prints the longest
// event-loop stall while it loads, and the time from the drop to the first drawn timeline.
// Usage: gateline_bench_gui BUNDLE...   (run offscreen or under Xvfb; see scripts/bench-gui.sh)
#include "investigationsession.h"
#include "mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif

using namespace gateline;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
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
    qint64 firstDrawn = -1;
    QObject::connect(&w, &MainWindow::firstTimelineDrawn, [&](qint64) { firstDrawn = total.elapsed(); });
    QObject::connect(w.session(), &InvestigationSession::loadFinished, [&](bool) {
        // Let the final analysis be delivered and drawn, then report.
        QTimer::singleShot(500, &app, [&] {
            std::printf("records loaded:            %lld\n", static_cast<long long>(w.session()->store()
                                                                                       ? w.session()->store()->totalRecords()
                                                                                       : 0));
            std::printf("drop to first timeline:    %lld ms (goal < 3000 ms)\n", static_cast<long long>(firstDrawn));
            std::printf("load finished after:       %lld ms\n", static_cast<long long>(total.elapsed() - 500));
            std::printf("longest event-loop stall:  %.1f ms at %lld ms (goal < 100 ms)\n", double(worst) / 1000.0,
                        static_cast<long long>(worstAt));
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
        heartbeat.start();
        // Straight to the session: a day of ALB files would otherwise ask for a range first
        // (ui/openrangedialog), and this measures the whole of it.
        w.session()->open(paths, {});
    });
    return app.exec();
}
