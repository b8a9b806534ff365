#include "evidence.h"

#include "analysis/podaddresshistory.h"
#include "jobs/parallelfor.h"
#include "scoring.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <iterator>

namespace gateline {

namespace {

// Median time from the nearest preceding event to each 502 within maxSeconds after one; -1 when
// fewer than five 502s follow an event.
double medianLagSeconds(const std::vector<qint64> &errors, const std::vector<qint64> &events, double maxSeconds)
{
    std::vector<double> lags;
    const qint64 max = qint64(maxSeconds * 1e6);
    for (qint64 t : errors) {
        auto it = std::upper_bound(events.begin(), events.end(), t);
        if (it == events.begin())
            continue;
        const qint64 d = t - *std::prev(it);
        if (d <= max)
            lags.push_back(double(d) / 1e6);
    }
    if (lags.size() < 5)
        return -1;
    std::nth_element(lags.begin(), lags.begin() + qsizetype(lags.size() / 2), lags.end());
    return lags[lags.size() / 2];
}

} // namespace

std::atomic<bool> Evidence::s_concurrentBuild {true};

Evidence::Evidence(const Analysis &analysis)
    : m_analysis(analysis)
    , m_series(analysis)
    , m_signals(analysis)
{
    build();
    m_branches.bundleNoBackendShare = m_branches.noBackendShare;
}

Evidence::Evidence(const Evidence &full, const std::vector<char> &keep, bool explainedAway)
    : m_analysis(full.m_analysis)
    , m_series(full.m_series)
    , m_signals(full.m_signals)
{
    m_series.keepOnly(keep, explainedAway);
    build();
    m_branches.bundleNoBackendShare = full.m_branches.bundleNoBackendShare;
}

void Evidence::build()
{
    const Analysis &analysis = m_analysis;
    // The features below read the analysis, the series and the signals (const) and each writes only
    // its own member, so they run side by side on the shared parallel pool (jobs/parallelfor.h):
    // the branch features on one worker, the rest (the pods' address history with them) on the
    // other. The results are the same as one after another (tst_evidenceconcurrent).
    PodAddressHistory podHistory;
    const auto branchTask = [&] { m_branches = computeBranchFeatures(analysis, m_series, m_signals); };
    const auto otherTask = [&] {
        podHistory = PodAddressHistory(analysis.timeline());
        m_bursts = computeBurstFeatures(m_series);
        m_load = computeLoadFeatures(m_series);
        m_endpoints = computeEndpointFeatures(m_series, m_signals);
        m_logs = computeLogFeatures(analysis, m_series);
        collectErrorTimes();
    };
    parallelForWorkers(2, s_concurrentBuild.load(std::memory_order_relaxed) ? 0 : 1, [&](qsizetype task, int) {
        if (task == 0)
            branchTask();
        else
            otherTask();
    });

    const qint64 from = m_series.fromUs(), to = m_series.toUs();
    const EventSignals &k = m_signals;
    using namespace params;
    // Killing of the workloads that took traffic only (a monitoring agent's restart drops none).
    const std::vector<qint64> killTimes = k.servingKills(m_branches.servedHosts, &m_killsOfOthers);
    // First starts of pods that can take traffic (a CronJob's pod starting says nothing of 502s).
    const std::vector<qint64> startTimes = k.servingStarts(m_branches.servedHosts);
    m_killingLag = medianLagSeconds(m_errorTimes, killTimes, kKillingSearchS);
    m_startedLag = medianLagSeconds(m_errorTimes, startTimes, kStartedWindowMaxS);
    m_killingWindow = m_killingLag < 0 ? kKillingWindowMinS : std::clamp(2 * m_killingLag, kKillingWindowMinS, kKillingWindowMaxS);
    m_startedWindow = m_startedLag < 0 ? kStartedWindowMinS : std::clamp(2 * m_startedLag, kStartedWindowMinS, kStartedWindowMaxS);
    m_killing = alignErrors(m_errorTimes, killTimes, 1, m_killingWindow, from, to);
    m_killedEnds = resolveEndsToKilledPods(m_series, k, podHistory, m_branches,
                                           m_killing.hits, m_killingWindow);
    m_started = alignErrors(m_errorTimes, startTimes, 0, m_startedWindow, from, to);
    // An OOM-killed container is down until the kubelet restarts it, after a back-off that doubles
    // at each kill of a crash loop: the fixed window, or each kill's window run to its own
    // container's return (from the events: EventSignals::outageEnds, the kill's pod matched by
    // name) plus the start-up a restart is given, whichever ties the stronger (alignOutages: its
    // p-value doubled for the choice; Alignment::ownEnds says which).
    const std::vector<SignalEvent> oomEvents = k.eventsOf(EventClass::OomKill);
    std::vector<qint64> oomKills;
    oomKills.reserve(oomEvents.size());
    for (const SignalEvent &kill : oomEvents)
        oomKills.push_back(kill.us);
    const std::vector<qint64> oomEnds = k.outageEnds(oomEvents, kRestartAfterS);
    m_oom = alignOutages(m_errorTimes, oomKills, oomEnds, kRestartBeforeS, kRestartAfterS, from, to);
    m_oomLog = alignOutages(m_logs.times, oomKills, oomEnds, kRestartBeforeS, kRestartAfterS, from, to);
    // The OOM kills' tie over the 502s that went to the killed pods' own addresses: another cause
    // acting in the same minutes swamps the tie over all the 502s, not this one. A second test of
    // the same question: its p-value doubled (Bonferroni), the first's kept, so every tie the first
    // made stands; taking the stronger can raise a false tie's chance from 5% to at most 7.5%.
    m_oomPods = alignKilledPods(m_series, podHistory, oomEvents, oomEnds, kRestartBeforeS, kRestartAfterS, from, to);
    m_oomPods.tie.pValue = std::min(1.0, 2 * m_oomPods.tie.pValue);
    m_oomOnPods = !m_oomPods.tie.tooFew && m_oomPods.tie.events > 0
                  && scoring::tieStrength(m_oomPods.tie) > scoring::tieStrength(m_oom);
    m_restarts = alignErrors(m_errorTimes,
                             k.times({EventClass::ProbeKilling, EventClass::Restart, EventClass::Exit137,
                                      EventClass::Exit143, EventClass::Terminated}),
                             kRestartBeforeS, kRestartAfterS, from, to);
    m_rollouts = alignErrors(m_errorTimes, k.times(EventClass::Rollout), kRolloutBeforeS, kRolloutAfterS, from, to);
    m_dns = alignErrors(m_errorTimes, k.times(EventClass::DnsTrouble), kDnsWindowS, kDnsWindowS, from, to);
    m_probes = alignErrors(m_errorTimes,
                           k.times({EventClass::LivenessFailed, EventClass::ReadinessFailed, EventClass::ProbeKilling}),
                           kRestartBeforeS, kRestartAfterS, from, to);

    // Reloads of the proxy: those soon after a container (re)start are the controller starting up
    // or the restart itself; the restart's own evidence speaks for those.
    {
        const std::vector<qint64> restarts = k.times({EventClass::Started, EventClass::Restart, EventClass::OomKill,
                                                      EventClass::Exit137, EventClass::Exit143, EventClass::Terminated,
                                                      EventClass::ProbeKilling});
        std::vector<qint64> reloads;
        for (qint64 t : k.times(EventClass::ProxyReload)) {
            auto it = std::upper_bound(restarts.begin(), restarts.end(), t);
            if (it == restarts.begin() || t - *std::prev(it) > qint64(kStartupReloadS * 1e6))
                reloads.push_back(t);
        }
        m_reloads = alignErrors(m_errorTimes, std::move(reloads), kReloadBeforeS, kReloadAfterS, from, to);
    }
    m_noEndpoints = alignErrors(m_errorTimes, k.times(EventClass::NoEndpoints), kRestartBeforeS, kRestartAfterS, from, to);
    m_panics = alignErrors(m_errorTimes, k.times(EventClass::ProxyPanic), kRestartBeforeS, kRestartAfterS, from, to);

    // 502s after a start with no Killing just before: new pods taking traffic, not old ones going.
    const std::vector<qint64> &starts = startTimes;
    const std::vector<qint64> &kills = killTimes;
    auto within = [](const std::vector<qint64> &ev, qint64 t, qint64 before, qint64 after) {
        auto it = std::lower_bound(ev.begin(), ev.end(), t - after);
        return it != ev.end() && *it <= t + before;
    };
    qint64 startedOnly = 0;
    for (qint64 t : m_errorTimes)
        startedOnly += within(starts, t, 0, qint64(m_startedWindow * 1e6))
                       && !within(kills, t, 1000000, qint64(m_killingWindow * 1e6));
    m_startedOnlyShare = m_errorTimes.empty() ? 0 : double(startedOnly) / double(m_errorTimes.size());

    std::vector<double> gaps;
    for (qint64 kill : kills) {
        auto err = std::lower_bound(m_errorTimes.begin(), m_errorTimes.end(), kill);
        if (err == m_errorTimes.end() || *err > kill + qint64(m_killingWindow * 1e6))
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

// The 502s' times, the share of them whose maker is certain, and whether Kubernetes data is loaded.
void Evidence::collectErrorTimes()
{
    const EventStore &store = m_analysis.store();
    qint64 certain = 0;
    m_errorTimes.reserve(m_series.errors().size());
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
    // Kubernetes sources only: the proxy's own log lines are events too, but say nothing of pods.
    for (qsizetype id = 0; id < store.sourceCount() && !m_haveKubernetes; ++id) {
        const SourceData &src = store.source(SourceId{int(id)});
        m_haveKubernetes = src.size() > 0
                           && (src.format == SourceFormat::K8sEvents || src.format == SourceFormat::K8sPods
                               || src.format == SourceFormat::K8sDescribe);
    }
}

void Evidence::setConcurrentBuild(bool on)
{
    s_concurrentBuild.store(on, std::memory_order_relaxed);
}

double Evidence::eventTie() const
{
    return std::max({m_killing.strength(), m_started.strength(), m_oom.strength(), m_restarts.strength(),
                     m_rollouts.strength(), m_dns.strength(), m_probes.strength()});
}

std::vector<char> Evidence::onPodEvents(bool tiedOnly) const
{
    std::vector<char> on(errorTimes().size(), 0);
    for (const Alignment *a : {&m_killing, &m_started, &m_oom, &m_restarts, &m_probes, &m_dns})
        if (!tiedOnly || a->strength() > 0)
            for (size_t i = 0; i < a->hits.size() && i < on.size(); ++i)
                on[i] |= a->hits[i];
    return on;
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
