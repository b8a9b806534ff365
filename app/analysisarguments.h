// The command-line options `gateline analyze` and `gateline export` share (matching window, clock
// offsets, local UTC offset, namespaces, parser threads, capture time of kubectl output) and their
// parsing, in one place.
#pragma once

#include "analysis/analysis.h"
#include "ingest/sourcereader.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

class AnalysisArguments
{
public:
    AnalysisArguments();
    QList<QCommandLineOption> options() const;
    // Applies what is set to options and ingest. Returns a usage error message, or empty.
    QString apply(const QCommandLineParser &p, gateline::AnalysisOptions *options, gateline::IngestOptions *ingest) const;

    const QCommandLineOption window, offset, localOffset, ns, threads, capturedAt, s3Endpoint;
    const QCommandLineOption matchErrors; // --match: which 502s the matching step matches
};

// "+02:00", "-0530", "3600" -> seconds east of UTC.
bool parseUtcOffsetArgument(const QString &s, int *out);
// RFC 3339 ("2026-11-21T10:00:00Z", with or without fraction or offset; no offset means UTC).
bool parseTimeArgument(const QString &s, gateline::Timestamp *out);
