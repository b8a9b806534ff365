#include "trafficmodel.h"

#include "causescenario.h"

#include <algorithm>
#include <cmath>

namespace gateline::gen {

namespace {
constexpr qint64 kProxyReadTimeoutUs = 60 * kSec;
constexpr qint64 kAppGatewayTimeoutUs = 30 * kSec;

qint32 us(double seconds)
{
    return qint32(seconds * double(kSec));
}
} // namespace

TrafficModel::TrafficModel(const World &world, const Scenario &scenario, quint64 seed, qint64 start, qint64 end,
                           double baseRate, int albNodes, bool traefik)
    : m_world(world), m_topo(world.topo), m_sc(scenario), m_rng(seed, 4), m_start(start), m_end(end),
      m_baseRate(baseRate), m_albNodes(std::clamp(albNodes, 1, 8)), m_traefik(traefik), m_appShare(appShare(world.topo))
{
    for (size_t i = 0; i < m_topo.pods.size(); ++i) {
        const PodGroup g = m_topo.pods[i].group;
        if (g != PodGroup::Other)
            m_groupPods[int(g)].push_back(int(i));
    }
    if (m_sc.ejectSec > 0)
        m_ejectedUntil.assign(m_topo.pods.size() * std::max<size_t>(1, world.ingressPods.size()), 0);
    if (m_sc.idleTimerSec > 0)
        m_lastUse.assign(m_topo.pods.size() * std::max<size_t>(1, world.ingressPods.size()), 0);
}

double TrafficModel::appShare(const Topology &topo)
{
    double app = 0, all = 0;
    for (const Endpoint &e : topo.endpoints) {
        all += e.weight;
        if (e.service == 0)
            app += e.weight;
    }
    return all > 0 ? app / all : 0;
}

double TrafficModel::loadIntegral(const Scenario &scenario, qint64 start, qint64 end)
{
    double sum = 0;
    for (qint64 t = start; t < end; t += kSec)
        sum += scenario.loadFactor(t + kSec / 2);
    return sum;
}

const FaultWindow *TrafficModel::activeFault(FaultKind kind, qint64 t, int endpoint) const
{
    for (const FaultWindow &f : m_sc.faults)
        if (f.kind == kind && t >= f.from && t < f.to && (f.endpoint < 0 || f.endpoint == endpoint))
            return &f;
    return nullptr;
}

void TrafficModel::updateSecond(qint64 t)
{
    const qint64 second = t / kSec;
    if (second == m_second)
        return;
    m_second = second;
    m_overloadP = 0;
    m_overloadLatency = 1;
    if (m_sc.perPodCapacityRps <= 0)
        return;
    const double load = m_baseRate * m_appShare * m_sc.loadFactor(t);
    const int ready = std::max(1, readyPods(m_topo, PodGroup::App, t));
    const double ratio = load / (m_sc.perPodCapacityRps * ready);
    m_overloadLatency = 1 + 3 * std::max(0.0, ratio - 0.75);
    if (ratio > 1) {
        m_overloadP = m_sc.overload == OverloadMix::Hpa ? std::min(0.3, 0.45 * (1 - 1 / ratio))
                                                        : std::min(0.2, 0.3 * (1 - 1 / ratio));
    }
}

std::vector<SimRequest> TrafficModel::generate()
{
    std::vector<SimRequest> out;
    out.reserve(size_t(m_baseRate * double(m_end - m_start) / double(kSec) * 1.3) + 16);
    m_mechanisms.clear();
    m_mechanisms.reserve(out.capacity());
    std::vector<qint32> offsets;
    const double endpointTotal = m_topo.endpointCum.back();
    const double clientTotal = m_topo.clientCum.back();
    for (qint64 s = m_start; s < m_end; s += kSec) {
        const int n = m_rng.poisson(m_baseRate * m_sc.loadFactor(s + kSec / 2));
        offsets.resize(size_t(n));
        for (qint32 &o : offsets)
            o = qint32(m_rng.below(quint32(kSec)));
        std::sort(offsets.begin(), offsets.end());
        for (qint32 o : offsets) {
            SimRequest r;
            r.arrival = s + o;
            const double ue = m_rng.uniform() * endpointTotal;
            r.endpoint = quint16(std::upper_bound(m_topo.endpointCum.begin(), m_topo.endpointCum.end(), ue)
                                 - m_topo.endpointCum.begin());
            r.endpoint = std::min<quint16>(r.endpoint, quint16(m_topo.endpoints.size() - 1));
            const double uc = m_rng.uniform() * clientTotal;
            r.client = quint32(std::upper_bound(m_topo.clientCum.begin(), m_topo.clientCum.end(), uc) - m_topo.clientCum.begin());
            r.client = std::min<quint32>(r.client, quint32(m_topo.clients.size() - 1));
            r.variant = quint32(m_rng.next());
            r.clientPort = quint16(1024 + m_rng.below(64500));
            r.albNode = quint8(m_rng.below(quint32(m_albNodes)));
            if (m_topo.clients[r.client].userAgent % 10 < 4)
                r.flags |= ReqH2;
            m_mechanism = CauseMechanism::None;
            simulate(r);
            out.push_back(r);
            m_mechanisms.push_back((r.flags & ReqCause) ? m_mechanism : CauseMechanism::None);
        }
    }
    return out;
}

int TrafficModel::pickPod(PodGroup group, qint64 t, const SimRequest &r, int attempt)
{
    int candidates[64];
    int n = 0;
    for (int idx : m_groupPods[int(group)]) {
        bool tried = false;
        for (int a = 0; a < attempt; ++a)
            tried = tried || r.attemptPod[a] == idx;
        if (!tried && n < 64 && m_topo.pods[size_t(idx)].inEndpoints(t))
            candidates[n++] = idx;
    }
    if (!m_ejectedUntil.empty() && group == PodGroup::App && n > 0) {
        // NGINX skips a server marked failed (max_fails within fail_timeout); none left: "no live upstreams".
        int live = 0;
        for (int i = 0; i < n; ++i)
            if (m_ejectedUntil[pairIndex(r, candidates[i])] <= t)
                candidates[live++] = candidates[i];
        if (live == 0)
            return -2;
        n = live;
    }
    return n ? candidates[m_rng.below(quint32(n))] : -1;
}

double TrafficModel::latencyMs(const Endpoint &e)
{
    return std::min(m_rng.logNormal(e.medianMs, e.sigma), 25000.0);
}

void TrafficModel::missingUpstream(SimRequest &r, bool refused, qint64 elapsedUs)
{
    r.albReqUs = refused ? -1 : qint32(m_rng.range(80, 900));
    r.albTargetUs = -1;
    r.albRespUs = -1;
    r.albElapsedUs = qint32(std::max<qint64>(elapsedUs, 200));
    r.elbStatus = 502;
    r.targetStatus = -1;
    r.ingressStatus = 0;
    r.attempts = 0;
    r.origin = Origin::Alb;
    r.flags = quint8((r.flags & ReqH2) | ReqCause);
    r.bodyBytes = 0;
}

void TrafficModel::albFailedOnPod(SimRequest &r, UpstreamError err, bool cause)
{
    // What an ingress would have logged as its upstream error the ALB answers itself, with no target
    // status (AWS, "Troubleshoot your Application Load Balancers"): a refused connection or a reset
    // 502, the target gone quiet past the idle timeout 504, no registered target at all 503. Nothing
    // was sent to a target when it refused or there was none: the ALB logs -1 for its times.
    missingUpstream(r, err == UpstreamError::ConnRefused || err == UpstreamError::NoLive,
                    qint64(r.albReqUs > 0 ? r.albReqUs : 0) + r.attemptUs[0] + m_rng.range(100, 900));
    if (err == UpstreamError::TimedOut)
        r.elbStatus = 504;
    else if (err == UpstreamError::NoLive)
        r.elbStatus = 503;
    if (!cause)
        r.flags = quint8(r.flags & ~ReqCause);
}

void TrafficModel::okResponse(SimRequest &r, const Endpoint &e, double latencyMs, int a)
{
    int status = e.okStatus;
    const double u = m_rng.uniform();
    if (e.staticAsset && u < 0.15)
        status = 304;
    else if ((e.path.contains("{id}") || e.path.contains("{sku}")) && u < 0.015)
        status = 404;
    else if (e.path == "/api/users/me" && u < 0.03)
        status = 401;
    else if (!e.idempotent && u < 0.01)
        status = 400;
    if (status != e.okStatus)
        latencyMs *= 0.4;
    r.attemptStatus[a] = qint16(status);
    r.attemptUs[a] = std::max<qint32>(300, qint32(latencyMs * 1000));
    if (status == 304 || status == 204)
        r.bodyBytes = 0;
    else if (status >= 400)
        r.bodyBytes = quint32(m_rng.range(40, 160));
    else
        r.bodyBytes = quint32(std::max(1.0, m_rng.logNormal(e.bodyMedian, 0.35)));
    if (e.bodyMedian == 0)
        r.bodyBytes = 0;
}

void TrafficModel::simulate(SimRequest &r)
{
    const Endpoint &e = m_topo.endpoints[r.endpoint];
    const SimService &svc = m_topo.services[size_t(e.service)];
    const int headers = m_rng.range(380, 900); // one draw per statement (topology.cpp)
    r.requestLength = quint32(headers + e.path.size() + (e.method == "POST" || e.method == "PUT" ? m_rng.range(120, 1600) : 0));
    r.albReqUs = qint32(m_rng.range(120, 1100));
    // ALB -> ingress: every ingress pod is a registered target (with the app's pods as the targets,
    // Topology::albPodTargets, the ingress pod drawn here is not in the path).
    const auto &ingress = m_world.ingressPods;
    r.ingressPod = quint8(m_rng.below(quint32(ingress.size())));
    const SimPod &ing = m_topo.pods[size_t(ingress[r.ingressPod])];
    const qint64 tIn = r.ingressStart();
    // The ALB straight to the app's pods: no ingress to be down, no NGINX retries; the ALB's own
    // keep-alive race is with the pod (the app's keep-alive shorter than the ALB's idle timeout:
    // the scenario's KeepaliveIngress window, the loop below).
    const bool direct = m_topo.albPodTargets;
    if (!direct && !ing.listening(tIn)) {
        m_mechanism = CauseMechanism::IngressDown;
        missingUpstream(r, true, m_rng.range(400, 3000));
        return;
    }
    if (const FaultWindow *f = direct ? nullptr : activeFault(FaultKind::KeepaliveAlb, r.arrival); f && m_rng.chance(f->probability)) {
        m_mechanism = CauseMechanism::Keepalive;
        missingUpstream(r, false, m_rng.range(600, 4000));
        return;
    }
    if (m_sc.overload == OverloadMix::NodePort) {
        // ALB -> NodePort -> busy pod: kube-proxy has no queue; a full accept queue resets the
        // connection and the ALB answers 502 itself (a reset, not a connect timeout, which is 504).
        updateSecond(tIn);
        if (e.service == 0 && m_overloadP > 0 && m_rng.chance(m_overloadP)) {
            m_mechanism = CauseMechanism::Overload;
            missingUpstream(r, true, m_rng.range(300, 2500));
            return;
        }
    }

    // Ingress -> upstream (with the app's pods as the targets: ALB -> pod, one attempt).
    updateSecond(tIn);
    const int maxAttempts = (!direct && !m_traefik && m_topo.nginxRetries && e.idempotent) ? 3 : 1;
    qint64 ta = tIn + m_rng.range(40, 250);
    bool cause = false;
    for (int a = 0; a < maxAttempts; ++a) {
        r.attempts = quint8(a + 1);
        r.attemptPod[a] = kNoPod;
        if (svc.external && !direct) {
            if (const FaultWindow *f = activeFault(FaultKind::DnsFailure, ta); f && m_rng.chance(f->probability)) {
                const bool timedOut = m_rng.chance(0.2);
                r.attemptErr[a] = timedOut ? UpstreamError::DnsTimeout : UpstreamError::Dns;
                r.attemptStatus[a] = -1;
                r.attemptUs[a] = timedOut ? us(5.0) + m_rng.range(100, 3000) : m_rng.range(2000, 40000);
                cause = true;
                m_mechanism = CauseMechanism::Dns;
            } else {
                okResponse(r, e, latencyMs(e), a);
            }
            break;
        }
        // Without an ingress the ALB's rule for an ExternalName service's path goes to the app.
        const PodGroup group = svc.external ? PodGroup::App : svc.group;
        const int pod = pickPod(group, ta, r, a);
        if (pod < 0) {
            if (a == 0 || pod == -2) {
                r.attemptErr[a] = UpstreamError::NoLive;
                r.attemptStatus[a] = 502;
                r.attemptUs[a] = 0;
                cause = true;
                // No pod in the endpoints at all (they were all removed), or NGINX skipping every server it marked failed.
                m_mechanism = pod == -2 ? CauseMechanism::Ejection : CauseMechanism::PodDown;
            } else {
                r.attempts = quint8(a); // nothing left to retry on: the last failure stands
            }
            break;
        }
        r.attemptPod[a] = quint16(pod);
        const SimPod &p = m_topo.pods[size_t(pod)];
        if (!p.listening(ta)) {
            r.attemptErr[a] = UpstreamError::ConnRefused;
            r.attemptStatus[a] = 502;
            r.attemptUs[a] = m_rng.range(200, 1500);
            ta += r.attemptUs[a];
            cause = true;
            m_mechanism = CauseMechanism::PodDown;
            if (!m_ejectedUntil.empty())
                m_ejectedUntil[pairIndex(r, pod)] = ta + qint64(m_sc.ejectSec * double(kSec));
            continue;
        }
        auto failed = [&](UpstreamError err, qint32 spentUs) {
            r.attemptErr[a] = err;
            r.attemptStatus[a] = 502;
            r.attemptUs[a] = spentUs;
            ta += spentUs;
            cause = true;
            if (!m_ejectedUntil.empty())
                m_ejectedUntil[pairIndex(r, pod)] = ta + qint64(m_sc.ejectSec * double(kSec));
        };
        if (const FaultWindow *f = activeFault(FaultKind::UpstreamFlap, ta); f && group == PodGroup::App
            && m_rng.chance(f->probability)) {
            const qint32 spentUs = m_rng.range(200, 3000); // GCC's order of the two arguments (topology.cpp)
            m_mechanism = CauseMechanism::Flap;
            failed(m_rng.chance(0.6) ? UpstreamError::ConnRefused : UpstreamError::Reset, spentUs);
            continue;
        }
        if (!m_lastUse.empty() && group == PodGroup::App) {
            // Both keep-alive timers expire after the same idle time: a request sent on the connection
            // just as the app closes it meets the close.
            qint64 &last = m_lastUse[pairIndex(r, pod)];
            const double idle = last > 0 ? double(ta - last) / double(kSec) : -1;
            last = ta;
            if (idle >= m_sc.idleTimerSec - 0.5 && idle <= m_sc.idleTimerSec + 0.05 && m_rng.chance(0.8)) {
                const qint32 spentUs = m_rng.range(200, 2000);
                m_mechanism = CauseMechanism::IdleRace;
                failed(m_rng.chance(0.7) ? UpstreamError::Premature : UpstreamError::Reset, spentUs);
                continue;
            }
        }
        if (const FaultWindow *f = activeFault(FaultKind::KeepaliveIngress, ta); f && group == PodGroup::App
            && m_rng.chance(f->probability)) {
            r.attemptErr[a] = m_rng.chance(0.7) ? UpstreamError::Premature : UpstreamError::Reset;
            r.attemptStatus[a] = 502;
            r.attemptUs[a] = m_rng.range(200, 4000);
            ta += r.attemptUs[a];
            cause = true;
            m_mechanism = CauseMechanism::Keepalive;
            continue;
        }
        double l = latencyMs(e) * p.slowdown(ta);
        const FaultWindow *slow = activeFault(FaultKind::SlowEndpoint, ta, r.endpoint);
        if (slow)
            l = m_rng.logNormal(slow->medianMs, slow->sigma);
        if (group == PodGroup::App) {
            l *= m_overloadLatency;
            if (m_overloadP > 0 && m_sc.overload != OverloadMix::NodePort && m_rng.chance(m_overloadP)) {
                cause = true;
                m_mechanism = CauseMechanism::Overload;
                const double u = m_rng.uniform();
                if (m_sc.overload == OverloadMix::Hpa && u < 0.25) {
                    r.attemptErr[a] = UpstreamError::ConnRefused;
                    r.attemptStatus[a] = 502;
                    r.attemptUs[a] = m_rng.range(300, 2000);
                    ta += r.attemptUs[a];
                    continue;
                }
                if (m_sc.overload == OverloadMix::Pool && u < 0.5) {
                    r.attemptErr[a] = UpstreamError::NoLive;
                    r.attemptStatus[a] = 502;
                    r.attemptUs[a] = 0;
                    r.attemptPod[a] = kNoPod;
                    break;
                }
                const bool is503 = m_rng.chance(m_sc.overload == OverloadMix::Pool ? 0.5 : 0.3);
                r.attemptStatus[a] = is503 ? 503 : 502;
                r.attemptUs[a] = m_sc.overload == OverloadMix::Pool && is503 ? us(m_rng.uniform(1, 5))
                                                                              : qint32(l * 1000 * m_rng.uniform(1.5, 4));
                r.bodyBytes = quint32(m_rng.range(60, 180));
                break;
            }
        }
        const qint64 lus = qint64(l * 1000);
        const qint64 death = p.deathIn(ta, ta + std::min(lus, kProxyReadTimeoutUs));
        if (death != kNever) {
            r.attemptErr[a] = UpstreamError::Premature;
            r.attemptStatus[a] = 502;
            r.attemptUs[a] = qint32(std::max<qint64>(100, death - ta));
            ta += r.attemptUs[a];
            cause = true;
            m_mechanism = CauseMechanism::PodDown;
            continue;
        }
        if (lus >= kProxyReadTimeoutUs) {
            r.attemptErr[a] = UpstreamError::TimedOut;
            r.attemptStatus[a] = 504;
            r.attemptUs[a] = qint32(kProxyReadTimeoutUs + m_rng.range(200, 3000));
            cause = true;
            m_mechanism = CauseMechanism::Slow;
            break;
        }
        if (slow && lus >= kAppGatewayTimeoutUs && m_rng.chance(0.85)) {
            // The app gives up on its own backend and answers 502 itself.
            r.attemptStatus[a] = 502;
            r.attemptUs[a] = qint32(kAppGatewayTimeoutUs + m_rng.range(2000, 40000));
            r.bodyBytes = quint32(m_rng.range(80, 140));
            cause = true;
            m_mechanism = CauseMechanism::Slow;
            break;
        }
        if (group == PodGroup::App && m_sc.trickle502 > 0 && m_rng.chance(m_sc.trickle502)) {
            r.attemptStatus[a] = 502;
            r.attemptUs[a] = qint32(l * 1000);
            r.bodyBytes = quint32(m_rng.range(80, 140));
            break;
        }
        okResponse(r, e, l, a);
        break;
    }
    const int last = std::min<int>(r.attempts, 3) - 1;
    qint64 spent = 0;
    for (int i = 0; i < r.attempts; ++i)
        spent += r.attemptUs[i];
    r.ingressTotalUs = qint32(spent + m_rng.range(60, 600));
    const UpstreamError err = r.attemptErr[last];
    if (err == UpstreamError::None)
        r.ingressStatus = r.attemptStatus[last];
    else
        r.ingressStatus = err == UpstreamError::TimedOut ? 504 : 502;
    if (err != UpstreamError::None)
        r.bodyBytes = err == UpstreamError::TimedOut ? 160 : 150;
    if (direct && err != UpstreamError::None) {
        albFailedOnPod(r, err, cause);
        return;
    }
    if (!direct) {
        // The ingress itself may die while it handles the request: the ALB's connection is cut.
        const qint64 ingressDeath = ing.deathIn(tIn, tIn + r.ingressTotalUs);
        if (ingressDeath != kNever) {
            m_mechanism = CauseMechanism::IngressDown;
            missingUpstream(r, false, ingressDeath - r.arrival);
            return;
        }
        r.flags |= ReqIngressLogged;
    }
    // The target answered (the ingress, or with the app's pods as targets the pod itself).
    if (cause && (r.ingressStatus >= 500))
        r.flags |= ReqCause;
    r.albTargetUs = r.ingressTotalUs + m_rng.range(150, 900);
    r.albRespUs = m_rng.range(0, 350);
    r.albElapsedUs = r.albReqUs + r.albTargetUs + r.albRespUs;
    r.elbStatus = r.ingressStatus;
    r.targetStatus = r.ingressStatus;
    if (r.elbStatus == 502)
        r.origin = err == UpstreamError::None ? Origin::App : Origin::Ingress;
}

const char *TrafficModel::mechanismName(CauseMechanism m)
{
    switch (m) {
    case CauseMechanism::None: return "none";
    case CauseMechanism::PodDown: return "pod";
    case CauseMechanism::IngressDown: return "ingress-pod";
    case CauseMechanism::Keepalive: return "keepalive";
    case CauseMechanism::Overload: return "overload";
    case CauseMechanism::Dns: return "dns";
    case CauseMechanism::Ejection: return "ejection";
    case CauseMechanism::Flap: return "flap";
    case CauseMechanism::IdleRace: return "idle-race";
    case CauseMechanism::Slow: return "slow";
    }
    return "none";
}

} // namespace gateline::gen
