// Kubernetes events and pods as kubectl prints them, for the shapes users paste instead of JSON:
//   get-events       `kubectl get events -A` (LAST SEEN of the last occurrence only: kubectl's
//                    table has no count and no first time)
//   get-events-wide  `kubectl get events -A -o wide` (SUBOBJECT SOURCE ... FIRST SEEN COUNT NAME)
//   kubectl-events   `kubectl events -A` (LAST SEEN "2m (x5 over 34m)" for folded repeats)
//   describe         `kubectl describe pods -A` for the pods alive at capture (their Last State:
//                    Terminated, Reason, Exit Code, Started/Finished, and their Events block),
//                    and `kubectl events -A` for the events no describe block shows (other kinds,
//                    deleted pods); it replaces pods.json
// Ages are counted back from the capture second (the capture time truncated to whole seconds:
// event times are whole seconds, so this is the age kubectl printed at any moment of that second).
#pragma once

#include "simtypes.h"
#include "topology.h"

#include <QStringList>

namespace gateline::gen {

class K8sTextWriter
{
public:
    K8sTextWriter(const World &world, const EventLog &events, quint64 seed, qint64 captureTime);
    static QStringList shapes(); // json first

    // Writes the shape's files under outDir/k8s/, with the capture second as their modification
    // time (what Gateline reads ages by when no capture time is given). eventFiles/podFiles get
    // their bundle-relative names; podFiles stays empty unless the shape replaces pods.json.
    bool write(const QString &outDir, const QString &shape, QStringList *eventFiles, QStringList *podFiles,
               qint64 *eventCount, qint64 *podCount, QString *error) const;

    qint64 captureSecondUs() const { return m_captureSec * 1000000; }

    QByteArray getEvents(bool wide) const;
    QByteArray kubectlEvents(const std::vector<const K8sEvent *> &events) const;
    // The describe blocks of the live pods; *rest gets the events no block shows.
    QByteArray describePods(std::vector<const K8sEvent *> *rest, qint64 *podCount) const;

private:
    QByteArray age(qint64 us) const;
    QByteArray interval(const K8sEvent &e) const;
    std::vector<const K8sEvent *> byLastSeen(std::vector<const K8sEvent *> events) const;
    QByteArray describePod(const SimPod &p, const std::vector<const K8sEvent *> &events) const;

    const World &m_world;
    const EventLog &m_events;
    quint64 m_seed;
    qint64 m_captureUs;
    qint64 m_captureSec;
};

} // namespace gateline::gen
