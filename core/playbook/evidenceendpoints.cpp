#include "evidenceendpoints.h"

#include <QSet>
#include <algorithm>

namespace gateline {

namespace {

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

// A pod "in its first minute": from 5 s before its first start (the kubelet reports late) to 60 s after.
constexpr qint64 kNewPodEarlyUs = 5000000, kNewPodUs = 60000000;

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
        // The long errors (a timed-out backend's) by endpoint, against each endpoint's normal time.
        QHash<QString, qint64> longByEndpoint;
        QHash<QString, double> normalByEndpoint;
        for (const auto *v : {&series.errors(), &series.appErrors(), &series.timeouts()})
            for (const ErrorSample &e : *v) {
                if (e.durationMs < 5000)
                    continue;
                auto n = normalByEndpoint.find(e.endpoint);
                if (n == normalByEndpoint.end())
                    n = normalByEndpoint.insert(e.endpoint, std::max({series.medianDurationMs(e.endpoint), f.normalMedianMs, 1.0}));
                if (e.durationMs >= 5 * *n) {
                    ++longByEndpoint[e.endpoint];
                    ++f.longErrors;
                }
            }
        // The endpoint with most gateway errors; the one with most long errors when there are
        // enough of them to tell (the statistical core's minimum).
        const auto top = ranked(gateway).first();
        f.slowEndpoint = top.second;
        if (f.longErrors >= Coincidence::kMinErrors)
            f.slowEndpoint = ranked(longByEndpoint).first().second;
        f.longOnSlowShare = f.longErrors > 0 ? double(longByEndpoint.value(f.slowEndpoint)) / double(f.longErrors) : 0;
        f.slowEndpointShare = double(gateway.value(f.slowEndpoint)) / double(f.gatewayErrors);
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
    QSet<QString> hit, newHit;
    f.toNewPod.assign(errors.size(), 0);
    for (size_t i = 0; i < errors.size(); ++i) {
        const ErrorSample &e = errors[i];
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
            hit.insert(host);
            ++f.errorsToStartedPods;
            const qint64 d = e.us - *s;
            if (d >= -kNewPodEarlyUs && d <= kNewPodUs) {
                ++newPod;
                f.toNewPod[i] = 1;
                newHit.insert(host);
            }
        }
    }
    f.newPodsHit = newHit.size();
    f.newPodErrors = newPod;
    double firstMinutes = 0, up = 0;
    for (const QString &host : std::as_const(hit)) {
        const qint64 start = starts.value(host), from = series.fromUs(), to = series.toUs();
        up += double(std::max<qint64>(0, to - std::max(from, start - kNewPodEarlyUs)));
        firstMinutes += double(std::max<qint64>(0, std::min(to, start + kNewPodUs) - std::max(from, start - kNewPodEarlyUs)));
    }
    f.newPodChance = up > 0 ? firstMinutes / up : 0;
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
