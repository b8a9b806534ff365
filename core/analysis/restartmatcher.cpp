#include "restartmatcher.h"

#include "counts.h"
#include "podaddresshistory.h"
#include "jobs/cancellation.h"

#include <QHash>
#include <algorithm>

namespace gateline {

namespace {

// Index of the nearest event to t within ±w in a time-sorted vector, or -1; an event of `pod`
// (if given) wins over a nearer one of another object.
qsizetype nearestEvent(const EventStore &store, const std::vector<LifecycleEvent> &ev, qint64 t, qint64 w,
                       const QString &pod)
{
    auto it = std::lower_bound(ev.begin(), ev.end(), t - w, [](const LifecycleEvent &e, qint64 v) { return e.us < v; });
    qsizetype best = -1;
    qint64 bestD = 0;
    bool bestSame = false;
    for (; it != ev.end() && it->us <= t + w; ++it) {
        const qint64 d = std::llabs(it->us - t);
        const bool same = !pod.isEmpty() && store.source(it->source).string(SourceData::Object, it->row) == pod;
        if (best < 0 || (same && !bestSame) || (same == bestSame && d < bestD)) {
            best = it - ev.begin();
            bestD = d;
            bestSame = same;
        }
    }
    return best;
}

struct Selected {
    SourceId source;
    qint32 row;
    qint64 us;
    QString upstream;
};

} // namespace

QString matchErrorsId(MatchErrors e)
{
    switch (e) {
    case MatchErrors::MissingUpstream: return QStringLiteral("missing-upstream");
    case MatchErrors::IngressMade: return QStringLiteral("ingress-made");
    case MatchErrors::AllGateway: return QStringLiteral("all-gateway");
    }
    return {};
}

QString matchErrorsLabel(MatchErrors e)
{
    switch (e) {
    case MatchErrors::MissingUpstream: return QStringLiteral("missing-upstream 502s");
    case MatchErrors::IngressMade: return QStringLiteral("ingress-made 502s");
    case MatchErrors::AllGateway: return QStringLiteral("gateway 502s");
    }
    return {};
}

std::optional<MatchErrors> matchErrorsFromId(QStringView id)
{
    for (MatchErrors e : {MatchErrors::MissingUpstream, MatchErrors::IngressMade, MatchErrors::AllGateway})
        if (id == matchErrorsId(e))
            return e;
    return std::nullopt;
}

MatchErrors defaultMatchErrors(const OriginResult &origin)
{
    return origin.ingress + origin.sidecar > origin.alb ? MatchErrors::IngressMade : MatchErrors::MissingUpstream;
}

QString MatchingResult::errorsLabel() const
{
    return ingressLogged ? QStringLiteral("502s in the ingress access logs") : matchErrorsLabel(errors);
}

QString MatchingResult::samePodSummary() const
{
    if (samePod == 0)
        return {};
    struct PodPairs { qint64 n = 0; const MatchedPair *first = nullptr; };
    QHash<QString, PodPairs> byPod;
    for (const MatchedPair &p : pairs) {
        if (!p.samePod)
            continue;
        PodPairs &e = byPod[p.pod];
        if (!e.first)
            e.first = &p;
        ++e.n;
    }
    QString pod;
    PodPairs best;
    for (auto it = byPod.cbegin(); it != byPod.cend(); ++it)
        if (it->n > best.n || (it->n == best.n && it.key() < pod)) {
            pod = it.key();
            best = *it;
        }
    const QString name = pod.startsWith(QLatin1String("Pod/")) ? pod.mid(4) : pod;
    const QString where = QStringLiteral("%1 (%2) around its %3").arg(best.first->upstream, name, eventClassShortLabel(best.first->event.cls));
    if (best.n == samePod)
        return QStringLiteral("%1 of them went to the pod the event is about: %2").arg(readableCount(samePod), where);
    return QStringLiteral("%1 of them went to the pod the event is about (%2 pods); the most, %3, to %4")
        .arg(readableCount(samePod), readableCount(byPod.size()), readableCount(best.n), where);
}

qint64 MatchingResult::byGroup(const QString &group) const
{
    const qsizetype i = matchingGroups().indexOf(group);
    return i < 0 ? 0 : byKind[size_t(i)];
}

QString MatchingResult::dominantFamily() const
{
    const qint64 deployment = byGroup(QStringLiteral("killing")) + byGroup(QStringLiteral("rollout"));
    const qint64 crash = byGroup(QStringLiteral("restart")) + byGroup(QStringLiteral("oomKill"));
    if (deployment + crash == 0)
        return {};
    return crash > deployment ? QStringLiteral("crash") : QStringLiteral("deployment");
}

QString MatchingResult::mainGroup() const
{
    const QString family = dominantFamily();
    if (family.isEmpty())
        return {};
    const QStringList groups = family == QLatin1String("crash") ? QStringList{QStringLiteral("oomKill"), QStringLiteral("restart")}
                                                                : QStringList{QStringLiteral("killing"), QStringLiteral("rollout")};
    return byGroup(groups[1]) > byGroup(groups[0]) ? groups[1] : groups[0];
}

MatchingResult matchErrors(const Timeline &timeline, const OriginResult *origin, const MatchOptions &options)
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

    // The 502s of the chosen kind.
    const EventStore &store = timeline.store();
    std::vector<Selected> selected;
    bool haveLb = false;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        haveLb = haveLb || (isLoadBalancerFormat(store.source(SourceId{int(id)}).format) && store.source(SourceId{int(id)}).size() > 0);
    r.ingressLogged = !haveLb;
    OriginResult own;
    const auto needOrigin = [&] {
        if (!origin) {
            own = classifyOrigins(timeline);
            origin = &own;
        }
    };
    r.errors = options.errors;
    if (!options.errorsChosen && haveLb) {
        needOrigin();
        r.errors = defaultMatchErrors(*origin);
        r.errorsFromVerdict = true;
    }
    if (r.errors == MatchErrors::IngressMade && haveLb) {
        needOrigin();
        for (const OriginResult::Item &item : origin->items) {
            if (item.origin != Origin::Ingress && item.origin != Origin::Sidecar)
                continue;
            Selected sel{item.source, item.row, timeline.aligned(item.source, item.row).us, {}};
            if (item.ingressSource.isValid() && item.ingressRow >= 0)
                sel.upstream = store.source(item.ingressSource).string(SourceData::Upstream, item.ingressRow);
            selected.push_back(sel);
        }
    } else {
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceId sid{int(id)};
            const SourceData &s = store.source(sid);
            // Without a load balancer the ingress access log's 502s stand in for every kind.
            if (haveLb ? !isLoadBalancerFormat(s.format) : !isIngressAccessSource(s))
                continue;
            s.forEachRowWhere(
                [](EventKind kind, qint16 status, qint16) { return kind == EventKind::Request && status == 502; },
                [&](qsizetype i) {
                    if (haveLb && r.errors == MatchErrors::MissingUpstream && !isMissingUpstream502(s, i))
                        return;
                    selected.push_back({sid, qint32(i), timeline.aligned(sid, i).us, s.string(SourceData::Upstream, i)});
                });
        }
    }
    std::erase_if(selected, [&](const Selected &s) { return s.us < r.from.us || s.us > r.to.us; });
    std::sort(selected.begin(), selected.end(), [](const Selected &a, const Selected &b) { return a.us < b.us; });

    const PodAddressHistory pods(timeline); // the one resolver, as the cause evidence uses
    std::vector<qint64> times;
    times.reserve(selected.size());
    for (const Selected &sel : selected) {
        times.push_back(sel.us);
        // The address shown is the one resolved: the last server tried (a name stays a name).
        const QString ip = lastServer(sel.upstream);
        const PodAddressHistory::Owner owner = pods.at(isIp(ip) ? ip : QString(), sel.us);
        const QString pod = owner.found() ? QStringLiteral("Pod/") + owner.name : QString();
        const qsizetype e = nearestEvent(store, events, sel.us, w, pod);
        if (e < 0)
            continue;
        const LifecycleEvent &ev = events[size_t(e)];
        MatchedPair p{sel.source, sel.row, sel.us, ev, double(ev.us - sel.us) / 1e6, ip, pod, false};
        p.samePod = !pod.isEmpty() && store.source(ev.source).string(SourceData::Object, ev.row) == pod;
        r.samePod += p.samePod;
        r.pairs.push_back(std::move(p));
        ++r.byClass[size_t(ev.cls)];
        ++r.byKind[size_t(matchingGroups().indexOf(matchingGroup(ev.cls)))];
    }
    r.missingUpstream502 = qint64(times.size());
    r.matched = qint64(r.pairs.size());
    r.matchRate = times.empty() ? 0 : double(r.matched) / double(times.size());
    if (cancelRequested())
        return r; // superseded (jobs/cancellation.h): skip the statistics

    // The statistics: the one core, with the same window on both sides.
    std::vector<qint64> eventTimes;
    eventTimes.reserve(events.size());
    for (const LifecycleEvent &e : events)
        eventTimes.push_back(e.us);
    CoincidenceQuery q;
    q.beforeSeconds = q.afterSeconds = options.windowSeconds;
    q.fromUs = r.from.us;
    q.toUs = r.to.us;
    q.shifts = options.shuffles;
    r.stats = testCoincidence(times, std::move(eventTimes), q);
    r.chanceRate = r.stats.expectedShare;
    r.coverage = r.stats.coverage;
    r.pValue = r.stats.pValue;
    return r;
}

} // namespace gateline
