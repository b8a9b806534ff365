// Draws the cluster from the seed: account, region, load balancer, nodes, namespaces, services,
// deployments with their pods (IPs, nodes, hash suffixes), endpoints and the client pool. Nothing
// here depends on the cause, so names never reveal it.
#pragma once

#include "genrandom.h"
#include "simtypes.h"

namespace gateline::gen {

struct SimDeployment {
    QByteArray ns, name, uid, container, image, appLabel, rsHash, rsUid;
    QByteArray ownerKind = QByteArrayLiteral("ReplicaSet"); // DaemonSet/StatefulSet for system pods
    PodGroup group = PodGroup::Other;
    int port = 8080;
    int replicas = 1;
    std::vector<int> pods;     // live pods (indices into Topology::pods)
};

struct World {
    Topology topo;
    std::vector<SimDeployment> deployments; // 0 app, 1 frontend, 2 ingress, 3 unrelated worker, ...
    std::vector<int> ingressPods;           // indices into topo.pods
    quint64 seed = 0;
};

enum DeploymentIndex {
    AppDeployment = 0,
    FrontendDeployment = 1,
    IngressDeployment = 2,
    WorkerDeployment = 3,
    CoreDnsDeployment = 4,
    KubeStateMetricsDeployment = 6,
};

// isTraefik selects the ingress controller kind. start is the window start (UTC us).
void buildWorld(World &world, quint64 seed, bool isTraefik, qint64 start);

// Helpers shared with the lifecycle code.
QByteArray randomUid(Rng &rng);
QByteArray randomHash(Rng &rng, int length);   // Kubernetes' safe alphabet
QByteArray randomHex(Rng &rng, int length);
QByteArray newPodIp(Topology &topo, Rng &rng, int node);
QByteArray formatIpv4(quint32 ip);
// Adds a pod of deployment dep (name, node, IP, image) created at `created`; no events, no timings
// beyond created. Returns its index in topo.pods and records it in the deployment's live pods.
int spawnPod(World &world, int dep, qint64 created, Rng &rng, int node = -1);

} // namespace gateline::gen
