#include "podlifecycle.h"

#include <algorithm>

namespace gateline::gen {

static qint64 secs(double s)
{
    return qint64(s * double(kSec));
}

K8sObjectRef Lifecycle::podRef(int pod, bool container) const
{
    const SimPod &p = m_world.topo.pods[size_t(pod)];
    K8sObjectRef r{QByteArrayLiteral("Pod"), p.ns, p.name, p.uid, QByteArrayLiteral("v1"), {}};
    if (container)
        r.fieldPath = "spec.containers{" + p.container + '}';
    return r;
}

K8sObjectRef Lifecycle::deploymentRef(int dep) const
{
    const SimDeployment &d = m_world.deployments[size_t(dep)];
    return {QByteArrayLiteral("Deployment"), d.ns, d.name, d.uid, QByteArrayLiteral("apps/v1"), {}};
}

K8sObjectRef Lifecycle::replicaSetRef(int dep) const
{
    const SimDeployment &d = m_world.deployments[size_t(dep)];
    return {QByteArrayLiteral("ReplicaSet"), d.ns, d.name + '-' + d.rsHash, d.rsUid, QByteArrayLiteral("apps/v1"), {}};
}

K8sObjectRef Lifecycle::nodeRef(int node) const
{
    const SimNode &n = m_world.topo.nodes[size_t(node)];
    return {QByteArrayLiteral("Node"), {}, n.name, n.name, QByteArrayLiteral("v1"), {}};
}

const QByteArray &Lifecycle::nodeName(int pod) const
{
    return m_world.topo.nodes[size_t(m_world.topo.pods[size_t(pod)].node)].name;
}

int Lifecycle::startNewPod(int dep, qint64 created, const RolloutStyle &style)
{
    // Is the image already on the chosen node? Decide after placement.
    const int idx = spawnPod(m_world, dep, created, m_rng);
    SimPod &p = m_world.topo.pods[size_t(idx)];
    if (!style.newImage.isEmpty())
        p.image = style.newImage;
    bool present = false;
    for (size_t i = 0; i + 1 < m_world.topo.pods.size(); ++i) {
        const SimPod &o = m_world.topo.pods[i];
        present = present || (o.node == p.node && o.image == p.image && o.created < created);
    }
    const QByteArray &host = nodeName(idx);
    const K8sObjectRef ref = podRef(idx);
    m_events.add(created, replicaSetRef(dep), "SuccessfulCreate", "Created pod: " + p.name, "replicaset-controller");
    qint64 t = created + secs(m_rng.uniform(0.01, 0.3));
    m_events.add(t, podRef(idx, false), "Scheduled",
                 "Successfully assigned " + p.ns + '/' + p.name + " to " + host, "default-scheduler");
    t += secs(m_rng.uniform(0.4, 1.2));
    if (present) {
        m_events.add(t, ref, "Pulled", "Container image \"" + p.image + "\" already present on machine", "kubelet", host);
    } else {
        m_events.add(t, ref, "Pulling", "Pulling image \"" + p.image + '"', "kubelet", host);
        const double pull = m_rng.uniform(1.2, 7.5);
        t += secs(pull);
        const QByteArray d = QByteArray::number(pull, 'f', 3) + 's';
        const qint64 size = 40000000 + qint64(mix(hashBytes(p.image), 7) % 260000000);
        m_events.add(t, ref, "Pulled",
                     "Successfully pulled image \"" + p.image + "\" in " + d + " (" + d
                         + " including waiting). Image size: " + QByteArray::number(size) + " bytes.",
                     "kubelet", host);
    }
    t += secs(m_rng.uniform(0.05, 0.3));
    m_events.add(t, ref, "Created", "Created container " + p.container, "kubelet", host);
    t += secs(m_rng.uniform(0.05, 0.4));
    m_events.add(t, ref, "Started", "Started container " + p.container, "kubelet", host);
    p.started = t;
    p.runningSince = t;
    p.listenFrom = t + secs(jitter(style.listenSec, 0.25));
    const qint64 ready = t + secs(jitter(style.readinessSec, 0.25));
    p.endpointFrom = ready + secs(jitter(style.addLagSec, 0.4));
    return idx;
}

void Lifecycle::stopPod(int dep, int pod, qint64 killAt, const RolloutStyle &style)
{
    SimPod &p = m_world.topo.pods[size_t(pod)];
    m_events.add(killAt, replicaSetRef(dep), "SuccessfulDelete", "Deleted pod: " + p.name, "replicaset-controller");
    const qint64 kill = killAt + secs(m_rng.uniform(0.01, 0.15));
    m_events.add(kill, podRef(pod), "Killing", "Stopping container " + p.container, "kubelet", nodeName(pod));
    p.endpointTo = kill + secs(jitter(style.removeLagSec, 0.45));
    if (style.abrupt) {
        const qint64 dies = kill + secs(m_rng.uniform(0.02, style.sigtermGapMaxSec));
        p.listenTo = dies;
        p.deaths.push_back(dies);
        p.deleted = dies + secs(m_rng.uniform(0.5, 2));
    } else {
        p.listenTo = kill + secs(jitter(style.drainSec, 0.1));
        p.deleted = p.listenTo + secs(m_rng.uniform(0.5, 3));
    }
    auto &live = m_world.deployments[size_t(dep)].pods;
    live.erase(std::remove(live.begin(), live.end(), pod), live.end());
}

std::vector<Lifecycle::Step> Lifecycle::rollout(int dep, qint64 at, const RolloutStyle &style)
{
    SimDeployment &d = m_world.deployments[size_t(dep)];
    std::vector<int> old = d.pods;
    const QByteArray oldHash = d.rsHash, oldUid = d.rsUid;
    const QByteArray newHash = randomHash(m_rng, d.rsHash.size());
    const QByteArray newUid = randomUid(m_rng);
    const int replicas = int(old.size());
    if (!style.newImage.isEmpty())
        d.image = style.newImage;
    std::vector<Step> steps;
    qint64 t = at;
    for (int i = 0; i < replicas; ++i) {
        // Scale the new ReplicaSet up by one.
        d.rsHash = newHash;
        d.rsUid = newUid;
        m_events.add(t, deploymentRef(dep), "ScalingReplicaSet",
                     "Scaled up replica set " + d.name + '-' + newHash + " to " + QByteArray::number(i + 1) + " from "
                         + QByteArray::number(i),
                     "deployment-controller");
        Step s;
        s.newPod = startNewPod(dep, t + secs(m_rng.uniform(0.005, 0.05)), style);
        const SimPod &np = m_world.topo.pods[size_t(s.newPod)];
        s.started = np.started;
        s.ready = np.endpointFrom - secs(style.addLagSec * 0.5);
        // Then the old one down by one.
        s.oldPod = old[size_t(i)];
        s.killed = s.ready + secs(m_rng.uniform(0.05, 0.6));
        d.rsHash = oldHash;
        d.rsUid = oldUid;
        m_events.add(s.killed, deploymentRef(dep), "ScalingReplicaSet",
                     "Scaled down replica set " + d.name + '-' + oldHash + " to " + QByteArray::number(replicas - i - 1)
                         + " from " + QByteArray::number(replicas - i),
                     "deployment-controller");
        stopPod(dep, s.oldPod, s.killed + secs(m_rng.uniform(0.005, 0.05)), style);
        d.rsHash = newHash;
        d.rsUid = newUid;
        steps.push_back(s);
        t = s.killed + secs(m_rng.uniform(0.02, 0.5));
    }
    return steps;
}

std::vector<Lifecycle::Step> Lifecycle::scaleTo(int dep, int replicas, qint64 at, const RolloutStyle &style)
{
    SimDeployment &d = m_world.deployments[size_t(dep)];
    const int current = int(d.pods.size());
    std::vector<Step> steps;
    if (replicas == current)
        return steps;
    m_events.add(at, deploymentRef(dep), "ScalingReplicaSet",
                 QByteArray(replicas > current ? "Scaled up" : "Scaled down") + " replica set " + d.name + '-' + d.rsHash
                     + " to " + QByteArray::number(replicas) + " from " + QByteArray::number(current),
                 "deployment-controller");
    for (int i = current; i < replicas; ++i) {
        Step s;
        s.newPod = startNewPod(dep, at + secs(m_rng.uniform(0.005, 0.08)), style);
        s.started = m_world.topo.pods[size_t(s.newPod)].started;
        s.ready = m_world.topo.pods[size_t(s.newPod)].endpointFrom;
        steps.push_back(s);
    }
    for (int i = current; i > replicas; --i) {
        Step s;
        s.oldPod = d.pods.back();
        s.killed = at + secs(m_rng.uniform(0.01, 0.1));
        stopPod(dep, s.oldPod, s.killed, style);
        steps.push_back(s);
    }
    d.replicas = replicas;
    return steps;
}

qint64 Lifecycle::restartContainer(int pod, qint64 at, const QByteArray &reason, int exitCode, double restartDelaySec,
                                   double warmupSec, double endpointLagSec)
{
    SimPod &p = m_world.topo.pods[size_t(pod)];
    const QByteArray &host = nodeName(pod);
    const qint64 restart = at + secs(restartDelaySec);
    const qint64 listening = restart + secs(warmupSec);
    p.deaths.push_back(at);
    p.down.push_back({at, listening});
    if (endpointLagSec >= 0) // < 0: nobody takes the pod out of rotation (an ALB target during a short outage)
        p.endpointOut.push_back({at + secs(endpointLagSec), listening + secs(endpointLagSec + 1.5)});
    p.hasLast = true;
    p.last = {p.runningSince, at, exitCode, reason};
    p.runningSince = restart;
    ++p.restarts;
    if (restartDelaySec >= 8) {
        m_events.add(at + secs(m_rng.uniform(0.5, 2)), podRef(pod), "BackOff",
                     "Back-off restarting failed container " + p.container + " in pod " + p.name + '_' + p.ns + '(' + p.uid
                         + ')',
                     "kubelet", host, true);
    }
    const K8sObjectRef ref = podRef(pod);
    m_events.add(restart - secs(0.3), ref, "Pulled", "Container image \"" + p.image + "\" already present on machine",
                 "kubelet", host);
    m_events.add(restart - secs(0.15), ref, "Created", "Created container " + p.container, "kubelet", host);
    m_events.add(restart, ref, "Started", "Started container " + p.container, "kubelet", host);
    return restart;
}

} // namespace gateline::gen
