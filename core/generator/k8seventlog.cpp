#include "k8seventlog.h"

#include <algorithm>

namespace gateline::gen {

void EventLog::add(qint64 time, const K8sObjectRef &object, const QByteArray &reason, const QByteArray &message,
                   const QByteArray &component, const QByteArray &host, bool warning)
{
    const QByteArray key = object.kind + '\x1f' + object.ns + '\x1f' + object.name + '\x1f' + object.fieldPath
                           + '\x1f' + reason + '\x1f' + message + '\x1f' + component;
    const auto it = m_index.constFind(key);
    if (it != m_index.constEnd()) {
        K8sEvent &e = m_events[size_t(*it)];
        ++e.count;
        e.first = std::min(e.first, time);
        e.last = std::max(e.last, time);
        return;
    }
    K8sEvent e;
    e.object = object;
    e.reason = reason;
    e.message = message;
    e.type = warning ? QByteArrayLiteral("Warning") : QByteArrayLiteral("Normal");
    e.component = component;
    e.host = host;
    e.first = e.last = time;
    e.count = 1;
    m_index.insert(key, int(m_events.size()));
    m_events.push_back(std::move(e));
}

void EventLog::clip(qint64 from, qint64 to)
{
    std::vector<K8sEvent> kept;
    for (K8sEvent &e : m_events) {
        if (e.last < from || e.first >= to)
            continue;
        kept.push_back(std::move(e));
    }
    m_events = std::move(kept);
    m_index.clear();
}

} // namespace gateline::gen
