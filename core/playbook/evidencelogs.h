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
    // Go's resolver errors in a proxy's own log about a request it answered with a 502/504 (Traefik:
    // "'502 Bad Gateway' caused by: dial tcp: lookup NAME on 10.96.0.10:53: server misbehaving", or
    // "... i/o timeout", "no such host"): DNS trouble like NGINX's "could not be resolved" (their
    // times and names go into unresolvedTimes / unresolvedHosts too). A provider's own failed
    // lookup (Traefik's docker or kubernetes provider) names no gateway status and is not counted.
    qint64 proxyDnsLines = 0;
    // The proxy's own lines about its upstreams (dns, refused, timeout, EOF/reset), the share's base.
    qint64 proxyUpstreamLines = 0;
    // A Traefik 502 and its "caused by" line: Traefik writes the line as it answers, so the line's
    // time is the access line's start plus its duration, each truncated to the second.
    static constexpr double kProxyDnsMatchS = 1;
    // Per 502 of the series (in order): 1 if its request has a line of its own saying the upstream
    // closed the connection on it: NGINX's "upstream prematurely closed connection" or "recv()
    // failed (104: Connection reset by peer)" of the same request (joined like the "could not be
    // resolved" lines), or a Go proxy's "'502 Bad Gateway' caused by: EOF" (or reset, broken pipe)
    // line (joined like its DNS lines). A keep-alive race's 502s are such closes; so are a dying
    // pod's in-flight requests, which sit on its Killing or OOM kill (keepalivecause.h).
    std::vector<char> closedRequest;
    qint64 closedRequests = 0;
    // "could not be resolved" lines and proxies' Go resolver errors together, and their share of
    // the error-log and proxy lines about upstreams.
    qint64 dnsLines() const { return count(UpstreamErrorCategory::DnsUnresolved) + proxyDnsLines; }
    double dnsShare() const;
    // Load-balancer 502 reasons (GCP statusDetails, ALB error_reason) -> count.
    QHash<QString, qint64> lbReasons;

    qint64 count(UpstreamErrorCategory c) const { return byCategory[size_t(c)]; }
    // Share of the categorised lines in c.
    double share(UpstreamErrorCategory c) const;
};

LogFeatures computeLogFeatures(const Analysis &analysis, const ErrorSeries &series);

} // namespace gateline
