// Writes the ingress controller logs with each replica's clock skew applied and local time of the
// configured zone, in one of the collection shapes:
//  - files (legacy): per pod, ingress-nginx <pod>.log (access log, upstreaminfo) and <pod>.error.log
//    (NGINX error-log lines for failed upstream attempts, local time without an offset, klog lines
//    when the controller starts); Traefik <pod>.log, CLF with Traefik's extras or JSON;
//  - every other shape: the pod's whole container output (access lines on stdout, NGINX error log
//    and klog on stderr, or Traefik's access and own log lines) with the startup banner, the
//    controller's reactions to endpoint changes and noise, written by LogShapeWriter.
// The client address is the real client's or, behind the ALB without trusted forwarded headers,
// the ALB node's private IP.
#pragma once

#include "podlog.h"
#include "simtypes.h"
#include "textbuffer.h"
#include "topology.h"

#include <QStringList>
#include <QTimeZone>

namespace gateline::gen {

// "I1121 10:00:00.123456       7 controller.go:190] " (klog header; when on the pod's clock).
inline void putKlogHeader(TextBuffer &b, char level, qint64 when, int offsetSeconds, const char *where)
{
    b.put(level);
    b.putKlog(when, offsetSeconds);
    b.put("       7 ");
    b.put(where);
    b.put("] ");
}

enum class IngressLogKind { Nginx, TraefikClf, TraefikJson };

struct IngressWriterOptions {
    IngressLogKind kind = IngressLogKind::Nginx;
    std::vector<qint64> skewUs;      // per replica (index into World::ingressPods)
    QTimeZone zone;
    qint64 windowStart = 0, windowEnd = 0;
    bool albNodeClient = false;
    bool traceId = false;            // the access lines carry X-Amzn-Trace-Id
    bool noise = false;
    QString shape = QStringLiteral("files");
};

struct IngressStats {
    qint64 accessLines = 0;
    qint64 errorLines = 0;           // upstream error lines
    std::vector<qint64> replicaAccess, replicaErrors, replicaOther;
    std::vector<QStringList> replicaFiles;
    QStringList accessFiles, errorFiles, mixedFiles;
};

class IngressWriter
{
public:
    IngressWriter(const World &world, const std::vector<SimRequest> &requests, quint64 seed,
                  const IngressWriterOptions &options)
        : m_world(world), m_requests(requests), m_seed(seed), m_o(options), m_kind(options.kind)
    {
    }
    bool write(const QString &outDir, QStringList *files, IngressStats *stats, QString *error);

private:
    bool writeFiles(const QString &outDir, QStringList *files, IngressStats *stats, QString *error);
    void collect(size_t replica, PodLog &log, IngressStats *stats) const;
    std::vector<qint64> syncTimes() const;

    void putClient(TextBuffer &b, const SimRequest &r) const;
    int clientPort(const SimRequest &r) const;
    void nginxAccess(TextBuffer &b, const SimRequest &r, qint64 skewUs, TzOffsets &tz) const;
    void nginxError(TextBuffer &b, const SimRequest &r, int attempt, qint64 when, qint64 conn, TzOffsets &tz) const;
    void traefikClf(TextBuffer &b, const SimRequest &r, qint64 count, qint64 skewUs, TzOffsets &tz) const;
    void traefikJson(TextBuffer &b, const SimRequest &r, qint64 count, qint64 skewUs, TzOffsets &tz) const;
    void klogRestart(TextBuffer &b, qint64 when, TzOffsets &tz) const;

    // Controller lines (ingresscontroller.cpp). `at` is true time; lines carry the pod's clock.
    void addLine(PodLog &log, qint64 at, quint8 stream, LineKind kind, quint32 start) const;
    void nginxStartup(PodLog &log, qint64 at, TzOffsets &tz) const;
    void nginxReload(PodLog &log, qint64 at, bool diff, TzOffsets &tz) const;
    void nginxSync(PodLog &log, qint64 at, TzOffsets &tz) const;
    void traefikStartup(PodLog &log, qint64 at) const;
    void traefikSync(PodLog &log, qint64 at, bool startup) const;
    void traefikUpstreamError(PodLog &log, const SimRequest &r, qint64 at) const;
    // A Traefik log line (logrus text or JSON, per kind): fields are (key, value) pairs.
    void traefikLine(PodLog &log, qint64 at, const char *level, QByteArrayView msg,
                     std::vector<std::pair<QByteArray, QByteArray>> fields, LineKind kind) const;
    QByteArray nginxConfigDiff() const;
    QByteArray traefikConfiguration(qint64 at) const;

    const World &m_world;
    const std::vector<SimRequest> &m_requests;
    quint64 m_seed;
    IngressWriterOptions m_o;
    IngressLogKind m_kind;
    mutable QByteArray m_diff, m_traefikConfig; // built once
};

} // namespace gateline::gen
