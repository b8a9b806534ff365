#include "exportfiles.h"

#include "htmlreport.h"
#include "markdownexport.h"
#include "timelineexport.h"

#include <QDir>
#include <QSaveFile>

namespace gateline {

QList<ExportFormat> exportFormats()
{
    return {ExportMarkdown, ExportCsv, ExportJson, ExportPng, ExportSvg, ExportHtml};
}

QString exportFileName(ExportFormat format)
{
    switch (format) {
    case ExportMarkdown: return QStringLiteral("postmortem.md");
    case ExportCsv: return QStringLiteral("timeline.csv");
    case ExportJson: return QStringLiteral("timeline.json");
    case ExportPng: return QStringLiteral("chart.png");
    case ExportSvg: return QStringLiteral("chart.svg");
    case ExportHtml: return QStringLiteral("report.html");
    case ExportAllFormats: break;
    }
    return {};
}

QString exportFormatId(ExportFormat format)
{
    switch (format) {
    case ExportMarkdown: return QStringLiteral("markdown");
    case ExportCsv: return QStringLiteral("csv");
    case ExportJson: return QStringLiteral("json");
    case ExportPng: return QStringLiteral("png");
    case ExportSvg: return QStringLiteral("svg");
    case ExportHtml: return QStringLiteral("html");
    case ExportAllFormats: break;
    }
    return {};
}

QString exportFormatLabel(ExportFormat format)
{
    switch (format) {
    case ExportMarkdown: return QStringLiteral("Postmortem draft (Markdown)");
    case ExportCsv: return QStringLiteral("Aligned timeline (CSV)");
    case ExportJson: return QStringLiteral("Aligned timeline (JSON)");
    case ExportPng: return QStringLiteral("Chart (PNG)");
    case ExportSvg: return QStringLiteral("Chart (SVG)");
    case ExportHtml: return QStringLiteral("Report (self-contained HTML)");
    case ExportAllFormats: break;
    }
    return {};
}

int exportFormatsFromIds(const QString &ids, QString *error)
{
    int flags = 0;
    for (const QString &raw : ids.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString id = raw.trimmed().toLower();
        if (id == QLatin1String("all")) {
            flags |= ExportAllFormats;
            continue;
        }
        bool found = false;
        for (ExportFormat f : exportFormats())
            if (exportFormatId(f) == id || (f == ExportMarkdown && id == QLatin1String("md"))) {
                flags |= f;
                found = true;
            }
        if (!found) {
            if (error)
                *error = QStringLiteral("unknown export format '%1' (markdown, csv, json, png, svg, html or all)").arg(raw);
            return 0;
        }
    }
    if (!flags && error)
        *error = QStringLiteral("no export format given");
    return flags;
}

bool saveFileWith(const QString &path, const std::function<bool(QIODevice *)> &write, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!write(&file)) {
        file.cancelWriting();
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool saveFile(const QString &path, const QByteArray &data, QString *error)
{
    return saveFileWith(path, [&](QIODevice *dev) { return dev->write(data) == data.size(); }, error);
}

bool writeTextExports(const PostmortemInput &input, const ExportOptions &options, const QByteArray &chartSvg,
                      const QByteArray &chartPng, QStringList *written, QString *error)
{
    if (!input.analysis) {
        if (error)
            *error = QStringLiteral("nothing to export");
        return false;
    }
    const QDir dir(options.directory);
    if (!QDir().mkpath(options.directory)) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1").arg(options.directory);
        return false;
    }
    const bool needDoc = options.formats & (ExportMarkdown | ExportHtml);
    const PostmortemDocument doc = needDoc ? buildPostmortem(input) : PostmortemDocument();
    for (ExportFormat f : exportFormats()) {
        if (!(options.formats & f))
            continue;
        const QString path = dir.filePath(exportFileName(f));
        bool ok = true;
        switch (f) {
        case ExportMarkdown: ok = saveFile(path, postmortemMarkdown(doc).toUtf8(), error); break;
        case ExportCsv:
            ok = saveFileWith(path, [&](QIODevice *d) { return writeTimelineCsv(*input.analysis, input.range, d); }, error);
            break;
        case ExportJson:
            ok = saveFileWith(path, [&](QIODevice *d) { return writeTimelineJson(*input.analysis, input.range, d); }, error);
            break;
        case ExportHtml: ok = saveFile(path, htmlReport(doc, chartSvg, chartPng).toUtf8(), error); break;
        default: continue; // the chart images are written by ui/export
        }
        if (!ok)
            return false;
        if (written)
            *written << path;
    }
    return true;
}

} // namespace gateline
