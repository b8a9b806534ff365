// Envoy / Istio access logs, one request per line, in any of three shapes:
//  - Envoy's default text format (also Contour's and Emissary's, which prefixes "ACCESS "):
//      [START_TIME] "METHOD PATH PROTOCOL" CODE FLAGS BYTES_RECEIVED BYTES_SENT DURATION
//      UPSTREAM_SERVICE_TIME "X-FORWARDED-FOR" "USER-AGENT" "X-REQUEST-ID" "AUTHORITY" "UPSTREAM_HOST"
//    newer versions insert RESPONSE_CODE_DETAILS, CONNECTION_TERMINATION_DETAILS and a quoted
//    UPSTREAM_TRANSPORT_FAILURE_REASON after the flags;
//  - Istio's default proxy format: the above plus UPSTREAM_CLUSTER UPSTREAM_LOCAL_ADDRESS
//    DOWNSTREAM_LOCAL_ADDRESS DOWNSTREAM_REMOTE_ADDRESS REQUESTED_SERVER_NAME ROUTE_NAME. Istio
//    1.5-1.8 put "mixer status" / "transport failure" quoted fields where newer versions put the
//    details. The text parser therefore finds fields by shape, not position, between the flags and
//    the byte counts: bare words there are the details, quoted strings are skipped;
//  - JSON lines (Envoy json_format / Istio JSON encoding, lower_snake keys; Envoy Gateway's
//    "x-forwarded-for" / ":authority" style keys too).
//
// Record: time = START_TIME (UTC), status = RESPONSE_CODE (0 when the client left before a
// response), durationMs = DURATION, method/path from the request, host = authority (port
// stripped), client = first X-Forwarded-For address, else the downstream remote address without
// port, upstream = UPSTREAM_HOST, object = UPSTREAM_CLUSTER, reason = the response flags as
// logged ("UF,URX"), text = x-request-id. '-' fields are left empty.
//
// upstreamStatus (Envoy logs no separate upstream status; this encodes who made the response):
//  1. RESPONSE_CODE_DETAILS "via_upstream": the upstream sent the response -> upstreamStatus = status
//     (even when a later flag such as DC or UR says the stream broke after the headers).
//     Likewise details "upstream_reset_after_response_started{...}" with a status and an upstream
//     host: the upstream's headers went out before it reset the stream ("200 UPE ...").
//  2. Otherwise any flag meaning "the upstream failed or was never reached" -> kUpstreamDash:
//     UH UF UO URX UT LR UR UC NR NC UPE UMSDR DF DO, or details that say the same
//     (upstream_reset_*, upstream_response_timeout, no_healthy_upstream, cluster_not_found,
//     route_not_found, ...); also DC with status 0 (the client left before anyone answered).
//  3. Otherwise no flags ('-', or only DI / DC, or SI with a status other than 408 / 504), no details
//     or '-' details (or only the details of that ending: downstream_* with DC, stream_idle_timeout
//     with SI), an upstream host and a non-zero status: the response came through the upstream ->
//     upstreamStatus = status ("101 DC downstream_remote_disconnect": a WebSocket the client closed).
//  4. Anything else (Envoy answered locally for another reason: FI, RL, UAEX, direct_response, ...)
//     -> kNoUpstreamStatus.
#pragma once

#include "logparser.h"

#include <QByteArray>

namespace gateline {

// Which hop an Envoy sits at, from its upstream cluster name.
enum class EnvoyHop : quint8 {
    Unknown,  // a gateway's / Contour's / Emissary's own cluster name, or none
    Inbound,  // an Istio sidecar receiving for its app: "inbound|8080||", InboundPassthroughCluster*
    Outbound, // an Istio proxy sending out: "outbound|8000||svc.ns.svc.cluster.local", PassthroughCluster
};
EnvoyHop envoyHopOfCluster(QByteArrayView cluster);

// True if flags is '-' or a comma-separated list of Envoy short response flags ("UF,URX").
bool isEnvoyResponseFlags(QByteArrayView flags);
// The upstreamStatus rule above. details may be empty (not logged).
qint16 envoyUpstreamStatus(int status, QByteArrayView flags, QByteArrayView details, bool hasUpstreamHost);

class EnvoyParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::Envoy; }
    int sniff(QByteArrayView head) const override;

    // The fields of one access line that the record uses; views point into the line (text) or
    // into the parser's buffers (JSON). Empty or "-" when not logged.
    struct Fields {
        QByteArrayView time, request, method, path, status, flags, details, duration;
        QByteArrayView forwardedFor, requestId, authority, upstreamHost, cluster, downstreamRemote;
        QByteArrayView transportFailure; // %UPSTREAM_TRANSPORT_FAILURE_REASON% ("TLS error: ..."), if any
    };
    // Splits a text access line; false with *reason if it is not one.
    static bool splitTextLine(QByteArrayView line, Fields *f, const char **reason);
    // Cheap check used by sniff: a JSON object line with Envoy's access-log keys.
    static bool looksLikeJsonLine(QByteArrayView line);

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;

private:
    bool parseJsonLine(QByteArrayView line, Fields *f, QString *reason); // envoyjson.cpp
    // *text holds the record's text when it joins the request id and the transport failure reason.
    static bool fillRecord(const Fields &f, LineOffset offset, Record *r, QString *reason, QByteArray *text);

    // Decoded strings of the current JSON line; Fields views point here until the record is appended.
    QByteArray m_json[14];
    QByteArray m_text;
};

} // namespace gateline
