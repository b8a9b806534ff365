#include "evidenceevents.h"

#include "analysis/podaddresshistory.h"

#include <QHash>

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
        e.restartStart = c.cls == EventClass::Restart
                         && (kind == EventKind::PodStart || (kind == EventKind::K8sEvent && s.bytes(SourceData::Reason, c.row) == "Started"));
        if (kind == EventKind::PodStart || kind == EventKind::PodTermination) {
            e.ip = s.string(SourceData::Upstream, c.row);
            if (!e.ip.isEmpty()) {
                m_podIps.insert(e.ip);
                m_ipByPod.insert(PodAddressHistory::podName(e.object), e.ip);
                if (s.flags(c.row) & FlagNodeAddress)
                    m_nodeIps.insert(e.ip);
            }
            // First starts only: a restart is not a new pod joining the endpoints. Nor is a pod on
            // its node's address (hostNetwork): a new kube-proxy does not make the node a new pod.
            if (!e.ip.isEmpty() && kind == EventKind::PodStart && s.bytes(SourceData::Reason, c.row) != "Restarted"
                && !(s.flags(c.row) & FlagNodeAddress)) {
                auto it = m_podStartByIp.find(e.ip);
                if (it == m_podStartByIp.end() || *it < e.us)
                    m_podStartByIp.insert(e.ip, e.us);
            }
        }
        // A folded Kubernetes event (count > 1) with the span from its first repeat to its last
        // (durationMs: k8seventsparser.cpp, "x5 over 34m"): its repeats happened over that span, not
        // all at its last time. The times in between are unknown: the repeats are spread evenly from
        // the first to the last (both known), at most kMaxSpreadPoints points sharing the count.
        const float spanMs = kind == EventKind::K8sEvent ? s.durationMs(c.row) : -1.0f;
        if (e.count > 1 && spanMs > 0) {
            const qint64 span = qint64(double(spanMs) * 1000.0);
            const qint32 points = std::min<qint32>(e.count, kMaxSpreadPoints);
            const qint32 total = e.count;
            for (qint32 i = 0; i < points; ++i) {
                SignalEvent p = e;
                p.us = e.us - span + span * i / (points - 1);
                p.count = total / points + (i < total % points ? 1 : 0);
                m_events.push_back(p);
            }
            continue;
        }
        m_events.push_back(std::move(e));
    }
    std::stable_sort(m_events.begin(), m_events.end(), [](const SignalEvent &a, const SignalEvent &b) { return a.us < b.us; });
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

QString EventSignals::podIp(const QString &object) const
{
    return m_ipByPod.value(PodAddressHistory::podName(object));
}

std::vector<qint64> EventSignals::servingStarts(const QSet<QString> &servedHosts) const
{
    // Do the request logs name pods as their servers at all? A node's address (instance targets)
    // reaches any pod behind its NodePort: it names none.
    bool podsNamed = false;
    for (const QString &ip : m_podIps)
        if (servedHosts.contains(ip) && !m_nodeIps.contains(ip)) {
            podsNamed = true;
            break;
        }
    std::vector<qint64> out;
    for (const SignalEvent &e : m_events) {
        if (e.cls != EventClass::Started)
            continue;
        const QString ip = e.ip.isEmpty() ? podIp(e.object) : e.ip;
        if (!podsNamed || ip.isEmpty() || servedHosts.contains(ip) || m_nodeIps.contains(ip))
            out.push_back(e.us);
    }
    return out; // m_events is sorted
}

std::vector<qint64> EventSignals::servingKills(const QSet<QString> &servedHosts, qint64 *leftOut) const
{
    QSet<QString> servedWorkloads;
    for (auto it = m_ipByPod.cbegin(); it != m_ipByPod.cend(); ++it)
        if (servedHosts.contains(it.value()) && !m_nodeIps.contains(it.value()))
            servedWorkloads.insert(workloadOfPod(it.key()));
    std::vector<qint64> out;
    qint64 others = 0;
    for (const SignalEvent &e : m_events) {
        if (e.cls != EventClass::Killing)
            continue;
        const QString pod = PodAddressHistory::podName(e.object);
        const QString ip = e.ip.isEmpty() ? podIp(e.object) : e.ip;
        if (servedWorkloads.isEmpty() || pod.isEmpty() || servedHosts.contains(ip)
            || servedWorkloads.contains(workloadOfPod(pod)))
            out.push_back(e.us);
        else
            others += e.count;
    }
    if (leftOut)
        *leftOut = others;
    return out; // m_events is sorted
}

std::vector<SignalEvent> EventSignals::eventsOf(EventClass cls) const
{
    std::vector<SignalEvent> out;
    for (const SignalEvent &e : m_events)
        if (e.cls == cls)
            out.push_back(e);
    return out; // m_events is sorted
}

namespace {

// The pod an event names ("Pod/web-1" or "web-1"); empty when it names none or another kind of
// object ("Node/ip-10-0-1-7": a node's OOMKilling).
QString namedPod(const QString &object)
{
    const qsizetype slash = object.indexOf(QLatin1Char('/'));
    if (slash >= 0 && !object.startsWith(QLatin1StringView("pod/"), Qt::CaseInsensitive))
        return {};
    return PodAddressHistory::podName(object);
}

} // namespace

std::vector<qint64> EventSignals::outageEnds(const std::vector<SignalEvent> &kills, double afterSeconds) const
{
    std::vector<const SignalEvent *> restarts;
    for (const SignalEvent &e : m_events)
        if (e.restartStart)
            restarts.push_back(&e); // m_events is sorted
    const qint64 backOff = qint64(params::kCrashLoopBackOffMaxS * 1e6);
    std::vector<qint64> out(kills.size(), 0);
    for (size_t i = 0; i < kills.size(); ++i) {
        const SignalEvent &kill = kills[i];
        const QString pod = namedPod(kill.object);
        auto it = std::upper_bound(restarts.begin(), restarts.end(), kill.us,
                                   [](qint64 t, const SignalEvent *r) { return t < r->us; });
        for (; it != restarts.end() && (*it)->us - kill.us <= backOff; ++it) {
            const SignalEvent &r = **it;
            if (!pod.isEmpty()
                && (PodAddressHistory::podName(r.object) != pod
                    || (!kill.ns.isEmpty() && !r.ns.isEmpty() && kill.ns != r.ns)))
                continue;
            out[i] = r.us + qint64(afterSeconds * 1e6);
            break;
        }
    }
    return out;
}

Alignment alignErrors(const std::vector<qint64> &errorTimes, std::vector<qint64> eventTimes, double beforeSeconds,
                      double afterSeconds, qint64 fromUs, qint64 toUs, std::vector<qint64> eventEndsUs)
{
    CoincidenceQuery q;
    q.eventEndsUs = std::move(eventEndsUs);
    q.beforeSeconds = beforeSeconds;
    q.afterSeconds = afterSeconds;
    q.fromUs = fromUs;
    q.toUs = toUs;
    return testCoincidence(errorTimes, std::move(eventTimes), q);
}

Alignment alignOutages(const std::vector<qint64> &errorTimes, const std::vector<qint64> &kills,
                       const std::vector<qint64> &ends, double beforeSeconds, double afterSeconds, qint64 fromUs,
                       qint64 toUs)
{
    Alignment fixed = alignErrors(errorTimes, kills, beforeSeconds, afterSeconds, fromUs, toUs);
    bool longer = false;
    for (size_t i = 0; i < kills.size() && i < ends.size() && !longer; ++i)
        longer = ends[i] > kills[i] + qint64(afterSeconds * 1e6);
    if (!longer)
        return fixed;
    Alignment outage = alignErrors(errorTimes, kills, beforeSeconds, afterSeconds, fromUs, toUs, ends);
    for (Alignment *a : {&fixed, &outage})
        a->pValue = std::min(1.0, 2 * a->pValue);
    return outage.strength() > fixed.strength() ? outage : fixed;
}

KilledPodTie alignKilledPods(const ErrorSeries &series, const PodAddressHistory &pods,
                             const std::vector<SignalEvent> &kills, const std::vector<qint64> &ends,
                             double beforeSeconds, double afterSeconds, qint64 fromUs, qint64 toUs)
{
    KilledPodTie out;
    const std::vector<ErrorSample> &errors = series.errors();
    out.tie.hits.assign(errors.size(), 0);
    // Every kill is an event (a node's OOMKilling too: it killed one of the node's pods, maybe one
    // of these); the pods the kills name are the servers whose 502s are tested (a bare name matches
    // the pod of any namespace).
    std::vector<qint64> killTimes, killEnds;
    QHash<QString, QStringList> killed; // pod name -> the namespaces its kills give ("" for none)
    for (size_t i = 0; i < kills.size(); ++i) {
        killTimes.push_back(kills[i].us);
        killEnds.push_back(i < ends.size() ? ends[i] : 0);
        const QString pod = namedPod(kills[i].object);
        if (pod.isEmpty())
            continue;
        QStringList &nss = killed[pod];
        if (!nss.contains(kills[i].ns))
            nss.append(kills[i].ns);
    }
    if (killed.isEmpty())
        return out;
    const auto isKilled = [&](const PodAddressHistory::Owner &o) {
        const auto it = killed.constFind(o.name);
        if (it == killed.cend())
            return false;
        for (const QString &ns : *it)
            if (ns.isEmpty() || o.ns.isEmpty() || ns == o.ns)
                return true;
        return false;
    };
    // The 502s to those pods, in series order (sorted by time, as errors() is).
    std::vector<size_t> index;
    std::vector<qint64> times;
    std::vector<QString> owner; // per selected 502: "address (pod)"
    for (size_t i = 0; i < errors.size(); ++i) {
        const QString host = lastServerIp(errors[i].upstream);
        if (host.isEmpty())
            continue;
        const PodAddressHistory::Owner o = pods.at(host, errors[i].us);
        if (!o.found() || !isKilled(o))
            continue;
        index.push_back(i);
        times.push_back(errors[i].us);
        owner.push_back(QStringLiteral("%1 (%2)").arg(host, o.name));
    }
    out.toKilledPods = qint64(times.size());
    if (times.empty())
        return out;
    Alignment a = alignOutages(times, killTimes, killEnds, beforeSeconds, afterSeconds, fromUs, toUs);
    QHash<QString, qint64> onKill, all;
    for (size_t j = 0; j < index.size(); ++j) {
        ++all[owner[j]];
        if (j < a.hits.size() && a.hits[j]) {
            out.tie.hits[index[j]] = 1;
            ++onKill[owner[j]];
        }
    }
    out.pods = all.size();
    for (auto it = onKill.cbegin(); it != onKill.cend(); ++it)
        if (it.value() > out.examplePod || (it.value() == out.examplePod && it.key() < out.example)) {
            out.examplePod = it.value();
            out.example = it.key();
        }
    std::vector<char> hits = std::move(out.tie.hits);
    out.tie = std::move(a);
    out.tie.hits = std::move(hits);
    return out;
}

} // namespace gateline
