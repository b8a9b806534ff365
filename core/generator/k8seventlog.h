// Kubernetes events as the API server keeps them: repeats of the same reason and message for the
// same object are folded into one event with a count and first/last timestamps.
#pragma once

#include <QByteArray>
#include <QHash>
#include <vector>

namespace gateline::gen {

struct K8sObjectRef {
    QByteArray kind;        // Pod, Deployment, ReplicaSet, Node, HorizontalPodAutoscaler, Job, CronJob
    QByteArray ns;          // empty for cluster-scoped objects (Node)
    QByteArray name;
    QByteArray uid;
    QByteArray apiVersion;  // v1, apps/v1, autoscaling/v2, batch/v1
    QByteArray fieldPath;   // spec.containers{app}
};

struct K8sEvent {
    K8sObjectRef object;
    QByteArray reason, message, type, component, host;
    qint64 first = 0, last = 0; // UTC microseconds
    int count = 0;
};

class EventLog
{
public:
    // Records one occurrence; repeats (same object, reason, message, source) increase the count.
    void add(qint64 time, const K8sObjectRef &object, const QByteArray &reason, const QByteArray &message,
             const QByteArray &component, const QByteArray &host = {}, bool warning = false);
    const std::vector<K8sEvent> &events() const { return m_events; }
    // Drops occurrences outside [from, to) (kubectl only shows what the API still holds).
    void clip(qint64 from, qint64 to);

private:
    std::vector<K8sEvent> m_events;
    QHash<QByteArray, int> m_index;
};

} // namespace gateline::gen
