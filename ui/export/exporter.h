// Writes every export format of options.formats into options.directory: the postmortem draft
// (Markdown), the aligned timeline (CSV, JSON), the chart (PNG, SVG) and the self-contained HTML report.
// Used by File > Export... and `gateline export`. Needs a QGuiApplication (fonts) when a chart format or
// HTML is asked for; headless, use QT_QPA_PLATFORM=offscreen. May run on a worker thread as long as the
// Analysis is not changed meanwhile.
#pragma once

#include "export/exportfiles.h"

namespace gateline {

struct ExportResult {
    bool ok = false;
    QStringList written;   // paths of the files written
    QString error;
};

ExportResult exportAll(const PostmortemInput &input, const ExportOptions &options);

} // namespace gateline
