#include "causescenario.h"

#include <algorithm>
#include <cmath>

namespace gateline::gen {

namespace {

qint64 secs(double s)
{
    return qint64(s * double(kSec));
}

// A timing drawn from the narrow range, or with wide timings from the wide real-world one (one draw
// either way, so the rest of the scenario keeps its random numbers).
double timing(ScenarioContext &c, double lo, double hi, double wideLo, double wideHi)
{
    return c.wide ? c.rng.uniform(wideLo, wideHi) : c.rng.uniform(lo, hi);
}

// With extreme timings, a fresh draw from [lo, hi] replacing v (the accuracy study's ranges).
double extreme(ScenarioContext &c, double v, double lo, double hi)
{
    return c.extreme ? c.rng.uniform(lo, hi) : v;
}

// n points spread over [lo, hi] of the window, one per segment, away from the segment edges.
std::vector<qint64> spreadTimes(ScenarioContext &c, int n, double lo, double hi)
{
    std::vector<qint64> out;
    const double seg = (hi - lo) / n;
    for (int i = 0; i < n; ++i)
        out.push_back(c.at(lo + seg * (i + c.rng.uniform(0.25, 0.75))));
    return out;
}

void gracefulShutdown(ScenarioContext &c)
{
    Lifecycle life(c.world, c.scenario.events, c.rng);
    const Topology &t = c.world.topo;
    const double d = c.durationSec();
    const int n = d >= 45 * 60 ? 3 : (d >= 16 * 60 ? 2 : 1);
    RolloutStyle st;
    st.readinessSec = timing(c, 6, 10, 2, 45);
    st.listenSec = timing(c, 2, 4, 1, 12);
    if (c.wide) // listening before Ready, or this would be pod-not-ready
        st.listenSec = std::min(st.listenSec, st.readinessSec * 0.8);
    st.addLagSec = timing(c, 0.5, 1.5, 0.2, 5);
    st.removeLagSec = timing(c, 3, 8, 1, 30);   // endpoint removal reaching the ingress
    st.readinessSec = extreme(c, st.readinessSec, 0.5, 60);
    st.removeLagSec = extreme(c, st.removeLagSec, 0.2, 60);
    if (c.extreme)
        st.listenSec = std::min(st.listenSec, st.readinessSec * 0.8);
    st.abrupt = true; // no preStop hook, no SIGTERM handling: the process exits at once
    st.sigtermGapMaxSec = c.wide ? 3.0 : 0.3;   // Killing event -> SIGTERM delivered
    const std::vector<qint64> times = spreadTimes(c, n, 0.12, 0.85);
    for (int k = 0; k < n; ++k) {
        st.newImage = k == 0 ? t.imageRepo + ':' + t.nextVersion : QByteArray();
        const auto steps = life.rollout(AppDeployment, times[size_t(k)], st);
        for (const Lifecycle::Step &s : steps) {
            const SimPod &old = t.pods[size_t(s.oldPod)];
            c.scenario.windows.push_back({old.deaths.front() - secs(0.05), old.endpointTo + secs(1)});
        }
    }
}

void podNotReady(ScenarioContext &c)
{
    Lifecycle life(c.world, c.scenario.events, c.rng);
    const Topology &t = c.world.topo;
    RolloutStyle st;
    st.readinessSec = 1.0;                 // no real readiness gate: Ready as soon as it runs
    st.listenSec = timing(c, 8, 20, 5, 60);   // the app needs this long before it accepts connections
    st.addLagSec = timing(c, 0.5, 1.2, 0.3, 5);
    st.removeLagSec = timing(c, 1, 2, 0.5, 8);
    st.abrupt = false;
    st.drainSec = timing(c, 12, 16, 5, 45);
    st.listenSec = extreme(c, st.listenSec, 2, 60);
    std::vector<Lifecycle::Step> all;
    st.newImage = t.imageRepo + ':' + t.nextVersion;
    for (const auto &s : life.rollout(AppDeployment, c.at(c.rng.uniform(0.22, 0.4)), st))
        all.push_back(s);
    st.newImage.clear();
    const int replicas = int(c.world.deployments[AppDeployment].pods.size());
    for (const auto &s : life.scaleTo(AppDeployment, replicas + 2, c.at(c.rng.uniform(0.6, 0.8)), st))
        all.push_back(s);
    for (const Lifecycle::Step &s : all) {
        const SimPod &p = t.pods[size_t(s.newPod)];
        if (p.listenFrom > p.endpointFrom)
            c.scenario.windows.push_back({p.endpointFrom - secs(0.05), p.listenFrom + secs(0.5)});
    }
}

void keepaliveMismatch(ScenarioContext &c)
{
    const double scale = extreme(c, 1, 0.2, 3);
    FaultWindow ingress{c.start, c.end, FaultKind::KeepaliveIngress, c.rng.uniform(0.006, 0.012) * scale, -1, 0, 0};
    FaultWindow alb{c.start, c.end, FaultKind::KeepaliveAlb, c.rng.uniform(0.0008, 0.002) * scale, -1, 0, 0};
    c.scenario.faults.push_back(ingress);
    c.scenario.faults.push_back(alb);
    c.scenario.windows.push_back({c.start, c.end});
}

void upstreamTimeout(ScenarioContext &c)
{
    const Topology &t = c.world.topo;
    // One of the endpoints that can be slow, the busier the likelier.
    double total = 0;
    for (const Endpoint &e : t.endpoints)
        total += e.slowCandidate ? e.weight : 0;
    double pick = c.rng.uniform() * total;
    int endpoint = -1;
    for (size_t i = 0; i < t.endpoints.size(); ++i) {
        if (!t.endpoints[i].slowCandidate)
            continue;
        endpoint = int(i);
        pick -= t.endpoints[i].weight;
        if (pick < 0)
            break;
    }
    const Endpoint &e = t.endpoints[size_t(endpoint)];
    c.scenario.slowEndpoint = e.method + ' ' + e.path.left(e.path.indexOf('?') < 0 ? e.path.size() : e.path.indexOf('?'));
    const double d = c.durationSec();
    const int n = d >= 16 * 60 ? 2 : 1;
    const std::vector<qint64> centers = spreadTimes(c, n, 0.1, 0.9);
    for (qint64 center : centers) {
        const double len = std::clamp(d * c.rng.uniform(0.12, 0.2), 90.0, 600.0);
        FaultWindow f{center - secs(len / 2), center + secs(len / 2), FaultKind::SlowEndpoint, 1.0, endpoint,
                      c.rng.uniform(16, 28) * 1000, 0.55};
        c.scenario.faults.push_back(f);
        c.scenario.windows.push_back({f.from, f.to + secs(60)});
    }
}

K8sObjectRef hpaRef(ScenarioContext &c)
{
    const SimDeployment &d = c.world.deployments[AppDeployment];
    return {QByteArrayLiteral("HorizontalPodAutoscaler"), d.ns, d.name, randomUid(c.rng),
            QByteArrayLiteral("autoscaling/v2"), {}};
}

void hpaTooSlow(ScenarioContext &c)
{
    Lifecycle life(c.world, c.scenario.events, c.rng);
    const int replicas = int(c.world.deployments[AppDeployment].pods.size());
    const double cap = c.baseRate * c.appShare / replicas / c.rng.uniform(0.5, 0.6);
    const double factor = extreme(c, c.rng.uniform(3, 5), 1.2, 6);
    const double d = c.durationSec();
    RateBump b;
    b.from = c.at(c.rng.uniform(0.3, 0.42));
    b.peakFrom = b.from + secs(c.rng.uniform(60, 120));
    b.peakTo = std::min(b.peakFrom + secs(std::clamp(d * 0.25, 240.0, 720.0)), c.end - secs(60));
    b.to = b.peakTo + secs(120);
    b.factor = factor;
    c.scenario.bumps.push_back(b);
    c.scenario.overload = OverloadMix::Hpa;
    c.scenario.perPodCapacityRps = cap;

    const K8sObjectRef hpa = hpaRef(c);
    const double peakLoad = c.baseRate * c.appShare * factor * c.scenario.loadFactor(b.peakFrom) / c.scenario.rateFactor(b.peakFrom);
    const int need = std::clamp(int(std::ceil(peakLoad / cap * 1.15)), replicas + 1, 14);
    RolloutStyle st;
    st.readinessSec = timing(c, 8, 14, 5, 60);
    st.listenSec = timing(c, 5, 8, 2, 10);
    if (c.wide)
        st.listenSec = std::min(st.listenSec, st.readinessSec * 0.9);
    st.addLagSec = timing(c, 0.5, 1.5, 0.2, 5);
    st.drainSec = timing(c, 10, 15, 5, 45);
    qint64 rescale = std::min(b.from + secs(timing(c, 120, 210, 60, 300)), b.peakTo - secs(30));
    std::vector<int> sizes;
    if (need > 2 * replicas && c.rng.chance(0.6))
        sizes = {2 * replicas, need};
    else
        sizes = {need};
    for (int size : sizes) {
        c.scenario.events.add(rescale, hpa, "SuccessfulRescale",
                              "New size: " + QByteArray::number(size)
                                  + "; reason: cpu resource utilization (percentage of request) above target",
                              "horizontal-pod-autoscaler");
        life.scaleTo(AppDeployment, size, rescale + secs(c.rng.uniform(0.1, 0.6)), st);
        rescale += secs(c.rng.uniform(60, 110));
    }
    const qint64 down = b.to + secs(c.rng.uniform(300, 360));
    if (down < c.end - secs(30)) {
        c.scenario.events.add(down, hpa, "SuccessfulRescale",
                              "New size: " + QByteArray::number(replicas) + "; reason: All metrics below target",
                              "horizontal-pod-autoscaler");
        life.scaleTo(AppDeployment, replicas, down + secs(c.rng.uniform(0.1, 0.6)), st);
    }
    for (const Interval &w : overloadWindows(c))
        c.scenario.windows.push_back(w);
}

void poolExhaustion(ScenarioContext &c)
{
    const int replicas = int(c.world.deployments[AppDeployment].pods.size());
    c.scenario.perPodCapacityRps = c.baseRate * c.appShare / replicas / c.rng.uniform(0.55, 0.62);
    c.scenario.overload = OverloadMix::Pool;
    const double d = c.durationSec();
    const int n = d >= 20 * 60 ? 3 : (d >= 8 * 60 ? 2 : 1);
    for (qint64 center : spreadTimes(c, n, 0.08, 0.92)) {
        RateBump b;
        const double peak = std::min(c.rng.uniform(90, 240), d / (2.5 * n));
        b.peakFrom = center - secs(peak / 2);
        b.peakTo = center + secs(peak / 2);
        b.from = b.peakFrom - secs(c.rng.uniform(20, 40));
        b.to = b.peakTo + secs(c.rng.uniform(20, 40));
        b.factor = extreme(c, c.rng.uniform(1.9, 2.5), 1.2, 6);
        c.scenario.bumps.push_back(b);
    }
    for (const Interval &w : overloadWindows(c))
        c.scenario.windows.push_back(w);
}

void healthCheckFlapping(ScenarioContext &c)
{
    Lifecycle life(c.world, c.scenario.events, c.rng);
    Topology &t = c.world.topo;
    const double d = c.durationSec();
    const double period = d >= 10 * 60 ? timing(c, 150, 300, 90, 480) : d / 3;
    const std::vector<int> pods = c.world.deployments[AppDeployment].pods;
    qint64 when = c.start + secs(period * c.rng.uniform(0.4, 0.8));
    for (int k = 0; when < c.end - secs(30); ++k) {
        const int victim = pods[size_t(k) % pods.size()];
        SimPod &v = t.pods[size_t(victim)];
        v.slowFactor = c.rng.uniform(4, 8);
        v.slow.push_back({when - secs(45), when});
        const K8sObjectRef ref = life.podRef(victim);
        const QByteArray msg = "Liveness probe failed: Get \"http://" + v.ip + ':' + QByteArray::number(v.port)
                               + "/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        for (int j = 2; j >= 0; --j)
            c.scenario.events.add(when - secs(10.0 * j) + secs(c.rng.uniform(0, 0.05)), ref, "Unhealthy", msg, "kubelet",
                                  life.nodeName(victim), true);
        const qint64 kill = when + secs(c.rng.uniform(0.02, 0.1));
        c.scenario.events.add(kill, ref, "Killing", "Container " + v.container + " failed liveness probe, will be restarted",
                              "kubelet", life.nodeName(victim));
        const qint64 dies = kill + secs(timing(c, 0.1, 0.6, 0.05, 5));
        // Drawn in the order the first generator's call evaluated its arguments (right to left).
        const double endpointLag = timing(c, 2, 4, 1, 15);
        const double warmup = timing(c, 3, 8, 2, 30);
        const double delay = timing(c, 0.8, 2.0, 0.5, 10);
        life.restartContainer(victim, dies, "Error", 143, delay, warmup, endpointLag);
        c.scenario.windows.push_back({dies - secs(0.1), v.endpointOut.back().from + secs(1)});
        when += secs(period + c.rng.uniform(-5, 5));
    }
}

void dnsFailure(ScenarioContext &c)
{
    Lifecycle life(c.world, c.scenario.events, c.rng);
    const double d = c.durationSec();
    const int n = d >= 16 * 60 ? 3 : (d >= 8 * 60 ? 2 : 1);
    const std::vector<int> dns = c.world.deployments[CoreDnsDeployment].pods;
    const int victims = c.rng.range(1, 2);
    for (qint64 center : spreadTimes(c, n, 0.08, 0.92)) {
        const double len = std::min(c.rng.uniform(60, 200), d / (2.5 * n));
        FaultWindow f{center - secs(len / 2), center + secs(len / 2), FaultKind::DnsFailure, c.rng.uniform(0.45, 0.8), -1, 0, 0};
        c.scenario.faults.push_back(f);
        c.scenario.windows.push_back({f.from, f.to + secs(6)});
        for (int v = 0; v < victims; ++v) {
            const int pod = dns[size_t(v) % dns.size()];
            for (qint64 t = f.from + secs(c.rng.uniform(0, 10)); t < f.to; t += secs(10))
                c.scenario.events.add(t, life.podRef(pod), "Unhealthy",
                                      "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet",
                                      life.nodeName(pod), true);
        }
    }
}

void oomCrash(ScenarioContext &c)
{
    Lifecycle life(c.world, c.scenario.events, c.rng);
    Topology &t = c.world.topo;
    // (Drawn either way, so that the rest of the scenario keeps its random numbers; with the app's
    // pods as the ALB's targets there is no ingress pod in the path to kill.)
    const bool ingress = c.rng.chance(0.5) && !c.world.topo.albPodTargets;
    c.scenario.variant = ingress ? QStringLiteral("ingress") : QStringLiteral("app");
    const std::vector<int> pool = ingress ? c.world.ingressPods : c.world.deployments[AppDeployment].pods;
    std::vector<int> victims = {pool[c.rng.below(quint32(pool.size()))]};
    if (c.rng.chance(ingress ? 0.3 : 0.5)) {
        const int second = pool[c.rng.below(quint32(pool.size()))];
        if (second != victims[0])
            victims.push_back(second);
    }
    const int kills = ingress ? c.rng.range(2, 4) : c.rng.range(3, 5);
    const QByteArray process = ingress ? (c.traefik ? QByteArrayLiteral("traefik") : QByteArrayLiteral("nginx"))
                                       : t.processName;
    std::vector<qint64> lastRestart(victims.size(), 0);
    const std::vector<qint64> times = spreadTimes(c, kills, 0.06, 0.95);
    for (int k = 0; k < kills; ++k) {
        const size_t vi = size_t(k) % victims.size();
        const int victim = victims[vi];
        SimPod &v = t.pods[size_t(victim)];
        const qint64 when = times[size_t(k)];
        const int limitMb = ingress ? 512 : 1024;
        const qint64 rss = qint64(limitMb) * 1024 - c.rng.range(2000, 9000);
        // One draw per statement, in the order GCC evaluated them when they shared one (topology.cpp).
        const int scoreAdj = c.rng.range(900, 999);
        const int pgtables = c.rng.range(1200, 4200);
        const int fileRss = c.rng.range(9000, 40000);
        const qint64 totalVm = rss * 2 + c.rng.range(0, 90000);
        const int pid = c.rng.range(3000, 60000);
        const QByteArray msg = "Memory cgroup out of memory: Killed process " + QByteArray::number(pid)
                               + " (" + process + ") total-vm:" + QByteArray::number(totalVm)
                               + "kB, anon-rss:" + QByteArray::number(rss) + "kB, file-rss:"
                               + QByteArray::number(fileRss) + "kB, shmem-rss:0kB, UID:"
                               + QByteArray::number(ingress ? 101 : 1000) + " pgtables:" + QByteArray::number(pgtables)
                               + "kB oom_score_adj:" + QByteArray::number(scoreAdj);
        c.scenario.events.add(when + secs(c.rng.uniform(0.05, 0.4)), life.nodeRef(v.node), "OOMKilling", msg,
                              "kernel-monitor", t.nodes[size_t(v.node)].name, true);
        const bool backoff = lastRestart[vi] && when - lastRestart[vi] < secs(600);
        const double delay = backoff ? timing(c, 10, 11, 10, 40) : timing(c, 0.5, 1.5, 0.3, 5);
        const double warmup = ingress ? timing(c, 4, 9, 2, 30) : timing(c, 3, 9, 2, 30);
        const qint64 restart = life.restartContainer(victim, when, "OOMKilled", 137, delay, warmup,
                                                     ingress ? -1 : timing(c, 2, 5, 1, 15));
        lastRestart[vi] = restart;
        const qint64 endAt = ingress ? restart + secs(warmup + 0.5) : v.endpointOut.back().from + secs(1);
        c.scenario.windows.push_back({when - secs(0.1), endAt});
    }
}

// ALB straight to the app's NodePort, no ingress (seed 003): traffic bursts overload the pods and
// kube-proxy, with no queue, resets what their full accept queues cannot take. No pod events.
// (Render with --ingress none --alb-target-type instance.)
void nodePortBusy(ScenarioContext &c)
{
    const int replicas = int(c.world.deployments[AppDeployment].pods.size());
    c.scenario.perPodCapacityRps = c.baseRate * c.appShare / replicas / c.rng.uniform(0.55, 0.7);
    c.scenario.overload = OverloadMix::NodePort;
    const double d = c.durationSec();
    const int n = d >= 20 * 60 ? 3 : (d >= 8 * 60 ? 2 : 1);
    for (qint64 center : spreadTimes(c, n, 0.08, 0.92)) {
        RateBump b;
        const double peak = std::min(c.rng.uniform(60, 240), d / (2.5 * n));
        b.peakFrom = center - secs(peak / 2);
        b.peakTo = center + secs(peak / 2);
        b.from = b.peakFrom - secs(c.rng.uniform(10, 40));
        b.to = b.peakTo + secs(c.rng.uniform(10, 40));
        b.factor = extreme(c, c.rng.uniform(1.8, 3), 1.2, 6);
        c.scenario.bumps.push_back(b);
    }
    for (const Interval &w : overloadWindows(c))
        c.scenario.windows.push_back(w);
}

// GKE behind a GCP load balancer (seed 002): every app pod fails its readiness probe at once (a
// shared dependency the probe checks is slow), the NEG has no ready endpoint and the load balancer
// answers failed_to_pick_backend. The bundle carries the GCP load balancer's log (bundlegenerator).
void noReadyBackend(ScenarioContext &c)
{
    Lifecycle life(c.world, c.scenario.events, c.rng);
    Topology &t = c.world.topo;
    const double d = c.durationSec();
    const int n = d >= 20 * 60 ? 3 : (d >= 8 * 60 ? 2 : 1);
    const double period = 10; // periodSeconds (Kubernetes default)
    const std::vector<int> pods = c.world.deployments[AppDeployment].pods;
    for (qint64 center : spreadTimes(c, n, 0.1, 0.9)) {
        const double len = extreme(c, std::min(c.rng.uniform(30, 150), d / (3.0 * n)), 10, std::min(300.0, d / (2.0 * n)));
        const qint64 from = center - secs(len / 2), to = center + secs(len / 2);
        for (int pod : pods) {
            SimPod &p = t.pods[size_t(pod)];
            // failureThreshold (3) failed probes before the pod is marked unready; each pod's
            // probes run on their own phase.
            const qint64 phase = secs(c.rng.uniform(0, period));
            const qint64 out = from + phase;
            const qint64 back = to + secs(c.rng.uniform(0, period));
            p.endpointOut.push_back({out, back});
            const QByteArray msg = "Readiness probe failed: Get \"http://" + p.ip + ':' + QByteArray::number(p.port)
                                   + "/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
            for (qint64 when = out - secs(2 * period); when < back - secs(period / 2); when += secs(period))
                c.scenario.events.add(when + secs(c.rng.uniform(0, 0.05)), life.podRef(pod), "Unhealthy", msg, "kubelet",
                                      life.nodeName(pod), true);
        }
        c.scenario.windows.push_back({from, to + secs(period + 1)});
    }
}

// Passive health check (NGINX max_fails=1 fail_timeout=10s; seen with plain NGINX upstreams,
// e.g. aptible/docker-nginx#131): the app's connections fail for a while (refused / reset, no pod
// event), each failure takes that server out for 10 s, and with all of them out every request gets
// "no live upstreams".
void passiveEjection(ScenarioContext &c)
{
    c.scenario.ejectSec = 10;
    const double d = c.durationSec();
    const int n = d >= 20 * 60 ? 3 : (d >= 8 * 60 ? 2 : 1);
    for (qint64 center : spreadTimes(c, n, 0.08, 0.92)) {
        const double len = std::min(c.rng.uniform(30, 150), d / (2.5 * n));
        FaultWindow f{center - secs(len / 2), center + secs(len / 2), FaultKind::UpstreamFlap,
                      extreme(c, c.rng.uniform(0.08, 0.3), 0.03, 0.6), -1, 0, 0};
        c.scenario.faults.push_back(f);
        c.scenario.windows.push_back({f.from, f.to + secs(c.scenario.ejectSec + 1)});
    }
}

// The proxy's upstream keep-alive timeout equals the app's: a request that reuses a connection idle
// for just under that time meets the app closing it. The timer is drawn where this traffic leaves
// connections idle that long (the race needs idle connections: quiet services, low traffic).
void idleTimerRace(ScenarioContext &c)
{
    const int replicas = int(c.world.deployments[AppDeployment].pods.size());
    const double perPair = c.baseRate * c.appShare / replicas / std::max<size_t>(1, c.world.ingressPods.size());
    c.scenario.idleTimerSec = std::clamp(c.rng.uniform(1.2, 2.5) / std::max(perPair, 1e-3), 5.0, 75.0);
    c.scenario.windows.push_back({c.start, c.end});
}

} // namespace

int readyPods(const Topology &topo, PodGroup group, qint64 t)
{
    int n = 0;
    for (const SimPod &p : topo.pods)
        if (p.group == group && p.inEndpoints(t) && p.listening(t))
            ++n;
    return n;
}

std::vector<Interval> mergeWindows(std::vector<Interval> windows, qint64 gap)
{
    std::sort(windows.begin(), windows.end(), [](const Interval &a, const Interval &b) { return a.from < b.from; });
    std::vector<Interval> out;
    for (const Interval &w : windows) {
        if (!out.empty() && w.from <= out.back().to + gap)
            out.back().to = std::max(out.back().to, w.to);
        else
            out.push_back(w);
    }
    return out;
}

std::vector<Interval> overloadWindows(const ScenarioContext &c)
{
    std::vector<Interval> out;
    for (qint64 t = c.start; t < c.end; t += kSec) {
        const double load = c.baseRate * c.appShare * c.scenario.loadFactor(t);
        const double cap = c.scenario.perPodCapacityRps * readyPods(c.world.topo, PodGroup::App, t);
        if (load > cap)
            out.push_back({t, t + kSec});
    }
    return mergeWindows(out, 5 * kSec);
}

bool buildCauseScenario(const QString &cause, ScenarioContext &c, QString *error)
{
    if (cause == QLatin1String("graceful-shutdown"))
        gracefulShutdown(c);
    else if (cause == QLatin1String("pod-not-ready"))
        podNotReady(c);
    else if (cause == QLatin1String("keepalive-mismatch"))
        keepaliveMismatch(c);
    else if (cause == QLatin1String("upstream-timeout"))
        upstreamTimeout(c);
    else if (cause == QLatin1String("hpa-too-slow"))
        hpaTooSlow(c);
    else if (cause == QLatin1String("health-check-flapping"))
        healthCheckFlapping(c);
    else if (cause == QLatin1String("dns-failure"))
        dnsFailure(c);
    else if (cause == QLatin1String("connection-pool-exhaustion"))
        poolExhaustion(c);
    else if (cause == QLatin1String("oom-crash"))
        oomCrash(c);
    else if (cause == QLatin1String("nodeport-busy"))
        nodePortBusy(c);
    else if (cause == QLatin1String("no-ready-backend"))
        noReadyBackend(c);
    else if (cause == QLatin1String("passive-ejection"))
        passiveEjection(c);
    else if (cause == QLatin1String("idle-timer-race"))
        idleTimerRace(c);
    else if (cause == QLatin1String("cdn-hides-origin")) {
        // Nothing fails behind the CDN: its own errors are written by the CDN writer (cdnwriter.h).
    }
    else if (cause != QLatin1String("none")) {
        if (error)
            *error = QStringLiteral("unknown cause '%1'").arg(cause);
        return false;
    }
    c.scenario.windows = mergeWindows(c.scenario.windows, 2 * kSec);
    return true;
}

} // namespace gateline::gen
