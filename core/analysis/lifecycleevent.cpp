#include "lifecycleevent.h"

#include <algorithm>

namespace gateline {

QString lifecycleKindId(LifecycleKind k)
{
    switch (k) {
    case LifecycleKind::Restart: return QStringLiteral("restart");
    case LifecycleKind::OomKill: return QStringLiteral("oomKill");
    case LifecycleKind::Killing: return QStringLiteral("killing");
    case LifecycleKind::Rollout: return QStringLiteral("rollout");
    }
    return {};
}

std::optional<LifecycleKind> classifyLifecycle(const SourceData &s, qsizetype row)
{
    const QByteArrayView reason = s.bytes(SourceData::Reason, row);
    switch (s.kind(row)) {
    case EventKind::K8sEvent:
        if (reason == "Killing")
            return LifecycleKind::Killing;
        if (reason == "OOMKilling" || reason == "OOMKilled")
            return LifecycleKind::OomKill;
        if (reason == "ScalingReplicaSet")
            return LifecycleKind::Rollout;
        if (reason == "BackOff" || reason == "Restarted")
            return LifecycleKind::Restart;
        return std::nullopt;
    case EventKind::PodTermination:
        if (reason == "OOMKilled" || s.status(row) == 137)
            return LifecycleKind::OomKill;
        return LifecycleKind::Restart;
    case EventKind::PodStart:
        if (reason == "Restarted")
            return LifecycleKind::Restart;
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

std::vector<LifecycleEvent> collectLifecycleEvents(const Timeline &timeline, const QStringList &namespaces)
{
    std::vector<LifecycleEvent> events;
    const EventStore &store = timeline.store();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (s.format != SourceFormat::K8sEvents && s.format != SourceFormat::K8sPods)
            continue;
        for (qsizetype i = 0; i < s.size(); ++i) {
            const auto kind = classifyLifecycle(s, i);
            if (!kind)
                continue;
            if (!namespaces.isEmpty() && !namespaces.contains(s.string(SourceData::Namespace, i)))
                continue;
            events.push_back({timeline.aligned(sid, i).us, *kind, sid, qint32(i)});
        }
    }
    std::sort(events.begin(), events.end(), [](const auto &a, const auto &b) { return a.us < b.us; });
    return events;
}

} // namespace gateline
