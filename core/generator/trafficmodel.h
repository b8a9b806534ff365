// Simulates the requests: arrivals (Poisson around a diurnal-ish rate with the scenario's spikes),
// clients, endpoints, and each hop's outcome: the ALB picks an ingress pod, the ingress picks an app
// pod (retrying idempotent requests on connection errors where ingress-nginx would), and the pods'
// timelines and the scenario's faults decide who answers what.
#pragma once

#include "genrandom.h"
#include "simtypes.h"
#include "topology.h"

namespace gateline::gen {

class TrafficModel
{
public:
    TrafficModel(const World &world, const Scenario &scenario, quint64 seed, qint64 start, qint64 end, double baseRate,
                 int albNodes, bool traefik);

    std::vector<SimRequest> generate();

    // What made each failure the scenario's causes produced (ReqCause), so that a bundle of two causes
    // has a truth per cause: the pods' timelines (stopped, not yet listening, dying mid-request:
    // graceful-shutdown, pod-not-ready, oom-crash, health-check-flapping), the ingress pods' own,
    // a keep-alive race, overload (hpa-too-slow, connection-pool-exhaustion, nodeport-busy), DNS,
    // NGINX skipping the servers it marked failed and the upstream flapping (passive-ejection),
    // equal idle timers, a slow endpoint. The last failed attempt's, when retries failed too.
    enum class CauseMechanism : quint8 { None, PodDown, IngressDown, Keepalive, Overload, Dns, Ejection, Flap, IdleRace, Slow };
    static const char *mechanismName(CauseMechanism m);
    // Per request of the last generate(), in its order (None where the cause made no failure).
    const std::vector<CauseMechanism> &mechanisms() const { return m_mechanisms; }

    // The share of requests that reach the app service (by endpoint weight).
    static double appShare(const Topology &topo);
    // Sum over the window's seconds of the load factor: requests = baseRate * this (on average).
    static double loadIntegral(const Scenario &scenario, qint64 start, qint64 end);

private:
    void simulate(SimRequest &r);
    void missingUpstream(SimRequest &r, bool refused, qint64 elapsedUs);
    // With the app's pods as the ALB's targets (Topology::albPodTargets): the ALB's own answer when
    // its one attempt on the pod (attemptPod[0], kNoPod when the endpoints held none) failed with err.
    void albFailedOnPod(SimRequest &r, UpstreamError err, bool cause);
    int pickPod(PodGroup group, qint64 t, const SimRequest &r, int attempt);
    const FaultWindow *activeFault(FaultKind kind, qint64 t, int endpoint = -1) const;
    void updateSecond(qint64 t);
    void okResponse(SimRequest &r, const Endpoint &e, double latencyMs, int attempt);
    double latencyMs(const Endpoint &e);

    const World &m_world;
    const Topology &m_topo;
    const Scenario &m_sc;
    Rng m_rng;
    qint64 m_start, m_end;
    double m_baseRate;
    int m_albNodes;
    bool m_traefik;
    double m_appShare;
    std::vector<int> m_groupPods[3]; // App, Frontend, Ingress
    qint64 m_second = -1;
    double m_overloadP = 0;
    double m_overloadLatency = 1;
    // Per (ingress pod, pod): NGINX's passive health check (Scenario::ejectSec) and the last use of
    // the keep-alive connection (Scenario::idleTimerSec).
    std::vector<qint64> m_ejectedUntil, m_lastUse;
    CauseMechanism m_mechanism = CauseMechanism::None; // of the request being simulated
    std::vector<CauseMechanism> m_mechanisms;
    size_t pairIndex(const SimRequest &r, int pod) const { return size_t(r.ingressPod) * m_topo.pods.size() + size_t(pod); }
};

} // namespace gateline::gen
