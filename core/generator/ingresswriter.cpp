#include "ingresswriter.h"

#include "logshapewriter.h"
#include "outputfile.h"
#include "requestformat.h"

#include <QDir>
#include <algorithm>

namespace gateline::gen {

namespace {

const char *errorMessage(UpstreamError e)
{
    switch (e) {
    case UpstreamError::ConnRefused: return "connect() failed (111: Connection refused) while connecting to upstream";
    case UpstreamError::Premature: return "upstream prematurely closed connection while reading response header from upstream";
    case UpstreamError::Reset: return "recv() failed (104: Connection reset by peer) while reading response header from upstream";
    case UpstreamError::TimedOut: return "upstream timed out (110: Connection timed out) while reading response header from upstream";
    case UpstreamError::NoLive: return "no live upstreams while connecting to upstream";
    case UpstreamError::Dns: return " could not be resolved (2: Server failure)";
    case UpstreamError::DnsTimeout: return " could not be resolved (110: Operation timed out)";
    case UpstreamError::None: break;
    }
    return "";
}

} // namespace

void IngressWriter::putClient(TextBuffer &b, const SimRequest &r) const
{
    const Topology &t = m_world.topo;
    if (m_o.albNodeClient)
        b.put(t.albNodePrivateIps[size_t(r.albNode) % t.albNodePrivateIps.size()]);
    else
        b.put(t.clients[r.client].ip);
}

int IngressWriter::clientPort(const SimRequest &r) const
{
    // The ALB node's side of its (kept-alive) connection to the target: an ephemeral port.
    return m_o.albNodeClient ? 32768 + int(requestHash(m_seed, r, 14) % 28000) : r.clientPort;
}

void IngressWriter::nginxAccess(TextBuffer &b, const SimRequest &r, qint64 skewUs, TzOffsets &tz) const
{
    const Topology &t = m_world.topo;
    const Endpoint &e = t.endpoints[r.endpoint];
    const SimService &svc = t.services[size_t(e.service)];
    const Client &c = t.clients[r.client];
    const qint64 when = r.ingressDone() + skewUs;
    putClient(b, r);
    b.put(" - - [", 6);
    b.putClf(when, tz.offsetAt(when));
    b.put("] \"", 3);
    b.put(e.method);
    b.put(' ');
    putPath(b, e, r.variant, t.assetHash);
    b.put(" HTTP/1.1\" ", 11);
    b.putInt(r.ingressStatus);
    b.put(' ');
    b.putInt(r.bodyBytes);
    b.put(" \"", 2);
    putReferer(b, r, e, t.domain);
    b.put("\" \"", 3);
    b.put(userAgent(c.userAgent));
    b.put("\" ", 2);
    b.putInt(r.requestLength);
    b.put(' ');
    b.putSeconds3(r.ingressTotalUs);
    b.put(" [", 2);
    b.put(svc.upstreamName);
    b.put("] [] ", 5);
    const int n = r.attempts;
    for (int a = 0; a < n; ++a) {
        if (a)
            b.put(", ", 2);
        putAttemptAddr(b, t, r, a);
    }
    b.put(' ');
    for (int a = 0; a < n; ++a) {
        if (a)
            b.put(", ", 2);
        const UpstreamError err = r.attemptErr[a];
        if (err == UpstreamError::Dns || err == UpstreamError::DnsTimeout)
            b.put('-');
        else
            b.putInt(err == UpstreamError::None && a == n - 1 ? r.bodyBytes : 0);
    }
    b.put(' ');
    for (int a = 0; a < n; ++a) {
        if (a)
            b.put(", ", 2);
        if (r.attemptStatus[a] < 0)
            b.put('-');
        else
            b.putSeconds3(r.attemptUs[a]);
    }
    b.put(' ');
    for (int a = 0; a < n; ++a) {
        if (a)
            b.put(", ", 2);
        if (r.attemptStatus[a] < 0)
            b.put('-');
        else
            b.putInt(r.attemptStatus[a]);
    }
    b.put(' ');
    b.putHex(requestHash(m_seed, r, 6), 16);
    b.putHex(requestHash(m_seed, r, 7), 16);
    if (m_o.traceId) { // $http_x_amzn_trace_id appended to the format
        b.put(' ');
        putTraceRoot(b, m_seed, r);
    }
}

void IngressWriter::nginxError(TextBuffer &b, const SimRequest &r, int a, qint64 when, qint64 conn, TzOffsets &tz) const
{
    const Topology &t = m_world.topo;
    const Endpoint &e = t.endpoints[r.endpoint];
    const SimService &svc = t.services[size_t(e.service)];
    const UpstreamError err = r.attemptErr[a];
    b.putNginxError(when, tz.offsetAt(when));
    b.put(" [error] ", 9);
    const int pid = 30 + int(requestHash(m_seed, r, 8) % 4);
    b.putInt(pid);
    b.put('#');
    b.putInt(pid);
    b.put(": *", 3);
    b.putInt(conn);
    b.put(' ');
    const bool dns = err == UpstreamError::Dns || err == UpstreamError::DnsTimeout;
    if (dns)
        b.put(svc.externalHost);
    b.put(errorMessage(err));
    b.put(", client: ");
    putClient(b, r);
    b.put(", server: ");
    b.put(t.domain);
    b.put(", request: \"");
    b.put(e.method);
    b.put(' ');
    putPath(b, e, r.variant, t.assetHash);
    b.put(" HTTP/1.1\", ");
    if (!dns) {
        b.put(svc.external ? "upstream: \"https://" : "upstream: \"http://");
        putAttemptAddr(b, t, r, a);
        putPath(b, e, r.variant, t.assetHash);
        b.put("\", ");
    }
    b.put("host: \"");
    b.put(t.domain);
    b.put('"');
}

void IngressWriter::klogRestart(TextBuffer &b, qint64 when, TzOffsets &tz) const
{
    const int off = tz.offsetAt(when);
    putKlogHeader(b, 'W', when, off, "client_config.go:667");
    b.put("Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.\n");
    putKlogHeader(b, 'I', when + 1800, off, "main.go:205");
    b.put("\"Creating API client\" host=\"https://172.20.0.1:443\"\n");
    putKlogHeader(b, 'I', when + 412000, off, "nginx.go:273");
    b.put("\"Starting NGINX Ingress controller\"\n");
    putKlogHeader(b, 'I', when + 1903000, off, "controller.go:213");
    b.put("\"Backend successfully reloaded\"\n");
}

bool IngressWriter::write(const QString &outDir, QStringList *files, IngressStats *stats, QString *error)
{
    const size_t n = m_world.ingressPods.size();
    m_o.skewUs.resize(n, 0);
    stats->replicaAccess.assign(n, 0);
    stats->replicaErrors.assign(n, 0);
    stats->replicaOther.assign(n, 0);
    stats->replicaFiles.assign(n, {});
    if (m_o.shape == QLatin1String("files"))
        return writeFiles(outDir, files, stats, error);
    std::vector<PodLog> logs(n);
    for (size_t k = 0; k < n; ++k)
        collect(k, logs[k], stats);
    const QByteArray folder = m_kind == IngressLogKind::Nginx ? QByteArrayLiteral("ingress-nginx") : QByteArrayLiteral("traefik");
    LogShapeWriter shapes(m_world, logs, folder, m_seed);
    const qsizetype before = files->size();
    if (!shapes.write(m_o.shape, outDir, files, &stats->replicaFiles, error))
        return false;
    stats->mixedFiles = files->mid(before);
    return true;
}

bool IngressWriter::writeFiles(const QString &outDir, QStringList *files, IngressStats *stats, QString *error)
{
    const Topology &t = m_world.topo;
    const bool nginx = m_kind == IngressLogKind::Nginx;
    const QByteArray folder = nginx ? QByteArrayLiteral("ingress-nginx") : QByteArrayLiteral("traefik");
    TextBuffer b;
    for (size_t k = 0; k < m_world.ingressPods.size(); ++k) {
        const SimPod &pod = t.pods[size_t(m_world.ingressPods[k])];
        const qint64 skewUs = m_o.skewUs[k];
        TzOffsets tz(m_o.zone);
        std::vector<std::pair<qint64, quint32>> lines;
        for (size_t i = 0; i < m_requests.size(); ++i) {
            const SimRequest &r = m_requests[i];
            if ((r.flags & ReqIngressLogged) && r.ingressPod == k)
                lines.emplace_back(r.ingressDone(), quint32(i));
        }
        // Traefik numbers requests as they arrive.
        std::vector<qint64> counts;
        if (!nginx) {
            std::vector<std::pair<qint64, quint32>> starts;
            for (const auto &l : lines)
                starts.emplace_back(m_requests[l.second].ingressStart(), quint32(starts.size()));
            std::sort(starts.begin(), starts.end());
            counts.resize(lines.size());
            const qint64 base = 1000 + qint64(mix(m_seed, k, 11) % 500000);
            for (size_t n = 0; n < starts.size(); ++n)
                counts[starts[n].second] = base + qint64(n);
        }
        std::vector<size_t> order(lines.size());
        for (size_t n = 0; n < order.size(); ++n)
            order[n] = n;
        std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return lines[x] < lines[y]; });
        b.clear();
        for (size_t n : order) {
            const SimRequest &r = m_requests[lines[n].second];
            if (m_kind == IngressLogKind::Nginx)
                nginxAccess(b, r, skewUs, tz);
            else if (m_kind == IngressLogKind::TraefikClf)
                traefikClf(b, r, counts[n], skewUs, tz);
            else
                traefikJson(b, r, counts[n], skewUs, tz);
            b.put('\n');
        }
        stats->accessLines += qint64(lines.size());
        stats->replicaAccess[k] = qint64(lines.size());
        const QString base = QString::fromLatin1(folder + '/' + pod.name);
        if (!writeOutputFile(QDir(outDir).filePath(base + QStringLiteral(".log")), b.data(), b.size(), -1, error))
            return false;
        files->append(base + QStringLiteral(".log"));
        stats->accessFiles.append(base + QStringLiteral(".log"));
        stats->replicaFiles[k].append(base + QStringLiteral(".log"));
        if (!nginx)
            continue;

        // The error log: one line per failed upstream attempt, klog lines when the controller starts.
        struct ErrorLine {
            qint64 when;
            quint32 request;
            int attempt; // -1: a controller restart block
            bool operator<(const ErrorLine &o) const
            {
                return when != o.when ? when < o.when : (request != o.request ? request < o.request : attempt < o.attempt);
            }
        };
        std::vector<ErrorLine> errors;
        for (const auto &l : lines) {
            const SimRequest &r = m_requests[l.second];
            qint64 at = r.ingressStart();
            for (int a = 0; a < r.attempts; ++a) {
                at += r.attemptUs[a];
                if (r.attemptErr[a] != UpstreamError::None)
                    errors.push_back({at, l.second, a});
            }
        }
        stats->errorLines += qint64(errors.size());
        stats->replicaErrors[k] = qint64(errors.size());
        stats->replicaOther[k] = 2;
        for (const Interval &d : pod.down) {
            if (d.to < m_o.windowEnd) {
                errors.push_back({d.to - 2500 * kMs, 0, -1});
                stats->replicaOther[k] += 4;
            }
        }
        std::sort(errors.begin(), errors.end());
        b.clear();
        // A configuration reload shortly before the window: the controller's usual chatter.
        const qint64 reload = m_requests.empty() ? 0 : m_requests.front().arrival - qint64(mix(m_seed, k, 12) % 240) * kSec;
        const qint64 rl = reload + skewUs;
        putKlogHeader(b, 'I', rl, tz.offsetAt(rl), "controller.go:193");
        b.put("\"Configuration changes detected, backend reload required\"\n");
        putKlogHeader(b, 'I', rl + 811000, tz.offsetAt(rl), "controller.go:213");
        b.put("\"Backend successfully reloaded\"\n");
        qint64 conn = 180000 + qint64(mix(m_seed, k, 13) % 900000);
        for (const ErrorLine &e : errors) {
            if (e.attempt < 0) {
                klogRestart(b, e.when + skewUs, tz);
                continue;
            }
            nginxError(b, m_requests[e.request], e.attempt, e.when + skewUs, conn + e.request, tz);
            b.put('\n');
        }
        if (!writeOutputFile(QDir(outDir).filePath(base + QStringLiteral(".error.log")), b.data(), b.size(), -1, error))
            return false;
        files->append(base + QStringLiteral(".error.log"));
        stats->errorFiles.append(base + QStringLiteral(".error.log"));
        stats->replicaFiles[k].append(base + QStringLiteral(".error.log"));
    }
    return true;
}

} // namespace gateline::gen
