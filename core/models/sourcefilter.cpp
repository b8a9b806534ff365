#include "sourcefilter.h"

namespace gateline {

QString statusFilterLabel(SourceFilter::Status s)
{
    switch (s) {
    case SourceFilter::AnyStatus: return QStringLiteral("All");
    case SourceFilter::Only502: return QStringLiteral("502");
    case SourceFilter::MissingUpstream502: return QStringLiteral("502 -");
    case SourceFilter::Server5xx: return QStringLiteral("5xx");
    case SourceFilter::Client4xx: return QStringLiteral("4xx");
    case SourceFilter::Success: return QStringLiteral("1xx-3xx");
    case SourceFilter::Warnings: return QStringLiteral("Warnings");
    case SourceFilter::StatusCount: break;
    }
    return {};
}

QString statusFilterDescription(SourceFilter::Status s)
{
    switch (s) {
    case SourceFilter::AnyStatus: return QStringLiteral("All rows");
    case SourceFilter::Only502: return QStringLiteral("502s (sent, or answered by the upstream)");
    case SourceFilter::MissingUpstream502: return QStringLiteral("502s whose upstream never answered (status '-')");
    case SourceFilter::Server5xx: return QStringLiteral("Server errors");
    case SourceFilter::Client4xx: return QStringLiteral("Client errors");
    case SourceFilter::Success: return QStringLiteral("Successful requests and redirects");
    case SourceFilter::Warnings: return QStringLiteral("Warnings and errors (events, error-log lines, 5xx)");
    case SourceFilter::StatusCount: break;
    }
    return {};
}

bool matchesStatus(SourceFilter::Status s, const SourceData &data, qsizetype row)
{
    if (s == SourceFilter::AnyStatus)
        return true;
    const bool request = data.kind(row) == EventKind::Request;
    const qint16 status = data.status(row);
    const qint16 up = data.upstreamStatus(row);
    switch (s) {
    case SourceFilter::Only502:
        return (request && status == 502) || up == 502;
    case SourceFilter::MissingUpstream502:
        return request && status == 502 && up == kUpstreamDash;
    case SourceFilter::Server5xx:
        return request && status >= 500 && status <= 599;
    case SourceFilter::Client4xx:
        return request && status >= 400 && status <= 499;
    case SourceFilter::Success:
        return request && status >= 100 && status <= 399;
    case SourceFilter::Warnings:
        return !request ? (data.flags(row) & FlagWarning) || data.kind(row) == EventKind::UpstreamError
                        : status >= 500;
    default:
        return true;
    }
}

} // namespace gateline
