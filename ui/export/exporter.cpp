#include "exporter.h"

#include "chartrenderer.h"

#include <QDir>
#include <QGuiApplication>

namespace gateline {

ExportResult exportAll(const PostmortemInput &input, const ExportOptions &options)
{
    ExportResult r;
    if (!input.analysis) {
        r.error = QStringLiteral("nothing to export");
        return r;
    }
    if (!QDir().mkpath(options.directory)) {
        r.error = QStringLiteral("cannot create the folder %1").arg(options.directory);
        return r;
    }
    const bool wantChart = options.formats & (ExportPng | ExportSvg | ExportHtml);
    QByteArray svg, png;
    if (wantChart) {
        if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
            r.error = QStringLiteral("rendering the chart needs a QGuiApplication (use QT_QPA_PLATFORM=offscreen headless)");
            return r;
        }
        const ChartData chart = buildChartData(input);
        if (options.formats & (ExportSvg | ExportHtml))
            svg = renderChartSvg(chart, options.chartSize);
        if (options.formats & ExportPng)
            png = renderChartPng(chart, options.chartSize, options.chartScale);
        if (((options.formats & (ExportSvg | ExportHtml)) && svg.isEmpty()) || ((options.formats & ExportPng) && png.isEmpty())) {
            r.error = QStringLiteral("the chart could not be rendered");
            return r;
        }
    }
    const QDir dir(options.directory);
    // Written in the order of exportFormats(): markdown, csv, json, png, svg, html.
    ExportOptions text = options;
    text.formats = options.formats & (ExportMarkdown | ExportCsv | ExportJson);
    if (!writeTextExports(input, text, svg, png, &r.written, &r.error))
        return r;
    if ((options.formats & ExportPng) && !saveFile(dir.filePath(exportFileName(ExportPng)), png, &r.error))
        return r;
    if (options.formats & ExportPng)
        r.written << dir.filePath(exportFileName(ExportPng));
    if ((options.formats & ExportSvg) && !saveFile(dir.filePath(exportFileName(ExportSvg)), svg, &r.error))
        return r;
    if (options.formats & ExportSvg)
        r.written << dir.filePath(exportFileName(ExportSvg));
    if (options.formats & ExportHtml) {
        text.formats = ExportHtml;
        if (!writeTextExports(input, text, svg, {}, &r.written, &r.error))
            return r;
    }
    r.ok = true;
    return r;
}

} // namespace gateline
