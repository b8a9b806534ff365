#include "gcplbparser.h"

#include "fieldcursor.h"
#include "timeparse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace gateline {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

qsizetype skipSpace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return i;
}

// s[start] is '{': returns the index just past the matching '}', or -1 if the object never ends.
// Aware of strings and escapes; counts [] and {} together (well-formedness is QJsonDocument's job).
qsizetype scanObject(QByteArrayView s, qsizetype start)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = start; i < s.size(); ++i) {
        const char c = s[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '{':
        case '[': ++depth; break;
        case '}':
        case ']':
            if (--depth == 0)
                return i + 1;
            break;
        default: break;
        }
    }
    return -1;
}

// GCP statusDetails values that mean the backend never sent a response.
bool backendNeverAnswered(QByteArrayView d)
{
    static const char *const kNoAnswer[] = {
        "failed_to_pick_backend",
        "failed_to_connect_to_backend",
        "backend_connection_closed_before_data_sent_to_client",
        "backend_timeout",
        "backend_early_response_with_non_error_status",
        "failed_to_negotiate_alpn",
        "ssl_certificate_san_verification_failed",
        "ssl_certificate_chain_verification_failed",
        "serverless_neg_routing_failed",
    };
    for (const char *k : kNoAnswer)
        if (d == QByteArrayView(k))
            return true;
    return false;
}

// "https://host:443/p?q" -> host "host", path "/p?q". Relative targets are all path.
void splitUrl(QByteArrayView url, QByteArrayView *host, QByteArrayView *path)
{
    const qsizetype scheme = url.indexOf("://");
    if (scheme <= 0 || scheme > 8) {
        *path = url;
        return;
    }
    const QByteArrayView rest = url.sliced(scheme + 3);
    qsizetype end = 0;
    while (end < rest.size() && rest[end] != '/' && rest[end] != '?' && rest[end] != '#')
        ++end;
    *host = stripPort(rest.first(end));
    if (end >= rest.size())
        *path = "/";
    else
        *path = rest.sliced(end);
}

// "0.005192s" (or a {seconds, nanos} object) -> milliseconds; -1 if absent or unreadable.
float latencyMs(const QJsonValue &v)
{
    if (v.isString()) {
        QByteArray s = v.toString().toLatin1();
        if (s.endsWith('s'))
            s.chop(1);
        double secs = 0;
        if (parseDecimal(s, &secs) && secs >= 0)
            return float(secs * 1000.0);
        return -1;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        const double secs = o.value(QLatin1StringView("seconds")).toVariant().toDouble()
                            + o.value(QLatin1StringView("nanos")).toDouble() / 1e9;
        return secs >= 0 ? float(secs * 1000.0) : -1;
    }
    return -1;
}

QByteArray utf8(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toString().toUtf8();
}

// Parses one LogEntry object; false with *reason when it is not a usable request entry.
bool parseEntry(QByteArrayView json, LineOffset offset, SourceData &out, QString *reason)
{
    QJsonParseError err;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), json.size()), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        *reason = QStringLiteral("bad JSON");
        return false;
    }
    const QJsonObject entry = doc.object();
    const QJsonValue http = entry.value(QLatin1StringView("httpRequest"));
    if (!http.isObject()) {
        *reason = QStringLiteral("no httpRequest (not a request log entry)");
        return false;
    }
    const QJsonObject req = http.toObject();
    const QJsonObject payload = entry.value(QLatin1StringView("jsonPayload")).toObject();

    Record r;
    r.offset = offset;
    r.kind = EventKind::Request;
    QByteArray time = utf8(entry, "timestamp");
    if (time.isEmpty())
        time = utf8(entry, "receiveTimestamp");
    if (!parseIso8601(time, &r.time)) {
        *reason = QStringLiteral("bad timestamp");
        return false;
    }
    const QJsonValue status = req.value(QLatin1StringView("status"));
    const int code = status.isString() ? status.toString().toInt() : status.toInt();
    r.status = qint16(code >= 0 && code <= 999 ? code : 0);

    const QByteArray details = utf8(payload, "statusDetails");
    r.reason = details;
    if (backendNeverAnswered(details))
        r.upstreamStatus = kUpstreamDash;
    else if (details == "response_sent_by_backend")
        r.upstreamStatus = r.status;
    else
        r.upstreamStatus = kNoUpstreamStatus;

    r.durationMs = latencyMs(req.value(QLatin1StringView("latency")));
    const QByteArray method = utf8(req, "requestMethod");
    const QByteArray url = utf8(req, "requestUrl");
    const QByteArray remote = utf8(req, "remoteIp");
    const QByteArray server = utf8(req, "serverIp");
    const QJsonObject labels =
        entry.value(QLatin1StringView("resource")).toObject().value(QLatin1StringView("labels")).toObject();
    QByteArray backend = utf8(labels, "backend_service_name");
    if (backend.isEmpty())
        backend = utf8(labels, "backend_target_name");
    r.method = method;
    splitUrl(url, &r.host, &r.path);
    r.client = stripPort(remote);
    r.upstream = server;
    r.object = backend;
    out.append(r);
    return true;
}

} // namespace

int GcpLbParser::sniff(QByteArrayView head) const
{
    qsizetype i = 0;
    if (head.startsWith("\xEF\xBB\xBF"))
        i = 3;
    i = skipSpace(head, i);
    if (i >= head.size() || (head[i] != '{' && head[i] != '['))
        return 0;
    if (!head.contains("\"httpRequest\""))
        return 0;
    if (head.contains("LoadBalancerLogEntry") || head.contains("\"http_load_balancer\"") || head.contains("_lb_rule\"")
        || head.contains("\"statusDetails\""))
        return 95;
    if (head.contains("\"requestUrl\"") && head.contains("\"timestamp\""))
        return 55;
    return 0;
}

void GcpLbParser::parse(ByteStream &in, ParseContext &ctx)
{
    const QByteArray docBytes = readDocument(in, ctx);
    const QByteArrayView doc(docBytes);
    SourceData &out = ctx.out;
    out.linesSeen = doc.count('\n') + (doc.isEmpty() || doc.endsWith('\n') ? 0 : 1);

    qsizetype pos = doc.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    pos = skipSpace(doc, pos);
    const bool array = pos < doc.size() && doc[pos] == '[';
    if (array)
        ++pos;

    qint64 lineNumber = 1;     // 1-based line of doc[countedTo]
    qsizetype countedTo = 0;
    auto lineAt = [&](qsizetype p) {
        lineNumber += std::count(doc.begin() + countedTo, doc.begin() + p, '\n');
        countedTo = p;
        return lineNumber;
    };
    QString reason;
    int sinceCancelCheck = 0;
    while (pos < doc.size()) {
        if (++sinceCancelCheck == 1024) {
            sinceCancelCheck = 0;
            if (ctx.cancelled()) {
                out.notes << QStringLiteral("cancelled");
                break;
            }
        }
        pos = skipSpace(doc, pos);
        if (array) {
            while (pos < doc.size() && (doc[pos] == ',' || isSpace(doc[pos])))
                ++pos;
            if (pos < doc.size() && doc[pos] == ']')
                break;
        }
        if (pos >= doc.size())
            break;
        const qint64 line = lineAt(pos);
        if (doc[pos] != '{') {
            if (array) {
                out.reject(QStringLiteral("array element is not a JSON object"), line);
                break;
            }
            // Not an object: reject this line and go on with the next.
            out.reject(QStringLiteral("not JSON"), line);
            const qsizetype nl = doc.indexOf('\n', pos);
            pos = nl < 0 ? doc.size() : nl + 1;
            continue;
        }
        const qsizetype end = scanObject(doc, pos);
        if (end < 0) {
            out.reject(QStringLiteral("unterminated JSON object"), line);
            break;
        }
        // NDJSON and single entries: the start of the object's line; arrays: the object itself.
        qsizetype offset = pos;
        if (!array) {
            qsizetype ls = pos;
            while (ls > 0 && (doc[ls - 1] == ' ' || doc[ls - 1] == '\t'))
                --ls;
            if (ls == 0 || doc[ls - 1] == '\n')
                offset = ls;
        }
        reason.clear();
        if (!parseEntry(doc.sliced(pos, end - pos), LineOffset{offset}, out, &reason))
            out.reject(reason, line);
        pos = end;
    }
    if (ctx.progress)
        ctx.progress(in.inputPosition(), in.inputSize());
}

} // namespace gateline
