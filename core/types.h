// Strong types shared by every layer: timestamps, source ids, formats, event kinds.
#pragma once

#include <QString>
#include <QtGlobal>
#include <compare>

namespace gateline {

// UTC microseconds since the Unix epoch.
struct Timestamp {
    qint64 us = 0;
    constexpr auto operator<=>(const Timestamp &) const = default;
    static constexpr Timestamp fromSeconds(double s) { return {qint64(s * 1e6)}; }
    constexpr double seconds() const { return double(us) / 1e6; }
};

// Index of a source in the EventStore.
struct SourceId {
    int value = -1;
    constexpr auto operator<=>(const SourceId &) const = default;
    constexpr bool isValid() const { return value >= 0; }
};

// Byte offset of a line's start in the decompressed source.
struct LineOffset {
    qint64 value = 0;
    constexpr auto operator<=>(const LineOffset &) const = default;
};

enum class SourceFormat : quint8 {
    Unknown,
    Alb,
    NginxAccess,
    NginxIngress,
    NginxError,
    TraefikClf,
    TraefikJson,
    K8sEvents,
    K8sPods,
    GcpLb,
    Envoy,          // Envoy / Istio access log (default text, Istio default, JSON)
    ControllerLog,  // a proxy's or controller's own log lines: Traefik/logrus, zap JSON, Envoy, Go panics
    K8sDescribe,    // kubectl describe pod|deployment|replicaset|node output
    CloudFront,     // Amazon CloudFront standard access log (W3C, tab-separated, #Fields header)
    Cloudflare,     // Cloudflare Logpush / Logpull HTTP requests (NDJSON)
};

// The id used in JSON output and file names ("alb", "nginx-ingress", ...).
QString formatId(SourceFormat f);
SourceFormat formatFromId(QStringView id);
// True for formats whose records are load-balancer requests (ALB, GCP).
bool isLoadBalancerFormat(SourceFormat f);
// True for a CDN in front of the load balancer (CloudFront, Cloudflare): a hop of its own.
bool isCdnFormat(SourceFormat f);
// True for ingress access logs (NGINX, Traefik).
bool isIngressAccessFormat(SourceFormat f);

enum class EventKind : quint8 {
    Request,        // an HTTP request line (LB or ingress)
    UpstreamError,  // an NGINX error-log line about an upstream
    LogMessage,     // any other log line kept for the timeline (controller lines, other errors)
    K8sEvent,       // a Kubernetes event
    PodTermination, // a container's lastState.terminated (OOMKilled, Error, ...)
    PodStart,       // a container (re)started, from pod status
};

// "41,976": counts in sentences people read (the window, reports, the postmortem, the playbook's
// evidence), with the same thousands separator whatever the machine's locale.
QString readableCount(qint64 n);
// "1 burst", "12 bursts", "1,024 files": a readableCount() with its noun in the right number.
QString countOf(qint64 n, QLatin1StringView one, QLatin1StringView many);

} // namespace gateline
