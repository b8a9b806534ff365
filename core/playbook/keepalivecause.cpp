#include "keepalivecause.h"

#include "scoring.h"

#include <QSet>
#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

using scoring::pct;
using scoring::ramp;
using scoring::say;

// The 502s that sit on no Kubernetes event window, and how evenly they spread over the range.
struct Residual {
    qint64 count = 0;
    double share = 0;
    double spreadRatio = 0;   // minutes with one / minutes a Poisson process of the same count would hit
    double rangeShare = 0;    // (last - first) / range
};

Residual residual(const Evidence &e)
{
    Residual r;
    const std::vector<qint64> &t = e.errorTimes();
    if (t.empty())
        return r;
    const std::vector<char> on = e.onPodEvents(false);
    QSet<qint64> minutes;
    qint64 first = 0, last = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        if (on[i])
            continue;
        if (r.count == 0)
            first = t[i];
        last = t[i];
        ++r.count;
        minutes.insert(t[i] / 60000000);
    }
    r.share = double(r.count) / double(t.size());
    const double span = e.series().spanSeconds();
    // Minutes whose 502s another cause explains are not time a steady remainder could show in.
    const double m = std::max(1.0, span / 60 - double(e.bursts().maskedMinutes));
    const double expected = m * (1 - std::exp(-double(r.count) / m));
    r.spreadRatio = expected > 0 ? double(minutes.size()) / expected : 0;
    r.rangeShare = r.count > 1 ? double(last - first) / 1e6 / span : 0;
    return r;
}

// The keep-alive test on one set of 502s: steady (in the whole or in what no event explains), not
// tied to load, the proxy's resets and premature closes; 502s whose maker cannot be told (Traefik
// CLF, an ALB's target status with no ingress log) weigh `certain` of a known one.
struct Support {
    double score = 0;
    double loadTie = 0;
    Residual res;
    qint64 eof = 0;
    double lowToHigh = -1;   // under a spike: the 502 rate per request outside the high load / under it
    qint64 outsideHigh = 0;  // and the 502s outside it
};

Support support(const Evidence &e, double certain)
{
    Support s;
    const qint64 n = qint64(e.errorTimes().size());
    const BurstFeatures &bursts = e.bursts();
    const LogFeatures &logs = e.logs();
    const double effective = double(n) * (0.5 + 0.5 * certain);
    const double volume = ramp(effective, 1, 6);
    // The 502s no Kubernetes event explains (the residual): a keep-alive race goes on between
    // rollouts, so a second cause acting at the same time must not hide it.
    s.res = residual(e);
    const Residual &res = s.res;
    double steady = std::max(ramp(bursts.spreadRatio, 0.45, 0.8) * ramp(bursts.rangeShare, 0.5, 0.85)
                                 * (1 - bursts.burstShare) * (1 - e.eventTie()),
                             ramp(res.spreadRatio, 0.45, 0.8) * ramp(res.rangeShare, 0.5, 0.85)
                                 * ramp(res.share, 0.05, 0.25) * ramp(double(res.count), 5, 30));
    const double events = 1 - ramp(res.share, 0.05, 0.25);
    const LoadFeatures &load = e.load();
    s.loadTie = load.loadTie();
    // Under a traffic spike the shape in time is the traffic's: a failure rate that is the same for
    // every request puts more 502s in the busy minutes, and above a few per second every 502 is
    // within seconds of the next, so the whole series reads as one burst. Steady then means steady
    // per request (keepalivecause.h): the 502s go on outside the high load, at a rate per request
    // like the one under it (the row's own ramps: as for the minutes an even spread hits, and for
    // the 502s no event explains), not tied to the events. Like in both directions: with the 502s
    // another cause explains left out (a NodePort's drops under the high load), what is left under
    // the high load is a lower rate than outside it, which is no steady rate either.
    if (load.spike() && load.errorRateHigh > 0 && load.errorRateLow > 0) {
        s.lowToHigh = load.errorRateLow / load.errorRateHigh;
        s.outsideHigh = load.errors - load.errorsHigh;
        const double alike = std::min(s.lowToHigh, 1 / s.lowToHigh);
        steady = std::max(steady, ramp(alike, 0.45, 0.8) * ramp(double(s.outsideHigh), 5, 30) * (1 - e.eventTie()));
    }
    double logSupport = 0.85;
    if (logs.haveErrorLog) {
        const double rp = logs.share(UpstreamErrorCategory::PrematurelyClosed) + logs.share(UpstreamErrorCategory::ConnectionReset);
        logSupport = 0.55 + 0.45 * ramp(rp, 0.2, 0.7);
    }
    // The proxy's own log of upstream EOF / resets (Traefik "caused by: EOF", Envoy, ingress-nginx
    // klog lines) supports the cause like the error log's resets; it can only raise the support.
    s.eof = e.signals().total(EventClass::UpstreamEof, e.series().fromUs(), e.series().toUs());
    if (s.eof > 0 && n > 0)
        logSupport = std::max(logSupport, 0.55 + 0.45 * ramp(double(s.eof) / double(n), 0.2, 0.7));
    // and so do the 502s' own lines: the share of these 502s joined to their own "upstream
    // prematurely closed" / reset / EOF line (LogFeatures::closedRequest). The error log's share
    // above is of every line, and a spike's thousands of refused connects dilute it whatever the
    // 502s in question are.
    if (n > 0)
        logSupport = std::max(logSupport, 0.55 + 0.45 * ramp(double(logs.closedRequests) / double(n), 0.2, 0.7));
    s.score = steady * (1 - s.loadTie) * logSupport * (0.5 + 0.5 * certain) * volume;
    // 502s right after configuration reloads (not a controller starting up): keep-alive
    // connections dropped at the reload. Counts only when no Kubernetes event explains the 502s.
    s.score = std::max(s.score, 0.6 * e.reloads().strength() * (1 - events) * (1 - s.loadTie) * volume);
    return s;
}

} // namespace

std::vector<char> closedOnRequest(const Evidence &e)
{
    const std::vector<ErrorSample> &errors = e.series().errors();
    const std::vector<char> &closed = e.logs().closedRequest;
    std::vector<char> out(errors.size(), 0);
    for (size_t i = 0; i < errors.size(); ++i)
        out[i] = errors[i].origin == Origin::Alb || (i < closed.size() && closed[i]);
    return out;
}

std::vector<char> knownUnclosedNotKeepalive(const Evidence &e)
{
    const std::vector<char> closed = closedOnRequest(e);
    std::vector<char> open(closed.size(), 0);
    const LogFeatures &logs = e.logs();
    if (!(logs.haveErrorLog || logs.proxyUpstreamLines > 0))
        return open;
    const std::vector<ErrorSample> &errors = e.series().errors();
    const qint64 closedCount = qint64(std::count(closed.begin(), closed.end(), 1));
    qint64 openCount = 0;
    for (size_t i = 0; i < open.size() && i < errors.size(); ++i) {
        open[i] = !closed[i] && errors[i].origin == Origin::Ingress;
        openCount += open[i];
    }
    if (closedCount < Coincidence::kMinErrors || openCount < Coincidence::kMinErrors
        || support(Evidence(e, open, false), 1).score >= params::kActingScore)
        std::fill(open.begin(), open.end(), 0);
    return open;
}

CauseScore scoreKeepalive(const Evidence &e)
{
    CauseScore c;
    c.id = QStringLiteral("keepalive-mismatch");
    const qint64 n = qint64(e.errorTimes().size());
    const BurstFeatures &bursts = e.bursts();
    const LogFeatures &logs = e.logs();
    const Support whole = support(e, e.certainShare());
    c.score = whole.score;

    // The same test on the 502s closed on their request alone (keepalivecause.h): every one of them
    // was made by the load balancer or has its proxy's own line, so their maker is known.
    const std::vector<char> closed = closedOnRequest(e);
    const qint64 closedCount = qint64(std::count(closed.begin(), closed.end(), 1));
    if (closedCount >= Coincidence::kMinErrors && closedCount < n) {
        const Evidence sub(e, closed, false);
        const Support s = support(sub, 1);
        c.score = std::max(c.score, s.score);
        const BurstFeatures &b = sub.bursts();
        say(c, QStringLiteral("%1 of the %2 502s were closed on their request (the load balancer's target never answered, "
                              "or the proxy logged the upstream closing or resetting the connection): %3 per minute, %4 "
                              "of them in bursts; %5 sit on no Kubernetes event; tie to load: %6")
                   .arg(closedCount)
                   .arg(n)
                   .arg(b.perMinute, 0, 'f', 2)
                   .arg(pct(b.burstShare), pct(s.res.share), pct(s.loadTie)),
            sub.errorTimes().front(), sub.errorTimes().back());
        if (s.lowToHigh >= 0)
            say(c, QStringLiteral("under the traffic spike, %1 of them fall outside the high load, at %2 of the rate per "
                                  "request under it; strongest tie to Kubernetes events: %3")
                       .arg(s.outsideHigh)
                       .arg(pct(s.lowToHigh), pct(sub.eventTie())));
    }

    const Alignment &rl = e.reloads();
    if (n > 0) {
        say(c, QStringLiteral("%1 502s over %2 min (%3 per minute), %4 of them in bursts; minutes with a 502: %5 "
                              "of what an even spread gives")
                   .arg(n)
                   .arg(qRound(e.series().spanSeconds() / 60))
                   .arg(bursts.perMinute, 0, 'f', 2)
                   .arg(pct(bursts.burstShare), pct(std::min(bursts.spreadRatio, 1.0))),
            e.errorTimes().front(), e.errorTimes().back());
        say(c, QStringLiteral("strongest tie to Kubernetes events: %1; tie to load: %2").arg(pct(e.eventTie()), pct(whole.loadTie)));
        say(c, QStringLiteral("%1 502s (%2) sit on no Kubernetes event; minutes with one of them: %3 of what an even "
                              "spread gives")
                   .arg(whole.res.count)
                   .arg(pct(whole.res.share), pct(std::min(whole.res.spreadRatio, 1.0))));
    }
    if (logs.haveErrorLog)
        say(c, QStringLiteral("NGINX error log: %1 'upstream prematurely closed', %2 'connection reset by peer'")
                   .arg(logs.count(UpstreamErrorCategory::PrematurelyClosed))
                   .arg(logs.count(UpstreamErrorCategory::ConnectionReset)));
    if (whole.eof > 0)
        say(c, QStringLiteral("proxy log: %1 upstream connections closed or reset (EOF, reset, broken pipe)").arg(whole.eof));
    if (rl.events > 0) {
        if (rl.matched > 0)
            say(c, QStringLiteral("%1 of %2 502s (%3) come %4: %5")
                       .arg(rl.matched)
                       .arg(rl.errors)
                       .arg(pct(rl.share),
                            QStringLiteral("within %1 s after a proxy configuration reload").arg(qRound(params::kReloadAfterS)),
                            rl.summary()),
                rl.firstUs, rl.lastUs);
        else
            say(c, QStringLiteral("no 502s within %1 s after the %2 proxy configuration reloads")
                       .arg(qRound(params::kReloadAfterS))
                       .arg(rl.events));
    }
    if (const qint64 failed = e.signals().total(EventClass::ReloadFailed, e.series().fromUs(), e.series().toUs()))
        say(c, QStringLiteral("proxy log: %1 failed reloads").arg(failed));
    return c;
}

} // namespace gateline
