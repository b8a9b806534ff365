// Writes the ingress controller logs, one pair of files per controller pod, with the ingress clock
// skew applied and local time of the configured zone:
//  - ingress-nginx: <pod>.log (access log, upstreaminfo format) and <pod>.error.log (NGINX error log
//    lines for the failed upstream attempts, local time without an offset, and the controller's klog
//    lines when it restarts);
//  - Traefik: <pod>.log, CLF with Traefik's extras or JSON.
#pragma once

#include "simtypes.h"
#include "textbuffer.h"
#include "topology.h"

#include <QStringList>
#include <QTimeZone>

namespace gateline::gen {

enum class IngressLogKind { Nginx, TraefikClf, TraefikJson };

struct IngressStats {
    qint64 accessLines = 0;
    qint64 errorLines = 0;   // upstream error lines
};

class IngressWriter
{
public:
    IngressWriter(const World &world, const std::vector<SimRequest> &requests, quint64 seed, IngressLogKind kind,
                  qint64 skewUs, const QTimeZone &zone, qint64 windowEnd)
        : m_world(world), m_requests(requests), m_seed(seed), m_kind(kind), m_skewUs(skewUs), m_zone(zone),
          m_windowEnd(windowEnd)
    {
    }
    bool write(const QString &outDir, QStringList *files, IngressStats *stats, QString *error);

private:
    void nginxAccess(TextBuffer &b, const SimRequest &r, TzOffsets &tz) const;
    void nginxError(TextBuffer &b, const SimRequest &r, int attempt, qint64 when, qint64 conn, TzOffsets &tz) const;
    void traefikClf(TextBuffer &b, const SimRequest &r, qint64 count, TzOffsets &tz) const;
    void traefikJson(TextBuffer &b, const SimRequest &r, qint64 count, TzOffsets &tz) const;
    void klogRestart(TextBuffer &b, qint64 when, TzOffsets &tz) const;

    const World &m_world;
    const std::vector<SimRequest> &m_requests;
    quint64 m_seed;
    IngressLogKind m_kind;
    qint64 m_skewUs;
    QTimeZone m_zone;
    qint64 m_windowEnd;
};

} // namespace gateline::gen
