// Options and ground truth of the incident-bundle generator (demo bundle, analysis tests, benchmark).
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTimeZone>

namespace gateline {

struct GeneratorOptions {
    // graceful-shutdown keepalive-mismatch pod-not-ready upstream-timeout hpa-too-slow
    // health-check-flapping dns-failure connection-pool-exhaustion oom-crash none
    QString cause = QStringLiteral("graceful-shutdown");
    // nginx (ingress-nginx upstreaminfo access log + NGINX error log), traefik (CLF), traefik-json, none
    QString ingress = QStringLiteral("nginx");
    // The ingress clock runs this many seconds AHEAD of the ALB (its right clockOffsetSeconds is -skew).
    double ingressSkewSeconds = 0;
    double requestsPerSecond = 20;
    int durationMinutes = 30;
    quint32 seed = 1;
    QDateTime start = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::UTC);
    // Unrelated namespaces' events, an unrelated clean rollout, a trickle of app-generated 502s.
    bool noise = true;
    int albNodes = 2;
    // IANA zone of the ingress logs: the NGINX error log is local time without an offset, the access
    // logs carry the matching CLF offset.
    QString timezone = QStringLiteral("UTC");
    // If > 0, overrides rate * duration to produce about this many ALB lines (benchmark).
    qint64 targetAlbLines = 0;
    bool writeK8s = true;        // k8s/events.json and k8s/pods.json
    int threads = 0;             // gzip workers; 0: one per core
    int gzipLevel = -1;          // -1: 6 for small bundles, 1 above 200k ALB lines

    // What the ingress logs as the client: alb-node (the ALB node's private IP, as ingress-nginx's
    // $remote_addr and Traefik's ClientHost are without trusted forwarded headers) or real.
    QString ingressClient = QStringLiteral("alb-node");
    // internal: the ALB log file names carry the node's private IP; internet-facing: its public IP
    // (the ingress sees the private one either way).
    QString albScheme = QStringLiteral("internal");
    // ip: the ALB's targets are the ingress pods; instance: their nodes' NodePort (the AWS Load
    // Balancer Controller's default target type), with externalTrafficPolicy Local; pod: the app's
    // own pods, with no ingress controller in the path (the controller's ingress class alb with
    // target-type ip; needs ingress none): a failed connection to a pod is the ALB's own 502.
    QString albTargetType = QStringLiteral("ip");
    // The ingress log format carries X-Amzn-Trace-Id (ingress-nginx: $http_x_amzn_trace_id appended
    // to upstreaminfo; Traefik JSON: the kept request header request_X-Amzn-Trace-Id). Off by
    // default, as in ingress-nginx's and Traefik's default formats.
    bool ingressTraceId = false;
    // A CDN in front of the ALB, whose log is written too: none, cloudfront, cloudflare (cdnwriter.h).
    // The cause cdn-hides-origin implies cloudfront when none is chosen.
    QString cdn = QStringLiteral("none");
    // Each controller replica runs on its own node: its skew is drawn uniformly within
    // ingressSkewSeconds +- this spread.
    double replicaSkewSeconds = 2.0;
    // How the ingress logs were collected: files (separate access/error files per pod, legacy),
    // kubectl, kubectl-timestamps, kubectl-prefix, stern, stern-color, cri, docker-json, loki-logcli,
    // loki-json (see ingressShapes()).
    QString ingressShape = QStringLiteral("kubectl");
    // Timings (readiness gaps, endpoint propagation, SIGTERM and restart delays) drawn from wide
    // real-world ranges; false: the narrow ranges of the first generator.
    bool wideTimings = true;
    // Timings and strengths drawn from the widest real-world ranges (the accuracy study's draws,
    // independent of the analysis thresholds): endpoint removal lag 0-60 s, readiness gaps 0-60 s,
    // spike factors 1.2-6x, keep-alive 502 rates 0.2-3x the default, OOM and probe delays. Implies wide.
    bool extremeTimings = false;
    // An Istio sidecar (Envoy, container istio-proxy) in front of each app pod, its access log
    // written in Istio's default text format in the ingress' shape (sidecarwriter.h): none or istio.
    QString sidecar = QStringLiteral("none");
    // How the Kubernetes events were collected (k8stextwriter.h): json (k8s/events.json, kubectl
    // get events -A -o json), get-events, get-events-wide, kubectl-events, or describe (kubectl
    // describe pods, replacing pods.json, and kubectl events for the rest). Ages count back from
    // the capture second, which is the text files' modification time.
    QString k8sEventsShape = QStringLiteral("json");
    // cause may also be two causes joined with '+' (e.g. "graceful-shutdown+keepalive-mismatch"):
    // both act in the same bundle. hpa-too-slow and connection-pool-exhaustion do not mix.
    static bool validCause(const QString &cause, QString *error = nullptr);

    static QStringList causes();
    static QStringList ingressKinds();
    static QStringList ingressClients();
    static QStringList albSchemes();
    static QStringList albTargetTypes();
    static QStringList ingressShapes();
    static QStringList cdnKinds();
    static QStringList sidecarKinds();
    static QStringList k8sEventsShapes();
    // The first generator's shape: real client IPs in the ingress logs, public ALB node IPs in the
    // file names, one clock for all replicas, separate access/error files, narrow timings.
    static GeneratorOptions legacy();
};

struct GeneratorWindow {
    QDateTime from; // UTC
    QDateTime to;
};

// One ingress controller replica (pod) and what its logs should show.
struct GeneratorReplica {
    QString pod, node, podIp;
    double skewSeconds = 0;               // its node clock runs this far ahead of the ALB
    double expectedClockOffsetSeconds = 0; // = -skewSeconds
    qint64 accessLines = 0;
    qint64 errorLines = 0;                // upstream error lines (NGINX error log / Traefik debug)
    qint64 otherLines = 0;                // controller lines, other NGINX error-log lines, banner
    QStringList files;                    // files holding its lines (merged files are shared)
};

struct GeneratorAlbNode {
    QString privateIp, publicIp;
    QString fileIp;                       // the IP in the log file names (per albScheme)
};

struct GeneratorTruth {
    QString cause;
    QString variant;             // e.g. "app" or "ingress" for oom-crash; "" otherwise
    QString ingress;
    double ingressSkewSeconds = 0;
    double expectedIngressClockOffsetSeconds = 0; // = -skew
    QString timezone;
    quint32 seed = 0;
    bool ingressRetries = false;   // ingress-nginx retries idempotent requests on connection errors
    QDateTime start, end;

    // Load-balancer (ALB) counts, as the analysis should find them.
    qint64 requests = 0;
    qint64 status502 = 0;
    qint64 missingUpstream502 = 0; // elb 502 with target_status_code '-'
    qint64 origin502Alb = 0;
    qint64 origin502Ingress = 0;
    qint64 origin502App = 0;
    qint64 origin502Sidecar = 0;   // an Istio sidecar answered 502 itself (UPE), the app's response was not HTTP it accepts
    qint64 cause502 = 0;           // 502s the cause produced (the rest is noise)
    // Those 502s by what made them (TrafficModel::mechanismName()): a bundle of two causes tells
    // each cause's own 502s apart ("pod", "keepalive", "overload", "dns", ...).
    QMap<QString, qint64> cause502By;
    qint64 status504 = 0;
    qint64 retriedOk = 0;          // ingress lines with an upstream list that ended well
    qint64 ingressLines = 0;
    qint64 errorLogLines = 0;      // NGINX error-log lines about upstreams
    qint64 k8sEvents = 0;
    qint64 pods = 0;
    // The CDN in front (cdnwriter.h): its kind ("" for none), lines, and the 502s it made itself
    // (its origin never answered; the ALB has no line for them).
    QString cdn;
    qint64 cdnLines = 0;
    qint64 cdnMade502 = 0;
    // Istio sidecars (sidecarwriter.h): "istio" or "" for none; their access lines; the 503s they
    // answered for an app that was gone or cut the connection (UF, UC), which the ALB logs as 503;
    // per pod whose sidecar logged, its node clock and files (accessLines: its lines).
    QString sidecar;
    qint64 sidecarLines = 0;
    qint64 sidecarMade503 = 0;
    QList<GeneratorReplica> sidecars;
    QJsonObject sidecarJson() const; // truth.json's "sidecar" (sidecarwriter.cpp)

    QList<GeneratorWindow> incidentWindows;

    // The names drawn from the seed.
    QString account, region, loadBalancer, domain;
    QString appNamespace, appDeployment, appService, frontendDeployment;
    QString externalService, externalHost, slowEndpoint;
    QString ingressNamespace;
    QStringList ingressPods, appPods, nodes;
    QStringList files;           // relative to the output folder

    QString ingressShape, ingressClient, albScheme, albTargetType;
    // The Kubernetes events' shape (GeneratorOptions::k8sEventsShape) and the capture time their
    // ages count back from (whole seconds; truth.json has both only for a text shape).
    QString k8sEventsShape = QStringLiteral("json");
    QDateTime capturedAt;
    double replicaSkewSeconds = 0;
    QList<GeneratorReplica> replicas;     // in ingressPods order
    QList<GeneratorAlbNode> albNodes;     // index = the node number of the requests
    // Files by kind: alb, ingress-access, ingress-error (files shape), ingress-mixed (every other
    // shape: access, error and controller lines in one stream), k8s-events, k8s-pods.
    QMap<QString, QStringList> filesByKind;

    // The replica whose lines a source holds: source is a bundle-relative file of one pod
    // ("ingress-nginx/<pod>.log", a CRI or docker file) or "<file>#<pod>" for a merged file. A path
    // that ends with such a relative file also matches. nullptr if none.
    const GeneratorReplica *replicaFor(const QString &source) const;
    // Its expected clockOffsetSeconds; *found false (and 0) when the source is no replica's.
    double expectedClockOffsetFor(const QString &source, bool *found = nullptr) const;

    QJsonObject toJson() const;
};

} // namespace gateline
