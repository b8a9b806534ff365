#include "tablecauses.h"

#include "keepalivecause.h"
#include "scoring.h"

#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

using scoring::pct;
using scoring::ramp;
using scoring::say;

class Scorer
{
public:
    explicit Scorer(const Evidence &e) : m_e(e) {}

    CauseScore make(const QString &id) const
    {
        CauseScore c;
        c.id = id;
        return c;
    }
    // "34 of 40 502s (85%) come within 10 s after the Killing of a pod: 85% vs 3% by chance: 28x
    // (95% CI 20-31x), p < 0.002" (the statistical core's numbers, as everywhere else)
    QString alignText(const Alignment &a, const QString &what) const
    {
        return QStringLiteral("%1 of %2 502s (%3) come %4: %5")
            .arg(a.matched)
            .arg(a.errors)
            .arg(pct(a.share), what, a.summary());
    }

    const Evidence &m_e;
};

// The proxy's "no active endpoint" lines, for pod-not-ready and graceful-shutdown.
void sayNoEndpoints(const Scorer &s, CauseScore &c, const Evidence &e)
{
    const Alignment &a = e.noEndpoints();
    if (a.events == 0)
        return;
    if (a.matched > 0)
        say(c, s.alignText(a, QStringLiteral("around the proxy logging a service with no active endpoint")), a.firstUs,
              a.lastUs);
    else
        say(c, QStringLiteral("the proxy logged a service with no active endpoint %1 times, with no 502s around")
                     .arg(a.events));
}

// Where the oom-crash tie looked (alignOutages, evidenceevents.h: the fixed window around each
// kill, or each kill's window run to its own container's return), with the window's numbers as
// the core gives them: "from 5 s before to 30 s after an OOM kill", or "from 5 s before an OOM
// kill until its container was back (+30 s; 3 of 3 kills, windows of 118 s median)".
QString oomWindowText(const Alignment &a)
{
    const auto secs = [](double v) { return QString::number(v, 'f', std::abs(v - std::round(v)) < 0.05 ? 0 : 1); };
    if (a.ownEnds == 0)
        return QStringLiteral("from %1 s before to %2 s after an OOM kill").arg(secs(a.beforeSeconds), secs(a.afterSeconds));
    const QString rest = a.ownEnds < a.events
                             ? QStringLiteral("; the other kills' %1 s after, their container not back within %2 s")
                                   .arg(secs(a.afterSeconds), secs(params::kCrashLoopBackOffMaxS))
                             : QString();
    return QStringLiteral("from %1 s before an OOM kill until its container was back (+%2 s; %3 of %4 kills, windows of "
                          "%5 s median%6)")
        .arg(secs(a.beforeSeconds), secs(a.afterSeconds))
        .arg(a.ownEnds)
        .arg(a.events)
        .arg(secs(a.ownEndMedianSeconds), rest);
}

} // namespace

double newPodSupport(const EndpointFeatures &ep, qint64 errors)
{
    if (errors <= 0 || ep.errorsWithIp < Coincidence::kMinErrors || ep.newPodsHit == 0 || ep.newPodChance >= 1)
        return 0;
    // Chance over the 502s to the pods it is measured over (those with a known first start), not
    // over the 502s to gone pods or pods of no known start as well.
    const double beyondChance = std::max(0.0, double(ep.newPodErrors) - ep.newPodChance * double(ep.errorsToStartedPods));
    if (ep.newPodErrors < Coincidence::kMinErrors)
        return 0;
    const double independent = ep.newPodsHit >= 3 ? 1 : (ep.newPodsHit == 2 ? 0.75 : 0.5);
    return independent * std::min(1.0, beyondChance / double(errors));
}

QStringList tableCauseIds()
{
    return QStringList{QStringLiteral("graceful-shutdown"),    QStringLiteral("keepalive-mismatch"),
            QStringLiteral("pod-not-ready"),        QStringLiteral("upstream-timeout"),
            QStringLiteral("hpa-too-slow"),         QStringLiteral("health-check-flapping"),
            QStringLiteral("dns-failure"),          QStringLiteral("connection-pool-exhaustion"),
            QStringLiteral("oom-crash")};
}

void scoreTableCauses(const Evidence &e, QList<CauseScore> &out)
{
    const Scorer s(e);
    const qint64 n = qint64(e.errorTimes().size());
    const EndpointFeatures &ep = e.endpoints();
    const LoadFeatures &load = e.load();
    const BurstFeatures &bursts = e.bursts();
    const LogFeatures &logs = e.logs();
    const EventSignals &k = e.signals();
    const qint64 from = e.series().fromUs(), to = e.series().toUs();

    // Too few 502s tell nothing; 502s whose maker cannot be told (Traefik CLF) count half.
    const double effective = double(n) * (0.5 + 0.5 * e.certainShare());
    const double volume = ramp(effective, 1, 6);

    // Do the failed upstreams' addresses tell new pods from gone ones?
    const bool ipInformative = ep.ipInformative();
    const double newOrGone = std::max(ep.newPodShare + ep.goneShare, 1e-9);
    const double newPod = ep.newPodShare / newOrGone;
    const double gonePod = ep.goneShare / newOrGone;

    // graceful-shutdown's support before its weights: the Killing tie, or the servers' own record:
    // 502s within the window after a Killing to a server that had answered until then and answered
    // nothing after, resolved to the pod that was killed (evidenceends.h). Where one rollout makes
    // one burst the timing alone cannot rule chance out (one coincidence), but which pods failed,
    // and that they were never answered again after their own Killing, can. The killed pods' 502s
    // count of all the 502s, and of the 502s within the Killing windows (every resolved one is one
    // of those) beyond what chance puts there: a second cause acting at the same time adds 502s
    // outside the windows, which say nothing about whether the killed pods failed, and some inside
    // them (evidenceends.h). pod-not-ready below asks whether this holds any 502s.
    const KilledServerEnds &ends = e.killedEnds();
    const double killingSupport = std::max({scoring::tieStrength(e.killing()), killedServerSupport(ends, n),
                                            killedServerSupportAmongExposed(ends, e.killing())});

    // graceful-shutdown: 502s right after Killing of old pods; their upstreams are gone.
    {
        CauseScore c = s.make(QStringLiteral("graceful-shutdown"));
        const Alignment &a = e.killing();
        const double endedShare = n > 0 ? double(ends.resolved) / double(n) : 0;
        double score = killingSupport;
        score *= ipInformative ? gonePod : (e.instantReady() ? 0.5 : 1) * (1 - 0.6 * e.startedOnlyShare());
        const QString within = QStringLiteral("within %1 s after the Killing of a pod").arg(qRound(e.killingWindowSeconds()));
        if (a.matched > 0) {
            say(c, s.alignText(a, within), a.firstUs, a.lastUs);
            say(c, QStringLiteral("median delay after Killing: %1 s; window %2 s = twice the observed lag, within "
                                    "%3-%4 s (grace period %5 s + two probe periods)")
                         .arg(a.medianDelaySeconds, 0, 'f', 1)
                         .arg(qRound(e.killingWindowSeconds()))
                         .arg(qRound(params::kKillingWindowMinS))
                         .arg(qRound(params::kKillingWindowMaxS))
                         .arg(qRound(params::kTerminationGracePeriodS)));
        } else {
            say(c, QStringLiteral("no 502s %1 (%2 Killing events)").arg(within).arg(k.total(EventClass::Killing) - e.killingOfOthers()));
        }
        if (e.killingOfOthers() > 0)
            say(c, QStringLiteral("%1 Killing events of pods of workloads that served none of the logged requests are left out")
                         .arg(e.killingOfOthers()));
        if (e.rollouts().matched > 0)
            say(c, s.alignText(e.rollouts(), QStringLiteral("during rollouts or scaling (ScalingReplicaSet)")),
                  e.rollouts().firstUs, e.rollouts().lastUs);
        if (ipInformative && a.matched > 0)
            say(c, QStringLiteral("%1 of the 502s with a pod address went to pods that no longer exist")
                         .arg(pct(ep.goneShare)));
        if (ends.resolved > 0)
            say(c, QStringLiteral("%1 of %2 502s (%3) come after a Killing and went to the killed pod (%4 pods, e.g. %5), "
                                    "which had answered until then and answered nothing after them (a pod that stopped "
                                    "without draining)")
                         .arg(ends.resolved)
                         .arg(n)
                         .arg(pct(endedShare))
                         .arg(ends.killedPods)
                         .arg(ends.example));
        if (ends.unresolved > 0)
            say(c, QStringLiteral("%1 502s after a Killing went to a server that answered nothing after them, but %2")
                         .arg(ends.unresolved)
                         .arg(ends.podStatusLoaded ? QStringLiteral("no killed pod had its address")
                                                   : QStringLiteral("without pod status the address cannot be tied to the "
                                                                    "killed pod: load pod status (kubectl get pods -o json)")));
        if (const qint64 x = k.total(EventClass::Exit143))
            say(c, QStringLiteral("%1 containers terminated with exit code 143 (SIGTERM)").arg(x));
        // The proxy saying a service had no active endpoint strengthens a tie to Killing, never makes one.
        score *= 1 + 0.25 * e.noEndpoints().strength();
        sayNoEndpoints(s, c, e);
        c.score = score * volume;
        out << c;
    }

    // keepalive-mismatch: a low, steady rate with no tie to events or load; resets, premature closes
    // (keepalivecause.h).
    out << scoreKeepalive(e);

    // pod-not-ready: 502s right after new pods start, to those new pods.
    {
        CauseScore c = s.make(QStringLiteral("pod-not-ready"));
        const Alignment &a = e.started();
        double score = scoring::tieStrength(a);
        // The servers' own record: one rollout whose new pods got traffic before they listened is
        // one burst, which timing alone cannot tell from chance; that the failed requests went to
        // pods in their first minute, far more often than those pods' first minutes give, can
        // (evidenceendpoints.h; weighed like graceful-shutdown's killed pods).
        score = std::max(score, newPodSupport(ep, n));
        // 502s after a start with a Killing just before may be the killed pods' (a rollout does
        // both): they weigh less, unless no graceful-shutdown evidence holds them (no Killing tie
        // beyond chance, no support from 502s resolved to a killed pod: graceful-shutdown's own
        // support above, so 1-4 resolved 502s, which it weighs at nothing, count for nothing here):
        // then the Killings are what chance puts near the starts of a rollout, not a second
        // explanation of its 502s.
        const bool killingExplains = killingSupport > 0;
        score *= ipInformative ? newPod : (e.instantReady() || !killingExplains ? 1 : 0.45 + 0.55 * e.startedOnlyShare());
        score *= 1 + 0.25 * e.noEndpoints().strength(); // strengthens a tie to starts, never makes one
        c.score = score * volume;
        const QString within = QStringLiteral("within %1 s after a container started").arg(qRound(e.startedWindowSeconds()));
        if (a.matched > 0)
            say(c, s.alignText(a, within), a.firstUs, a.lastUs);
        else
            say(c, QStringLiteral("no 502s %1 (%2 starts)").arg(within).arg(k.total(EventClass::Started)));
        if (ep.errorsWithIp > 0 && ep.podStatusLoaded)
            say(c, QStringLiteral("of %1 502s with a pod address, %2 went to a pod in its first minute (%3 pods; "
                                    "%4 by chance: the share of those pods' time up that was their first minute), %5 to "
                                    "a pod that no longer exists")
                         .arg(ep.errorsWithIp)
                         .arg(pct(ep.newPodShare))
                         .arg(ep.newPodsHit)
                         .arg(pct(ep.newPodChance), pct(ep.goneShare)));
        if (e.startedOnlyShare() > 0)
            say(c, QStringLiteral("%1 of the 502s follow a start with no Killing just before")
                         .arg(pct(e.startedOnlyShare())));
        if (e.readyGapSamples() > 0)
            say(c, QStringLiteral("in the rollouts with 502s, old pods were stopped %1 s (median) after the latest new "
                                    "pod started: %2")
                         .arg(e.readyGapSeconds(), 0, 'f', 1)
                         .arg(e.instantReady() ? QStringLiteral("new pods counted as Ready at once")
                                               : QStringLiteral("new pods took time to become Ready")));
        if (logs.count(UpstreamErrorCategory::ConnectionRefused) > 0)
            say(c, QStringLiteral("NGINX error log: %1 'connect() failed (111: Connection refused)'")
                         .arg(logs.count(UpstreamErrorCategory::ConnectionRefused)));
        if (const qint64 r = k.total(EventClass::ReadinessFailed))
            say(c, QStringLiteral("%1 readiness probe failures").arg(r));
        sayNoEndpoints(s, c, e);
        out << c;
    }

    // upstream-timeout: gateway errors (502s of any origin, 504s) concentrated on one endpoint,
    // with long latencies.
    {
        CauseScore c = s.make(QStringLiteral("upstream-timeout"));
        // Concentration of all its gateway errors, or of the long ones alone: another cause acting
        // at the same time adds fast 502s everywhere, which dilute the first and not the second.
        const double longConc = ramp(ep.longOnSlowShare, 0.4, 0.8) * ramp(double(ep.longErrors), 2, 10);
        const double conc = std::max(ramp(ep.slowEndpointShare, 0.4, 0.8), longConc)
                            * ramp(1 - ep.slowEndpointRequestShare, 0.5, 0.8);
        double slow = ep.errorsWithDuration >= 3 ? ramp(ep.longShare, 0.15, 0.5) : 0.5;
        if (logs.haveErrorLog)
            slow = std::max(slow, ramp(logs.share(UpstreamErrorCategory::TimedOut), 0.3, 0.7));
        const double count = double(ep.slowEndpointShare) * double(ep.gatewayErrors);
        c.score = conc * slow * ramp(count, 2, 10);
        if (!ep.slowEndpoint.isEmpty())
            say(c, QStringLiteral("%1 of the %2 gateway errors (502 of any origin, 504) are on %3, which has %4 of all "
                                    "requests")
                         .arg(pct(ep.slowEndpointShare))
                         .arg(ep.gatewayErrors)
                         .arg(ep.slowEndpoint, pct(ep.slowEndpointRequestShare)));
        if (ep.longErrors > 0)
            say(c, QStringLiteral("%1 of the %2 gateway errors that took over 5 s (and 5x the endpoint's normal time) "
                                    "are on %3")
                         .arg(pct(ep.longOnSlowShare))
                         .arg(ep.longErrors)
                         .arg(ep.slowEndpoint));
        if (ep.errorsWithDuration > 0)
            say(c, QStringLiteral("median time of those errors: %1 ms (successful requests: %2 ms); %3 took over 5 s")
                         .arg(qRound(ep.errorMedianMs))
                         .arg(qRound(ep.normalMedianMs))
                         .arg(pct(ep.longShare)));
        if (ep.timeouts > 0)
            say(c, QStringLiteral("%1 gateway timeouts (504)").arg(ep.timeouts));
        if (logs.count(UpstreamErrorCategory::TimedOut) > 0)
            say(c, QStringLiteral("NGINX error log: %1 'upstream timed out'").arg(logs.count(UpstreamErrorCategory::TimedOut)));
        out << c;
    }

    // Load-driven causes: hpa-too-slow (the autoscaler reacts during the spike) and
    // connection-pool-exhaustion (no scaling, "no live upstreams").
    qint64 rescales = 0;
    for (const LoadFeatures::Window &w : load.highLoad)
        rescales += k.total(EventClass::HpaRescale, w.fromUs - 60000000, w.toUs);
    const double loadTie = load.loadTie();
    const QString loadText = load.spike()
        ? QStringLiteral("request rate peaks at %1/s (baseline %2/s, the median outside high load); %3 of the 502s and %4 "
                         "of the requests fall in the %5 of the time under high load")
              .arg(load.requestsPerSecondPeak, 0, 'f', 1)
              .arg(load.requestsPerSecondBaseline, 0, 'f', 1)
              .arg(pct(load.highLoadErrorShare), pct(load.highLoadRequestShare), pct(load.highLoadTimeShare))
        : load.requestsPerSecondBaseline > 0
        ? QStringLiteral("no traffic spike: the request rate peaks at %1x its baseline").arg(load.peakToBaseline, 0, 'f', 1)
        : QStringLiteral("too few requests or too short a range to tell a request rate");
    const qint64 loadFrom = load.highLoad.empty() ? 0 : load.highLoad.front().fromUs;
    const qint64 loadTo = load.highLoad.empty() ? 0 : load.highLoad.back().toUs;
    // Why a spike that holds the 502s ties none of them ("... too few to tell from chance").
    const QString noTie = load.noTieText(load.errors, load.errorsHigh, load.errorRateHigh, load.errorRateLow);
    {
        CauseScore c = s.make(QStringLiteral("hpa-too-slow"));
        const double scaled = rescales > 0 ? 1 : 0.3;
        // The app's own 502s tied to the high load (LoadFeatures::appLoadTie(): overloaded pods
        // answer 502 themselves while the proxy retries their refused connections), weighed by
        // their own number as the proxies' 502s are by theirs. An overloaded app fails in the app;
        // an exhausted connection pool fails in the proxy ("no live upstreams"), so
        // connection-pool-exhaustion below rests on the proxies' 502s alone.
        const double appTie = load.appLoadTie() * ramp(double(load.appErrors), 1, 6);
        c.score = std::max(loadTie * volume, appTie) * scaled;
        say(c, loadText, loadFrom, loadTo);
        if (appTie <= 0 && !noTie.isEmpty())
            say(c, noTie);
        if (load.spike() && load.appErrors > 0)
            say(c, QStringLiteral("the app's own 502s (upstream status 502): %1 of %2 (%3) fall under the high load, "
                                    "%4 per 1000 requests there vs %5 outside")
                         .arg(load.appErrorsHigh)
                         .arg(load.appErrors)
                         .arg(pct(double(load.appErrorsHigh) / double(load.appErrors)))
                         .arg(load.appErrorRateHigh * 1000, 0, 'f', 2)
                         .arg(load.appErrorRateLow * 1000, 0, 'f', 2),
                  loadFrom, loadTo);
        if (load.spike())
            say(c, rescales > 0 ? QStringLiteral("the autoscaler rescaled %1 times during the high load").arg(rescales)
                                  : QStringLiteral("no autoscaler rescale during the high load"));
        out << c;
    }
    {
        CauseScore c = s.make(QStringLiteral("health-check-flapping"));
        const Alignment &p = e.probes();
        const double hit = p.events > 0 ? double(p.eventsHit) / double(p.events) : 0;
        const double probeTie = ramp(hit, 0.15, 0.5) * ramp(double(k.total(EventClass::LivenessFailed)
                                                                  + k.total(EventClass::ReadinessFailed)
                                                                  + k.total(EventClass::ProbeKilling)),
                                                           1, 4);
        const double periodic = bursts.periodCv >= 0 && bursts.bursts.size() >= 5 ? 1 - ramp(bursts.periodCv, 0.1, 0.3) : 0;
        c.score = probeTie * (0.55 + 0.45 * std::max(periodic, e.restarts().excess())) * volume;
        say(c, QStringLiteral("%1 liveness and %2 readiness probe failures, %3 kills after a failed liveness probe; %4 of "
                                "%5 probe events have 502s around them")
                     .arg(k.total(EventClass::LivenessFailed))
                     .arg(k.total(EventClass::ReadinessFailed))
                     .arg(k.total(EventClass::ProbeKilling))
                     .arg(p.eventsHit)
                     .arg(p.events));
        if (bursts.periodCv >= 0)
            say(c, QStringLiteral("%1 bursts of 502s, every %2 s on average (variation %3)")
                         .arg(bursts.bursts.size())
                         .arg(qRound(bursts.periodSeconds))
                         .arg(pct(bursts.periodCv)),
                  bursts.bursts.front().fromUs, bursts.bursts.back().toUs);
        if (e.restarts().matched > 0)
            say(c, s.alignText(e.restarts(), QStringLiteral("around container restarts")), e.restarts().firstUs,
                  e.restarts().lastUs);
        out << c;
    }
    {
        CauseScore c = s.make(QStringLiteral("dns-failure"));
        // NGINX's "could not be resolved" and a Go proxy's "lookup NAME on SERVER:53: ..." alike
        const qint64 unresolved = logs.dnsLines();
        // The share of DNS lines among the lines about upstreams is the bundle's. The 502s with a
        // failed lookup line of their own (LogFeatures::unresolvedRequest, joined per request) are
        // the 502s the lookups made; their share of the 502s scored is the same measure on those
        // 502s, so that on the 502s another cause leaves (the residual pass, causeranker.cpp) a
        // minority DNS failure weighs by its share of what is left (study seed 1320: 751 of
        // 15,780 502s, 4.8% of the lines, graceful-shutdown's rollout the rest).
        double dnsShare = logs.dnsShare();
        if (logs.unresolvedRequests >= Coincidence::kMinErrors && n > 0)
            dnsShare = std::max(dnsShare, double(logs.unresolvedRequests) / double(n));
        const double logScore = ramp(double(unresolved), 0, 5) * (0.5 + 0.5 * ramp(dnsShare, 0.05, 0.3));
        const double name = ep.topUpstreamIsName ? ramp(ep.topUpstreamShare, 0.4, 0.8) : 0;
        const qint64 dnsEvents = k.total(EventClass::DnsTrouble, from, to);
        const double cluster = e.dnsTrouble().eventsHit > 0 ? 1 : (dnsEvents > 0 ? 0.5 : 0);
        c.score = std::max(logScore, 0.55 * name + 0.45 * cluster * std::max(name, 0.3)) * volume;
        if (unresolved > 0) {
            QStringList hosts = logs.unresolvedHosts.keys();
            hosts.sort();
            const QString names = hosts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(hosts.mid(0, 3).join(QStringLiteral(", ")));
            const qint64 nginx = logs.count(UpstreamErrorCategory::DnsUnresolved);
            QString text;
            if (nginx > 0)
                text = QStringLiteral("NGINX error log: %1 'could not be resolved'").arg(nginx);
            if (logs.proxyDnsLines > 0)
                text += (text.isEmpty() ? QString() : QStringLiteral("; "))
                        + QStringLiteral("proxy log: %1 failed DNS lookups ('dial tcp: lookup … on …:53')").arg(logs.proxyDnsLines);
            say(c, text + names, logs.unresolvedTimes.front(), logs.unresolvedTimes.back());
        }
        if (dnsShare > logs.dnsShare())
            say(c, QStringLiteral("%1 of the %2 502s (%3) have their own failed-lookup line (the same request)")
                         .arg(readableCount(logs.unresolvedRequests), readableCount(n), pct(dnsShare)));
        if (!ep.topUpstream.isEmpty())
            say(c, QStringLiteral("%1 of the 502s with an upstream went to %2 (%3)")
                         .arg(pct(ep.topUpstreamShare), ep.topUpstream,
                              ep.topUpstreamIsName ? QStringLiteral("a DNS name") : QStringLiteral("an address")));
        if (dnsEvents > 0)
            say(c, QStringLiteral("%1 warning events of the cluster DNS (CoreDNS / kube-dns)").arg(dnsEvents));
        out << c;
    }
    {
        CauseScore c = s.make(QStringLiteral("connection-pool-exhaustion"));
        const qint64 noLive = logs.count(UpstreamErrorCategory::NoLiveUpstreams);
        double logSupport = 0.8;
        if (logs.haveErrorLog)
            logSupport = 0.5 + 0.5 * ramp(logs.share(UpstreamErrorCategory::NoLiveUpstreams), 0.1, 0.4);
        const double unscaled = rescales > 0 ? 0.3 : 1;
        c.score = loadTie * unscaled * logSupport * (1 - e.eventTie() * 0.5) * volume;
        say(c, loadText, loadFrom, loadTo);
        if (!noTie.isEmpty())
            say(c, noTie);
        if (logs.haveErrorLog)
            say(c, QStringLiteral("NGINX error log: %1 'no live upstreams'").arg(noLive));
        if (load.spike())
            say(c, rescales > 0 ? QStringLiteral("the autoscaler rescaled during the high load")
                                  : QStringLiteral("no autoscaler rescale during the high load"));
        out << c;
    }
    {
        CauseScore c = s.make(QStringLiteral("oom-crash"));
        // The OOM kills' tie over all the 502s (Evidence::oom()), or over the 502s that went to the
        // killed pods' own addresses (Evidence::oomOnKilledPods(): another cause's 502s in the same
        // minutes swamp the first, not the second), whichever is the stronger (Evidence::oomTie()).
        const Alignment &a = e.oom();
        const KilledPodTie &pod = e.oomOnKilledPods();
        const bool onPods = e.oomRestsOnKilledPods();
        const Alignment &tie = e.oomTie();
        // Retries can hide most of the 502s; the failed attempts in the error log remain.
        const Alignment &l = e.oomUpstreamErrors();
        c.score = std::max(scoring::tieStrength(tie) * volume, 0.6 * l.strength() * ramp(double(l.matched), 2, 10));
        // A crash of the proxy itself (a Go panic in its log) with the 502s around it.
        const Alignment &p = e.proxyPanics();
        c.score = std::max(c.score, 0.8 * p.strength() * volume);
        // The tie it rests on first, with the other's numbers after it.
        const auto sayPods = [&] {
            const Alignment &t = pod.tie;
            if (t.matched > 0)
                say(c, QStringLiteral("%1 of %2 502s to an OOM-killed pod's own address (%3 pods; the most on a kill, %4, "
                                        "to %5) come %6: %7%8")
                             .arg(t.matched)
                             .arg(t.errors)
                             .arg(pod.pods)
                             .arg(pod.examplePod)
                             .arg(pod.example, oomWindowText(t), t.summary(),
                                  onPods ? QStringLiteral(" (p doubled: a second test of the question; the stronger "
                                                          "tie, which oom-crash rests on)")
                                         : QStringLiteral(" (p doubled: a second test of the question)")),
                      t.firstUs, t.lastUs);
        };
        if (onPods)
            sayPods();
        if (a.matched > 0)
            say(c, s.alignText(a, oomWindowText(a)), a.firstUs, a.lastUs);
        if (!onPods)
            sayPods();
        const qint64 kills = k.total(EventClass::OomKill, from, to);
        if (l.matched > 0)
            say(c, QStringLiteral("%1 of %2 failed upstream attempts in the NGINX error log (%3) come %4: %5")
                         .arg(l.matched)
                         .arg(l.errors)
                         .arg(pct(l.share), oomWindowText(l), l.summary()),
                  l.firstUs, l.lastUs);
        say(c, QStringLiteral("%1 OOM kills (OOMKilling events, OOMKilled / exit 137 in pod status), %2 with 502s "
                                "around them")
                     .arg(kills)
                     .arg(a.eventsHit));
        if (p.events > 0)
            say(c, QStringLiteral("proxy log: %1 panics or fatal errors of the proxy, %2 with 502s around them")
                         .arg(p.events)
                         .arg(p.eventsHit),
                  p.matched > 0 ? p.firstUs : 0, p.matched > 0 ? p.lastUs : 0);
        out << c;
    }
}

} // namespace gateline
