#include "restartmatcher.h"

#include "counts.h"

#include <QRandomGenerator>
#include <algorithm>

namespace gateline {

namespace {

// Index of the nearest event to t within ±w in a time-sorted vector, or -1.
qsizetype nearestEvent(const std::vector<LifecycleEvent> &ev, qint64 t, qint64 w)
{
    auto it = std::lower_bound(ev.begin(), ev.end(), t - w, [](const LifecycleEvent &e, qint64 v) { return e.us < v; });
    qsizetype best = -1;
    qint64 bestD = 0;
    for (; it != ev.end() && it->us <= t + w; ++it) {
        const qint64 d = std::llabs(it->us - t);
        if (best < 0 || d < bestD) {
            best = it - ev.begin();
            bestD = d;
        }
    }
    return best;
}

qint64 countMatched(const std::vector<LifecycleEvent> &ev, const std::vector<qint64> &times, qint64 w)
{
    qint64 n = 0;
    for (qint64 t : times)
        n += nearestEvent(ev, t, w) >= 0;
    return n;
}

} // namespace

qint64 MatchingResult::byGroup(const QString &group) const
{
    const qsizetype i = matchingGroups().indexOf(group);
    return i < 0 ? 0 : byKind[size_t(i)];
}

MatchingResult matchMissingUpstream(const Timeline &timeline, const MatchOptions &options)
{
    MatchingResult r;
    r.windowSeconds = options.windowSeconds;
    r.from = options.from;
    r.to = options.to;
    if (r.from.us == 0 && r.to.us == 0) {
        r.from = timeline.first();
        r.to = timeline.last();
    }
    const qint64 w = qint64(options.windowSeconds * 1e6);
    const std::vector<LifecycleEvent> events = collectLifecycleEvents(timeline, options.namespaces);
    r.eventCount = std::count_if(events.begin(), events.end(),
                                 [&](const LifecycleEvent &e) { return e.us >= r.from.us && e.us <= r.to.us; });

    const EventStore &store = timeline.store();
    std::vector<qint64> times;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (!isLoadBalancerFormat(s.format))
            continue;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.kind(i) != EventKind::Request || !isMissingUpstream502(s, i))
                continue;
            const qint64 t = timeline.aligned(sid, i).us;
            if (t < r.from.us || t > r.to.us)
                continue;
            times.push_back(t);
            const qsizetype e = nearestEvent(events, t, w);
            if (e >= 0) {
                const LifecycleEvent &ev = events[size_t(e)];
                r.pairs.push_back({sid, qint32(i), t, ev, double(ev.us - t) / 1e6});
                ++r.byClass[size_t(ev.cls)];
                ++r.byKind[size_t(matchingGroups().indexOf(matchingGroup(ev.cls)))];
            }
        }
    }
    std::sort(r.pairs.begin(), r.pairs.end(), [](const auto &a, const auto &b) { return a.errorUs < b.errorUs; });
    r.missingUpstream502 = qint64(times.size());
    r.matched = qint64(r.pairs.size());
    r.matchRate = times.empty() ? 0 : double(r.matched) / double(times.size());

    // Coverage: the share of the range within ±w of some event (what uniform random times give).
    const qint64 span = std::max<qint64>(1, r.to.us - r.from.us);
    qint64 covered = 0, reach = r.from.us;
    for (const LifecycleEvent &e : events) {
        const qint64 a = std::max(reach, std::max(r.from.us, e.us - w));
        const qint64 b = std::min(r.to.us, e.us + w);
        if (b > a) {
            covered += b - a;
            reach = b;
        }
    }
    r.coverage = double(covered) / double(span);

    // Chance: shift all the 502s together by a random amount (wrapping inside the range), which
    // keeps their bursts intact, and see how often they land near events anyway.
    if (!times.empty() && options.shuffles > 0) {
        QRandomGenerator rng(0x6a7e11e5u);
        double sum = 0;
        int atLeast = 0;
        std::vector<qint64> shifted(times.size());
        for (int k = 0; k < options.shuffles; ++k) {
            // Shifts shorter than twice the window would keep the 502s on their own events.
            const qint64 margin = std::min(2 * w, span / 4);
            const qint64 delta = margin + qint64(rng.bounded(double(std::max<qint64>(1, span - 2 * margin))));
            for (size_t i = 0; i < times.size(); ++i)
                shifted[i] = r.from.us + (times[i] - r.from.us + delta) % span;
            const qint64 m = countMatched(events, shifted, w);
            sum += double(m) / double(times.size());
            atLeast += m >= r.matched;
        }
        r.chanceRate = sum / options.shuffles;
        r.pValue = double(atLeast + 1) / double(options.shuffles + 1);
    }
    return r;
}

} // namespace gateline
