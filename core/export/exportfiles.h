// The export formats, their file names, and atomic writing (QSaveFile) of the text formats. The chart
// images are rendered in ui/export (QtGui) and passed in as bytes.
#pragma once

#include "postmortem.h"

#include <QByteArray>
#include <QSize>
#include <QString>
#include <QStringList>
#include <functional>

class QIODevice;

namespace gateline {

enum ExportFormat : int {
    ExportMarkdown = 0x01,   // postmortem.md
    ExportCsv = 0x02,        // timeline.csv
    ExportJson = 0x04,       // timeline.json
    ExportPng = 0x08,        // chart.png
    ExportSvg = 0x10,        // chart.svg
    ExportHtml = 0x20,       // report.html
    ExportAllFormats = 0x3f,
};

struct ExportOptions {
    QString directory;                   // created if missing; existing files are replaced
    int formats = ExportAllFormats;      // ExportFormat flags
    QSize chartSize = QSize(1200, 520);  // logical pixels of the chart
    double chartScale = 1;               // device pixel ratio of the PNG
};

// Every single format, in writing order.
QList<ExportFormat> exportFormats();
// "postmortem.md", "timeline.csv", ...
QString exportFileName(ExportFormat format);
// "markdown", "csv", "json", "png", "svg", "html".
QString exportFormatId(ExportFormat format);
// "Postmortem draft (Markdown)", ...
QString exportFormatLabel(ExportFormat format);
// A comma-separated list of ids (or "all") to flags; 0 with *error for an unknown id.
int exportFormatsFromIds(const QString &ids, QString *error);

// Atomic writes: the file appears complete or not at all.
bool saveFile(const QString &path, const QByteArray &data, QString *error);
bool saveFileWith(const QString &path, const std::function<bool(QIODevice *)> &write, QString *error);

// Writes the Markdown, CSV, JSON and HTML files of options.formats into options.directory. chartSvg and
// chartPng (either may be empty) go into the HTML report. Appends the paths written to *written.
bool writeTextExports(const PostmortemInput &input, const ExportOptions &options, const QByteArray &chartSvg,
                      const QByteArray &chartPng, QStringList *written, QString *error);

} // namespace gateline
