// Istio sidecars (Envoy, container istio-proxy) in front of the app pods, between the ingress and
// the app: what they change about the requests, and their access logs.
//
// The ingress connects to the pod IP as before; iptables hands the connection to the sidecar,
// which forwards it to the app (inbound cluster "inbound|8080||", upstream host podIP:8080, source
// 127.0.0.6, Istio 1.10 and later). So while the sidecar runs, a failure of the app container is
// answered by Envoy, not seen by the ingress as a connection error:
//  - the app not listening (crashed, OOM-killed, restarting, not yet started, exited at SIGTERM):
//    503 UF "upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111}";
//  - the app closing or resetting the connection before its response (died mid-request, a
//    keep-alive race on the sidecar -> app connection): 503 UC
//    "upstream_reset_before_response_started{connection_termination}";
//  - a response Envoy cannot parse: 502 UPE "upstream_reset_before_response_started{protocol_error}"
//    (with noise: the app's 400 answers on its first POST endpoint carry both Content-Length and
//    Transfer-Encoding: chunked, which Envoy's HTTP/1 codec rejects; NGINX alone passed them on).
// The ingress receives that response like any other: ingress-nginx does not retry it (its default
// proxy_next_upstream is "error timeout"), logs it as the upstream status and passes it on; the ALB
// logs it as the target's status. A sidecar's 503 is therefore a 503 at the ALB, not a 502; only
// the UPE answers are 502s the sidecar made (origin "sidecar"). App-made statuses pass through
// ("via_upstream"); a request the ingress gave up on (proxy_read_timeout) is "0 DC".
//
// The sidecar runs from the pod's start until the pod is deleted, except that on deletion it gets
// SIGTERM with the app and exits after Istio's default terminationDrainDuration (5 s) while the app
// may still drain (preStop): from then the pod IP refuses connections and the ingress makes the 502
// itself, as without a sidecar. Frontend pods are not injected. A sidecar runs on its pod's node,
// with that node's clock; Envoy flushes its access log every second (the runtime's read time lags).
#pragma once

#include "podlog.h"
#include "topology.h"

#include <QStringList>

namespace gateline::gen {

enum class SidecarMade : quint8 { None, Uf, Uc, Upe };

// Rewrites requests whose app attempt a running sidecar answered (see above); *made gets, per
// request, what the sidecar made of its last attempt.
void applyIstioSidecars(const World &world, const EventLog &events, std::vector<SimRequest> &requests, bool noise,
                        std::vector<SidecarMade> *made);

struct SidecarWriterOptions {
    std::vector<qint64> nodeSkewUs;  // per Topology::nodes: the node clock runs this far ahead
    bool albNodeClient = true;       // the ingress' client (and X-Forwarded-For) is the ALB node
    bool nginxRequestId = true;      // ingress-nginx passes its $req_id as X-Request-ID
    QString shape;                   // the ingress shape (logshapewriter.h); "files" writes kubectl
};

struct SidecarStats {
    qint64 lines = 0;
    QStringList files;
    QStringList pods;                  // the pods whose sidecar logged something, in file order
    std::vector<QStringList> podFiles; // per pod of `pods`
    std::vector<double> podSkewSeconds;
    std::vector<qint64> podLines;
};

class SidecarWriter
{
public:
    SidecarWriter(const World &world, const EventLog &events, const std::vector<SimRequest> &requests,
                  const std::vector<SidecarMade> &made, quint64 seed, SidecarWriterOptions o)
        : m_world(world), m_events(events), m_requests(requests), m_made(made), m_seed(seed), m_o(std::move(o))
    {
    }
    bool write(const QString &outDir, QStringList *files, SidecarStats *stats, QString *error) const;

private:
    void putLine(PodLog &log, const SimRequest &r, int attempt, qint64 startUs, SidecarMade made) const;
    void addLine(PodLog &log, quint32 start, qint64 atUs) const;

    const World &m_world;
    const EventLog &m_events;
    const std::vector<SimRequest> &m_requests;
    const std::vector<SidecarMade> &m_made;
    quint64 m_seed;
    SidecarWriterOptions m_o;
};

} // namespace gateline::gen
