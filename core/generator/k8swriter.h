// Writes k8s/events.json (kubectl get events -A -o json: a core/v1 List of Events with counts and
// first/last timestamps) and k8s/pods.json (kubectl get pods -A -o json at capture time, with
// restartCount and lastState.terminated), with kubectl's key order and second-precision times.
#pragma once

#include "simtypes.h"
#include "topology.h"

#include <QStringList>

namespace gateline::gen {

class K8sWriter
{
public:
    K8sWriter(const World &world, const EventLog &events, quint64 seed, qint64 captureTime)
        : m_world(world), m_events(events), m_seed(seed), m_capture(captureTime)
    {
    }
    bool write(const QString &outDir, QStringList *files, qint64 *eventCount, qint64 *podCount, QString *error);

private:
    QByteArray eventsJson(qint64 *count) const;
    QByteArray podsJson(qint64 *count) const;

    const World &m_world;
    const EventLog &m_events;
    quint64 m_seed;
    qint64 m_capture;
};

} // namespace gateline::gen
