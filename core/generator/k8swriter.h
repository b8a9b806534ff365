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
    // json (default) or a kubectl text shape (k8stextwriter.h).
    void setEventsShape(const QString &shape) { m_shape = shape; }
    bool write(const QString &outDir, QStringList *files, qint64 *eventCount, qint64 *podCount, QString *error);
    // After write(): the files holding the events, and the pods.
    const QStringList &eventFiles() const { return m_eventFiles; }
    const QStringList &podFiles() const { return m_podFiles; }

    // The event's metadata.name (the object's name, '.', 16 hex digits).
    static QString eventName(const K8sEvent &e, quint64 seed);
    // The pods the API server still has at `at`, by namespace and name.
    static std::vector<const SimPod *> livePods(const Topology &t, qint64 at);

private:
    QByteArray eventsJson(qint64 *count) const;
    QByteArray podsJson(qint64 *count) const;

    const World &m_world;
    const EventLog &m_events;
    quint64 m_seed;
    qint64 m_capture;
    QString m_shape = QStringLiteral("json");
    QStringList m_eventFiles, m_podFiles;
};

} // namespace gateline::gen
