// The generator's simulated world: cluster topology, pods with their lifecycles, services, endpoints,
// the scenario of a cause (faults, load changes, incident windows) and the simulated requests.
#pragma once

#include "k8seventlog.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <limits>
#include <vector>

namespace gateline::gen {

constexpr qint64 kSec = 1000000;
constexpr qint64 kMs = 1000;
constexpr qint64 kNever = std::numeric_limits<qint64>::max() / 4;

struct Interval {
    qint64 from = 0;
    qint64 to = 0;
    bool contains(qint64 t) const { return t >= from && t < to; }
};

enum class PodGroup : quint8 { App, Frontend, Ingress, Other };

struct Termination {
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    int exitCode = 0;
    QByteArray reason;
};

struct SimPod {
    QByteArray name, ns, uid, ownerKind, ownerName, templateHash, container, image, appLabel;
    QByteArray ip;
    int node = 0;
    int port = 8080;
    PodGroup group = PodGroup::Other;
    qint64 created = 0;
    qint64 started = 0;          // first container start
    qint64 listenFrom = 0;       // the process accepts connections from here...
    qint64 listenTo = kNever;    // ...until here (killed / deleted)
    qint64 endpointFrom = 0;     // in the ingress's endpoint list (or ALB's targets) from here...
    qint64 endpointTo = kNever;  // ...until here
    std::vector<Interval> down;         // crash-restarts: not accepting connections
    std::vector<Interval> endpointOut;  // NotReady: removed from the endpoint list for a while
    std::vector<qint64> deaths;         // the process died here: in-flight requests are cut
    std::vector<Interval> slow;         // responses slowed by slowFactor (a sick pod)
    double slowFactor = 1;
    qint64 deleted = kNever;     // gone from the API server (absent from pods.json)
    bool succeeded = false;      // a Job's pod that ran to completion
    int restarts = 0;
    bool hasLast = false;
    Termination last;
    qint64 runningSince = 0;

    bool listening(qint64 t) const;
    bool inEndpoints(qint64 t) const;
    // The first death in (from, to], or kNever.
    qint64 deathIn(qint64 from, qint64 to) const;
    double slowdown(qint64 t) const;
};

struct SimService {
    QByteArray name;
    int port = 80;               // service port (the upstream name uses it)
    PodGroup group = PodGroup::App;
    bool external = false;       // ExternalName service
    QByteArray externalHost;
    QByteArray externalAddr;     // "ip:443" the host resolves to
    QByteArray upstreamName;     // ingress-nginx proxy_upstream_name: <ns>-<svc>-<port>
    QByteArray router;           // Traefik router name
};

struct Endpoint {
    QByteArray method;
    QByteArray path;             // template: {id} {page} {q} {hash} {sku}
    int service = 0;
    double weight = 1;
    double medianMs = 50;
    double sigma = 0.5;
    int bodyMedian = 2000;
    int okStatus = 200;
    bool idempotent = true;
    bool slowCandidate = false;
    bool staticAsset = false;
};

struct SimNode {
    QByteArray name, ip, az, instanceId;
    quint32 ipBase = 0;          // the node's subnet, for pod IPs
};

struct Client {
    QByteArray ip;
    bool v6 = false;
    quint8 userAgent = 0;
};

struct Topology {
    QByteArray account, region, lbName, lbId, tgName, tgId, certId, domain;
    QByteArray ns, appName, frontendName, ingressNs, ingressName, processName, appVersion, nextVersion;
    QByteArray imageRepo, frontendImage, company;
    quint64 assetHash = 0;       // content hash in the static asset names
    int appPort = 8080;
    int replicas = 3;
    bool nginxRetries = true;
    std::vector<SimNode> nodes;
    std::vector<QByteArray> albNodeIps;        // public (internet-facing) addresses
    std::vector<QByteArray> albNodePrivateIps; // their ENIs in the VPC: what the ingress sees
    // The ALB's targets: the ingress pods (target-type ip), or their nodes' NodePort (instance,
    // with externalTrafficPolicy Local, so the ingress still sees the ALB node as its client).
    bool albInstanceTargets = false;
    // The ALB's targets are the app's pods themselves (GeneratorOptions::albTargetType pod): no
    // ingress hop; the ALB connects to the pod the endpoints give (TrafficModel::simulate, albFailedOnPod).
    bool albPodTargets = false;
    int albNodePort = 30443;
    std::vector<SimPod> pods;
    std::vector<SimService> services;   // 0 app, 1 frontend, 2 external
    std::vector<Endpoint> endpoints;
    std::vector<double> endpointCum;
    std::vector<Client> clients;
    std::vector<double> clientCum;
    quint32 nextPodIp = 0;
    int podsOnNode(int node) const;
};

enum class FaultKind : quint8 {
    KeepaliveIngress,   // ingress->app keep-alive race: premature close / reset, small upstream time
    KeepaliveAlb,       // ALB->ingress keep-alive race: missing-upstream 502
    SlowEndpoint,       // one endpoint's latency inflated (timeouts)
    DnsFailure,         // the external service's host does not resolve
    UpstreamFlap,       // ingress->app connections fail (refused / reset) with no pod event
};

struct FaultWindow {
    qint64 from = 0, to = 0;
    FaultKind kind = FaultKind::KeepaliveIngress;
    double probability = 0;
    int endpoint = -1;
    double medianMs = 0, sigma = 0;
};

struct RateBump {
    qint64 from = 0, peakFrom = 0, peakTo = 0, to = 0;
    double factor = 1;
};

// NodePort: the ALB sends straight to a NodePort (no ingress); an overloaded pod's full accept
// queue drops the connection and the ALB answers 502 itself.
enum class OverloadMix : quint8 { None, Hpa, Pool, NodePort };

struct Scenario {
    QString variant;
    std::vector<FaultWindow> faults;
    std::vector<RateBump> bumps;
    OverloadMix overload = OverloadMix::None;
    double perPodCapacityRps = 0;       // 0: unlimited
    double trickle502 = 0;              // share of app-origin 502s (noise)
    std::vector<Interval> windows;      // where the cause's 502s happen
    double ejectSec = 0;                // > 0: passive health check (NGINX max_fails=1): a failed app pod is skipped this long
    double idleTimerSec = 0;            // > 0: proxy and app keep-alive timers both expire after this idle time
    EventLog events;
    qint64 captureTime = 0;
    QByteArray slowEndpoint;

    // Diurnal-ish shape of the base traffic: a daily curve and a slow wobble.
    double dayAmplitude = 0.3;
    double wobbleAmplitude = 0.08;
    double wobblePeriodSec = 600;
    double wobblePhase = 0;

    double rateFactor(qint64 t) const;      // spikes and bursts only
    double loadFactor(qint64 t) const;      // diurnal shape x rateFactor
};

// Upstream attempt errors as the NGINX error log words them.
enum class UpstreamError : quint8 { None, ConnRefused, Premature, Reset, TimedOut, NoLive, Dns, DnsTimeout };

enum RequestFlag : quint8 {
    ReqIngressLogged = 1,   // the ingress wrote an access line
    ReqCause = 2,           // the cause produced this failure
    ReqH2 = 4,
};

enum class Origin : quint8 { None, Alb, Ingress, App, Sidecar };

struct SimRequest {
    qint64 arrival = 0;          // ALB received the request (request_creation_time)
    quint32 client = 0;
    quint32 variant = 0;         // seeds the path parameters, sizes, ids
    qint32 albReqUs = 0, albTargetUs = 0, albRespUs = 0; // -1 prints "-1"
    qint32 albElapsedUs = 0;     // ALB `time` = arrival + this
    qint32 ingressTotalUs = 0;   // ingress request_time
    qint32 attemptUs[3] = {0, 0, 0};
    qint16 attemptStatus[3] = {0, 0, 0}; // -1: '-'
    quint16 attemptPod[3] = {0, 0, 0};   // index into Topology::pods; 0xffff: none
    UpstreamError attemptErr[3] = {UpstreamError::None, UpstreamError::None, UpstreamError::None};
    quint16 endpoint = 0;
    quint16 clientPort = 0;
    qint16 elbStatus = 200;
    qint16 targetStatus = 200;   // -1: '-'
    qint16 ingressStatus = 200;
    quint8 attempts = 0;
    quint8 albNode = 0;
    quint8 ingressPod = 0;       // index into the ingress pod list
    Origin origin = Origin::None;
    quint8 flags = 0;
    quint32 bodyBytes = 0;
    quint32 requestLength = 0;

    qint64 ingressStart() const { return arrival + (albReqUs > 0 ? albReqUs : 0) + 150; }
    qint64 ingressDone() const { return ingressStart() + ingressTotalUs; }
    qint64 albTime() const { return arrival + albElapsedUs; }
};

constexpr quint16 kNoPod = 0xffff;

} // namespace gateline::gen
