#include "gcplbwriter.h"

#include "outputfile.h"
#include "requestformat.h"

#include <QDateTime>
#include <QDir>
#include <QTimeZone>
#include <algorithm>
#include <map>

namespace gateline::gen {

namespace {
constexpr qint64 kHour = 3600 * kSec;

// "requests/2026/11/21/10:00:00_10:59:59_S0.json"
QString hourFile(qint64 hour)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(hour * 3600 * 1000, QTimeZone::UTC);
    return QStringLiteral("gcp-lb/requests/%1/%2:00:00_%2:59:59_S0.json")
        .arg(t.toString(QStringLiteral("yyyy/MM/dd")), t.toString(QStringLiteral("HH")));
}
} // namespace

const char *GcpLbWriter::statusDetails(const SimRequest &r)
{
    if (r.targetStatus < 0)
        return "backend_connection_closed_before_data_sent_to_client";
    const int last = std::clamp<int>(r.attempts, 1, 3) - 1;
    switch (r.attemptErr[last]) {
    case UpstreamError::None: return "response_sent_by_backend";
    case UpstreamError::NoLive: return "failed_to_pick_backend";
    case UpstreamError::ConnRefused:
    case UpstreamError::Dns:
    case UpstreamError::DnsTimeout: return "failed_to_connect_to_backend";
    case UpstreamError::TimedOut: return "backend_timeout";
    case UpstreamError::Premature:
    case UpstreamError::Reset: return "backend_connection_closed_before_data_sent_to_client";
    }
    return "response_sent_by_backend";
}

void GcpLbWriter::formatEntry(TextBuffer &b, const SimRequest &r) const
{
    const Topology &t = m_world.topo;
    const Endpoint &e = t.endpoints[r.endpoint];
    const Client &c = t.clients[r.client];
    const SimService &svc = t.services[size_t(e.service)];
    const quint64 h = requestHash(m_seed, r, 1);
    const int last = std::clamp<int>(r.attempts, 1, 3) - 1;
    const quint16 pod = r.attempts > 0 ? r.attemptPod[last] : kNoPod;
    b.put("{\"insertId\":\"");
    b.putHex(requestHash(m_seed, r, 6), 12);
    b.put("\",\"jsonPayload\":{\"@type\":\"type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry\","
          "\"statusDetails\":\"");
    b.put(statusDetails(r));
    b.put("\",\"backendTargetProjectNumber\":\"projects/");
    b.putInt(qint64(100000000000LL + qint64(m_seed % 899999999999ULL)));
    b.put("\"},\"httpRequest\":{\"requestMethod\":\"");
    b.put(e.method);
    b.put("\",\"requestUrl\":\"https://");
    b.put(t.domain);
    TextBuffer path;
    putPath(path, e, r.variant, t.assetHash);
    b.putJsonEscaped(path.view());
    b.put("\",\"requestSize\":\"");
    b.putInt(r.requestLength);
    b.put("\",\"status\":");
    b.putInt(r.elbStatus);
    b.put(",\"responseSize\":\"");
    b.putInt(qint64(r.bodyBytes) + 160 + qint64(h % 200));
    b.put("\",\"userAgent\":\"");
    b.putJsonEscaped(QByteArrayView(userAgent(c.userAgent)));
    b.put("\",\"remoteIp\":\"");
    b.put(c.ip);
    if (pod != kNoPod && r.targetStatus >= 0) {
        b.put("\",\"serverIp\":\"");
        b.put(t.pods[pod].ip);
    }
    b.put("\",\"latency\":\"");
    const qint64 us = std::max<qint64>(r.albElapsedUs, 100);
    b.putInt(us / kSec);
    b.put('.');
    b.putPadded(us % kSec, 6);
    b.put("s\",\"protocol\":\"");
    b.put((r.flags & ReqH2) ? "HTTP/2.0" : "HTTP/1.1");
    b.put("\"},\"resource\":{\"type\":\"http_load_balancer\",\"labels\":{\"backend_service_name\":\"k8s1-");
    b.putHex(h >> 40, 8);
    b.put('-');
    b.put(t.ns);
    b.put('-');
    b.put(svc.name);
    b.put('-');
    b.putInt(svc.port);
    b.put("-");
    b.putHex(mix(m_seed, 11, 12), 8);
    b.put("\",\"forwarding_rule_name\":\"k8s2-fr-");
    b.putHex(mix(m_seed, 13, 14), 8);
    b.put('-');
    b.put(t.ns);
    b.put("-web\",\"project_id\":\"");
    b.put(t.company);
    b.put("-prod\",\"target_proxy_name\":\"k8s2-ts-");
    b.putHex(mix(m_seed, 13, 14), 8);
    b.put("\",\"url_map_name\":\"k8s2-um-");
    b.putHex(mix(m_seed, 13, 14), 8);
    b.put("\",\"zone\":\"global\"}},\"timestamp\":\"");
    b.putIsoUtc(r.arrival, 6);
    b.put("\",\"severity\":\"");
    b.put(r.elbStatus >= 500 ? "WARNING" : "INFO");
    b.put("\",\"logName\":\"projects/");
    b.put(t.company);
    b.put("-prod/logs/requests\",\"trace\":\"projects/");
    b.put(t.company);
    b.put("-prod/traces/");
    b.putHex(requestHash(m_seed, r, 3), 16);
    b.putHex(requestHash(m_seed, r, 4), 16);
    b.put("\",\"receiveTimestamp\":\"");
    b.putIsoUtc(r.albTime() + 400000 + qint64(h % 900000), 9);
    b.put("\"}");
}

bool GcpLbWriter::write(const QString &outDir, QStringList *files, QString *error)
{
    std::map<qint64, std::vector<std::pair<qint64, quint32>>> byHour;
    for (size_t i = 0; i < m_requests.size(); ++i) {
        const SimRequest &r = m_requests[i];
        const qint64 t = r.albTime();
        byHour[t / kHour].emplace_back(t, quint32(i));
    }
    for (auto &[hour, lines] : byHour) {
        std::sort(lines.begin(), lines.end());
        TextBuffer b;
        for (const auto &[t, i] : lines) {
            formatEntry(b, m_requests[i]);
            b.put('\n');
        }
        const QString rel = hourFile(hour);
        if (!writeOutputFile(QDir(outDir).filePath(rel), b.data(), b.size(), -1, error))
            return false;
        *files << rel;
    }
    return true;
}

} // namespace gateline::gen
