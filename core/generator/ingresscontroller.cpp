// The non-access lines of the ingress controller pods for the collected shapes (kubectl, CRI, ...):
// ingress-nginx's startup banner and klog lines, its reactions to endpoint changes (reloads,
// services without endpoints), NGINX error-log lines, and Traefik's own log lines (logrus text or
// JSON) with its debug lines about failed upstream requests; plus the pods' whole collection.
#include "ingresswriter.h"

#include "logshapewriter.h"
#include "requestformat.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace gateline::gen {

namespace {

constexpr char kRule[] = "-------------------------------------------------------------------------------";

// Go's %q for the printable ASCII the generator writes.
void putGoQuoted(TextBuffer &b, QByteArrayView s)
{
    b.put('"');
    for (char c : s) {
        switch (c) {
        case '"': b.put("\\\"", 2); break;
        case '\\': b.put("\\\\", 2); break;
        case '\n': b.put("\\n", 2); break;
        case '\t': b.put("\\t", 2); break;
        default: b.put(c);
        }
    }
    b.put('"');
}

// logrus quotes a value unless it is made of [A-Za-z0-9-._/@^+] only.
bool logrusNeedsQuoting(QByteArrayView s)
{
    if (s.isEmpty())
        return true;
    for (char c : s) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                          || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+';
        if (!safe)
            return true;
    }
    return false;
}

QByteArray hexOf(quint64 seed, quint64 salt, int digits)
{
    TextBuffer b;
    for (int i = 0; i < digits; i += 16)
        b.putHex(mix(seed, salt, quint64(i)), std::min(16, digits - i));
    return QByteArray(b.data(), qsizetype(b.size()));
}

// PEM-looking body: base64 alphabet, 64 columns.
void putPemBody(TextBuffer &b, quint64 seed, int bytes)
{
    static const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    quint64 h = seed;
    for (int i = 0; i < bytes; ++i) {
        if (i % 8 == 0)
            h = mix(seed, quint64(i));
        b.put(kB64[h % 64]);
        h /= 64;
        if (i % 64 == 63)
            b.put('\n');
    }
    b.put('\n');
}

} // namespace

void IngressWriter::addLine(PodLog &log, qint64 at, quint8 stream, LineKind kind, quint32 start) const
{
    // The runtime reads the line a moment (0-2 ms) after the process wrote it.
    const quint64 h = mix(m_seed, quint64(log.replica) * 1000003 + log.lines.size(), 15);
    log.end(start, at, quint32(h % 2000000), stream, kind, log.instanceAt(at));
}

std::vector<qint64> IngressWriter::syncTimes() const
{
    // The controller resyncs after endpoint changes of the services it routes to, rate-limited.
    std::vector<qint64> changes;
    const qint64 from = m_o.windowStart - 10 * 60 * kSec;
    auto add = [&](qint64 t) {
        if (t >= from && t <= m_o.windowEnd)
            changes.push_back(t);
    };
    for (const SimPod &p : m_world.topo.pods) {
        if (p.group != PodGroup::App && p.group != PodGroup::Frontend)
            continue;
        add(p.endpointFrom);
        if (p.endpointTo != kNever)
            add(p.endpointTo);
        for (const Interval &i : p.endpointOut) {
            add(i.from);
            add(i.to);
        }
    }
    std::sort(changes.begin(), changes.end());
    std::vector<qint64> syncs;
    for (qint64 c : changes) {
        if (!syncs.empty() && c <= syncs.back())
            continue;
        qint64 s = c + 200 * kMs;
        if (!syncs.empty())
            s = std::max(s, syncs.back() + 3300 * kMs);
        syncs.push_back(s);
    }
    return syncs;
}

void IngressWriter::collect(size_t k, PodLog &log, IngressStats *stats) const
{
    const Topology &t = m_world.topo;
    const SimPod &pod = t.pods[size_t(m_world.ingressPods[k])];
    const bool nginx = m_kind == IngressLogKind::Nginx;
    log.pod = m_world.ingressPods[k];
    log.replica = int(k);
    log.skewUs = m_o.skewUs[k];
    for (const Interval &d : pod.down)
        log.instanceStarts.push_back(std::max(d.from + kMs, d.to - 2600 * kMs));
    std::sort(log.instanceStarts.begin(), log.instanceStarts.end());
    TzOffsets tz(m_o.zone);

    // Container starts: the first long before the window, then one per restart.
    std::vector<qint64> starts{pod.started};
    starts.insert(starts.end(), log.instanceStarts.begin(), log.instanceStarts.end());
    for (qint64 s : starts) {
        if (nginx)
            nginxStartup(log, s, tz);
        else
            traefikStartup(log, s);
    }
    // A configuration reload shortly before the window, then the reactions to endpoint changes.
    const qint64 reload = m_requests.empty() ? 0 : m_requests.front().arrival - qint64(mix(m_seed, k, 12) % 240) * kSec;
    if (reload > pod.started + 10 * kSec && pod.listening(reload)) {
        if (nginx)
            nginxReload(log, reload, true, tz);
        else
            traefikSync(log, reload, false);
    }
    for (qint64 s : syncTimes()) {
        const qint64 at = s + 5 * kMs + qint64(mix(m_seed, k, quint64(s)) % 400000);
        if (!pod.listening(at))
            continue;
        if (nginx)
            nginxSync(log, at, tz);
        else
            traefikSync(log, at, false);
    }

    // Access lines, and the lines about failed upstream attempts.
    std::vector<quint32> mine;
    for (size_t i = 0; i < m_requests.size(); ++i) {
        const SimRequest &r = m_requests[i];
        if ((r.flags & ReqIngressLogged) && r.ingressPod == k)
            mine.push_back(quint32(i));
    }
    std::vector<qint64> counts(mine.size(), 0);
    if (!nginx) {
        // Traefik numbers requests as they arrive.
        std::vector<std::pair<qint64, quint32>> arrivals;
        for (size_t n = 0; n < mine.size(); ++n)
            arrivals.emplace_back(m_requests[mine[n]].ingressStart(), quint32(n));
        std::sort(arrivals.begin(), arrivals.end());
        const qint64 base = 1000 + qint64(mix(m_seed, k, 11) % 500000);
        for (size_t n = 0; n < arrivals.size(); ++n)
            counts[arrivals[n].second] = base + qint64(n);
    }
    const qint64 conn = 180000 + qint64(mix(m_seed, k, 13) % 900000);
    for (size_t n = 0; n < mine.size(); ++n) {
        const SimRequest &r = m_requests[mine[n]];
        quint32 start = log.begin();
        if (nginx)
            nginxAccess(log.text, r, log.skewUs, tz);
        else if (m_kind == IngressLogKind::TraefikClf)
            traefikClf(log.text, r, counts[n], log.skewUs, tz);
        else
            traefikJson(log.text, r, counts[n], log.skewUs, tz);
        addLine(log, r.ingressDone(), 0, LineKind::Access, start);
        qint64 at = r.ingressStart();
        for (int a = 0; a < r.attempts; ++a) {
            at += r.attemptUs[a];
            if (r.attemptErr[a] == UpstreamError::None)
                continue;
            if (nginx) {
                start = log.begin();
                nginxError(log.text, r, a, at + log.skewUs, conn + mine[n], tz);
                addLine(log, at, 1, LineKind::UpstreamError, start);
            } else if (a == r.attempts - 1) {
                traefikUpstreamError(log, r, at);
            }
        }
        // Noise: NGINX buffers larger request bodies to disk and says so.
        const Endpoint &e = t.endpoints[r.endpoint];
        if (m_o.noise && nginx && e.method == "POST" && requestHash(m_seed, r, 16) % 30 == 0) {
            const qint64 w = r.ingressStart() + 300 + log.skewUs;
            start = log.begin();
            TextBuffer &b = log.text;
            b.putNginxError(w, tz.offsetAt(w));
            b.put(" [warn] ");
            const int pid = 30 + int(requestHash(m_seed, r, 8) % 4);
            b.putInt(pid);
            b.put('#');
            b.putInt(pid);
            b.put(": *");
            b.putInt(conn + mine[n]);
            b.put(" a client request body is buffered to a temporary file /tmp/nginx/client-body/");
            b.putPadded(qint64(requestHash(m_seed, r, 17) % 10000000000ll), 10);
            b.put(", client: ");
            putClient(b, r);
            b.put(", server: ");
            b.put(t.domain);
            b.put(", request: \"POST ");
            putPath(b, e, r.variant, t.assetHash);
            b.put(" HTTP/1.1\", host: \"");
            b.put(t.domain);
            b.put('"');
            addLine(log, r.ingressStart() + 300, 1, LineKind::Other, start);
        }
    }

    for (const LogLine &l : log.lines) {
        if (l.kind == LineKind::Access)
            ++stats->replicaAccess[k];
        else if (l.kind == LineKind::UpstreamError)
            ++stats->replicaErrors[k];
        else
            ++stats->replicaOther[k];
    }
    stats->accessLines += stats->replicaAccess[k];
    stats->errorLines += stats->replicaErrors[k];
}

void IngressWriter::nginxStartup(PodLog &log, qint64 at, TzOffsets &tz) const
{
    const Topology &t = m_world.topo;
    const SimPod &pod = t.pods[size_t(log.pod)];
    const QByteArray build = hexOf(hashBytes(QByteArrayLiteral("ingress-nginx v1.11.3")), 1, 40);
    const QByteArray banner[] = {kRule,
                                 "NGINX Ingress controller",
                                 "  Release:       v1.11.3",
                                 "  Build:         " + build,
                                 "  Repository:    https://github.com/kubernetes/ingress-nginx",
                                 "  nginx version: nginx/1.25.5",
                                 "",
                                 kRule,
                                 ""};
    qint64 dt = 0;
    for (const QByteArray &line : banner) {
        const quint32 start = log.begin();
        log.text.put(line);
        addLine(log, at + dt, 0, LineKind::Banner, start);
        dt += 3;
    }
    auto klog = [&](qint64 us, char level, const char *where, const QByteArray &msg) {
        const qint64 w = at + us + log.skewUs;
        const quint32 start = log.begin();
        putKlogHeader(log.text, level, w, tz.offsetAt(w), where);
        log.text.put(msg);
        addLine(log, at + us, 1, LineKind::Other, start);
    };
    klog(4500, 'W', "client_config.go:659",
         "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.");
    klog(4800, 'I', "main.go:205", "\"Creating API client\" host=\"https://172.20.0.1:443\"");
    klog(9400, 'I', "main.go:248",
         "\"Running in Kubernetes cluster\" major=\"1\" minor=\"31\" git=\"v1.31.2-eks-7f9249a\" state=\"clean\" commit=\""
             + hexOf(7, 31, 40) + "\" platform=\"linux/amd64\"");
    klog(212000, 'I', "main.go:101", "\"SSL fake certificate created\" file=\"/etc/ingress-controller/ssl/default-fake-certificate.pem\"");
    klog(230000, 'I', "ssl.go:535", "\"loading tls certificate\" path=\"/usr/local/certificates/cert\" key=\"/usr/local/certificates/key\"");
    klog(251000, 'I', "nginx.go:271", "\"Starting NGINX Ingress controller\"");
    klog(262000, 'I', "store.go:440",
         "\"Found valid IngressClass\" ingress=\"" + t.ns + '/' + t.appName + "\" ingressclass=\"nginx\"");
    if (m_o.noise)
        klog(263000, 'W', "store.go:452",
             "\"Ignoring ingress because of error while validating ingress class\" ingress=\"monitoring/grafana\" "
             "error=\"no object matching key \\\"internal-nginx\\\" in local store\"");
    klog(1452000, 'I', "nginx.go:317", "\"Starting NGINX process\"");
    klog(1453000, 'I', "leaderelection.go:250",
         "attempting to acquire leader lease " + pod.ns + "/ingress-nginx-leader...");
    nginxReload(log, at + 1455000, true, tz);
    klog(2300000, 'I', "controller.go:221", "\"Initial sync, sleeping for 1 second\"");
}

void IngressWriter::nginxReload(PodLog &log, qint64 at, bool diff, TzOffsets &tz) const
{
    const SimPod &pod = m_world.topo.pods[size_t(log.pod)];
    auto klog = [&](qint64 us, const char *where, const QByteArray &msg) {
        const qint64 w = at + us + log.skewUs;
        const quint32 start = log.begin();
        putKlogHeader(log.text, 'I', w, tz.offsetAt(w), where);
        log.text.put(msg);
        addLine(log, at + us, 1, LineKind::Other, start);
    };
    klog(0, "controller.go:190", "\"Configuration changes detected, backend reload required\"");
    if (diff)
        klog(41000, "nginx.go:759", "\"NGINX configuration change\" diff=" + nginxConfigDiff());
    const qint64 done = 580000 + qint64(mix(m_seed, quint64(at), 18) % 400000);
    klog(done, "controller.go:210", "\"Backend successfully reloaded\"");
    klog(done + 120, "event.go:377",
         "Event(v1.ObjectReference{Kind:\"Pod\", Namespace:\"" + pod.ns + "\", Name:\"" + pod.name + "\", UID:\"" + pod.uid
             + "\", APIVersion:\"v1\", ResourceVersion:\"" + QByteArray::number(qint64(30000000 + mix(m_seed, hashBytes(pod.uid), 19) % 9000000))
             + "\", FieldPath:\"\"}): type: 'Normal' reason: 'RELOAD' NGINX reload triggered due to a change in configuration");
}

void IngressWriter::nginxSync(PodLog &log, qint64 at, TzOffsets &tz) const
{
    const Topology &t = m_world.topo;
    qint64 dt = 0;
    auto warn = [&](const QByteArray &service) {
        const qint64 w = at + dt + log.skewUs;
        const quint32 start = log.begin();
        putKlogHeader(log.text, 'W', w, tz.offsetAt(w), "controller.go:1112");
        log.text.put("Service \"" + service + "\" does not have any active Endpoint.");
        addLine(log, at + dt, 1, LineKind::Other, start);
        dt += 40;
    };
    for (int s = 0; s < 2; ++s) {
        const SimService &svc = t.services[size_t(s)];
        int ready = 0;
        for (const SimPod &p : t.pods)
            ready += p.group == svc.group && p.inEndpoints(at) ? 1 : 0;
        if (!ready)
            warn(t.ns + '/' + svc.name);
    }
    if (m_o.noise)
        warn(m_world.deployments[WorkerDeployment].ns + '/' + m_world.deployments[WorkerDeployment].name + "-status");
    nginxReload(log, at + dt + 300, false, tz);
}

QByteArray IngressWriter::nginxConfigDiff() const
{
    if (!m_diff.isEmpty())
        return m_diff;
    // A new server block (the Ingress's host) in nginx.conf, as `diff -u` shows it: long enough to be
    // split by the container runtime (over 16 KiB).
    const Topology &t = m_world.topo;
    TextBuffer d;
    d.put("--- /etc/nginx/nginx.conf\t2026-11-21 09:12:44.118032415 +0000\n+++ /tmp/nginx/nginx-cfg");
    d.putInt(qint64(mix(m_seed, 20) % 900000000) + 100000000);
    d.put("\t2026-11-21 09:12:45.203811870 +0000\n@@ -412,6 +412,");
    d.putInt(412 + 40 * qint64(t.endpoints.size()));
    d.put(" @@\n");
    for (int copy = 0; copy < 4 && d.size() < 17 * 1024; ++copy) {
        QByteArray host = t.domain;
        if (copy == 1)
            host = "www." + t.domain;
        else if (copy > 1)
            host = "m" + QByteArray::number(copy) + '.' + t.domain;
        d.put("+\t## start server ");
        d.put(host);
        d.put("\n+\tserver {\n+\t\tserver_name ");
        d.put(host);
        d.put(" ;\n+\t\thttp2 on;\n+\t\tlisten 80  ;\n+\t\tlisten [::]:80  ;\n+\t\tset $proxy_upstream_name \"-\";\n");
        for (const Endpoint &e : t.endpoints) {
            const SimService &svc = t.services[size_t(e.service)];
            QByteArray path = e.path.left(e.path.indexOf('{') < 0 ? e.path.size() : e.path.indexOf('{'));
            path = path.left(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
            d.put("+\t\tlocation ");
            d.put(path);
            d.put(" {\n+\t\t\tset $namespace      \"");
            d.put(t.ns);
            d.put("\";\n+\t\t\tset $ingress_name   \"");
            d.put(t.appName);
            d.put("\";\n+\t\t\tset $service_name   \"");
            d.put(svc.name);
            d.put("\";\n+\t\t\tset $service_port   \"");
            d.putInt(svc.port);
            d.put("\";\n+\t\t\tset $location_path  \"");
            d.put(path);
            d.put("\";\n+\t\t\trewrite_by_lua_block {\n+\t\t\t\tlua_ingress.rewrite({\n+\t\t\t\t\tforce_ssl_redirect = false,\n"
                  "+\t\t\t\t\tssl_redirect = false,\n+\t\t\t\t\tforce_no_ssl_redirect = false,\n"
                  "+\t\t\t\t\tpreserve_trailing_slash = false,\n+\t\t\t\t\tuse_port_in_redirects = false,\n+\t\t\t\t})\n"
                  "+\t\t\t\tbalancer.rewrite()\n+\t\t\t\tplugins.run()\n+\t\t\t}\n+\t\t\theader_filter_by_lua_block {\n"
                  "+\t\t\t\tlua_ingress.header()\n+\t\t\t\tplugins.run()\n+\t\t\t}\n+\t\t\tbody_filter_by_lua_block {\n"
                  "+\t\t\t\tplugins.run()\n+\t\t\t}\n+\t\t\tlog_by_lua_block {\n+\t\t\t\tbalancer.log()\n+\t\t\t\tmonitor.call()\n"
                  "+\t\t\t\tplugins.run()\n+\t\t\t}\n+\t\t\tport_in_redirect off;\n+\t\t\tset $balancer_ewma_score -1;\n"
                  "+\t\t\tset $proxy_upstream_name \"");
            d.put(svc.upstreamName);
            d.put("\";\n+\t\t\tproxy_connect_timeout                   5s;\n+\t\t\tproxy_send_timeout                      60s;\n"
                  "+\t\t\tproxy_read_timeout                      60s;\n+\t\t\tproxy_next_upstream                     error timeout;\n"
                  "+\t\t\tproxy_next_upstream_tries               3;\n+\t\t\tproxy_pass http://upstream_balancer;\n"
                  "+\t\t\tproxy_redirect                          off;\n+\t\t}\n");
        }
        d.put("+\t}\n+\t## end server ");
        d.put(host);
        d.put('\n');
    }
    TextBuffer q;
    putGoQuoted(q, d.view());
    m_diff = QByteArray(q.data(), qsizetype(q.size()));
    return m_diff;
}

void IngressWriter::traefikLine(PodLog &log, qint64 at, const char *level, QByteArrayView msg,
                                std::vector<std::pair<QByteArray, QByteArray>> fields, LineKind kind) const
{
    TextBuffer time;
    putRfc3339(time, (at + log.skewUs) * 1000, 0);
    const QByteArray when(time.data(), qsizetype(time.size()));
    const quint32 start = log.begin();
    TextBuffer &b = log.text;
    std::sort(fields.begin(), fields.end());
    if (m_kind == IngressLogKind::TraefikJson) {
        // logrus' JSON formatter: keys sorted.
        fields.emplace_back(QByteArrayLiteral("level"), QByteArray(level));
        fields.emplace_back(QByteArrayLiteral("msg"), msg.toByteArray());
        fields.emplace_back(QByteArrayLiteral("time"), when);
        std::sort(fields.begin(), fields.end());
        b.put('{');
        for (size_t i = 0; i < fields.size(); ++i) {
            b.put(i ? ",\"" : "\"");
            b.put(fields[i].first);
            b.put("\":\"");
            putDockerEscaped(b, fields[i].second);
            b.put('"');
        }
        b.put('}');
    } else {
        b.put("time=\"");
        b.put(when);
        b.put("\" level=");
        b.put(level);
        b.put(" msg=");
        putGoQuoted(b, msg);
        for (const auto &f : fields) {
            b.put(' ');
            b.put(f.first);
            b.put('=');
            if (logrusNeedsQuoting(f.second))
                putGoQuoted(b, f.second);
            else
                b.put(f.second);
        }
    }
    addLine(log, at, 0, kind, start);
}

void IngressWriter::traefikStartup(PodLog &log, qint64 at) const
{
    const std::pair<qint64, const char *> lines[] = {
        {0, "Configuration loaded from flags."},
        {600, "Traefik version 2.11.14 built on 2024-11-05T14:22:31Z"},
        {900, "Starting provider aggregator aggregator.ProviderAggregator"},
        {1000, "Starting provider *traefik.Provider"},
        {1100, "Starting provider *ingress.Provider"},
        {1400, "Starting provider *acme.ChallengeTLSALPN"},
    };
    for (const auto &l : lines)
        traefikLine(log, at + l.first, "info", l.second, {}, LineKind::Other);
    traefikLine(log, at + 1300, "info", "ingress label selector is: \"\"", {{"providerName", "kubernetes"}}, LineKind::Other);
    traefikLine(log, at + 1350, "info", "Creating in-cluster Provider client", {{"providerName", "kubernetes"}}, LineKind::Other);
    traefikSync(log, at + 412000, true);
}

void IngressWriter::traefikSync(PodLog &log, qint64 at, bool startup) const
{
    const Topology &t = m_world.topo;
    for (int s = 0; s < 2; ++s) {
        const SimService &svc = t.services[size_t(s)];
        int ready = 0;
        for (const SimPod &p : t.pods)
            ready += p.group == svc.group && p.inEndpoints(at) ? 1 : 0;
        if (!ready)
            traefikLine(log, at, "error", "Skipping service: no endpoints found",
                        {{"ingress", t.appName},
                         {"namespace", t.ns},
                         {"providerName", "kubernetes"},
                         {"serviceName", svc.name},
                         {"servicePort", "&ServiceBackendPort{Name:,Number:" + QByteArray::number(svc.port) + ",}"}},
                        LineKind::Other);
    }
    if (m_o.noise && !startup)
        traefikLine(log, at + 20, "error", "Cannot create service: service not found",
                    {{"ingress", "grafana"}, {"namespace", "monitoring"}, {"providerName", "kubernetes"},
                     {"serviceName", "grafana-old"}, {"servicePort", "&ServiceBackendPort{Name:,Number:3000,}"}},
                    LineKind::Other);
    traefikLine(log, at + 60, "debug", "Configuration received: " + traefikConfiguration(at),
                {{"providerName", "kubernetes"}}, LineKind::Other);
}

QByteArray IngressWriter::traefikConfiguration(qint64 at) const
{
    // The provider's dynamic configuration as Traefik dumps it at debug level; the TLS store with the
    // hosts' certificate chains makes it longer than the runtime's 16 KiB line buffer.
    const Topology &t = m_world.topo;
    TextBuffer j;
    j.put("{\"http\":{\"routers\":{");
    for (int s = 0; s < 3; ++s) {
        const SimService &svc = t.services[size_t(s)];
        j.put(s ? ",\"" : "\"");
        j.put(QByteArray(svc.router).replace("@kubernetes", ""));
        j.put("\":{\"entryPoints\":[\"web\"],\"service\":\"");
        j.put(svc.upstreamName);
        j.put("\",\"rule\":\"Host(`");
        j.put(t.domain);
        j.put(s == 1 ? "`) \\u0026\\u0026 PathPrefix(`/`)\"}" : "`) \\u0026\\u0026 PathPrefix(`/api`)\"}");
    }
    j.put("},\"services\":{");
    for (int s = 0; s < 3; ++s) {
        const SimService &svc = t.services[size_t(s)];
        j.put(s ? ",\"" : "\"");
        j.put(svc.upstreamName);
        j.put("\":{\"loadBalancer\":{\"servers\":[");
        bool first = true;
        if (svc.external) {
            j.put("{\"url\":\"https://");
            j.put(svc.externalHost);
            j.put(":443\"}");
        } else {
            for (const SimPod &p : t.pods) {
                if (p.group != svc.group || !p.inEndpoints(at))
                    continue;
                j.put(first ? "{\"url\":\"http://" : ",{\"url\":\"http://");
                j.put(p.ip);
                j.put(':');
                j.putInt(p.port);
                j.put("\"}");
                first = false;
            }
        }
        j.put("],\"passHostHeader\":true,\"responseForwarding\":{\"flushInterval\":\"100ms\"}}}");
    }
    j.put("}},\"tcp\":{},\"udp\":{},\"tls\":{\"certificates\":[");
    for (int c = 0; c < 3; ++c) {
        j.put(c ? ",{\"certFile\":\"" : "{\"certFile\":\"");
        TextBuffer pem;
        for (int k = 0; k < 2; ++k) {
            pem.put("-----BEGIN CERTIFICATE-----\n");
            putPemBody(pem, mix(m_seed, quint64(c), quint64(k) + 50), 1900);
            pem.put("-----END CERTIFICATE-----\n");
        }
        j.putJsonEscaped(pem.view());
        j.put("\",\"keyFile\":\"");
        pem.clear();
        pem.put("-----BEGIN PRIVATE KEY-----\n");
        putPemBody(pem, mix(m_seed, quint64(c), 60), 1700);
        pem.put("-----END PRIVATE KEY-----\n");
        j.putJsonEscaped(pem.view());
        j.put("\"}");
    }
    j.put("]}}");
    return QByteArray(j.data(), qsizetype(j.size()));
}

void IngressWriter::traefikUpstreamError(PodLog &log, const SimRequest &r, qint64 at) const
{
    const Topology &t = m_world.topo;
    const int a = r.attempts - 1;
    const SimService &svc = t.services[size_t(t.endpoints[r.endpoint].service)];
    TextBuffer addr;
    putAttemptAddr(addr, t, r, a);
    const QByteArray target(addr.data(), qsizetype(addr.size()));
    const SimPod &self = t.pods[size_t(log.pod)];
    QByteArray msg = r.ingressStatus == 504 ? "'504 Gateway Timeout' caused by: " : "'502 Bad Gateway' caused by: ";
    switch (r.attemptErr[a]) {
    case UpstreamError::ConnRefused: msg += "dial tcp " + target + ": connect: connection refused"; break;
    case UpstreamError::Premature: msg += "EOF"; break;
    case UpstreamError::Reset:
        msg += "read tcp " + self.ip + ':' + QByteArray::number(32768 + int(requestHash(m_seed, r, 18) % 28000)) + "->"
               + target + ": read: connection reset by peer";
        break;
    case UpstreamError::TimedOut: msg += "net/http: timeout awaiting response headers"; break;
    case UpstreamError::NoLive: msg += "no available server"; break;
    case UpstreamError::Dns: msg += "dial tcp: lookup " + svc.externalHost + " on 172.20.0.10:53: server misbehaving"; break;
    case UpstreamError::DnsTimeout:
        msg += "dial tcp: lookup " + svc.externalHost + " on 172.20.0.10:53: read udp " + self.ip + ':'
               + QByteArray::number(32768 + int(requestHash(m_seed, r, 18) % 28000)) + "->172.20.0.10:53: i/o timeout";
        break;
    case UpstreamError::None: return;
    }
    traefikLine(log, at, "debug", msg, {}, LineKind::UpstreamError);
}

} // namespace gateline::gen
