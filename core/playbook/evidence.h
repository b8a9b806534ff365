// Everything the playbook's steps and the cause ranking read from an analysis, computed once:
// the 502s a cause can explain, the Kubernetes signals, and the features derived from them.
#pragma once

#include "causeparams.h"
#include "evidencebranches.h"
#include "evidencebursts.h"
#include "evidenceends.h"
#include "evidenceendpoints.h"
#include "evidenceevents.h"
#include "evidenceload.h"
#include "evidencelogs.h"
#include "evidenceseries.h"

#include <atomic>

namespace gateline {

// One line of evidence; a time range (aligned UTC) to jump to on the timeline, if it has one.
struct EvidenceLine {
    QString text;
    Timestamp from, to;
    bool hasRange() const { return to.us > from.us || from.us != 0; }
};

class Evidence
{
public:
    explicit Evidence(const Analysis &analysis);
    // The same bundle with only the 502s flagged in keep (one per errorTimes(), in order): every
    // feature and every tie recomputed on them. The ranker tests a cause on the 502s that the
    // causes already found to act do not explain, so that a large cause does not mask a small one.
    // explainedAway false: keep picks 502s of one kind rather than leaving out another cause's
    // (ErrorSeries::keepOnly), so no time counts as explained.
    Evidence(const Evidence &full, const std::vector<char> &keep, bool explainedAway = true);

    const Analysis &analysis() const { return m_analysis; }
    const ErrorSeries &series() const { return m_series; }
    const EventSignals &signals() const { return m_signals; }
    const BurstFeatures &bursts() const { return m_bursts; }
    const LoadFeatures &load() const { return m_load; }
    const EndpointFeatures &endpoints() const { return m_endpoints; }
    const LogFeatures &logs() const { return m_logs; }
    const BranchFeatures &branches() const { return m_branches; }
    const std::vector<qint64> &errorTimes() const { return m_errorTimes; }

    // The 502s against Kubernetes signals (windows: causeparams.h).
    // Killing (rollout / scale-down) of the workloads that took traffic (EventSignals::servingKills),
    // 0..killingWindow after; killingOfOthers() counts the Killing events of other workloads left out.
    const Alignment &killing() const { return m_killing; }
    qint64 killingOfOthers() const { return m_killsOfOthers; }
    // The 502s on a Killing whose server stopped answering, resolved to the killed pod (evidenceends.h).
    const KilledServerEnds &killedEnds() const { return m_killedEnds; }
    const Alignment &started() const { return m_started; }       // first container starts, 0..startedWindow after
    const Alignment &oom() const { return m_oom; }               // OOM kills, -5..30 s or to the killed container's restart + 30 s
    // The same question asked of the 502s that went to the OOM-killed pods' own addresses
    // (alignKilledPods(), evidenceevents.h), its p-value doubled (Bonferroni: a second test of it).
    const KilledPodTie &oomOnKilledPods() const { return m_oomPods; }
    // Whether oom-crash rests on that tie (it is the stronger of the two, scoring::tieStrength), and
    // the tie it rests on: its score, its claims and its tie-break read this one answer.
    bool oomRestsOnKilledPods() const { return m_oomOnPods; }
    const Alignment &oomTie() const { return m_oomOnPods ? m_oomPods.tie : m_oom; }
    const Alignment &restarts() const { return m_restarts; }     // probe kills, restarts, exit 137/143, -5..30 s
    const Alignment &rollouts() const { return m_rollouts; }     // ScalingReplicaSet, -5..120 s
    const Alignment &dnsTrouble() const { return m_dns; }        // cluster DNS warnings, -30..30 s
    // The windows after Killing and after a first start, derived from the data: twice the median
    // lag of the 502s that follow such an event within the longest window, within the bounds of
    // causeparams.h (the bound itself when fewer than 5 502s follow one).
    double killingWindowSeconds() const { return m_killingWindow; }
    double startedWindowSeconds() const { return m_startedWindow; }
    double killingLagSeconds() const { return m_killingLag; }   // the observed median lag (-1: none)
    double startedLagSeconds() const { return m_startedLag; }
    // Which Kubernetes data is loaded: events or pod status (for "cannot tell").
    bool haveKubernetes() const { return m_haveKubernetes; }
    // The NGINX error log's failed upstream attempts (retried or not) against OOM kills, -5..30 s.
    const Alignment &oomUpstreamErrors() const { return m_oomLog; }
    // Probe failures and probe kills: .eventsHit / .events is the share of them with 502s around.
    const Alignment &probes() const { return m_probes; }         // liveness/readiness failures, probe kills, -5..30 s
    // Share of the 502s within 25 s after a first container start but not within 10 s after a Killing.
    double startedOnlyShare() const { return m_startedOnlyShare; }
    // Rollout pacing: for Killing events with 502s in the 30 s after them, the median time since the
    // latest container start before them (-1 if none). A rolling update kills an old pod when the
    // new one is Ready, so a second or two means the new pods were Ready as soon as they ran.
    double readyGapSeconds() const { return m_readyGapSeconds; }
    qint64 readyGapSamples() const { return m_readyGapSamples; }
    bool instantReady() const
    {
        return m_readyGapSamples >= 2 && m_readyGapSeconds >= 0 && m_readyGapSeconds <= params::kInstantReadyS;
    }
    // The 502s against the proxy's / controller's own log (evidence only where a cause speaks of it;
    // not part of eventTie, so that the Kubernetes ties keep their weight):
    // configuration reloads not within 2 min after a container start or restart (a controller
    // starting up reloads too), -2..10 s; "no active endpoint", -5..30 s; panics, -5..30 s.
    const Alignment &reloads() const { return m_reloads; }
    const Alignment &noEndpoints() const { return m_noEndpoints; }
    const Alignment &proxyPanics() const { return m_panics; }
    // The strongest tie to any Kubernetes signal (excess over chance), 0..1.
    double eventTie() const;
    // Per 502: it sits in the window of a pod's Killing, start, OOM kill, restart or probe failure,
    // or a cluster DNS warning; with tiedOnly, only of a kind the core ties to the 502s beyond chance.
    std::vector<char> onPodEvents(bool tiedOnly) const;
    // Share of 502s that the ingress logged with a failed upstream or that the ALB made itself;
    // the rest only have an ingress 502 whose format cannot tell who made it (Traefik CLF).
    double certainShare() const { return m_certainShare; }

    // "10:12:03" (UTC) for evidence text.
    static QString clock(qint64 us);
    static QString percent(double share);

    // Off: build() computes its independent features one after another on the calling thread
    // instead of side by side on the parallel pool (for the test that both give the same evidence).
    static void setConcurrentBuild(bool on);

private:
    void build();
    void collectErrorTimes();

    static std::atomic<bool> s_concurrentBuild;

    const Analysis &m_analysis;
    ErrorSeries m_series;
    EventSignals m_signals;
    BurstFeatures m_bursts;
    LoadFeatures m_load;
    EndpointFeatures m_endpoints;
    LogFeatures m_logs;
    BranchFeatures m_branches;
    std::vector<qint64> m_errorTimes;
    Alignment m_killing, m_started, m_oom, m_restarts, m_rollouts, m_dns, m_probes, m_oomLog;
    Alignment m_reloads, m_noEndpoints, m_panics;
    KilledServerEnds m_killedEnds;
    KilledPodTie m_oomPods;
    bool m_oomOnPods = false;
    double m_startedOnlyShare = 0;
    double m_readyGapSeconds = -1;
    qint64 m_readyGapSamples = 0;
    qint64 m_killsOfOthers = 0;
    double m_certainShare = 0;
    double m_killingWindow = 0, m_startedWindow = 0, m_killingLag = -1, m_startedLag = -1;
    bool m_haveKubernetes = false;
};

} // namespace gateline
