#include "branchcauses.h"
#include "cdnbranch.h"
#include "scoring.h"

#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

using scoring::pct;
using scoring::ramp;
using scoring::say;

CauseScore *find(QList<CauseScore> &out, QLatin1StringView id)
{
    for (CauseScore &c : out)
        if (c.id == id)
            return &c;
    return nullptr;
}

bool haveFormat(const Evidence &e, SourceFormat f)
{
    const EventStore &store = e.analysis().store();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (s.format == f && s.size() > 0)
            return true;
    }
    return false;
}

qint64 rescalesUnderLoad(const Evidence &e)
{
    qint64 n = 0;
    for (const LoadFeatures::Window &w : e.load().highLoad)
        n += e.signals().total(EventClass::HpaRescale, w.fromUs - 60000000, w.toUs);
    return n;
}

// The 502s within `window` seconds of one of the (sorted) times.
std::vector<char> near(const std::vector<qint64> &errors, const std::vector<qint64> &times, double beforeS, double afterS)
{
    std::vector<char> out(errors.size(), 0);
    for (size_t i = 0; i < errors.size(); ++i) {
        auto it = std::lower_bound(times.begin(), times.end(), errors[i] - qint64(afterS * 1e6));
        out[i] = it != times.end() && *it <= errors[i] + qint64(beforeS * 1e6);
    }
    return out;
}

CauseScore nodePortBusy(const Evidence &e, double volume, qint64 rescales)
{
    const BranchFeatures &b = e.branches();
    const LoadFeatures &load = e.load();
    CauseScore c;
    c.id = QStringLiteral("nodeport-busy");
    // Behind an ingress, the NodePort is the ingress's and its logs would show the failures.
    const double noIngress = b.ingressLoaded ? 0.25 : 1;
    // Pod events are the other explanation of the load balancer's own 502s (a pod down), but only of
    // those the load does not explain: when 502s come only under high load (the share of them the
    // high load's rate beyond the rest's accounts for, loadExplained()), an OOM window or a restart
    // that happens to overlap the traffic spike holds them because it overlaps the spike. Its tie
    // discounts the branch on the remainder alone. (With the tie over all of them, a spike over
    // four OOM outages, 85% of the 502s in 58% of the time, 1.5x, scored the branch 0.08 while the
    // load explained every 502: study seed 1313.)
    // Without a spike the load's tie is that of the busier bins (LoadFeatures::followTie()): the
    // app is busy when the requests exceed its capacity, which need not be 1.5x the median load
    // (a 1.2x rise with 610 NodePort drops only in the busier minutes scored 0: study seed 1314).
    const double quiet = 1 - e.eventTie() * (1 - load.followExplained());
    const double unscaled = rescales > 0 ? 0.5 : 1;
    c.score = b.nodePortShare * load.followTie() * quiet * noIngress * unscaled * volume;
    if (b.lbMade > 0)
        say(c, QStringLiteral("%1 502s made by the ALB itself (target_status_code '-'), %2 of them to a NodePort "
                              "target (port %3-%4, e.g. %5)")
                   .arg(b.lbMade)
                   .arg(b.nodePortMade)
                   .arg(params::kNodePortMin)
                   .arg(params::kNodePortMax)
                   .arg(b.nodePortExample.isEmpty() ? QStringLiteral("none") : b.nodePortExample));
    else
        say(c, QStringLiteral("no 502s made by the ALB itself (target_status_code '-')"));
    say(c, b.ingressLoaded ? QStringLiteral("an ingress log is loaded: the NodePort is the ingress's, not the app's")
                           : QStringLiteral("no ingress log is loaded: the ALB sends straight to the NodePort"));
    if (load.spike()) {
        say(c, QStringLiteral("%1 of the 502s and %2 of the requests fall in the %3 of the time when the request rate is at "
                              "least 1.5x its baseline (peak %4/s, baseline %5/s: the median outside high load): the app is busy")
                   .arg(pct(load.highLoadErrorShare), pct(load.highLoadRequestShare), pct(load.highLoadTimeShare))
                   .arg(load.requestsPerSecondPeak, 0, 'f', 1)
                   .arg(load.requestsPerSecondBaseline, 0, 'f', 1),
            load.highLoad.empty() ? 0 : load.highLoad.front().fromUs, load.highLoad.empty() ? 0 : load.highLoad.back().toUs);
        // Why a spike that holds the 502s ties none of them (too few beyond the requests' share).
        if (const QString why = load.noTieText(load.errors, load.errorsHigh, load.errorRateHigh, load.errorRateLow);
            !why.isEmpty())
            say(c, why);
    } else if (load.requestsPerSecondBaseline > 0 && !load.busier.empty())
        say(c, QStringLiteral("no traffic spike (peak %1x the baseline rate); %2 of the 502s and %3 of the requests fall in "
                              "the busier minutes (the upper of two groups of one-minute rates%4): %5 vs %6 per 1000 "
                              "requests, %7 by shifting the 502s over the range")
                   .arg(load.peakToBaseline, 0, 'f', 1)
                   .arg(pct(load.busierErrorShare), pct(load.busierRequestShare))
                   .arg(load.busierReal ? QString() : QStringLiteral(", no busier beyond counting noise"))
                   .arg(load.busierRateHigh * 1000, 0, 'f', 2)
                   .arg(load.busierRateLow * 1000, 0, 'f', 2)
                   .arg(load.follow.pText()),
            load.busier.front().fromUs, load.busier.back().toUs);
    else if (load.requestsPerSecondBaseline > 0)
        say(c, QStringLiteral("no traffic spike (peak %1x the baseline rate)").arg(load.peakToBaseline, 0, 'f', 1));
    else
        say(c, QStringLiteral("too few requests or too short a range to tell a request rate"));
    say(c, QStringLiteral("strongest tie to pod events: %1 (a NodePort drop needs none); the load explains %2 of the 502s, "
                          "the events can only explain the rest")
               .arg(pct(e.eventTie()), pct(load.followExplained())));
    if (rescales > 0)
        say(c, QStringLiteral("the autoscaler rescaled %1 times during the high load").arg(rescales));
    return c;
}

CauseScore noReadyBackend(const Evidence &e, double volume)
{
    const BranchFeatures &b = e.branches();
    CauseScore c;
    c.id = QStringLiteral("no-ready-backend");
    const Alignment &a = b.noBackendOnUnready;
    // Kubernetes folds repeated probe failures into one event (count, first and last time), so
    // only the latest round of failures has its times: one moment when every backend failed is
    // the corroboration; the statistical tie adds to it where the times allow one.
    const double tie = !e.haveKubernetes() ? 0.6 : (b.allUnreadyEpisodes > 0 ? 0.85 + 0.15 * a.strength() : 0.45);
    c.score = b.noBackendShare * tie * volume;
    say(c, QStringLiteral("%1 of the 502s (%2) are failed_to_pick_backend: the GCP load balancer had no healthy "
                          "backend to send to")
               .arg(b.noBackend)
               .arg(pct(b.noBackendShare)),
        b.noBackendTimes.empty() ? 0 : b.noBackendTimes.front(), b.noBackendTimes.empty() ? 0 : b.noBackendTimes.back());
    if (b.allUnreadyEpisodes > 0)
        say(c, QStringLiteral("%1 times every pod of %2 (%3 pods) failed its readiness probe within %4 s of each other")
                   .arg(b.allUnreadyEpisodes)
                   .arg(b.allUnreadyWorkload)
                   .arg(b.allUnreadyPods)
                   .arg(qRound(params::kProbePeriodS * params::kProbeFailureThreshold)),
            b.allUnreadyTimes.front(), b.allUnreadyTimes.back());
    else if (e.haveKubernetes())
        say(c, QStringLiteral("no moment when every pod of a workload failed its readiness probe at once"));
    if (a.matched > 0)
        say(c, QStringLiteral("%1 of %2 failed_to_pick_backend 502s (%3) come while all the backends fail readiness: %4")
                   .arg(a.matched)
                   .arg(a.errors)
                   .arg(pct(a.share), a.summary()),
            a.firstUs, a.lastUs);
    return c;
}

} // namespace

// The 'no live upstreams' line is the proxy stating the ejection itself (every server of the group
// marked failed), as failed_to_pick_backend is the GCP load balancer stating it had no backend: the
// statistical tie only has to show that the lines follow failures (an ejection) rather than come
// at any time (a group with no servers, max_conns reached). A single flap is one burst of failures
// followed by one burst of such lines, which the coincidence core weighs as one coincidence (half,
// Coincidence::strength()); but its lines tracking the failures' windows beyond chance (p < 0.05)
// is the mechanism's own sequence, weighed like no-ready-backend's corroborated lines (0.85) by how
// far beyond chance they sit (excess()).
double passiveEjectionTie(const Coincidence &a)
{
    const bool follows = !a.tooFew && a.events > 0 && a.pValue < 0.05;
    return std::max(a.strength(), follows ? 0.85 * a.excess() : 0.0);
}

namespace {

CauseScore passiveEjection(const Evidence &e, double volume)
{
    const BranchFeatures &b = e.branches();
    CauseScore c;
    c.id = QStringLiteral("passive-ejection");
    const Alignment &a = b.noLiveAfterFailure;
    c.score = passiveEjectionTie(a) * ramp(double(b.noLive), 2, 10) * (1 - e.load().loadTie())
              * (0.6 + 0.4 * ramp(b.noLiveShare, 0.1, 0.4)) * volume;
    if (b.noLive > 0) {
        say(c, QStringLiteral("%1 'no live upstreams' / 'no healthy upstream' (%2 from Envoy, flag UH), %3 of the "
                              "upstream error lines; %4 failed upstream attempts%5")
                   .arg(b.noLive)
                   .arg(b.noLiveEnvoy)
                   .arg(pct(b.noLiveShare))
                   .arg(b.upstreamFailures)
                   .arg(b.endedFailures > 0 ? QStringLiteral(" (%1 of them to a server that answered nothing after "
                                                             "them: a pod going away, not ejected and tried again)")
                                                  .arg(b.endedFailures)
                                            : QString()),
            b.noLiveTimes.front(), b.noLiveTimes.back());
        say(c, QStringLiteral("%1 of %2 of them come within %3 s after a failed upstream attempt on a server that had "
                              "not gone (the proxy marks a server failed that long): %4")
                   .arg(a.matched)
                   .arg(a.errors)
                   .arg(qRound(b.ejectionSeconds))
                   .arg(a.summary()),
            a.firstUs, a.lastUs);
    } else {
        say(c, QStringLiteral("no 'no live upstreams' (NGINX) or 'no healthy upstream' (Envoy UH) in the loaded logs"));
    }
    say(c, QStringLiteral("tie to load: %1 (an exhausted pool shows under load; an ejection follows failures)")
               .arg(pct(e.load().loadTie())));
    return c;
}

CauseScore idleTimerRace(const Evidence &e, double volume)
{
    const BranchFeatures &b = e.branches();
    CauseScore c;
    c.id = QStringLiteral("idle-timer-race");
    // An ejected server is idle for the ejection time and fails again when it comes back: that is
    // the ejection's rhythm, not a keep-alive race; a race gives a steady trickle, not bursts.
    c.score = b.idleRaceStrength() * (1 - e.load().loadTie()) * (1 - e.eventTie())
              * (1 - passiveEjectionTie(b.noLiveAfterFailure)) * (1 - 0.7 * e.bursts().burstShare) * volume;
    if (b.idleSamples > 0 && b.idleModeSeconds >= 0)
        say(c, QStringLiteral("%1 of %2 failed upstream attempts reused a connection idle for %3-%4 s; %5 of all "
                              "requests came after such an idle time (%6x)")
                   .arg(pct(b.idleModeShare))
                   .arg(b.idleSamples)
                   .arg(b.idleModeSeconds, 0, 'f', 0)
                   .arg(b.idleModeSeconds + params::kIdleRaceBandS, 0, 'f', 0)
                   .arg(pct(b.idleBaseShare))
                   .arg(std::min(b.idleEffect, 999.0), 0, 'f', 1));
    else
        say(c, QStringLiteral("%1 failed upstream attempts with a previous request on the same upstream: too few to "
                              "tell the idle time they fail at")
                   .arg(b.idleSamples));
    if (b.idleRace())
        say(c, QStringLiteral("the proxy's upstream keep-alive timeout and the app's both expire after about %1 s")
                   .arg(qRound(b.idleModeSeconds + params::kIdleRaceBandS / 2)));
    return c;
}

} // namespace

QStringList branchCauseIds()
{
    return {QStringLiteral("nodeport-busy"), QStringLiteral("no-ready-backend"), QStringLiteral("passive-ejection"),
            QStringLiteral("idle-timer-race"), cdnBranchId()};
}

void scoreBranchCauses(const Evidence &e, QList<CauseScore> &out)
{
    const double n = double(e.errorTimes().size());
    const double volume = ramp(n * (0.5 + 0.5 * e.certainShare()), 1, 6);
    const qint64 rescales = rescalesUnderLoad(e);
    const BranchFeatures &b = e.branches();
    out << nodePortBusy(e, volume, rescales) << noReadyBackend(e, volume) << passiveEjection(e, volume)
        << idleTimerRace(e, volume);

    // The table rows whose evidence a branch explains better:
    // - an exhausted ingress pool makes ingress 502s; the ALB's own 502s on NodePorts with no
    //   ingress in between are not that;
    if (CauseScore *pool = find(out, QLatin1StringView("connection-pool-exhaustion")); pool && !b.ingressLoaded)
        pool->score *= 1 - b.nodePortShare;
    // - probe failures one pod at a time are flapping; all backends at once with the LB saying it
    //   had none to pick is the no-backend branch, also where flapping is rescored on the few 502s
    //   the no-backend ones leave (the same probe failures: bundleNoBackendShare);
    const double allAtOnce = std::max(b.noBackendShare, b.bundleNoBackendShare) * (b.allUnreadyEpisodes > 0 ? 0.8 : 0);
    if (CauseScore *flap = find(out, QLatin1StringView("health-check-flapping")))
        flap->score *= 1 - allAtOnce;
    // - "no live upstreams" right after failures is an ejection, not an exhausted pool;
    if (CauseScore *pool = find(out, QLatin1StringView("connection-pool-exhaustion")))
        pool->score *= 1 - 0.5 * passiveEjectionTie(b.noLiveAfterFailure);
    // - resets at one idle time are the equal-timers race (a shorter app timer gives them at any).
    if (CauseScore *ka = find(out, QLatin1StringView("keepalive-mismatch")))
        ka->score *= 1 - b.idleRaceStrength() * (1 - passiveEjectionTie(b.noLiveAfterFailure));
    // A CDN in front (cdnbranch.h): its own 502s, and the causes that would read them as theirs.
    out << scoreCdnBranch(e);
    temperForCdn(e, out);
}

std::vector<char> branchClaims(const QString &id, const Evidence &e)
{
    if (id == cdnBranchId())
        return cdnBranchClaims(e);
    const std::vector<qint64> &t = e.errorTimes();
    const BranchFeatures &b = e.branches();
    std::vector<char> out(t.size(), 0);
    if (id == QLatin1StringView("nodeport-busy")) {
        // The ALB's own 502s on NodePorts while the app is busy (the high-load windows when the
        // rate has a spike, else the busier minutes when the 502s follow them): a NodePort 502 at
        // another time is something else's.
        const EventStore &store = e.analysis().store();
        const auto &errors = e.series().errors();
        const auto &busy = e.load().busyWindows();
        const bool tied = e.load().spike() || e.load().followTie() > 0;
        for (size_t i = 0; i < errors.size() && i < out.size(); ++i) {
            const SourceData &s = store.source(errors[i].source);
            out[i] = errors[i].origin == Origin::Alb && s.format == SourceFormat::Alb
                     && isNodePort(portOf(s.string(SourceData::Upstream, errors[i].row)));
            if (out[i] && tied)
                out[i] = std::any_of(busy.begin(), busy.end(),
                                     [&](const LoadFeatures::Window &w) { return t[i] >= w.fromUs && t[i] <= w.toUs; });
        }
    } else if (id == QLatin1StringView("no-ready-backend")) {
        // The series and noBackendTimes are both sorted by time: the 502s at those times.
        out = near(t, b.noBackendTimes, 0, 0);
    } else if (id == QLatin1StringView("passive-ejection")) {
        // The 502s at a "no live upstreams" line (within the log's one-second resolution), and the
        // ejection's triggers: the 502s the proxy made on a server address that had not ended
        // (BranchFeatures::endedAfter 0: it answered again afterwards, or never answered in the
        // range), at most the ejection time (NGINX's fail_timeout, Envoy's base_ejection_time:
        // noLiveAfterFailure's window) before a no-live line; the failures that can eject, as
        // computeEjection counts them. Those are the failed attempts that marked the servers
        // failed. A pod going away (killed, rolled) answers nothing after its last failures,
        // leaves the endpoints and is not ejected, so its 502s stay another cause's; a container
        // restarted in its pod keeps the address and answers again, so its failures just before a
        // no-live line count as the ejection's, as the proxy counted them. (With the no-live 502s
        // alone, a flap's own failures were most of the 502s left to other causes, 123 of 385 with
        // at most 15 not the flap's, and a graceful shutdown beside it, 13 of those 123 on its
        // killed pods, scored 0.35: study seed 2004.)
        out = near(t, b.noLiveTimes, 1, 1);
        const std::vector<char> before = near(t, b.noLiveTimes, b.ejectionSeconds, 1);
        const auto &errors = e.series().errors();
        for (size_t i = 0; i < errors.size() && i < out.size() && i < b.withServer.size() && i < b.endedAfter.size(); ++i)
            if (!out[i] && before[i] && b.withServer[i] && !b.endedAfter[i] && errors[i].origin == Origin::Ingress)
                out[i] = 1;
    } else if (id == QLatin1StringView("idle-timer-race")) {
        // The steady part: 502s outside every burst.
        std::fill(out.begin(), out.end(), 1);
        for (size_t i = 0; i < t.size(); ++i)
            for (const Burst &w : e.bursts().bursts)
                if (t[i] >= w.fromUs && t[i] <= w.toUs) {
                    out[i] = 0;
                    break;
                }
    }
    return out;
}

QString branchMissingSource(const QString &id, const Evidence &e)
{
    if (id == cdnBranchId())
        return cdnBranchMissingSource(e);
    const QString events = QStringLiteral("Kubernetes events and pods (kubectl get events -o json, kubectl get pods -o json)");
    const bool alb = haveFormat(e, SourceFormat::Alb), gcp = haveFormat(e, SourceFormat::GcpLb);
    if (id == QLatin1StringView("nodeport-busy")) {
        if (gcp && !alb)
            return {}; // not an ALB: the branch does not apply
        if (!alb)
            return QStringLiteral("the ALB access logs (target:port and target_status_code)");
        return e.haveKubernetes() ? QString() : events;
    }
    if (id == QLatin1StringView("no-ready-backend")) {
        if (alb && !gcp)
            return {}; // an AWS load balancer: the branch does not apply
        if (!gcp)
            return QStringLiteral("the GCP load balancer's request logs (Cloud Logging, resource.type http_load_balancer)");
        return e.haveKubernetes() ? QString() : events;
    }
    if (id == QLatin1StringView("passive-ejection")) {
        const bool logs = e.logs().haveErrorLog || haveFormat(e, SourceFormat::Envoy);
        return logs ? QString() : QStringLiteral("the proxy's error log (NGINX) or Envoy access log");
    }
    if (id == QLatin1StringView("idle-timer-race")) {
        const EventStore &store = e.analysis().store();
        for (qsizetype sid = 0; sid < store.sourceCount(); ++sid)
            if (isIngressAccessSource(store.source(SourceId{int(sid)})))
                return {};
        return QStringLiteral("the ingress access logs (upstream addresses and times)");
    }
    return {};
}

double branchTie(const QString &id, const Evidence &e)
{
    if (id == cdnBranchId())
        return cdnBranchTie(e);
    const BranchFeatures &b = e.branches();
    if (id == QLatin1StringView("nodeport-busy"))
        return e.load().followTie() * b.nodePortShare;
    if (id == QLatin1StringView("no-ready-backend"))
        return b.noBackendOnUnready.strength();
    if (id == QLatin1StringView("passive-ejection"))
        return passiveEjectionTie(b.noLiveAfterFailure);
    if (id == QLatin1StringView("idle-timer-race"))
        return b.idleRaceStrength();
    return 0;
}

} // namespace gateline
