// Pod lifecycles with the events Kubernetes writes for them: rolling updates, scaling, container
// restarts. Each change updates the pods' timelines (listening, endpoints, deaths) that the traffic
// model consults, and appends the matching events.
#pragma once

#include "genrandom.h"
#include "topology.h"

namespace gateline::gen {

struct RolloutStyle {
    double readinessSec = 6;     // Started -> Ready (the rollout proceeds on Ready)
    double listenSec = 3;        // Started -> the process accepts connections
    double addLagSec = 1;        // Ready -> the ingress routes to it
    double removeLagSec = 1.5;   // deletion -> the ingress stops routing to it
    bool abrupt = false;         // old pods exit at SIGTERM, cutting in-flight requests
    double sigtermGapMaxSec = 0.3; // abrupt: Killing event -> the process gets SIGTERM, up to this
    double drainSec = 15;        // otherwise: preStop sleep, the old pod keeps serving meanwhile
    QByteArray newImage;         // empty: same image (a restart)
};

class Lifecycle
{
public:
    Lifecycle(World &world, EventLog &events, Rng &rng) : m_world(world), m_events(events), m_rng(rng) {}

    struct Step {
        int newPod = -1, oldPod = -1;
        qint64 started = 0, ready = 0, killed = 0;
    };

    // A new pod of deployment dep created at `created`, with its scheduling/pull/start events.
    int startNewPod(int dep, qint64 created, const RolloutStyle &style);
    // Deletes a pod at killAt (Killing event, endpoint removal, shutdown per style).
    void stopPod(int dep, int pod, qint64 killAt, const RolloutStyle &style);
    // A rolling update (maxSurge 1, maxUnavailable 0) starting at `at`.
    std::vector<Step> rollout(int dep, qint64 at, const RolloutStyle &style);
    // kubectl scale / HPA: the new pods (scale up) or the removed ones (scale down).
    std::vector<Step> scaleTo(int dep, int replicas, qint64 at, const RolloutStyle &style);
    // The container dies at `at` and is restarted after restartDelaySec; returns the restart time.
    qint64 restartContainer(int pod, qint64 at, const QByteArray &reason, int exitCode, double restartDelaySec,
                            double warmupSec, double endpointLagSec);

    K8sObjectRef podRef(int pod, bool container = true) const;
    K8sObjectRef deploymentRef(int dep) const;
    K8sObjectRef replicaSetRef(int dep) const;
    K8sObjectRef nodeRef(int node) const;
    const QByteArray &nodeName(int pod) const;
    double jitter(double v, double spread = 0.3) { return v * m_rng.uniform(1 - spread, 1 + spread); }

private:
    World &m_world;
    EventLog &m_events;
    Rng &m_rng;
};

} // namespace gateline::gen
