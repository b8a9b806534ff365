#include "evidenceevents.h"

#include <algorithm>
#include <cmath>

namespace gateline {

EventSignals::EventSignals(const Analysis &analysis)
{
    const EventStore &store = analysis.store();
    for (const ClassifiedEvent &c : collectEvents(store, &analysis.timeline())) {
        const SourceData &s = store.source(c.source);
        SignalEvent e;
        e.us = c.us;
        e.cls = c.cls;
        e.count = c.count;
        e.source = c.source;
        e.row = c.row;
        e.ns = s.string(SourceData::Namespace, c.row);
        e.object = s.string(SourceData::Object, c.row);
        const EventKind kind = s.kind(c.row);
        if (kind == EventKind::PodStart || kind == EventKind::PodTermination) {
            e.ip = s.string(SourceData::Upstream, c.row);
            if (!e.ip.isEmpty())
                m_podIps.insert(e.ip);
            // First starts only: a restart is not a new pod joining the endpoints.
            if (!e.ip.isEmpty() && kind == EventKind::PodStart && s.bytes(SourceData::Reason, c.row) != "Restarted") {
                auto it = m_podStartByIp.find(e.ip);
                if (it == m_podStartByIp.end() || *it < e.us)
                    m_podStartByIp.insert(e.ip, e.us);
            }
        }
        m_events.push_back(std::move(e));
    }
}

qint64 EventSignals::total(EventClass cls, qint64 fromUs, qint64 toUs) const
{
    qint64 n = 0;
    for (const SignalEvent &e : m_events)
        if (e.cls == cls && (fromUs == toUs || (e.us >= fromUs && e.us <= toUs)))
            n += e.count;
    return n;
}

std::vector<qint64> EventSignals::times(EventClass cls) const
{
    return times({cls});
}

std::vector<qint64> EventSignals::times(std::initializer_list<EventClass> classes) const
{
    std::vector<qint64> out;
    for (const SignalEvent &e : m_events)
        if (std::find(classes.begin(), classes.end(), e.cls) != classes.end())
            out.push_back(e.us);
    return out; // m_events is sorted
}

double Alignment::excess() const
{
    if (errors == 0 || events == 0)
        return 0;
    const double c = std::min(coverage, 0.95);
    return std::clamp((share - c) / (1 - c), 0.0, 1.0);
}

namespace {

// P(X >= k) for X ~ Binomial(n, p).
double binomialTail(qint64 k, qint64 n, double p)
{
    if (k <= 0)
        return 1;
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    const double lp = std::log(p), lq = std::log1p(-p);
    double sum = 0;
    for (qint64 i = k; i <= n; ++i) {
        const double term = std::lgamma(double(n) + 1) - std::lgamma(double(i) + 1) - std::lgamma(double(n - i) + 1)
                            + double(i) * lp + double(n - i) * lq;
        const double v = std::exp(term);
        sum += v;
        if (i > k && v < sum * 1e-12)
            break;
    }
    return std::min(1.0, sum);
}

} // namespace

double Alignment::strength() const
{
    if (matched == 0)
        return 0;
    const double sig = std::clamp((-std::log10(std::max(pValue, 1e-300)) - 1.3) / (4 - 1.3), 0.0, 1.0);
    return sig * (0.35 + 0.65 * excess());
}

Alignment alignErrors(const std::vector<qint64> &errorTimes, std::vector<qint64> eventTimes, double beforeSeconds,
                      double afterSeconds, qint64 fromUs, qint64 toUs)
{
    Alignment a;
    std::sort(eventTimes.begin(), eventTimes.end());
    const qint64 before = qint64(beforeSeconds * 1e6);
    const qint64 after = qint64(afterSeconds * 1e6);
    // Events outside the range (plus their window) cannot explain anything in it.
    std::erase_if(eventTimes, [&](qint64 e) { return e + after < fromUs || e - before > toUs; });
    a.errors = qint64(errorTimes.size());
    a.events = qint64(eventTimes.size());
    if (eventTimes.empty() || errorTimes.empty())
        return a;

    std::vector<double> delays;
    std::vector<bool> hit(eventTimes.size(), false);
    for (qint64 t : errorTimes) {
        // Events e with e - before <= t <= e + after, i.e. e in [t - after, t + before].
        auto it = std::lower_bound(eventTimes.begin(), eventTimes.end(), t - after);
        bool matched = false;
        qint64 bestDelay = -1;
        for (; it != eventTimes.end() && *it <= t + before; ++it) {
            matched = true;
            hit[size_t(it - eventTimes.begin())] = true;
            const qint64 d = t - *it;
            if (d >= 0 && (bestDelay < 0 || d < bestDelay))
                bestDelay = d;
        }
        if (matched) {
            ++a.matched;
            if (a.matched == 1)
                a.firstUs = t;
            a.lastUs = t;
            delays.push_back(double(std::max<qint64>(bestDelay, 0)) / 1e6);
        }
    }
    a.eventsHit = std::count(hit.begin(), hit.end(), true);
    a.share = double(a.matched) / double(a.errors);
    if (!delays.empty()) {
        std::nth_element(delays.begin(), delays.begin() + qsizetype(delays.size() / 2), delays.end());
        a.medianDelaySeconds = delays[delays.size() / 2];
    }
    const qint64 span = std::max<qint64>(1, toUs - fromUs);
    qint64 covered = 0, reach = fromUs;
    for (qint64 e : eventTimes) {
        const qint64 lo = std::max(reach, std::max(fromUs, e - before));
        const qint64 hi = std::min(toUs, e + after);
        if (hi > lo) {
            covered += hi - lo;
            reach = hi;
        }
    }
    a.coverage = double(covered) / double(span);
    a.pValue = binomialTail(a.matched, a.errors, std::min(a.coverage, 1.0));
    return a;
}

} // namespace gateline
