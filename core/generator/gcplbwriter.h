// Writes a GCP external Application Load Balancer's request log as Cloud Logging exports it to
// Cloud Storage: newline-delimited LogEntry JSON (logName projects/P/logs/requests, resource.type
// http_load_balancer, jsonPayload LoadBalancerLogEntry with statusDetails), one file per hour
// under requests/YYYY/MM/DD/HH:00:00_HH:59:59_S0.json. The load balancer sends to the app pods
// directly (container-native load balancing, NEG endpoints = pod IPs), as GKE Ingress does.
#pragma once

#include "simtypes.h"
#include "textbuffer.h"
#include "topology.h"

#include <QStringList>

namespace gateline::gen {

class GcpLbWriter
{
public:
    GcpLbWriter(const World &world, const std::vector<SimRequest> &requests, quint64 seed)
        : m_world(world), m_requests(requests), m_seed(seed)
    {
    }
    bool write(const QString &outDir, QStringList *files, QString *error);
    // One entry (without newline).
    void formatEntry(TextBuffer &b, const SimRequest &r) const;
    // The statusDetails GCP documents for what happened to the request.
    static const char *statusDetails(const SimRequest &r);

private:
    const World &m_world;
    const std::vector<SimRequest> &m_requests;
    quint64 m_seed;
};

} // namespace gateline::gen
