#include "analyzecommand.h"
#include "analysisarguments.h"
#include "networkcommands.h"
#include "terminalprogress.h"

#include "analysis/analysis.h"
#include "ingest/bundleloader.h"
#include "ingest/inflater.h"
#include "report/jsonreport.h"
#include "cache/columncache.h"
#include "store/columnspill.h"
#include "report/textreport.h"
#include "export/markdownexport.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTimeZone>
#include <limits>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QTextStream>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif

using namespace gateline;

namespace {

// The process's own use so far (all threads); zeros where the platform does not say.
struct ProcessUsage {
    qint64 peakRssKiB = 0;
    qint64 cpuMs = 0; // user and system
};

ProcessUsage processUsage()
{
    ProcessUsage p;
#if defined(Q_OS_UNIX)
    rusage u {};
    if (getrusage(RUSAGE_SELF, &u) == 0) {
        p.peakRssKiB = qint64(u.ru_maxrss);
        p.cpuMs = (qint64(u.ru_utime.tv_sec) + u.ru_stime.tv_sec) * 1000 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000;
    }
#endif
    return p;
}

int usageError(const QString &message)
{
    QTextStream(stderr) << "gateline analyze: " << message << "\nTry 'gateline analyze --help'.\n";
    return 2;
}

} // namespace

std::optional<int> runAnalyzeCommand(const QStringList &args, const NetworkCommands *network)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Analyse AWS ALB, ingress-nginx/NGINX, Traefik and Kubernetes logs for intermittent 502s.\n"
        "PATH can be files, folders, .tar/.tar.gz/.tgz/.zip archives and .gz files; formats are recognised by "
        "content.\nExit codes: 0 analysed, 2 usage error, 3 nothing recognisable, 1 internal error."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Files, folders or archives."), QStringLiteral("PATH..."));
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QStringLiteral("Output: text (default), json or markdown."), QStringLiteral("FORMAT"),
                                    QStringLiteral("text"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("Range start (RFC 3339; UTC when no offset is given). Only files that can "
                                                 "hold records of [from, until) are read: AWS ALB files by the 5-minute "
                                                 "window in their name, others by their first and last lines. The range "
                                                 "also bounds the matching step."),
                                  QStringLiteral("TIME"));
    const QCommandLineOption until(QStringLiteral("until"), QStringLiteral("Range end, exclusive (RFC 3339)."),
                                   QStringLiteral("TIME"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Deprecated alias of --until."), QStringLiteral("TIME"));
    const QCommandLineOption maxMb(QStringLiteral("max-decompressed-mb"),
                                   QStringLiteral("Bound on one source's decompressed size (default 8192)."),
                                   QStringLiteral("MIB"));
    const QCommandLineOption progressOption(QStringLiteral("progress"),
                                            QStringLiteral("Show reading progress (files, records, time left) on stderr "
                                                           "even when it is not a terminal. Ctrl-C cancels."));
    const QCommandLineOption spillAbove(QStringLiteral("spill-above-mb"),
                                        QStringLiteral("Keep the parsed columns in a memory-mapped file in the cache "
                                                       "folder when the input is at least MIB (default 2048; 0: always), "
                                                       "so that bundles larger than memory fit."),
                                        QStringLiteral("MIB"));
    const QCommandLineOption noCache(QStringLiteral("no-cache"),
                                     QStringLiteral("Neither read nor write the cache of parsed columns (by default a "
                                                    "file of at least 256 KiB read once is read from the cache next time, "
                                                    "if it has not changed)."));
    const QCommandLineOption timings(QStringLiteral("timings"),
                                     QStringLiteral("Print to stderr how long ingest, analysis and the report took, in wall and "
                                                    "CPU time (with how many cores the ingest kept busy)."));
    const QCommandLineOption prometheus(QStringLiteral("prometheus"),
                                        QStringLiteral("Prometheus base URL: adds a `prometheus` member (the range query "
                                                       "over the load balancer's time range) to the JSON."),
                                        QStringLiteral("URL"));
    const QCommandLineOption promql(QStringLiteral("promql"),
                                    QStringLiteral("PromQL expression for --prometheus (default: %1).").arg(defaultPromql()),
                                    QStringLiteral("EXPR"));
    const AnalysisArguments shared;
    p.addOptions({format, from, until, to, maxMb, progressOption, spillAbove, noCache, timings, prometheus, promql});
    p.addOptions(shared.options());

    QStringList argv = args;
    argv.prepend(QStringLiteral("gateline analyze"));
    if (!p.parse(argv))
        return usageError(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << p.helpText();
        return 0;
    }
    const QString fmt = p.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json") && fmt != QLatin1String("markdown"))
        return usageError(QStringLiteral("unknown --format '%1' (text, json or markdown)").arg(fmt));
    if (p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("no PATH given"));
    if ((p.isSet(prometheus) || p.isSet(promql)) && fmt != QLatin1String("json"))
        return usageError(QStringLiteral("--prometheus and --promql need --format json"));
    if (p.isSet(promql) && !p.isSet(prometheus))
        return usageError(QStringLiteral("--promql needs --prometheus URL"));
    // S3 and Prometheus are read in the program that links QtNetwork (networkcommands.h), which the
    // caller starts when network is null; nothing is said before.
    const bool s3 = anyS3Input(p.positionalArguments()) || !p.value(shared.s3Endpoint).isEmpty();
    if ((s3 || p.isSet(prometheus)) && !network)
        return std::nullopt;

    AnalysisOptions options;
    IngestOptions ingest;
    if (const QString e = shared.apply(p, &options, &ingest); !e.isEmpty())
        return usageError(e);
    if (p.isSet(to) && p.isSet(until))
        return usageError(QStringLiteral("--to is a deprecated alias of --until: give only --until"));
    const bool hasUntil = p.isSet(until) || p.isSet(to);
    const QString untilName = p.isSet(to) ? QStringLiteral("--to") : QStringLiteral("--until");
    if (p.isSet(to))
        QTextStream(stderr) << "gateline analyze: --to is deprecated; use --until (the same range end)\n";
    if (p.isSet(from) && !parseTimeArgument(p.value(from), &options.matching.from))
        return usageError(QStringLiteral("--from wants an RFC 3339 time"));
    if (hasUntil && !parseTimeArgument(p.value(p.isSet(to) ? to : until), &options.matching.to))
        return usageError(QStringLiteral("%1 wants an RFC 3339 time").arg(untilName));
    if (p.isSet(from) && hasUntil && options.matching.from >= options.matching.to)
        return usageError(QStringLiteral("--from must come before %1").arg(untilName));
    if (p.isSet(from))
        ingest.range.fromUs = options.matching.from.us;
    if (hasUntil)
        ingest.range.untilUs = options.matching.to.us;

    bool ok = false;
    if (p.isSet(maxMb)) {
        const qint64 mb = p.value(maxMb).toLongLong(&ok);
        if (!ok || mb < 1)
            return usageError(QStringLiteral("--max-decompressed-mb wants a positive number"));
        ingest.maxDecompressedBytes = mb << 20;
    }

    if (p.isSet(spillAbove)) {
        const qint64 mb = p.value(spillAbove).toLongLong(&ok);
        if (!ok || mb < 0)
            return usageError(QStringLiteral("--spill-above-mb wants a number >= 0"));
        ColumnSpill::setThresholdBytes(mb << 20);
    }
    if (p.isSet(noCache))
        ColumnCache::setEnabled(false);

    QElapsedTimer clock;
    clock.start();
    const qint64 startCpuMs = processUsage().cpuMs;
    TerminalProgress progress;
    if (p.isSet(progressOption))
        progress.force();
    EventStore store;
    if (!s3) {
        store = BundleLoader(ingest).load(p.positionalArguments(), progress.cancelFlag(), progress.callback());
    } else if (int code = 0; !network->loadInputs(QStringLiteral("gateline analyze"), p.positionalArguments(), ingest,
                                                   p.value(shared.s3Endpoint), progress, &store, &code)) {
        return code;
    }
    progress.finish();
    if (progress.cancelled()) {
        QTextStream(stderr) << "gateline analyze: cancelled (Ctrl-C) after " << store.totalRecords() << " records\n";
        return 130;
    }
    const qint64 ingestMs = clock.elapsed();
    const ProcessUsage afterIngest = processUsage();
    const qint64 ingestCpuMs = afterIngest.cpuMs - startCpuMs;
    const qint64 ingestPeakKiB = afterIngest.peakRssKiB;
    if (store.sourceCount() == 0) {
        QTextStream err(stderr);
        err << "gateline analyze: nothing recognisable in the input.\n";
        if (store.unrecognised.isEmpty())
            err << "  (no files found)\n";
        for (const UnrecognisedSource &u : store.unrecognised)
            err << "  " << u.path << ": " << u.reason << "\n";
        for (const QString &m : store.messages)
            err << "  " << m << "\n";
        return 3;
    }
    if (options.matching.from.us && !options.matching.to.us)
        options.matching.to = Timestamp{std::numeric_limits<qint64>::max() / 2};

    clock.restart();
    const Analysis analysis(store, options);
    const qint64 analysisMs = clock.elapsed();
    if (p.isSet(timings))
        QTextStream(stderr) << QStringLiteral("timings: ingest %1 ms (CPU %9 ms: %10 cores busy), alignment+origin+matching %2 ms, records %3, "
                                              "store %4 MiB (+%7 MiB spilled to the cache folder), gzip inflated with %5 "
                                              "(%8 sources inflated ahead by a worker out of files), peak RSS after ingest %6 MiB\n")
                                   .arg(ingestMs)
                                   .arg(analysisMs)
                                   .arg(store.totalRecords())
                                   .arg(store.memoryBytes() >> 20)
                                   .arg(Inflater::isalBuiltIn() ? QStringLiteral("ISA-L") : QStringLiteral("zlib"))
                                   .arg(ingestPeakKiB >> 10)
                                   .arg(store.spilledBytes() >> 20)
                                   .arg(store.inflatedAhead)
                                   .arg(ingestCpuMs)
                                   .arg(double(ingestCpuMs) / double(std::max<qint64>(ingestMs, 1)), 0, 'f', 2);
    QTextStream out(stdout);
    clock.restart();
    const qint64 reportStartCpuMs = processUsage().cpuMs;
    if (fmt == QLatin1String("json")) {
        QJsonObject json = analysisToJson(analysis);
        if (p.isSet(prometheus)) {
            const QUrl url = QUrl::fromUserInput(p.value(prometheus));
            const QString expr = p.isSet(promql) ? p.value(promql) : defaultPromql();
            const Timestamp rangeFrom = options.matching.from.us ? options.matching.from : analysis.timeline().first();
            const Timestamp rangeTo = hasUntil ? options.matching.to : analysis.timeline().last();
            QString error;
            json[QStringLiteral("prometheus")] = network->queryPrometheus(url, expr, rangeFrom, rangeTo, &error);
            if (!error.isEmpty())
                QTextStream(stderr) << "gateline analyze: prometheus: " << error << "\n";
        }
        out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else if (fmt == QLatin1String("markdown")) {
        out << postmortemMarkdown(analysis);
    } else {
        out << analysisToText(analysis);
    }
    out.flush();
    if (p.isSet(timings)) {
        const ColumnCacheUse &c = store.columnCache;
        QTextStream(stderr) << QStringLiteral("timings: report %1 ms (CPU %2 ms)\n").arg(clock.elapsed()).arg(processUsage().cpuMs - reportStartCpuMs)
                            << QStringLiteral("column cache: %1 files read from it, %2 parsed (%3 not cached, %4 changed, "
                                              "%5 damaged), %6 entries written\n")
                                   .arg(c.hits)
                                   .arg(c.misses + c.stale + c.corrupt)
                                   .arg(c.misses)
                                   .arg(c.stale)
                                   .arg(c.corrupt)
                                   .arg(c.written);
    }
    return 0;
}
