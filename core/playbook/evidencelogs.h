// What the proxies' own words say: NGINX error-log categories about upstreams (and the hosts that
// failed to resolve), and the load balancer's error reasons (GCP statusDetails, ALB error_reason).
#pragma once

#include "evidenceseries.h"

#include <QHash>
#include <array>
#include <vector>

namespace gateline {

enum class UpstreamErrorCategory : quint8 {
    ConnectionRefused,
    PrematurelyClosed,
    NoLiveUpstreams,
    TimedOut,
    ConnectionReset,
    DnsUnresolved,
    Count
};
QString upstreamErrorCategoryId(UpstreamErrorCategory c); // the error parser's reason ids
QString upstreamErrorCategoryText(UpstreamErrorCategory c); // the log's words

struct LogFeatures {
    bool haveErrorLog = false;
    qint64 upstreamErrorLines = 0;
    std::array<qint64, size_t(UpstreamErrorCategory::Count)> byCategory {};
    std::array<qint64, size_t(UpstreamErrorCategory::Count)> firstUs {}, lastUs {};
    QHash<QString, qint64> unresolvedHosts;  // names that could not be resolved
    // Aligned times of the upstream-error lines (failed attempts, retried or not), sorted.
    std::vector<qint64> times;
    // The same for "could not be resolved" lines only, sorted.
    std::vector<qint64> unresolvedTimes;
    // Per 502 of the series (in order): 1 if its ingress request has a "could not be resolved" line
    // of its own (same client, method and path, within kUnresolvedMatchS), i.e. the 502 IS a failed
    // name lookup rather than a 502 that happens near one.
    std::vector<char> unresolvedRequest;
    qint64 unresolvedRequests = 0;
    // An error-log line and the access line of the same request: NGINX writes both within the
    // second the request fails (the error when the lookup fails, the access line when it answers).
    static constexpr double kUnresolvedMatchS = 2;
    // Load-balancer 502 reasons (GCP statusDetails, ALB error_reason) -> count.
    QHash<QString, qint64> lbReasons;

    qint64 count(UpstreamErrorCategory c) const { return byCategory[size_t(c)]; }
    // Share of the categorised lines in c.
    double share(UpstreamErrorCategory c) const;
};

LogFeatures computeLogFeatures(const Analysis &analysis, const ErrorSeries &series);

} // namespace gateline
