#include "sidecarwriter.h"

#include "generatoroptions.h"
#include "logshapewriter.h"
#include "requestformat.h"

#include <QJsonArray>

#include <algorithm>
#include <cstring>

namespace gateline::gen {

namespace {

constexpr qint64 kTerminationDrainUs = 5 * kSec; // Istio's default terminationDrainDuration

// The bodies Envoy sends with its own answers (bytes_sent in its log, the ingress' body size).
constexpr char kUfBody[] = "upstream connect error or disconnect/reset before headers. reset reason: remote connection "
                           "failure, transport failure reason: delayed connect error: 111";
constexpr char kUcBody[] = "upstream connect error or disconnect/reset before headers. reset reason: connection termination";
constexpr char kUpeBody[] = "upstream connect error or disconnect/reset before headers. reset reason: protocol error";

bool injected(const Topology &t, int pod)
{
    return pod >= 0 && size_t(pod) < t.pods.size() && t.pods[size_t(pod)].group == PodGroup::App;
}

// Per pod: when its sidecar stops accepting connections (kNever while the pod lives on).
std::vector<qint64> sidecarEnds(const World &world, const EventLog &events)
{
    const Topology &t = world.topo;
    std::vector<qint64> ends(t.pods.size(), kNever);
    for (size_t i = 0; i < t.pods.size(); ++i) {
        const SimPod &p = t.pods[i];
        if (p.group != PodGroup::App || p.deleted == kNever)
            continue;
        // The pod's deletion sends SIGTERM to every container: the Killing event.
        qint64 kill = -1;
        for (const K8sEvent &e : events.events())
            if (e.reason == "Killing" && e.object.kind == "Pod" && e.object.name == p.name)
                for (qint64 at : {e.first, e.last})
                    if (at <= p.deleted)
                        kill = std::max(kill, at);
        ends[i] = kill < 0 ? p.deleted : std::min(p.deleted, kill + kTerminationDrainUs);
    }
    return ends;
}

bool running(const Topology &t, const std::vector<qint64> &ends, int pod, qint64 at)
{
    return injected(t, pod) && at >= t.pods[size_t(pod)].started && at < ends[size_t(pod)];
}

qint64 attemptStart(const SimRequest &r, int a)
{
    qint64 at = r.ingressStart() + 100;
    for (int i = 0; i < a; ++i)
        at += r.attemptUs[i];
    return at;
}

qint64 attemptsUs(const SimRequest &r)
{
    qint64 sum = 0;
    for (int i = 0; i < r.attempts; ++i)
        sum += r.attemptUs[i];
    return sum;
}

} // namespace

void applyIstioSidecars(const World &world, const EventLog &events, std::vector<SimRequest> &requests, bool noise,
                        std::vector<SidecarMade> *made)
{
    const Topology &t = world.topo;
    const std::vector<qint64> ends = sidecarEnds(world, events);
    made->assign(requests.size(), SidecarMade::None);
    // The app endpoint whose 400 answers Envoy rejects: the first that is not idempotent (a POST).
    int upeEndpoint = -1;
    for (size_t k = 0; k < t.endpoints.size() && upeEndpoint < 0; ++k)
        if (t.endpoints[k].service == 0 && !t.endpoints[k].idempotent)
            upeEndpoint = int(k);
    for (size_t i = 0; i < requests.size(); ++i) {
        SimRequest &r = requests[i];
        if (!(r.flags & ReqIngressLogged))
            continue; // the ALB answered (the ingress was gone or cut the connection)
        for (int a = 0; a < r.attempts; ++a) {
            const int pod = r.attemptPod[a] == kNoPod ? -1 : int(r.attemptPod[a]);
            if (!running(t, ends, pod, attemptStart(r, a)))
                continue;
            SidecarMade m = SidecarMade::None;
            switch (r.attemptErr[a]) {
            case UpstreamError::ConnRefused: m = SidecarMade::Uf; break;
            case UpstreamError::Premature:
            case UpstreamError::Reset: m = SidecarMade::Uc; break;
            case UpstreamError::None:
                if (noise && int(r.endpoint) == upeEndpoint && r.attemptStatus[a] == 400)
                    m = SidecarMade::Upe;
                break;
            default: break;
            }
            if (m == SidecarMade::None)
                continue;
            // Envoy answered: the ingress got a response, retries nothing and passes it on.
            const qint64 ingressOverhead = r.ingressTotalUs - attemptsUs(r);
            const qint64 albOverhead = qint64(r.albTargetUs) - r.ingressTotalUs;
            r.attempts = quint8(a + 1);
            r.attemptErr[a] = UpstreamError::None;
            r.attemptStatus[a] = m == SidecarMade::Upe ? 502 : 503;
            r.ingressStatus = r.attemptStatus[a];
            r.bodyBytes = quint32(std::strlen(m == SidecarMade::Uf ? kUfBody : m == SidecarMade::Uc ? kUcBody : kUpeBody));
            r.ingressTotalUs = qint32(attemptsUs(r) + ingressOverhead);
            r.albTargetUs = qint32(r.ingressTotalUs + albOverhead);
            r.albElapsedUs = r.albReqUs + r.albTargetUs + r.albRespUs;
            r.elbStatus = r.ingressStatus;
            r.targetStatus = r.ingressStatus;
            r.origin = r.elbStatus == 502 ? Origin::Sidecar : Origin::None;
            (*made)[i] = m;
            break;
        }
    }
}

void SidecarWriter::addLine(PodLog &log, quint32 start, qint64 atUs) const
{
    // Envoy flushes its access log once a second (access_log_flush_interval): the runtime reads
    // the line up to a second after the request ended.
    const quint64 h = mix(m_seed, quint64(log.pod) * 1000003 + log.lines.size(), 31);
    log.end(start, atUs, quint32(h % 1000000000), 0, LineKind::Access, 0);
}

void SidecarWriter::putLine(PodLog &log, const SimRequest &r, int a, qint64 startUs, SidecarMade made) const
{
    const Topology &t = m_world.topo;
    const Endpoint &e = t.endpoints[r.endpoint];
    const SimPod &pod = t.pods[size_t(log.pod)];
    const SimPod &ingress = t.pods[size_t(m_world.ingressPods[r.ingressPod])];
    const bool last = a == r.attempts - 1;
    const UpstreamError err = r.attemptErr[a];
    const bool timedOut = err == UpstreamError::TimedOut;
    const qint64 durUs = r.attemptUs[a];
    const quint32 start = log.begin();
    TextBuffer &b = log.text;
    b.put('[');
    b.putIsoUtc(startUs + log.skewUs, 3);
    b.put("] \"");
    b.put(e.method);
    b.put(' ');
    putPath(b, e, r.variant, t.assetHash);
    b.put(" HTTP/1.1\" ");
    // RESPONSE_CODE RESPONSE_FLAGS RESPONSE_CODE_DETAILS CONNECTION_TERMINATION_DETAILS "UPSTREAM_TRANSPORT_FAILURE_REASON"
    const char *body = nullptr;
    switch (made) {
    case SidecarMade::Uf:
        b.put("503 UF upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111} - "
              "\"delayed connect error: 111\" ");
        body = kUfBody;
        break;
    case SidecarMade::Uc:
        b.put("503 UC upstream_reset_before_response_started{connection_termination} - \"-\" ");
        body = kUcBody;
        break;
    case SidecarMade::Upe:
        b.put("502 UPE upstream_reset_before_response_started{protocol_error} - \"-\" ");
        body = kUpeBody;
        break;
    case SidecarMade::None:
        if (timedOut) {
            b.put("0 DC downstream_remote_disconnect - \"-\" ");
        } else {
            b.putInt(r.attemptStatus[a]);
            b.put(" - via_upstream - \"-\" ");
        }
        break;
    }
    // BYTES_RECEIVED BYTES_SENT DURATION X-ENVOY-UPSTREAM-SERVICE-TIME
    const bool withBody = e.method == "POST" || e.method == "PUT";
    b.putInt(withBody ? qint64(requestHash(m_seed, r, 43) % 1480) + 120 : 0);
    b.put(' ');
    b.putInt(body ? qint64(std::strlen(body)) : timedOut ? 0 : (last ? qint64(r.bodyBytes) : 0));
    b.put(' ');
    b.putInt(durUs / 1000);
    b.put(' ');
    if (made == SidecarMade::None && !timedOut)
        b.putInt(std::max<qint64>(0, durUs / 1000 - qint64(requestHash(m_seed, r, 44) % 2)));
    else
        b.put('-');
    // "X-FORWARDED-FOR" "USER-AGENT" "X-REQUEST-ID" "AUTHORITY" "UPSTREAM_HOST"
    b.put(" \"");
    b.put(m_o.albNodeClient ? t.albNodePrivateIps[size_t(r.albNode) % t.albNodePrivateIps.size()] : t.clients[r.client].ip);
    b.put("\" \"");
    b.put(userAgent(t.clients[r.client].userAgent));
    b.put("\" \"");
    if (m_o.nginxRequestId) { // ingress-nginx's $req_id, passed as X-Request-ID
        b.putHex(requestHash(m_seed, r, 6), 16);
        b.putHex(requestHash(m_seed, r, 7), 16);
    } else { // none came in: Envoy makes a UUID (version 4)
        const quint64 h1 = requestHash(m_seed, r, 41 + quint64(a)), h2 = requestHash(m_seed, r, 45 + quint64(a));
        b.putHex(h1 >> 32, 8);
        b.put('-');
        b.putHex(h1 >> 16, 4);
        b.put("-4");
        b.putHex(h1, 3);
        b.put('-');
        b.putHex(0x8 | ((h2 >> 60) & 0x3), 1);
        b.putHex(h2 >> 48, 3);
        b.put('-');
        b.putHex(h2, 12);
    }
    b.put("\" \"");
    b.put(t.domain);
    b.put("\" \"");
    b.put(pod.ip);
    b.put(':');
    b.putInt(pod.port);
    // UPSTREAM_CLUSTER UPSTREAM_LOCAL_ADDRESS DOWNSTREAM_LOCAL_ADDRESS DOWNSTREAM_REMOTE_ADDRESS
    // REQUESTED_SERVER_NAME ROUTE_NAME
    b.put("\" inbound|");
    b.putInt(pod.port);
    b.put("|| ");
    if (made == SidecarMade::Uf) {
        b.put('-');
    } else {
        b.put("127.0.0.6:");
        b.putInt(32768 + qint64(requestHash(m_seed, r, 46 + quint64(a)) % 28000));
    }
    b.put(' ');
    b.put(pod.ip);
    b.put(':');
    b.putInt(pod.port);
    b.put(' ');
    b.put(ingress.ip);
    b.put(':');
    b.putInt(32768 + qint64(requestHash(m_seed, r, 47 + quint64(a)) % 28000));
    b.put(" - default");
    addLine(log, start, startUs + durUs);
}

bool SidecarWriter::write(const QString &outDir, QStringList *files, SidecarStats *stats, QString *error) const
{
    const Topology &t = m_world.topo;
    const std::vector<qint64> ends = sidecarEnds(m_world, m_events);
    std::vector<int> logOf(t.pods.size(), -1);
    std::vector<PodLog> logs;
    for (size_t i = 0; i < t.pods.size(); ++i) {
        if (!injected(t, int(i)))
            continue;
        logOf[i] = int(logs.size());
        PodLog l;
        l.pod = int(i);
        l.replica = int(logs.size());
        const int node = t.pods[i].node;
        l.skewUs = size_t(node) < m_o.nodeSkewUs.size() ? m_o.nodeSkewUs[size_t(node)] : 0;
        logs.push_back(std::move(l));
    }
    for (size_t i = 0; i < m_requests.size(); ++i) {
        const SimRequest &r = m_requests[i];
        if (!(r.flags & ReqIngressLogged))
            continue;
        for (int a = 0; a < r.attempts; ++a) {
            const int pod = r.attemptPod[a] == kNoPod ? -1 : int(r.attemptPod[a]);
            const qint64 at = attemptStart(r, a);
            if (!running(t, ends, pod, at))
                continue;
            const SidecarMade made = a == r.attempts - 1 ? m_made[i] : SidecarMade::None;
            // A connection error the ingress saw while the sidecar ran cannot be: applyIstioSidecars
            // turned those into the sidecar's answers.
            if (made == SidecarMade::None && r.attemptErr[a] != UpstreamError::None && r.attemptErr[a] != UpstreamError::TimedOut)
                continue;
            putLine(logs[size_t(logOf[size_t(pod)])], r, a, at, made);
        }
    }
    // A pod whose sidecar handled nothing in the window has an access log without lines: not written.
    logs.erase(std::remove_if(logs.begin(), logs.end(), [](const PodLog &l) { return l.lines.empty(); }), logs.end());
    for (size_t k = 0; k < logs.size(); ++k) {
        logs[k].replica = int(k);
        stats->lines += qint64(logs[k].lines.size());
        stats->pods << QString::fromUtf8(t.pods[size_t(logs[k].pod)].name);
        stats->podSkewSeconds.push_back(double(logs[k].skewUs) / double(kSec));
        stats->podLines.push_back(qint64(logs[k].lines.size()));
    }
    if (logs.empty())
        return true;
    LogShapeWriter shapes(m_world, logs, QByteArrayLiteral("istio-proxy"), m_seed);
    shapes.setContainer(QByteArrayLiteral("istio-proxy"));
    const qsizetype before = files->size();
    const QString shape = m_o.shape == QLatin1String("files") ? QStringLiteral("kubectl") : m_o.shape;
    if (!shapes.write(shape, outDir, files, &stats->podFiles, error))
        return false;
    stats->files = files->mid(before);
    return true;
}

} // namespace gateline::gen

namespace gateline {

QJsonObject GeneratorTruth::sidecarJson() const
{
    QJsonArray pods;
    for (const GeneratorReplica &r : sidecars)
        pods.append(QJsonObject{{QStringLiteral("pod"), r.pod},
                                {QStringLiteral("node"), r.node},
                                {QStringLiteral("podIP"), r.podIp},
                                {QStringLiteral("skewSeconds"), r.skewSeconds},
                                {QStringLiteral("expectedClockOffsetSeconds"), r.expectedClockOffsetSeconds},
                                {QStringLiteral("accessLines"), r.accessLines},
                                {QStringLiteral("files"), QJsonArray::fromStringList(r.files)}});
    return QJsonObject{{QStringLiteral("kind"), sidecar},
                       {QStringLiteral("lines"), sidecarLines},
                       {QStringLiteral("made503"), sidecarMade503},
                       {QStringLiteral("origin502Sidecar"), origin502Sidecar},
                       {QStringLiteral("pods"), pods}};
}

} // namespace gateline
