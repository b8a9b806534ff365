#include "traefikjsonparser.h"
#include "headlines.h"

#include "fieldcursor.h"
#include "timeparse.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gateline {

namespace {

QByteArrayView trimSpaces(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

bool looksLikeAccessLine(QByteArrayView line)
{
    line = trimSpaces(line);
    if (!line.startsWith('{'))
        return false;
    return line.contains("\"DownstreamStatus\"") || (line.contains("\"RouterName\"") && line.contains("\"OriginStatus\""));
}

QJsonValue field(const QJsonObject &o, const char *key) { return o.value(QLatin1StringView(key)); }

void setUtf8(QByteArray *dst, const QJsonValue &v)
{
    if (v.isString())
        *dst = v.toString().toUtf8();
    else
        dst->clear();
}

} // namespace

int TraefikJsonParser::sniff(QByteArrayView head) const
{
    int access = 0, otherJson = 0;
    forEachHeadLine(head, 64, [&](QByteArrayView raw) {
        const QByteArrayView line = trimSpaces(raw);
        if (!line.startsWith('{'))
            return; // plugin output and other plain lines can sit between the entries
        if (looksLikeAccessLine(line))
            ++access;
        else
            ++otherJson;
    });
    // A single access line longer than the head: trust its start.
    if (access == 0 && otherJson == 0 && !headIsWholeFile(head) && looksLikeAccessLine(head))
        return 80;
    if (access == 0)
        return 0;
    return 60 + 39 * access / (access + otherJson);
}

bool TraefikJsonParser::parseLine(QByteArrayView line, LineOffset offset, qint64, SourceData &out, QString *reason)
{
    const QByteArrayView json = trimSpaces(line);
    if (!json.startsWith('{')) {
        *reason = QStringLiteral("not JSON");
        return false;
    }
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), json.size()), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        *reason = QStringLiteral("not JSON");
        return false;
    }
    const QJsonObject o = doc.object();
    const QJsonValue downstream = field(o, "DownstreamStatus");
    const QJsonValue origin = field(o, "OriginStatus");
    if (downstream.isUndefined() && origin.isUndefined()
        && (field(o, "RequestMethod").isUndefined() || field(o, "RequestPath").isUndefined())) {
        *reason = QStringLiteral("not a Traefik access-log entry");
        return false;
    }

    Record r;
    r.offset = offset;
    r.kind = EventKind::Request;
    QByteArray time = field(o, "StartUTC").toString().toLatin1();
    if (time.isEmpty())
        time = field(o, "time").toString().toLatin1();
    if (!parseIso8601(time, &r.time)) {
        *reason = QStringLiteral("bad timestamp");
        return false;
    }
    const int status = downstream.toInt();
    const int originStatus = origin.toInt();
    r.status = qint16(status >= 0 && status <= 999 ? status : 0);
    if (originStatus > 0 && originStatus <= 999)
        r.upstreamStatus = qint16(originStatus);
    else if (!origin.isUndefined() && originStatus == 0 && status >= 500)
        r.upstreamStatus = kUpstreamDash; // Traefik got no answer from the origin
    const QJsonValue duration = field(o, "Duration");
    if (duration.isDouble() && duration.toDouble() >= 0)
        r.durationMs = float(duration.toDouble() / 1e6);

    // Client: ClientHost (the first entry if it is a forwarded list), else ClientAddr.
    setUtf8(&m_client, field(o, "ClientHost"));
    QByteArrayView client = m_client;
    if (client.isEmpty() || client == "-") {
        setUtf8(&m_client, field(o, "ClientAddr"));
        client = m_client;
    }
    const qsizetype comma = client.indexOf(',');
    if (comma >= 0)
        client = trimSpaces(client.first(comma));
    r.client = stripPort(client);

    setUtf8(&m_method, field(o, "RequestMethod"));
    setUtf8(&m_path, field(o, "RequestPath"));
    setUtf8(&m_host, field(o, "RequestHost"));
    if (m_host.isEmpty())
        setUtf8(&m_host, field(o, "RequestAddr"));
    r.method = m_method;
    r.path = m_path;
    r.host = stripPort(m_host);

    // Upstream: ServiceURL, a string in v3 and a url.URL object in v2; else ServiceAddr.
    const QJsonValue url = field(o, "ServiceURL");
    m_upstream.clear();
    if (url.isString()) {
        m_upstream = url.toString().toUtf8();
    } else if (url.isObject()) {
        const QJsonObject u = url.toObject();
        const QByteArray host = u.value(QLatin1StringView("Host")).toString().toUtf8();
        if (!host.isEmpty()) {
            const QByteArray scheme = u.value(QLatin1StringView("Scheme")).toString().toUtf8();
            if (!scheme.isEmpty())
                m_upstream = scheme + "://";
            m_upstream += host + u.value(QLatin1StringView("Path")).toString().toUtf8();
        }
    }
    if (m_upstream.isEmpty() || m_upstream == "-")
        setUtf8(&m_upstream, field(o, "ServiceAddr"));
    if (m_upstream != "-")
        r.upstream = m_upstream;

    setUtf8(&m_router, field(o, "RouterName"));
    r.object = m_router;
    out.append(r);
    return true;
}

} // namespace gateline
