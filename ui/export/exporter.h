// Writes every export format of options.formats into options.directory: the postmortem draft
// (Markdown), the aligned timeline (CSV, JSON), the chart (PNG, SVG) and the self-contained HTML report.
// Used by File > Export... (through ExportJob, exportjob.h) and `gateline export`. Needs a
// QGuiApplication (fonts) when a chart format or HTML is asked for; headless, use
// QT_QPA_PLATFORM=offscreen. May run on a worker thread as long as the Analysis is not changed
// meanwhile. Run as a background job, it stops at the job's cancel flag (jobs/cancellation.h): between
// files, and inside the timeline CSV and JSON; every file is written atomically, so a cancel leaves
// whole files or none.
#pragma once

#include "export/exportfiles.h"

#include <functional>

namespace gateline {

struct ExportResult {
    bool ok = false;
    bool cancelled = false; // stopped at the job's cancel flag (ok is false)
    int total = 0;          // files asked for
    QStringList written;    // paths of the files written
    QString error;
};

// Where an export is: done of total steps (drawing the chart is one, each file another), what it
// does next ("Writing timeline.csv"; empty when done) and the files written so far.
struct ExportStep {
    int done = 0, total = 0;
    QString doing;
    QStringList written;
};
using ExportProgressFn = std::function<void(const ExportStep &)>;

ExportResult exportAll(const PostmortemInput &input, const ExportOptions &options, const ExportProgressFn &progress = {});

} // namespace gateline
