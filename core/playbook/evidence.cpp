#include "evidence.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <iterator>

namespace gateline {

Evidence::Evidence(const Analysis &analysis)
    : m_analysis(analysis)
    , m_series(analysis)
    , m_signals(analysis)
{
    m_bursts = computeBurstFeatures(m_series);
    m_load = computeLoadFeatures(m_series);
    m_endpoints = computeEndpointFeatures(m_series, m_signals);
    m_logs = computeLogFeatures(analysis, m_series);

    const EventStore &store = analysis.store();
    qint64 certain = 0;
    for (const ErrorSample &e : m_series.errors()) {
        m_errorTimes.push_back(e.us);
        if (e.origin == Origin::Alb) {
            ++certain;
        } else if (e.ingressSource.isValid()) {
            const qint16 up = store.source(e.ingressSource).upstreamStatus(e.ingressRow);
            certain += up != kNoUpstreamStatus;
        } else if (!m_series.fromLoadBalancer()) {
            certain += store.source(e.source).upstreamStatus(e.row) != kNoUpstreamStatus;
        } else if (e.origin == Origin::Ingress) {
            ++certain; // an error-log line said so
        }
    }
    m_certainShare = m_errorTimes.empty() ? 0 : double(certain) / double(m_errorTimes.size());

    const qint64 from = m_series.fromUs(), to = m_series.toUs();
    const EventSignals &k = m_signals;
    m_killing = alignErrors(m_errorTimes, k.times(EventClass::Killing), 1, 10, from, to);
    m_started = alignErrors(m_errorTimes, k.times(EventClass::Started), 0, 25, from, to);
    m_oom = alignErrors(m_errorTimes, k.times(EventClass::OomKill), 5, 30, from, to);
    m_oomLog = alignErrors(m_logs.times, k.times(EventClass::OomKill), 5, 30, from, to);
    m_restarts = alignErrors(m_errorTimes,
                             k.times({EventClass::ProbeKilling, EventClass::Restart, EventClass::Exit137,
                                      EventClass::Exit143, EventClass::Terminated}),
                             5, 30, from, to);
    m_rollouts = alignErrors(m_errorTimes, k.times(EventClass::Rollout), 5, 90, from, to);
    m_dns = alignErrors(m_errorTimes, k.times(EventClass::DnsTrouble), 30, 30, from, to);
    m_probes = alignErrors(m_errorTimes,
                           k.times({EventClass::LivenessFailed, EventClass::ReadinessFailed, EventClass::ProbeKilling}),
                           5, 30, from, to);

    // Reloads of the proxy: those soon after a container (re)start are the controller starting up
    // or the restart itself; the restart's own evidence speaks for those.
    {
        const std::vector<qint64> restarts = k.times({EventClass::Started, EventClass::Restart, EventClass::OomKill,
                                                      EventClass::Exit137, EventClass::Exit143, EventClass::Terminated,
                                                      EventClass::ProbeKilling});
        std::vector<qint64> reloads;
        for (qint64 t : k.times(EventClass::ProxyReload)) {
            auto it = std::upper_bound(restarts.begin(), restarts.end(), t);
            if (it == restarts.begin() || t - *std::prev(it) > 120000000)
                reloads.push_back(t);
        }
        m_reloads = alignErrors(m_errorTimes, std::move(reloads), 2, 10, from, to);
    }
    m_noEndpoints = alignErrors(m_errorTimes, k.times(EventClass::NoEndpoints), 5, 30, from, to);
    m_panics = alignErrors(m_errorTimes, k.times(EventClass::ProxyPanic), 5, 30, from, to);

    // 502s after a start with no Killing just before: new pods taking traffic, not old ones going.
    const std::vector<qint64> starts = k.times(EventClass::Started);
    const std::vector<qint64> kills = k.times(EventClass::Killing);
    auto within = [](const std::vector<qint64> &ev, qint64 t, qint64 before, qint64 after) {
        auto it = std::lower_bound(ev.begin(), ev.end(), t - after);
        return it != ev.end() && *it <= t + before;
    };
    qint64 startedOnly = 0;
    for (qint64 t : m_errorTimes)
        startedOnly += within(starts, t, 0, 25000000) && !within(kills, t, 1000000, 10000000);
    m_startedOnlyShare = m_errorTimes.empty() ? 0 : double(startedOnly) / double(m_errorTimes.size());

    std::vector<double> gaps;
    for (qint64 kill : kills) {
        auto err = std::lower_bound(m_errorTimes.begin(), m_errorTimes.end(), kill);
        if (err == m_errorTimes.end() || *err > kill + 30000000)
            continue;
        auto st = std::upper_bound(starts.begin(), starts.end(), kill);
        if (st == starts.begin())
            continue;
        --st;
        if (kill - *st <= 60000000)
            gaps.push_back(double(kill - *st) / 1e6);
    }
    m_readyGapSamples = qint64(gaps.size());
    if (!gaps.empty()) {
        std::nth_element(gaps.begin(), gaps.begin() + qsizetype(gaps.size() / 2), gaps.end());
        m_readyGapSeconds = gaps[gaps.size() / 2];
    }
}

double Evidence::eventTie() const
{
    return std::max({m_killing.strength(), m_started.strength(), m_oom.strength(), m_restarts.strength(),
                     m_rollouts.strength(), m_dns.strength(), m_probes.strength()});
}

QString Evidence::clock(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::UTC).toString(QStringLiteral("HH:mm:ss"));
}

QString Evidence::percent(double share)
{
    const double p = share * 100;
    return QStringLiteral("%1%").arg(p < 10 && p > 0 ? QString::number(p, 'f', 1) : QString::number(qRound(p)));
}

} // namespace gateline
