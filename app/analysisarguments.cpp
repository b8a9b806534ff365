#include "analysisarguments.h"

#include <QDateTime>
#include <QTimeZone>

using namespace gateline;

AnalysisArguments::AnalysisArguments()
    : window(QStringLiteral("window"), QStringLiteral("Matching window in seconds (default 30)."), QStringLiteral("SECONDS"))
    , offset(QStringLiteral("offset"),
             QStringLiteral("Set a source's clock offset (seconds added to its times); SOURCE is its file name or "
                            "path. Repeatable."),
             QStringLiteral("SOURCE=SECONDS"))
    , localOffset(QStringLiteral("local-utc-offset"),
                  QStringLiteral("UTC offset of local-time logs that have no access log of the same ingress, e.g. "
                                 "+02:00."),
                  QStringLiteral("OFFSET"))
    , ns(QStringLiteral("namespace"), QStringLiteral("Match only events of this namespace. Repeatable."), QStringLiteral("NS"))
    , threads(QStringLiteral("threads"), QStringLiteral("Parser threads (default: all cores)."), QStringLiteral("N"))
    , capturedAt(QStringLiteral("captured-at"),
                 QStringLiteral("When kubectl output with relative ages (get events, describe) was captured, RFC 3339, "
                                "e.g. 2024-06-02T10:30:00Z (default: a time line in the file, else its modification "
                                "time)."),
                 QStringLiteral("TIME"))
    , s3Endpoint(QStringLiteral("s3-endpoint"),
                 QStringLiteral("S3-compatible endpoint for s3:// paths, e.g. http://127.0.0.1:7480 (default: the "
                                "profile's endpoint_url, else AWS)."),
                 QStringLiteral("URL"))
    , matchErrors(QStringLiteral("match"),
                  QStringLiteral("Which 502s the matching step matches to restarts and rollouts: missing-upstream (ALB "
                                 "502s the target never answered), ingress-made (the ingress's failed upstream connections) or "
                                 "all-gateway. Default: the kind the hop verdict points at."),
                  QStringLiteral("KIND"))
{
}

QList<QCommandLineOption> AnalysisArguments::options() const
{
    return {window, offset, localOffset, ns, threads, capturedAt, s3Endpoint, matchErrors};
}

QString AnalysisArguments::apply(const QCommandLineParser &p, AnalysisOptions *options, IngestOptions *ingest) const
{
    bool ok = false;
    if (p.isSet(window)) {
        options->matching.windowSeconds = p.value(window).toDouble(&ok);
        if (!ok || options->matching.windowSeconds <= 0 || options->matching.windowSeconds > 86400)
            return QStringLiteral("--window must be a number of seconds between 0 and 86400");
    }
    for (const QString &o : p.values(offset)) {
        const qsizetype eq = o.lastIndexOf(QLatin1Char('='));
        const double v = eq > 0 ? o.mid(eq + 1).toDouble(&ok) : 0;
        if (eq <= 0 || !ok)
            return QStringLiteral("--offset wants SOURCE=SECONDS, got '%1'").arg(o);
        options->align.overrides.append({o.left(eq), v});
    }
    if (p.isSet(localOffset)) {
        int secs = 0;
        if (!parseUtcOffsetArgument(p.value(localOffset), &secs))
            return QStringLiteral("--local-utc-offset wants e.g. +02:00 or -0530");
        options->align.localUtcOffsetSeconds = secs;
    }
    options->matching.namespaces = p.values(ns);
    if (p.isSet(matchErrors)) {
        const std::optional<MatchErrors> e = matchErrorsFromId(p.value(matchErrors));
        if (!e)
            return QStringLiteral("--match wants missing-upstream, ingress-made or all-gateway, not '%1'").arg(p.value(matchErrors));
        options->matching.errors = *e;
        options->matching.errorsChosen = true;
    }
    if (p.isSet(threads)) {
        ingest->threads = p.value(threads).toInt(&ok);
        if (!ok || ingest->threads < 1)
            return QStringLiteral("--threads wants a positive number");
    }
    if (p.isSet(capturedAt)) {
        Timestamp t;
        if (!parseTimeArgument(p.value(capturedAt), &t))
            return QStringLiteral("--captured-at wants an RFC 3339 time, e.g. 2024-06-02T10:30:00Z");
        ingest->parse.captureTime = QDateTime::fromMSecsSinceEpoch(t.us / 1000, QTimeZone::UTC);
    }
    return {};
}

bool parseUtcOffsetArgument(const QString &s, int *out)
{
    bool ok = false;
    const int plain = s.toInt(&ok);
    if (ok) {
        *out = plain;
        return true;
    }
    QString t = s;
    t.remove(QLatin1Char(':'));
    if (t.size() != 5 || (t[0] != QLatin1Char('+') && t[0] != QLatin1Char('-')))
        return false;
    const int hh = t.mid(1, 2).toInt(&ok);
    if (!ok || hh > 23)
        return false;
    const int mm = t.mid(3, 2).toInt(&ok);
    if (!ok || mm > 59)
        return false;
    *out = (hh * 3600 + mm * 60) * (t[0] == QLatin1Char('-') ? -1 : 1);
    return true;
}

bool parseTimeArgument(const QString &s, Timestamp *out)
{
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(s, Qt::ISODate);
    if (!dt.isValid())
        return false;
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::UTC);
    out->us = dt.toMSecsSinceEpoch() * 1000;
    return true;
}
