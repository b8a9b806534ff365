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

double median(std::vector<double> v)
{
    if (v.empty())
        return -1;
    std::nth_element(v.begin(), v.begin() + qsizetype(v.size() / 2), v.end());
    return v[v.size() / 2];
}

} // namespace

EndpointFeatures computeEndpointFeatures(const ErrorSeries &series, const KubeSignals &signals)
{
    EndpointFeatures f;
    const std::vector<ErrorSample> &errors = series.errors();
    if (errors.empty())
        return f;
    QHash<QString, qint64> byEndpoint, byUpstream;
    std::vector<double> durations;
    qint64 longs = 0, fasts = 0, withIp = 0, withPodIp = 0, newPod = 0;
    f.normalMedianMs = series.medianDurationMs();
    const QHash<QString, qint64> &starts = signals.podStartByIp();
    QHash<QString, QString> hostCache;
    for (const ErrorSample &e : errors) {
        ++byEndpoint[e.endpoint];
        if (e.durationMs >= 0) {
            durations.push_back(e.durationMs);
            const double normal = std::max(series.medianDurationMs(e.endpoint), 1.0);
            longs += e.durationMs >= 5000 && e.durationMs >= 10 * normal;
            fasts += e.durationMs <= 50;
        }
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
        ++withIp;
        const auto s = starts.find(host);
        if (s == starts.end())
            continue;
        ++withPodIp;
        const qint64 d = e.us - *s;
        newPod += d >= -5000000 && d <= 60000000;
    }
    // Top endpoint, with its share of requests.
    QList<QPair<qint64, QString>> ranked;
    for (auto it = byEndpoint.cbegin(); it != byEndpoint.cend(); ++it)
        ranked.append({it.value(), it.key()});
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (qsizetype i = 0; i < ranked.size() && i < 10; ++i)
        f.paths << ranked[i].second;
    f.topEndpoint = ranked.first().second;
    f.topEndpointErrors = ranked.first().first;
    f.topEndpointShare = double(f.topEndpointErrors) / double(errors.size());
    if (series.requests() > 0)
        f.topEndpointRequestShare = double(series.requestsByEndpoint().value(f.topEndpoint)) / double(series.requests());
    // As much above its traffic share as it could be.
    if (f.topEndpointRequestShare < 1)
        f.concentration = std::clamp((f.topEndpointShare - f.topEndpointRequestShare) / (1 - f.topEndpointRequestShare),
                                     0.0, 1.0);
    f.topEndpointNormalMs = series.medianDurationMs(f.topEndpoint);

    f.errorsWithDuration = qint64(durations.size());
    f.errorMedianMs = median(durations);
    if (!durations.empty()) {
        f.longShare = double(longs) / double(durations.size());
        f.fastShare = double(fasts) / double(durations.size());
    }
    if (!byUpstream.isEmpty()) {
        qint64 best = 0;
        for (auto it = byUpstream.cbegin(); it != byUpstream.cend(); ++it)
            if (it.value() > best || (it.value() == best && it.key() < f.topUpstream)) {
                best = it.value();
                f.topUpstream = it.key();
            }
        f.topUpstreamShare = double(best) / double(f.errorsWithUpstream);
        f.topUpstreamIsName = !isIp(f.topUpstream);
    }
    f.errorsWithPodIp = withPodIp;
    f.newPodShare = withPodIp > 0 ? double(newPod) / double(withPodIp) : 0;
    f.unknownIpShare = withIp > 0 && !starts.isEmpty() ? double(withIp - withPodIp) / double(withIp) : 0;
    return f;
}

} // namespace gateline
