#include "cloudflareparser.h"
#include "headlines.h"
#include "k8sobject.h"

#include "fieldcursor.h"
#include "timeparse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <limits>

namespace gateline {

namespace {

QByteArrayView trimmed(QByteArrayView s)
{
    qsizetype b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
        --e;
    return s.sliced(b, e - b);
}

// A line that looks like a Cloudflare HTTP request object: its own field names.
bool looksLikeRequest(QByteArrayView line)
{
    if (!line.startsWith('{'))
        return false;
    const bool edge = line.contains("\"EdgeResponseStatus\"") || line.contains("\"EdgeStartTimestamp\"");
    const bool own = line.contains("\"RayID\"") || line.contains("\"ClientRequestHost\"")
        || line.contains("\"ClientRequestURI\"") || line.contains("\"OriginResponseStatus\"");
    return edge && own;
}

// RFC 3339 text or a Unix number of seconds, ms, µs or ns.
bool readTime(const QJsonValue &v, Timestamp *out)
{
    if (v.isString()) {
        const QByteArray s = v.toString().toLatin1();
        if (parseIso8601(s, out))
            return true;
        qint64 n = 0;
        if (!parseUInt(s, &n))
            return false;
        return readTime(QJsonValue(double(n)), out);
    }
    if (!v.isDouble())
        return false;
    const double n = v.toDouble();
    if (!(n > 0) || !std::isfinite(n))
        return false;
    double us;
    if (n >= 1e17)
        us = n / 1e3;          // nanoseconds
    else if (n >= 1e14)
        us = n;                // microseconds
    else if (n >= 1e11)
        us = n * 1e3;          // milliseconds
    else
        us = n * 1e6;          // seconds
    if (us > 9.2e18)
        return false;
    *out = Timestamp{qint64(std::llround(us))};
    return true;
}

// A JSON number or numeric string (k8s::intValue(), the parsers' one reader of them) that fits an
// int: a fuzzed or damaged number must not overflow it (UB).
int intOf(const QJsonValue &v, int fallback = -1)
{
    const qint64 n = k8s::intValue(v, fallback);
    return n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max() ? int(n) : fallback;
}

void keep(QByteArray &buf, const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1StringView(key));
    buf = v.isString() ? v.toString().toUtf8() : QByteArray();
}

} // namespace

bool CloudflareParser::edgeGatewayError(int s)
{
    return s == 502 || s == 504 || (s >= 520 && s <= 527) || s == 530;
}

int CloudflareParser::sniff(QByteArrayView head) const
{
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.sliced(3);
    int requests = 0, other = 0;
    forEachHeadLine(head, 64, [&](QByteArrayView raw) {
        const QByteArrayView line = trimmed(raw);
        if (line.isEmpty())
            return;
        if (looksLikeRequest(line))
            ++requests;
        else
            ++other;
    });
    if (requests == 0 && other == 0 && !headIsWholeFile(head) && looksLikeRequest(trimmed(head)))
        return 85; // one long line longer than the head
    if (requests == 0)
        return 0;
    return 70 + 29 * requests / (requests + other);
}

bool CloudflareParser::parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                                 QString *reason)
{
    if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
        line = line.sliced(3);
    line = trimmed(line);
    if (line.isEmpty())
        return true;
    if (!line.startsWith('{')) {
        *reason = QStringLiteral("not JSON");
        return false;
    }
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(line.data(), line.size()), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        *reason = QStringLiteral("bad JSON");
        return false;
    }
    const QJsonObject o = doc.object();
    const QJsonValue edgeStatus = o.value(QLatin1StringView("EdgeResponseStatus"));
    if (edgeStatus.isUndefined() || edgeStatus.isNull()) {
        *reason = QStringLiteral("no EdgeResponseStatus (not a Cloudflare HTTP request)");
        return false;
    }
    Record r;
    r.offset = offset;
    r.kind = EventKind::Request;
    Timestamp start, end;
    const bool haveStart = readTime(o.value(QLatin1StringView("EdgeStartTimestamp")), &start);
    const bool haveEnd = readTime(o.value(QLatin1StringView("EdgeEndTimestamp")), &end);
    if (!haveStart && !haveEnd) {
        *reason = QStringLiteral("bad or missing EdgeStartTimestamp/EdgeEndTimestamp");
        return false;
    }
    r.time = haveEnd ? end : start;
    const int status = intOf(edgeStatus);
    if (status < 0 || status > 999) {
        *reason = QStringLiteral("bad EdgeResponseStatus");
        return false;
    }
    r.status = qint16(status);
    const QJsonValue originStatus = o.value(QLatin1StringView("OriginResponseStatus"));
    if (originStatus.isUndefined() || originStatus.isNull()) {
        r.upstreamStatus = kNoUpstreamStatus;
    } else {
        const int up = intOf(originStatus, 0);
        if (up > 0 && up <= 999)
            r.upstreamStatus = qint16(up);
        else
            r.upstreamStatus = edgeGatewayError(status) ? kUpstreamDash : kNoUpstreamStatus;
    }
    const QJsonValue originMs = o.value(QLatin1StringView("OriginResponseDurationMs"));
    const QJsonValue originNs = o.value(QLatin1StringView("OriginResponseTime"));
    if (originMs.isDouble() && originMs.toDouble() > 0)
        r.durationMs = float(originMs.toDouble());
    else if (originNs.isDouble() && originNs.toDouble() > 0)
        r.durationMs = float(originNs.toDouble() / 1e6);
    else if (haveStart && haveEnd && end.us >= start.us)
        r.durationMs = float(double(end.us - start.us) / 1000.0);

    keep(m_client, o, "ClientIP");
    keep(m_method, o, "ClientRequestMethod");
    keep(m_host, o, "ClientRequestHost");
    keep(m_path, o, "ClientRequestURI");
    if (m_path.isEmpty())
        keep(m_path, o, "ClientRequestPath");
    keep(m_origin, o, "OriginIP");
    keep(m_cache, o, "CacheCacheStatus");
    keep(m_colo, o, "EdgeColoCode");
    keep(m_ray, o, "RayID");
    r.client = stripPort(m_client);
    r.method = m_method;
    r.host = m_host;
    r.path = m_path;
    r.upstream = m_origin;
    r.reason = m_cache;
    r.object = m_colo;
    r.text = m_ray;
    out.append(r);
    return true;
}

} // namespace gateline
