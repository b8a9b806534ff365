// Benchmark (not a test): what analyze does after the ingest, stage by stage, on a bundle loaded
// once: the analysis (alignment, origins, matching), the report's evidence (ErrorSeries, the
// causes' features) and the whole JSON report. Each figure is the best of REPEAT passes (default
// 5) in wall time and in the CPU time of the whole process (the stages run on the worker pool too),
// so that a shared machine's noise shows less.
// Usage: gateline_bench_report [--repeat N] [--only STAGE] PATH...   (STAGE: the start of a stage's
// name, e.g. "ErrorSeries", to profile that one; see scripts/bench.sh for whole-program figures)
#include "analysis/analysis.h"
#include "ingest/bundleloader.h"
#include "playbook/evidenceseries.h"
#include "report/jsonreport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <limits>

using namespace gateline;

namespace {

qint64 processCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

QString g_only; // run only the stage whose name starts with this (all when empty)

// Runs what `repeat` times; prints the best wall and the best CPU time of the passes.
void stage(const char *name, int repeat, const std::function<void()> &what)
{
    if (!QLatin1StringView(name).startsWith(g_only))
        return;
    qint64 bestWall = std::numeric_limits<qint64>::max(), bestCpu = bestWall;
    for (int r = 0; r < repeat; ++r) {
        const qint64 cpu = processCpuNs();
        QElapsedTimer t;
        t.start();
        what();
        bestWall = std::min(bestWall, t.nsecsElapsed());
        bestCpu = std::min(bestCpu, processCpuNs() - cpu);
    }
    std::printf("  %-34s %8.1f ms wall %8.1f ms CPU\n", name, double(bestWall) / 1e6, double(bestCpu) / 1e6);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList paths = app.arguments().mid(1);
    int repeat = 5;
    for (bool option = true; option && paths.size() >= 2;) {
        option = paths[0] == QLatin1String("--repeat") || paths[0] == QLatin1String("--only");
        if (paths[0] == QLatin1String("--repeat"))
            repeat = std::max(1, paths[1].toInt());
        else if (option)
            g_only = paths[1];
        if (option)
            paths = paths.mid(2);
    }
    if (paths.isEmpty()) {
        std::fprintf(stderr, "usage: gateline_bench_report [--repeat N] [--only STAGE] PATH...\n");
        return 2;
    }
    const EventStore store = BundleLoader().load(paths);
    std::printf("%lld records in %lld sources; best of %d passes:\n", static_cast<long long>(store.totalRecords()),
                static_cast<long long>(store.sourceCount()), repeat);
    stage("analysis (alignment, origins, ...)", repeat, [&] { const Analysis a(store, AnalysisOptions{}); });
    const Analysis analysis(store, AnalysisOptions{});
    stage("ErrorSeries", repeat, [&] { const ErrorSeries s(analysis); });
    stage("JSON report (analysisToJson)", repeat, [&] { (void)analysisToJson(analysis); });
    stage("JSON report, as text", repeat,
          [&] { (void)QJsonDocument(analysisToJson(analysis)).toJson(QJsonDocument::Indented); });
    return 0;
}
