#include "exportcommand.h"
#include "s3inputs.h"
#include "terminalprogress.h"

#include "analysisarguments.h"

#include "analysis/analysis.h"
#include "export/exporter.h"
#include "ingest/bundleloader.h"
#include "investigation/investigation.h"
#include "playbook/playbookrun.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QGuiApplication>
#include <QTextStream>
#include <QTimeZone>

#include <limits>
#include <memory>

using namespace gateline;

namespace {

int exportUsageError(const QString &message)
{
    QTextStream(stderr) << "gateline export: " << message << "\nTry 'gateline export --help'.\n";
    return 2;
}

bool parseExportTime(const QString &s, qint64 *us)
{
    Timestamp t;
    if (!parseTimeArgument(s, &t))
        return false;
    *us = t.us;
    return true;
}

int runExport(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Export the analysis of AWS ALB, ingress-nginx/NGINX, Traefik and Kubernetes logs: the postmortem draft "
        "(postmortem.md), the aligned timeline (timeline.csv, timeline.json), the chart (chart.png, chart.svg) and a "
        "self-contained report (report.html).\n"
        "--to is the OUTPUT FOLDER. The time range is --from and --until (or its alias --range-to); both are RFC 3339, "
        "UTC when no offset is given, and the range is [from, until). The range also bounds the matching step, and "
        "only the files that can hold records of it are read (AWS ALB files by the window in their name).\n"
        "Existing files in the folder are replaced (atomically).\n"
        "Exit codes: 0 written, 2 usage error, 3 nothing recognisable, 1 internal or write error."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Files, folders or archives (optional with --investigation)."),
                            QStringLiteral("PATH..."));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Output folder (created if missing). Required."),
                                QStringLiteral("DIR"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Range start (RFC 3339)."), QStringLiteral("TIME"));
    const QCommandLineOption until({QStringLiteral("until"), QStringLiteral("range-to")},
                                   QStringLiteral("Range end, exclusive (RFC 3339)."), QStringLiteral("TIME"));
    const QCommandLineOption formats(QStringLiteral("formats"),
                                     QStringLiteral("Comma-separated: markdown, csv, json, png, svg, html, or all (default)."),
                                     QStringLiteral("LIST"), QStringLiteral("all"));
    const QCommandLineOption investigation(QStringLiteral("investigation"),
                                           QStringLiteral("A saved .gateline investigation: its accepted verdicts, notes, "
                                                          "clock offsets and window (and its bundle, if no PATH is given)."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption chartSize(QStringLiteral("chart-size"), QStringLiteral("Chart size in pixels (default 1200x520)."),
                                       QStringLiteral("WxH"));
    const QCommandLineOption scale(QStringLiteral("scale"), QStringLiteral("Pixel ratio of chart.png (default 1)."),
                                   QStringLiteral("N"));
    const AnalysisArguments shared;
    p.addOptions({to, from, until, formats, investigation, chartSize, scale});
    p.addOptions(shared.options());

    QStringList argv = args;
    argv.prepend(QStringLiteral("gateline export"));
    if (!p.parse(argv))
        return exportUsageError(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << p.helpText();
        return 0;
    }
    if (!p.isSet(to) || p.value(to).trimmed().isEmpty())
        return exportUsageError(QStringLiteral("--to DIR (the output folder) is required"));
    if (p.values(to).size() > 1)
        return exportUsageError(QStringLiteral("--to is the output folder and is given once; the range end is --until"));

    ExportOptions exportOptions;
    exportOptions.directory = p.value(to);
    QString error;
    exportOptions.formats = exportFormatsFromIds(p.value(formats), &error);
    if (!exportOptions.formats)
        return exportUsageError(error);
    bool ok = false;
    if (p.isSet(chartSize)) {
        const QStringList wh = p.value(chartSize).toLower().split(QLatin1Char('x'));
        const int w = wh.size() == 2 ? wh[0].toInt(&ok) : 0;
        const int h = ok ? wh[1].toInt(&ok) : 0;
        if (!ok || w < 200 || h < 150 || w > 10000 || h > 10000)
            return exportUsageError(QStringLiteral("--chart-size wants WxH between 200x150 and 10000x10000"));
        exportOptions.chartSize = QSize(w, h);
    }
    if (p.isSet(scale)) {
        exportOptions.chartScale = p.value(scale).toDouble(&ok);
        if (!ok || exportOptions.chartScale < 0.5 || exportOptions.chartScale > 4)
            return exportUsageError(QStringLiteral("--scale wants a number between 0.5 and 4"));
    }

    std::optional<Investigation> inv;
    if (p.isSet(investigation)) {
        inv = Investigation::load(p.value(investigation), &error);
        if (!inv)
            return exportUsageError(QStringLiteral("cannot read %1: %2").arg(p.value(investigation), error));
    }
    QStringList paths = p.positionalArguments();
    if (paths.isEmpty() && inv)
        paths = inv->bundlePaths;
    if (paths.isEmpty())
        return exportUsageError(QStringLiteral("no PATH given"));

    AnalysisOptions options;
    if (inv) {
        options.matching.windowSeconds = inv->matchWindowSeconds;
        for (const SavedOffset &o : inv->offsets)
            options.align.overrides.append({o.source, o.seconds});
    }
    IngestOptions ingest;
    if (const QString e = shared.apply(p, &options, &ingest); !e.isEmpty())
        return exportUsageError(e);

    TimeSpan range;
    const bool hasFrom = p.isSet(from), hasUntil = p.isSet(until);
    if (hasFrom && !parseExportTime(p.value(from), &range.fromUs))
        return exportUsageError(QStringLiteral("--from wants an RFC 3339 time"));
    if (hasUntil && !parseExportTime(p.value(until), &range.toUs))
        return exportUsageError(QStringLiteral("--until wants an RFC 3339 time"));
    if (hasFrom || hasUntil) {
        if (!hasFrom)
            range.fromUs = std::numeric_limits<qint64>::min() / 4;
        if (!hasUntil)
            range.toUs = std::numeric_limits<qint64>::max() / 4;
        if (!range.isValid())
            return exportUsageError(QStringLiteral("--from must come before --until"));
        options.matching.from = Timestamp{hasFrom ? range.fromUs : 0};
        options.matching.to = Timestamp{range.toUs};
        // Only the files that can hold records of the range are read.
        if (hasFrom)
            ingest.range.fromUs = range.fromUs;
        if (hasUntil)
            ingest.range.untilUs = range.toUs;
    }

    TerminalProgress progress;
    EventStore store;
    if (int code = 0; !loadInputs(QStringLiteral("gateline export"), paths, ingest, p.value(shared.s3Endpoint), progress,
                                  &store, &code))
        return code;
    progress.finish();
    if (store.sourceCount() == 0) {
        QTextStream err(stderr);
        err << "gateline export: nothing recognisable in the input.\n";
        for (const UnrecognisedSource &u : store.unrecognised)
            err << "  " << u.path << ": " << u.reason << "\n";
        for (const QString &m : store.messages)
            err << "  " << m << "\n";
        return 3;
    }
    const Analysis analysis(store, options);
    if (hasFrom != hasUntil) {
        // An open end is the edge of the loaded data (of every source, not only the load balancer's).
        qint64 first = std::numeric_limits<qint64>::max(), last = std::numeric_limits<qint64>::min();
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceId sid{int(id)};
            const SourceData &s = store.source(sid);
            if (s.size() == 0)
                continue;
            first = std::min(first, s.firstTime().us + analysis.timeline().shiftUs(sid));
            last = std::max(last, s.lastTime().us + analysis.timeline().shiftUs(sid));
        }
        if (first <= last) {
            if (!hasFrom)
                range.fromUs = std::min(first, range.toUs - 1);
            if (!hasUntil)
                range.toUs = std::max(last + 1, range.fromUs + 1);
        }
    }
    const PlaybookRun run(analysis);
    const PostmortemInput input = makePostmortemInput(analysis, run, range, inv ? inv->verdicts : QList<SavedVerdict>(),
                                                      inv ? inv->notes : QList<PinnedNote>());
    const ExportResult result = exportAll(input, exportOptions);
    QTextStream out(stdout);
    for (const QString &f : result.written)
        out << QDir::toNativeSeparators(f) << "\n";
    if (!result.ok) {
        QTextStream(stderr) << "gateline export: " << result.error << "\n";
        return 1;
    }
    return 0;
}

} // namespace

int runExportCommand(const QStringList &args)
{
    // The chart needs fonts, hence a QGuiApplication; headless, on the offscreen platform.
    static int argc = 1;
    static char arg0[] = "gateline";
    static char *argv[] = {arg0, nullptr};
    std::unique_ptr<QGuiApplication> own;
    if (!QCoreApplication::instance()) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        own = std::make_unique<QGuiApplication>(argc, argv);
    }
    return runExport(args);
}
