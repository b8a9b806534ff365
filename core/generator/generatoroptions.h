// Options and ground truth of the incident-bundle generator (demo bundle, analysis tests, benchmark).
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
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

    static QStringList causes();
    static QStringList ingressKinds();
};

struct GeneratorWindow {
    QDateTime from; // UTC
    QDateTime to;
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
    qint64 cause502 = 0;           // 502s the cause produced (the rest is noise)
    qint64 status504 = 0;
    qint64 retriedOk = 0;          // ingress lines with an upstream list that ended well
    qint64 ingressLines = 0;
    qint64 errorLogLines = 0;      // NGINX error-log lines about upstreams
    qint64 k8sEvents = 0;
    qint64 pods = 0;

    QList<GeneratorWindow> incidentWindows;

    // The names drawn from the seed.
    QString account, region, loadBalancer, domain;
    QString appNamespace, appDeployment, appService, frontendDeployment;
    QString externalService, externalHost, slowEndpoint;
    QString ingressNamespace;
    QStringList ingressPods, appPods, nodes;
    QStringList files;           // relative to the output folder

    QJsonObject toJson() const;
};

} // namespace gateline
