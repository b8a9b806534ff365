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
            // First starts only: a restart is not a new pod joining the endpoints. Nor is a pod on
            // its node's address (hostNetwork): a new kube-proxy does not make the node a new pod.
            if (!e.ip.isEmpty() && kind == EventKind::PodStart && s.bytes(SourceData::Reason, c.row) != "Restarted"
                && !(s.flags(c.row) & FlagNodeAddress)) {
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

Alignment alignErrors(const std::vector<qint64> &errorTimes, std::vector<qint64> eventTimes, double beforeSeconds,
                      double afterSeconds, qint64 fromUs, qint64 toUs)
{
    CoincidenceQuery q;
    q.beforeSeconds = beforeSeconds;
    q.afterSeconds = afterSeconds;
    q.fromUs = fromUs;
    q.toUs = toUs;
    return testCoincidence(errorTimes, std::move(eventTimes), q);
}

} // namespace gateline
