// What each of the playbook's table causes claims (the 502s its evidence ties to it, for the
// attribution in causeranker.cpp), what its deciding evidence needs when that is not loaded, and the
// tie it rests on; the scoring itself is in tablecauses.cpp.
#include "tablecauses.h"

#include "causeparams.h"
#include "evidence.h"
#include "keepalivecause.h"

#include <algorithm>

namespace gateline {

namespace {

// Rate of the 502s per request over the bins [from, to) of the series (0 without requests).
double binRate(const ErrorSeries &s, qsizetype from, qsizetype to)
{
    const std::vector<double> &req = s.requestBins(), &err = s.errorBins();
    double r = 0, e = 0;
    for (qsizetype b = std::max<qsizetype>(from, 0); b < to && b < qsizetype(req.size()); ++b) {
        r += req[size_t(b)];
        e += err[size_t(b)];
    }
    return r > 0 ? e / r : 0;
}

} // namespace

// The outage after each OOM kill, past the fixed window (kRestartAfterS): a container killed again
// soon comes back only after the kubelet's back-off and its own start-up, and its 502s go on until
// then. How long is read from the data, bin by bin (ErrorSeries bins) from the kill on: the outage
// goes on while a bin's 502 rate keeps at least half of the outage's own excess over the rate before
// the kill (the window's bins against the minute before it, leaving out an earlier kill's window and
// outage: back-to-back kills), at most kCrashLoopBackOffMaxS.
// Without it, the tail of every long outage was left to the causes judged on what oom-crash does
// not explain: on a NodePort bundle the tails after the traffic spike put more 502s per request
// outside the high load than in it, and nodeport-busy's own load tie vanished.
std::vector<OomOutage> oomOutages(const Evidence &e)
{
    std::vector<OomOutage> out;
    const ErrorSeries &s = e.series();
    if (s.requestBins().empty())
        return out;
    const qsizetype last = qsizetype(s.requestBins().size());
    qsizetype previousEnd = 0; // first bin after the previous kill's window or outage
    for (qint64 kill : e.signals().times(EventClass::OomKill)) {
        const qsizetype k0 = s.binOf(kill - qint64(params::kRestartBeforeS * 1e6));
        const qsizetype w1 = s.binOf(kill + qint64(params::kRestartAfterS * 1e6)) + 1; // first bin past the window
        const qsizetype b0 = std::max(previousEnd, s.binOf(kill - 60000000 - qint64(params::kRestartBeforeS * 1e6)));
        // (at least the bin the window starts in, when an earlier window or outage ends in the one before)
        const double before = binRate(s, b0, std::max(k0, b0 + 1));
        const double during = binRate(s, k0, w1);
        previousEnd = std::max(previousEnd, w1);
        // An earlier outage still going on: nothing to tell this one from it.
        if (b0 > k0 || during <= before || w1 <= k0)
            continue;
        const double floor = before + (during - before) / 2;
        const qsizetype cap = s.binOf(kill + qint64((params::kRestartAfterS + params::kCrashLoopBackOffMaxS) * 1e6));
        // from the first whole bin after the kill: an outage that ended within the window has no tail
        qsizetype end = s.binOf(kill) + 1;
        while (end < last && end <= cap && s.requestBins()[size_t(end)] > 0 && binRate(s, end, end + 1) >= floor)
            ++end;
        previousEnd = std::max(previousEnd, end);
        if (end > w1)
            out.push_back({kill, s.binStartUs(end) - 1});
    }
    return out;
}

// The 502s (indices into Evidence::errorTimes) a cause's evidence ties to it.
std::vector<char> tableClaims(const QString &id, const Evidence &e)
{
    const std::vector<qint64> &t = e.errorTimes();
    std::vector<char> out(t.size(), 0);
    auto orHits = [&](const Alignment &a) {
        for (size_t i = 0; i < a.hits.size() && i < out.size(); ++i)
            out[i] |= a.hits[i];
    };
    auto inWindows = [&](auto windowsBegin, auto windowsEnd) {
        for (size_t i = 0; i < t.size(); ++i)
            for (auto w = windowsBegin; w != windowsEnd; ++w)
                if (t[i] >= w->fromUs && t[i] <= w->toUs) {
                    out[i] = 1;
                    break;
                }
    };
    if (id == QLatin1StringView("graceful-shutdown")) {
        orHits(e.killing());
    } else if (id == QLatin1StringView("pod-not-ready")) {
        orHits(e.started());
        // and the 502s to a pod in its first minute (the servers' own record)
        const std::vector<char> &fresh = e.endpoints().toNewPod;
        for (size_t i = 0; i < fresh.size() && i < out.size(); ++i)
            out[i] |= fresh[i];
    } else if (id == QLatin1StringView("oom-crash")) {
        orHits(e.oomTie());
        orHits(e.proxyPanics());
        // and the outages that outlast the window (oomOutages), when the tie is over all the 502s:
        // resting on the killed pods' own 502s, it claims those alone (their windows already run to
        // each container's return), not another cause's 502s in the same minutes.
        if (!e.oomRestsOnKilledPods())
            for (const OomOutage &o : oomOutages(e))
                for (auto it = std::lower_bound(t.begin(), t.end(), o.killUs); it != t.end() && *it <= o.endUs; ++it)
                    out[size_t(it - t.begin())] = 1;
    } else if (id == QLatin1StringView("health-check-flapping")) {
        orHits(e.probes());
        orHits(e.restarts());
    } else if (id == QLatin1StringView("dns-failure")) {
        // The 502s that are failed name lookups themselves (their request has its own "could not
        // be resolved" line, or, behind Traefik, its own "'502 Bad Gateway' caused by: dial tcp:
        // lookup NAME on ...:53" line: the access 502 ending within a second of it, to the backend
        // NAME, from the same pod; evidencelogs.cpp matchProxyDnsLines); only when no 502 can be joined to its line, the 502s around those
        // lines and around the cluster DNS's warnings, if the 502s sit on those more than chance
        // puts them there. (A window around the lines or the warnings claims every other cause's
        // 502s of the same minutes: CoreDNS failing its readiness probe 20 times over 6 minutes,
        // spread over them, took a rollout's 502s.)
        const LogFeatures &logs = e.logs();
        if (logs.unresolvedRequests == 0 && e.dnsTrouble().strength() > 0)
            orHits(e.dnsTrouble());
        if (logs.unresolvedRequests > 0) {
            for (size_t i = 0; i < logs.unresolvedRequest.size() && i < out.size(); ++i)
                out[i] |= logs.unresolvedRequest[i];
        } else {
            const std::vector<qint64> &dns = logs.unresolvedTimes;
            const qint64 w = qint64(params::kDnsWindowS * 1e6);
            for (size_t i = 0; i < t.size(); ++i) {
                auto it = std::lower_bound(dns.begin(), dns.end(), t[i] - w);
                if (it != dns.end() && *it <= t[i] + w)
                    out[i] = 1;
            }
        }
        const QString name = e.endpoints().topUpstreamIsName ? e.endpoints().topUpstream : QString();
        const auto &errors = e.series().errors();
        for (size_t i = 0; i < errors.size() && i < out.size(); ++i)
            if (!name.isEmpty() && errors[i].upstream.contains(name))
                out[i] = 1;
    } else if (id == QLatin1StringView("hpa-too-slow") || id == QLatin1StringView("connection-pool-exhaustion")) {
        inWindows(e.load().highLoad.begin(), e.load().highLoad.end());
    } else if (id == QLatin1StringView("upstream-timeout")) {
        const auto &errors = e.series().errors();
        for (size_t i = 0; i < errors.size() && i < out.size(); ++i)
            out[i] = !e.endpoints().slowEndpoint.isEmpty() && errors[i].endpoint == e.endpoints().slowEndpoint;
    } else if (id == QLatin1StringView("keepalive-mismatch")) {
        // The steady part: 502s outside every burst (and outside reload windows' bursts), but not
        // the 502s known not to be closed on their request that fail the keep-alive test
        // themselves (knownUnclosedNotKeepalive(), keepalivecause.h): a spike's refused connections
        // under the high load read as steady too once they are every minute's, and claiming them
        // left the spike's cause nothing to be re-scored on (causeranker.cpp, rescoreOnResiduals()).
        std::fill(out.begin(), out.end(), 1);
        const std::vector<char> notOurs = knownUnclosedNotKeepalive(e);
        for (size_t i = 0; i < notOurs.size() && i < out.size(); ++i)
            if (notOurs[i])
                out[i] = 0;
        const auto &b = e.bursts().bursts;
        for (size_t i = 0; i < t.size(); ++i)
            for (const Burst &w : b)
                if (t[i] >= w.fromUs && t[i] <= w.toUs) {
                    out[i] = 0;
                    break;
                }
        // Nor the 502s on Kubernetes events the statistical core ties them to beyond chance (a
        // rollout over the whole range makes no burst): an event-tied cause's, named or not.
        const std::vector<char> onTiedEvents = e.onPodEvents(true);
        for (size_t i = 0; i < t.size() && i < onTiedEvents.size(); ++i)
            if (onTiedEvents[i])
                out[i] = 0;
        orHits(e.reloads());
        // and, as claims of their own (2: not the steady remainder, causeranker.cpp), the 502s
        // closed on their request (keepalivecause.h) off those events: the event-tied causes take
        // the ones on their events (a dying pod's in-flight requests); a broad cause claiming the
        // same 502s (a spike's window: a busy NodePort's drops are closed on their request too)
        // takes them when it ranks above keep-alive, keep-alive when it ranks above.
        const std::vector<char> closed = closedOnRequest(e);
        for (size_t i = 0; i < closed.size() && i < out.size(); ++i)
            if (closed[i] && !onTiedEvents[i])
                out[i] = 2;
    }
    return out;
}

std::vector<char> tableAppClaims(const QString &id, const Evidence &e)
{
    const std::vector<ErrorSample> &app = e.series().appErrors();
    std::vector<char> out(app.size(), 0);
    const QString &slow = e.endpoints().slowEndpoint;
    if (id != QLatin1StringView("upstream-timeout") || slow.isEmpty())
        return out;
    for (size_t i = 0; i < app.size(); ++i)
        out[i] = app[i].endpoint == slow;
    return out;
}

// What a cause's deciding evidence needs, when it is not loaded: "" if nothing is missing.
QString tableMissingSource(const QString &id, const Evidence &e)
{
    const bool k8s = e.haveKubernetes();
    const bool proxyLog = e.logs().haveErrorLog || e.logs().proxyUpstreamLines > 0 || e.signals().total(EventClass::UpstreamEof) > 0
                          || e.signals().total(EventClass::ProxyReload) > 0 || e.signals().total(EventClass::NoEndpoints) > 0;
    const QString events = QStringLiteral("Kubernetes events and pods (kubectl get events -o json, kubectl get pods -o json)");
    const QString errorLog = QStringLiteral("the ingress error logs (kubectl logs of the controller)");
    // A load cause rests on the 502s under high load against those outside it: where the high load
    // covers nearly the whole range loaded, a wider range tells (logs collected for the incident's
    // minutes only are often all under load).
    const QString widerRange = QStringLiteral("logs from before or after the high load (it covers nearly the whole range "
                                              "loaded)");
    if (id == QLatin1StringView("hpa-too-slow"))
        return !k8s ? events : e.load().spikeCoversRange() ? widerRange : QString();
    if (id == QLatin1StringView("graceful-shutdown") || id == QLatin1StringView("pod-not-ready")
        || id == QLatin1StringView("health-check-flapping") || id == QLatin1StringView("oom-crash"))
        return k8s ? QString() : events;
    if (id == QLatin1StringView("dns-failure"))
        return proxyLog || k8s ? QString() : errorLog;
    // A keep-alive race's own evidence is the proxy's: its resets and premature closes. Without its
    // logs, the steady 502s the load balancer logs with a target status (the ingress answered 502)
    // cannot be told from the app's own (tablecauses.cpp halves their weight); Kubernetes events
    // only rule the events out.
    if (id == QLatin1StringView("keepalive-mismatch"))
        return proxyLog ? QString() : errorLog;
    if (id == QLatin1StringView("connection-pool-exhaustion"))
        return !(proxyLog || k8s) ? errorLog : e.load().spikeCoversRange() ? widerRange : QString();
    if (id == QLatin1StringView("upstream-timeout"))
        return e.endpoints().errorsWithDuration > 0 || proxyLog ? QString()
                                                                 : QStringLiteral("logs with request times (ALB or ingress access logs)");
    return {};
}

// The strongest statistical tie a cause rests on (for the tie-break after explained 502s).
double tableTie(const QString &id, const Evidence &e)
{
    if (id == QLatin1StringView("graceful-shutdown"))
        return e.killing().strength();
    if (id == QLatin1StringView("pod-not-ready"))
        return e.started().strength();
    if (id == QLatin1StringView("oom-crash"))
        return std::max(e.oomTie().strength(), e.proxyPanics().strength());
    if (id == QLatin1StringView("health-check-flapping"))
        return std::max(e.probes().strength(), e.restarts().strength());
    if (id == QLatin1StringView("dns-failure"))
        return e.dnsTrouble().strength();
    if (id == QLatin1StringView("hpa-too-slow") || id == QLatin1StringView("connection-pool-exhaustion"))
        return e.load().loadTie();
    return 0;
}

} // namespace gateline
