// EnvoyParser's JSON lines: Envoy json_format / Istio's JSON encoding (lower_snake keys) and
// Envoy Gateway's default (":authority", "x-forwarded-for", "x-envoy-origin-path", ...). Values
// may be strings, numbers or null; "-" and null both mean "not logged".
#include "envoyparser.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gateline {

namespace {

enum Slot { Time, Method, Path, Status, Flags, Details, Duration, Xff, RequestId, Authority, UpstreamHost, Cluster,
            DownstreamRemote, TransportFailure, SlotCount };

// The first key of keys that o holds, as text: strings as they are, numbers as integers.
void text(const QJsonObject &o, std::initializer_list<const char *> keys, QByteArray *dst)
{
    dst->clear();
    for (const char *k : keys) {
        const QJsonValue v = o.value(QLatin1StringView(k));
        if (v.isString()) {
            *dst = v.toString().toUtf8();
            return;
        }
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (d >= 0 && d < 1e15)
                *dst = QByteArray::number(qint64(d));
            else
                *dst = "?"; // negative or huge: fails the number checks later
            return;
        }
    }
}

} // namespace

bool EnvoyParser::parseJsonLine(QByteArrayView line, Fields *f, QString *reason)
{
    static_assert(SlotCount <= int(sizeof(m_json) / sizeof(m_json[0])));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(line.data(), line.size()), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        *reason = QStringLiteral("bad JSON");
        return false;
    }
    const QJsonObject o = doc.object();
    if (!o.contains(QLatin1StringView("start_time"))
        || !(o.contains(QLatin1StringView("response_code")) || o.contains(QLatin1StringView("response_flags")))) {
        *reason = QStringLiteral("not an Envoy access-log entry (no start_time / response_code)");
        return false;
    }
    text(o, {"start_time"}, &m_json[Time]);
    text(o, {"method"}, &m_json[Method]);
    text(o, {"path", "x-envoy-origin-path", "x_envoy_origin_path"}, &m_json[Path]);
    text(o, {"response_code"}, &m_json[Status]);
    text(o, {"response_flags"}, &m_json[Flags]);
    text(o, {"response_code_details"}, &m_json[Details]);
    text(o, {"duration"}, &m_json[Duration]);
    text(o, {"x_forwarded_for", "x-forwarded-for", "forwarded_for"}, &m_json[Xff]);
    text(o, {"request_id", "x_request_id", "x-request-id"}, &m_json[RequestId]);
    text(o, {"authority", ":authority"}, &m_json[Authority]);
    text(o, {"upstream_host"}, &m_json[UpstreamHost]);
    text(o, {"upstream_cluster"}, &m_json[Cluster]);
    text(o, {"downstream_remote_address"}, &m_json[DownstreamRemote]);
    text(o, {"upstream_transport_failure_reason"}, &m_json[TransportFailure]);

    if (m_json[Status].isEmpty() || m_json[Status] == "-")
        m_json[Status] = "0"; // a TCP entry or no response at all
    if (m_json[Flags].isEmpty())
        m_json[Flags] = "-";
    f->time = m_json[Time];
    if (m_json[Method] != "-" && m_json[Path] != "-") {
        f->method = m_json[Method];
        f->path = m_json[Path];
    }
    f->status = m_json[Status];
    f->flags = m_json[Flags];
    f->details = m_json[Details];
    f->duration = m_json[Duration];
    f->forwardedFor = m_json[Xff];
    f->requestId = m_json[RequestId];
    f->authority = m_json[Authority];
    f->upstreamHost = m_json[UpstreamHost];
    f->cluster = m_json[Cluster];
    f->downstreamRemote = m_json[DownstreamRemote];
    f->transportFailure = m_json[TransportFailure];
    return true;
}

} // namespace gateline
