#include "evidenceendpoints.h"

#include <algorithm>

namespace gateline {

namespace {

// "10.1.2.3:8080" -> "10.1.2.3", "[::1]:80" -> "::1", "http://svc.ns:80/x" -> "svc.ns".
QString hostOf(const QString &upstream)
{
    QString h = upstream;
    const qsizetype scheme = h.indexOf(QLatin1StringView("://"));
    if (scheme >= 0)
        h = h.mid(scheme + 3);
    const qsizetype slash = h.indexOf(QLatin1Char('/'));
    if (slash >= 0)
        h.truncate(slash);
    if (h.startsWith(QLatin1Char('['))) {
        const qsizetype close = h.indexOf(QLatin1Char(']'));
        return close > 0 ? h.mid(1, close - 1) : h;
    }
    if (h.count(QLatin1Char(':')) == 1)
        h.truncate(h.indexOf(QLatin1Char(':')));
    return h;
}

// A literal IPv4 or IPv6 address (not a DNS name).
bool isIp(const QString &host)
{
    if (host.isEmpty())
        return false;
    if (host.contains(QLatin1Char(':')))
        return true; // IPv6: names never contain ':'
    int dots = 0;
    for (QChar c : host) {
        if (c == QLatin1Char('.'))
            ++dots;
        else if (!c.isDigit())
            return false;
    }
    return dots == 3;
}

// A DNS name: dotted, not an address (a proxy's upstream group such as "upstream_balancer" is not).
bool isDnsName(const QString &host)
{
    return host.contains(QLatin1Char('.')) && !isIp(host) && !host.contains(QLatin1Char('_'));
}

double median(std::vector<double> v)
{
    if (v.empty())
        return -1;
    std::nth_element(v.begin(), v.begin() + qsizetype(v.size() / 2), v.end());
    return v[v.size() / 2];
}

QList<QPair<qint64, QString>> ranked(const QHash<QString, qint64> &counts)
{
    QList<QPair<qint64, QString>> out;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        out.append({it.value(), it.key()});
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    return out;
}

} // namespace

EndpointFeatures computeEndpointFeatures(const ErrorSeries &series, const EventSignals &signals)
{
    EndpointFeatures f;
    f.normalMedianMs = series.medianDurationMs();
    const auto requestShare = [&](const QString &endpoint) {
        return series.requests() > 0 ? double(series.requestsByEndpoint().value(endpoint)) / double(series.requests()) : 0;
    };

    // All 502s: the endpoints to reproduce with.
    QHash<QString, qint64> all;
    for (const auto *v : {&series.errors(), &series.appErrors()})
        for (const ErrorSample &e : *v)
            ++all[e.endpoint];
    const auto allRanked = ranked(all);
    for (qsizetype i = 0; i < allRanked.size() && i < 10; ++i)
        f.paths << allRanked[i].second;

    // Gateway errors of any origin: one slow endpoint?
    QHash<QString, qint64> gateway;
    for (const auto *v : {&series.errors(), &series.appErrors(), &series.timeouts()})
        for (const ErrorSample &e : *v)
            ++gateway[e.endpoint];
    f.timeouts = qint64(series.timeouts().size());
    f.gatewayErrors = qint64(series.errors().size() + series.appErrors().size()) + f.timeouts;
    if (!gateway.isEmpty()) {
        const auto top = ranked(gateway).first();
        f.slowEndpoint = top.second;
        f.slowEndpointShare = double(top.first) / double(f.gatewayErrors);
        f.slowEndpointRequestShare = requestShare(f.slowEndpoint);
        f.slowEndpointNormalMs = series.medianDurationMs(f.slowEndpoint);
        std::vector<double> durations;
        qint64 longs = 0;
        const double normal = std::max({f.slowEndpointNormalMs, f.normalMedianMs, 1.0});
        for (const auto *v : {&series.errors(), &series.appErrors(), &series.timeouts()})
            for (const ErrorSample &e : *v)
                if (e.endpoint == f.slowEndpoint && e.durationMs >= 0) {
                    durations.push_back(e.durationMs);
                    longs += e.durationMs >= 5000 && e.durationMs >= 5 * normal;
                }
        f.errorsWithDuration = qint64(durations.size());
        f.errorMedianMs = median(durations);
        f.longShare = durations.empty() ? 0 : double(longs) / double(durations.size());
    }

    const std::vector<ErrorSample> &errors = series.errors();
    if (errors.empty())
        return f;
    QHash<QString, qint64> byEndpoint, byUpstream;
    for (const ErrorSample &e : errors)
        ++byEndpoint[e.endpoint];
    const auto top = ranked(byEndpoint).first();
    f.topEndpoint = top.second;
    f.topEndpointErrors = top.first;
    f.topEndpointShare = double(top.first) / double(errors.size());
    f.topEndpointRequestShare = requestShare(f.topEndpoint);

    const QHash<QString, qint64> &starts = signals.podStartByIp();
    const QSet<QString> &known = signals.podIps();
    f.podStatusLoaded = !known.isEmpty();
    QHash<QString, QString> hostCache;
    qint64 newPod = 0, gone = 0;
    for (const ErrorSample &e : errors) {
        if (e.upstream.isEmpty())
            continue;
        auto it = hostCache.find(e.upstream);
        if (it == hostCache.end())
            it = hostCache.insert(e.upstream, hostOf(e.upstream));
        const QString &host = *it;
        ++byUpstream[host];
        ++f.errorsWithUpstream;
        if (!isIp(host))
            continue;
        ++f.errorsWithIp;
        if (!known.contains(host)) {
            ++gone;
            continue;
        }
        const auto s = starts.find(host);
        if (s != starts.end()) {
            const qint64 d = e.us - *s;
            newPod += d >= -5000000 && d <= 60000000;
        }
    }
    if (f.errorsWithIp > 0) {
        f.newPodShare = double(newPod) / double(f.errorsWithIp);
        f.goneShare = double(gone) / double(f.errorsWithIp);
    }
    if (!byUpstream.isEmpty()) {
        const auto u = ranked(byUpstream).first();
        f.topUpstream = u.second;
        f.topUpstreamShare = double(u.first) / double(f.errorsWithUpstream);
        f.topUpstreamIsName = isDnsName(f.topUpstream);
    }
    return f;
}

} // namespace gateline
