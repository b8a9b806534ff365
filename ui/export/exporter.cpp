#include "exporter.h"

#include "chartrenderer.h"
#include "jobs/cancellation.h"

#include <QDir>
#include <QGuiApplication>

namespace gateline {

ExportResult exportAll(const PostmortemInput &input, const ExportOptions &options, const ExportProgressFn &progress)
{
    ExportResult r;
    QList<ExportFormat> wanted;
    for (ExportFormat f : exportFormats())
        if (options.formats & f)
            wanted << f;
    r.total = int(wanted.size());
    if (!input.analysis) {
        r.error = QStringLiteral("nothing to export");
        return r;
    }
    const bool wantChart = options.formats & (ExportPng | ExportSvg | ExportHtml);
    const int steps = r.total + (wantChart ? 1 : 0);
    int done = 0;
    const auto report = [&](const QString &doing) {
        if (progress)
            progress({done, steps, doing, r.written});
    };
    const auto stopped = [&] {
        if (!cancelRequested())
            return false;
        r.cancelled = true;
        r.error = QStringLiteral("cancelled");
        return true;
    };
    if (stopped())
        return r;
    if (!QDir().mkpath(options.directory)) {
        r.error = QStringLiteral("cannot create the folder %1").arg(options.directory);
        return r;
    }
    QByteArray svg, png;
    if (wantChart) {
        if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
            r.error = QStringLiteral("rendering the chart needs a QGuiApplication (use QT_QPA_PLATFORM=offscreen headless)");
            return r;
        }
        report(QStringLiteral("Drawing the chart"));
        const ChartData chart = buildChartData(input);
        if (options.formats & (ExportSvg | ExportHtml))
            svg = renderChartSvg(chart, options.chartSize);
        if (options.formats & ExportPng)
            png = renderChartPng(chart, options.chartSize, options.chartScale);
        if (((options.formats & (ExportSvg | ExportHtml)) && svg.isEmpty()) || ((options.formats & ExportPng) && png.isEmpty())) {
            r.error = QStringLiteral("the chart could not be rendered");
            return r;
        }
        ++done;
    }
    const QDir dir(options.directory);
    // One file at a time, in the order of exportFormats(): markdown, csv, json, png, svg, html.
    for (ExportFormat f : wanted) {
        if (stopped())
            return r;
        report(QStringLiteral("Writing %1").arg(exportFileName(f)));
        const QString path = dir.filePath(exportFileName(f));
        bool ok = false;
        if (f == ExportPng || f == ExportSvg) {
            ok = saveFile(path, f == ExportPng ? png : svg, &r.error);
            if (ok)
                r.written << path;
        } else {
            ExportOptions one = options;
            one.formats = f;
            ok = writeTextExports(input, one, svg, f == ExportHtml ? QByteArray() : png, &r.written, &r.error);
        }
        if (!ok) {
            stopped(); // a write stopped by the cancel flag is a cancel, not a failure
            return r;
        }
        ++done;
    }
    report(QString());
    r.ok = true;
    return r;
}

} // namespace gateline
