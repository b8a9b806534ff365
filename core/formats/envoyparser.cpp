#include "envoyparser.h"

#include "fieldcursor.h"
#include "timeparse.h"

#include <algorithm>

namespace gateline {

namespace {

bool isDash(QByteArrayView v) { return v.isEmpty() || v == "-"; }

bool allDigits(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (char c : v)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// Envoy's short response flags (source/common/stream_info/utility.h).
constexpr const char *kKnownFlags[] = {
    "DC", "LH", "UH", "UT",  "LR",    "UR",   "UF",   "UC", "UO",  "URX", "NR", "DI", "FI", "RL", "UAEX",
    "RLSE", "SI", "IH", "DPE", "UMSDR", "RFCF", "NFCF", "DT", "UPE", "NC",  "OM", "DF", "DO", "DR",
};

// Flags meaning Envoy answered because the upstream failed or could not be reached.
constexpr const char *kUpstreamFailureFlags[] = {
    "UH", "UF", "UO", "URX", "UT", "LR", "UR", "UC", "NR", "NC", "UPE", "UMSDR", "DF", "DO",
};

// RESPONSE_CODE_DETAILS prefixes that say the same.
constexpr const char *kUpstreamFailureDetails[] = {
    "upstream_reset_",            // upstream_reset_before_response_started{...}
    "upstream_response_timeout",  // UT
    "upstream_per_try_timeout",   // per-try timeout, then UT / URX
    "upstream_max_stream_duration_reached",
    "no_healthy_upstream",        // UH
    "cluster_not_found",          // NC
    "route_not_found",            // NR
    "upstream_overflow",
    "overflow",                   // circuit breaker (UO)
    "maintenance_mode",
    "no_cluster_found",
};

template <size_t N>
bool inList(QByteArrayView item, const char *const (&list)[N])
{
    for (const char *k : list)
        if (item == QByteArrayView(k))
            return true;
    return false;
}

// Calls fn(flag) for each comma-separated flag; stops and returns true when fn does.
template <typename Fn>
bool anyFlag(QByteArrayView flags, Fn fn)
{
    if (isDash(flags))
        return false;
    qsizetype start = 0;
    while (start <= flags.size()) {
        qsizetype comma = flags.indexOf(',', start);
        if (comma < 0)
            comma = flags.size();
        if (fn(flags.sliced(start, comma - start)))
            return true;
        start = comma + 1;
    }
    return false;
}

bool hasFlag(QByteArrayView flags, const char *flag)
{
    return anyFlag(flags, [flag](QByteArrayView f) { return f == QByteArrayView(flag); });
}

QByteArrayView trimSpaces(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.chop(1);
    return s;
}

// "[2019-10-14 10:56:06.963][326][debug][router] ..." (Envoy's own log).
bool looksLikeEnvoyAppLog(QByteArrayView line)
{
    const qsizetype close = line.indexOf(']');
    return line.startsWith('[') && close > 0 && close + 1 < line.size() && line[close + 1] == '[';
}

} // namespace

EnvoyHop envoyHopOfCluster(QByteArrayView cluster)
{
    if (cluster.startsWith("inbound|") || cluster.startsWith("InboundPassthroughCluster"))
        return EnvoyHop::Inbound;
    if (cluster.startsWith("outbound|") || cluster == "PassthroughCluster")
        return EnvoyHop::Outbound;
    return EnvoyHop::Unknown;
}

bool isEnvoyResponseFlags(QByteArrayView flags)
{
    if (flags == "-")
        return true;
    if (flags.isEmpty() || flags.back() == ',')
        return false;
    // Known flags only: a bare upper-case word elsewhere in a line must not pass as flags.
    return !anyFlag(flags, [](QByteArrayView f) { return !inList(f, kKnownFlags); });
}

qint16 envoyUpstreamStatus(int status, QByteArrayView flags, QByteArrayView details, bool hasUpstreamHost)
{
    const qint16 code = qint16(status > 0 && status <= 999 ? status : 0);
    if (details == "via_upstream")
        return code ? code : kNoUpstreamStatus;
    // The upstream reset the stream after its response had begun ("200 UPE
    // upstream_reset_after_response_started{protocol_error}"): the status is the upstream's.
    if (code != 0 && hasUpstreamHost && details.startsWith("upstream_reset_after_response_started"))
        return code;
    if (anyFlag(flags, [](QByteArrayView f) { return inList(f, kUpstreamFailureFlags); }))
        return kUpstreamDash;
    for (const char *d : kUpstreamFailureDetails)
        if (details.startsWith(QByteArrayView(d)))
            return kUpstreamDash;
    if (code == 0 && hasFlag(flags, "DC"))
        return kUpstreamDash;
    // DI (delay injected) and, with a status, DC (client left mid-response) do not change who answered;
    // nor does SI with a status other than the 408 / 504 Envoy sends itself for it (the stream idled
    // out after the upstream's response had begun, e.g. an upgraded WebSocket's 101). Newer Envoys log
    // how such a stream ended as the details ("101 DC downstream_remote_disconnect", "101 SI
    // stream_idle_timeout"), which overwrites "via_upstream" and says nothing about who answered.
    const bool idledAfterResponse = hasFlag(flags, "SI") && code != 408 && code != 504;
    const bool neutralFlags = !anyFlag(flags, [idledAfterResponse](QByteArrayView f) {
        return f != QByteArrayView("DI") && f != QByteArrayView("DC") && !(f == QByteArrayView("SI") && idledAfterResponse);
    });
    const bool endingDetails = (hasFlag(flags, "DC") && details.startsWith("downstream_"))
                               || (idledAfterResponse && details == QByteArrayView("stream_idle_timeout"));
    if (neutralFlags && (isDash(details) || endingDetails) && hasUpstreamHost && code != 0)
        return code;
    return kNoUpstreamStatus;
}

bool EnvoyParser::looksLikeJsonLine(QByteArrayView line)
{
    line = trimSpaces(line);
    return line.startsWith('{') && line.contains("\"start_time\"")
           && (line.contains("\"response_code\"") || line.contains("\"response_flags\""));
}

bool EnvoyParser::splitTextLine(QByteArrayView line, Fields *f, const char **reason)
{
    line = trimSpaces(line);
    if (line.startsWith("ACCESS ["))
        line = line.sliced(7); // Emissary / Ambassador
    if (!line.startsWith('[')) {
        *reason = "not an Envoy access line";
        return false;
    }
    if (looksLikeEnvoyAppLog(line)) {
        *reason = "Envoy's own log message, not an access line";
        return false;
    }
    FieldCursor fc(line);
    Timestamp ignored;
    if (!fc.bracketed(&f->time) || !parseIso8601(f->time, &ignored)) {
        *reason = "bad start time";
        return false;
    }
    if (!fc.quoted(&f->request)) {
        *reason = "not an Envoy access line (no quoted request after the start time)";
        return false;
    }
    if (!fc.token(&f->status) || !allDigits(f->status) || f->status.size() > 3) {
        *reason = "bad response code";
        return false;
    }
    if (!fc.token(&f->flags) || !isEnvoyResponseFlags(f->flags)) {
        *reason = "bad response flags";
        return false;
    }
    // Between the flags and BYTES_RECEIVED: RESPONSE_CODE_DETAILS, CONNECTION_TERMINATION_DETAILS
    // (bare words) and quoted fields (transport failure reason, Istio 1.5-1.8 mixer status).
    QByteArrayView bytesIn;
    int bare = 0;
    for (int n = 0;; ++n) {
        fc.skipSpaces();
        if (fc.atEnd() || n > 6) {
            *reason = "bad byte counts or duration";
            return false;
        }
        QByteArrayView v;
        if (fc.rest().startsWith('"')) {
            if (!fc.quoted(&v)) {
                *reason = "unterminated quoted field after the response flags";
                return false;
            }
            // The mixer status (Istio 1.5-1.8) is "-" in practice; the transport failure reason
            // comes last ("TLS error: Secret is not supplied by SDS" when a sidecar has no certificate).
            if (!isDash(v) && !v.isEmpty())
                f->transportFailure = v;
            continue;
        }
        fc.token(&v);
        if (allDigits(v)) {
            bytesIn = v;
            break;
        }
        if (bare++ == 0)
            f->details = v;
    }
    QByteArrayView bytesOut, serviceTime;
    if (!fc.token(&bytesOut) || !allDigits(bytesOut) || !fc.token(&f->duration) || !allDigits(f->duration)) {
        *reason = "bad byte counts or duration";
        return false;
    }
    if (!fc.token(&serviceTime) || !(serviceTime == "-" || allDigits(serviceTime))) {
        *reason = "bad upstream service time";
        return false;
    }
    QByteArrayView userAgent;
    if (!fc.quoted(&f->forwardedFor, true) || !fc.quoted(&userAgent, true) || !fc.quoted(&f->requestId, true)
        || !fc.quoted(&f->authority, true) || !fc.quoted(&f->upstreamHost, true)) {
        *reason = "missing quoted fields (x-forwarded-for, user-agent, request id, authority, upstream host)";
        return false;
    }
    // Istio: UPSTREAM_CLUSTER UPSTREAM_LOCAL_ADDRESS DOWNSTREAM_LOCAL_ADDRESS DOWNSTREAM_REMOTE_ADDRESS ...
    QByteArrayView upstreamLocal, downstreamLocal;
    if (fc.token(&f->cluster) && fc.token(&upstreamLocal) && fc.token(&downstreamLocal))
        fc.token(&f->downstreamRemote);
    return true;
}

bool EnvoyParser::fillRecord(const Fields &f, LineOffset offset, Record *r, QString *reason, QByteArray *text)
{
    r->offset = offset;
    r->kind = EventKind::Request;
    if (!parseIso8601(f.time, &r->time)) {
        *reason = QStringLiteral("bad start time");
        return false;
    }
    qint64 status = 0;
    if (!parseUInt(f.status, &status) || status > 999) {
        *reason = QStringLiteral("bad response code");
        return false;
    }
    r->status = qint16(status);
    if (!isEnvoyResponseFlags(f.flags.isEmpty() ? QByteArrayView("-") : f.flags)) {
        *reason = QStringLiteral("bad response flags");
        return false;
    }
    qint64 duration = 0;
    if (parseUInt(f.duration, &duration))
        r->durationMs = float(duration);

    if (!f.method.isEmpty()) {
        r->method = f.method;
        r->path = f.path;
    } else if (!isDash(f.request)) {
        QByteArrayView method, path, host; // "- - -" (TCP) leaves them empty
        if (splitRequest(f.request, &method, &path, &host)) {
            r->method = method;
            r->path = path;
            r->host = host;
        }
    }
    if (!isDash(f.authority))
        r->host = stripPort(f.authority);

    QByteArrayView client = f.forwardedFor;
    const qsizetype comma = client.indexOf(',');
    if (comma >= 0)
        client = trimSpaces(client.first(comma));
    if (isDash(client))
        client = f.downstreamRemote;
    if (!isDash(client))
        r->client = stripPort(client);

    const bool hasUpstream = !isDash(f.upstreamHost);
    if (hasUpstream) {
        // The address alone: older Envoy writes %UPSTREAM_HOST% as "tcp://10.0.2.1:80", an Istio
        // ambient waypoint as "envoy://connect_originate/10.244.0.32:9080" (the pod it tunnels to).
        QByteArrayView host = f.upstreamHost;
        if (const qsizetype scheme = host.indexOf("://"); scheme > 0) {
            host = host.sliced(scheme + 3);
            if (const qsizetype slash = host.lastIndexOf('/'); slash >= 0)
                host = host.sliced(slash + 1);
        }
        r->upstream = host;
    }
    if (!isDash(f.cluster))
        r->object = f.cluster;
    if (!isDash(f.flags))
        r->reason = f.flags;
    if (!isDash(f.requestId))
        r->text = f.requestId.first(std::min<qsizetype>(f.requestId.size(), 64));
    // Why the upstream connection failed (TLS, SDS, connection refused) is what tells a 503 UF of a
    // sidecar without certificates from a dead pod: kept after the request id.
    if (!isDash(f.transportFailure) && !f.transportFailure.isEmpty()) {
        text->clear();
        if (!r->text.isEmpty())
            text->append(r->text.data(), r->text.size()).append(' ');
        text->append("upstream transport failure: ");
        text->append(f.transportFailure.data(), std::min<qsizetype>(f.transportFailure.size(), 256));
        r->text = *text;
    }
    r->upstreamStatus = envoyUpstreamStatus(int(status), f.flags, isDash(f.details) ? QByteArrayView() : f.details,
                                            hasUpstream);
    return true;
}

bool EnvoyParser::parseLine(QByteArrayView line, LineOffset offset, qint64, SourceData &out, QString *reason)
{
    Fields f;
    const QByteArrayView trimmed = trimSpaces(line);
    if (trimmed.startsWith('{')) {
        if (!parseJsonLine(trimmed, &f, reason))
            return false;
    } else {
        const char *error = nullptr;
        if (!splitTextLine(trimmed, &f, &error)) {
            *reason = QString::fromLatin1(error);
            return false;
        }
    }
    Record r;
    if (!fillRecord(f, offset, &r, reason, &m_text))
        return false;
    out.append(r);
    return true;
}

int EnvoyParser::sniff(QByteArrayView head) const
{
    int lines = 0, access = 0;
    qsizetype pos = 0;
    const bool whole = head.size() < 64 * 1024;
    while (pos < head.size() && lines < 400) {
        qsizetype nl = head.indexOf('\n', pos);
        if (nl < 0) {
            if (!whole)
                break; // a partial last line
            nl = head.size();
        }
        const QByteArrayView line = trimSpaces(head.sliced(pos, nl - pos));
        pos = nl + 1;
        if (line.isEmpty())
            continue;
        ++lines;
        Fields f;
        const char *error = nullptr;
        if (looksLikeJsonLine(line) || splitTextLine(line, &f, &error))
            ++access;
    }
    // One access line longer than the head: trust its start.
    if (lines == 0 && !whole && looksLikeJsonLine(head))
        return 80;
    if (access == 0)
        return 0;
    return 25 + 65 * access / lines;
}

} // namespace gateline
