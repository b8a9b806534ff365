#include "nginxerrorparser.h"

#include "clfline.h"
#include "controllermessage.h" // truncateUtf8
#include "fieldcursor.h"
#include "timeparse.h"

namespace gateline {

namespace {

constexpr qsizetype kMaxEventBytes = 64 * 1024; // continuation lines beyond this are dropped
constexpr qsizetype kMaxTextBytes = 300;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isSevereLevel(QByteArrayView level)
{
    return level == "error" || level == "crit" || level == "alert" || level == "emerg";
}

// "2016/10/25 14:49:34 [" whatever the level word.
bool hasErrorDateShape(QByteArrayView l)
{
    return l.size() >= 22 && isDigit(l[0]) && isDigit(l[3]) && l[4] == '/' && l[7] == '/' && l[10] == ' '
           && l[13] == ':' && l[16] == ':' && l[19] == ' ' && l[20] == '[';
}

bool isLevel(QByteArrayView level)
{
    return isSevereLevel(level) || level == "warn" || level == "notice" || level == "info" || level == "debug";
}

// "2016/10/25 14:49:34 [error] 54053#0: *1 message": time, level and where the message starts.
const char *errorHeader(QByteArrayView line, Timestamp *time, QByteArrayView *level, qsizetype *message)
{
    if (line.size() < 21 || !parseNginxErrorTime(line.first(19), time))
        return "bad timestamp";
    const qsizetype close = line.indexOf(']', 21);
    if (line[19] != ' ' || line[20] != '[' || close < 0 || !isLevel(line.sliced(21, close - 21)))
        return "bad log level";
    *level = line.sliced(21, close - 21);
    // pid#tid:
    qsizetype p = close + 1;
    if (p >= line.size() || line[p] != ' ')
        return "bad pid#tid";
    ++p;
    const qsizetype pidStart = p;
    while (p < line.size() && isDigit(line[p]))
        ++p;
    if (p == pidStart || p >= line.size() || line[p] != '#')
        return "bad pid#tid";
    ++p;
    const qsizetype tidStart = p;
    while (p < line.size() && isDigit(line[p]))
        ++p;
    if (p == tidStart || p >= line.size() || line[p] != ':')
        return "bad pid#tid";
    ++p;
    while (p < line.size() && line[p] == ' ')
        ++p;
    // *connection
    if (p < line.size() && line[p] == '*') {
        qsizetype q = p + 1;
        while (q < line.size() && isDigit(line[q]))
            ++q;
        if (q > p + 1 && (q == line.size() || line[q] == ' ')) {
            p = q;
            while (p < line.size() && line[p] == ' ')
                ++p;
        }
    }
    *message = p;
    return nullptr;
}

// Is s[p..] a "key: " with a lowercase key?
bool keyAt(QByteArrayView s, qsizetype p)
{
    qsizetype i = p;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
        ++i;
    return i > p && i + 1 < s.size() && s[i] == ':' && s[i + 1] == ' ';
}

struct ErrorFields {
    QByteArrayView client, server, request, upstream, host;
};

// "client: 1.2.3.4, server: x, request: "GET / HTTP/1.1", upstream: "http://...", host: "h""
void parseKeyValues(QByteArrayView kv, ErrorFields *f)
{
    qsizetype p = 0;
    while (p < kv.size()) {
        const qsizetype colon = kv.indexOf(": ", p);
        if (colon < 0)
            break;
        const QByteArrayView key = kv.sliced(p, colon - p);
        const qsizetype v = colon + 2;
        QByteArrayView value;
        if (v < kv.size() && kv[v] == '"') {
            // Values are not escaped: the closing quote is the one before ", key: " or the end.
            qsizetype q = v + 1;
            qsizetype end = -1;
            while ((q = kv.indexOf('"', q)) >= 0) {
                // ... or the last quote of all before ", ": the stream module's unquoted fields
                // follow it ("upstream: "10.0.0.3:6443", bytes from/to client:0/0, ...").
                if (q + 1 == kv.size()
                    || (kv.sliced(q + 1).startsWith(", ") && (keyAt(kv, q + 3) || kv.indexOf('"', q + 1) < 0))) {
                    end = q;
                    break;
                }
                ++q;
            }
            if (end < 0) {
                value = kv.sliced(v + 1);
                p = kv.size();
            } else {
                value = kv.sliced(v + 1, end - v - 1);
                p = end + 3;
            }
        } else {
            qsizetype e = v;
            while ((e = kv.indexOf(", ", e)) >= 0 && !keyAt(kv, e + 2))
                e += 2;
            if (e < 0) {
                value = kv.sliced(v);
                p = kv.size();
            } else {
                value = kv.sliced(v, e - v);
                p = e + 2;
            }
        }
        if (key == "client")
            f->client = value;
        else if (key == "server")
            f->server = value;
        else if (key == "request")
            f->request = value;
        else if (key == "upstream")
            f->upstream = value;
        else if (key == "host")
            f->host = value;
    }
}

// The category of the messages that matter for 502s, or nullptr.
const char *upstreamCategory(QByteArrayView message)
{
    if (message.contains("(111: Connection refused)"))
        return "connection-refused";
    if (message.contains("upstream prematurely closed connection"))
        return "upstream-prematurely-closed";
    if (message.contains("no live upstreams"))
        return "no-live-upstreams";
    if (message.contains("upstream timed out"))
        return "upstream-timed-out";
    if (message.contains("(104: Connection reset by peer)"))
        return "connection-reset";
    // Not the mail proxy's reverse lookup of its client ("... while in resolving client address").
    if (message.contains("could not be resolved") && !message.contains("resolving client address"))
        return "dns-unresolved";
    return nullptr;
}

} // namespace

int NginxErrorParser::sniff(QByteArrayView head) const
{
    // klog lines are the controller-log reader's (ControllerLogParser::sniff counts them).
    const ClfHeadStats st = clfHeadStats(head);
    const int lines = st.lines - st.continuation;
    if (st.nginxError == 0 || lines <= 0)
        return 0;
    return 90 * st.nginxError / lines;
}

void NginxErrorParser::begin(const ParseOptions &options)
{
    LineParser::begin(options);
    m_pending.resize(0);
    m_pendingLines = 0;
}

bool NginxErrorParser::parseLine(QByteArrayView line, LineOffset offset, qint64, SourceData &out, QString *reason)
{
    // Any line of the error log's date shape starts an event, even with a level that is not
    // NGINX's ("[INFO]" from a Go program): then it is rejected for its level, never glued to the
    // event before it as a continuation.
    if (hasErrorDateShape(line)) {
        flush(out);
        if (!checkHeader(line, reason))
            return false;
        m_pending.resize(0);
        m_pending.append(line.data(), line.size());
        m_pendingOffset = offset;
        m_pendingLines = 1;
        return true;
    }
    // The stream demultiplexer routes klog lines to the controller-log reader; read alone, one is
    // no continuation of the error event before it.
    if (looksLikeKlogLine(line)) {
        flush(out);
        *reason = QStringLiteral("ingress controller (klog) line, not an NGINX error-log line");
        return false;
    }
    ClfLine clf;
    const char *error = nullptr;
    if (parseClfLine(line, &clf, &error)) {
        flush(out);
        *reason = QStringLiteral("access-log line, not an error log");
        return false;
    }
    if (m_pendingLines == 0) {
        *reason = QStringLiteral("not an NGINX error-log line (no timestamp)");
        return false;
    }
    // A continuation of the pending event (e.g. FastCGI stderr): part of that record.
    if (m_pending.size() + 1 + line.size() <= kMaxEventBytes) {
        m_pending.append('\n');
        m_pending.append(line.data(), line.size());
    }
    ++m_pendingLines;
    return true;
}

void NginxErrorParser::finish(SourceData &out)
{
    flush(out);
}

bool NginxErrorParser::checkHeader(QByteArrayView line, QString *reason)
{
    Timestamp t;
    QByteArrayView level;
    qsizetype message = 0;
    if (const char *error = errorHeader(line, &t, &level, &message)) {
        *reason = QString::fromLatin1(error);
        return false;
    }
    return true;
}

void NginxErrorParser::flush(SourceData &out)
{
    if (m_pendingLines == 0)
        return;
    Record r;
    r.offset = m_pendingOffset;
    if (parseErrorEvent(m_pending, &r)) {
        if (m_pendingLines > 1)
            r.flags |= FlagContinued;
        out.append(r);
    }
    m_pendingLines = 0;
}

bool NginxErrorParser::parseErrorEvent(QByteArrayView event, Record *r) const
{
    QByteArrayView level;
    qsizetype start = 0;
    if (errorHeader(event, &r->time, &level, &start))
        return false;
    r->flags = FlagNoTimezone | (isSevereLevel(level) ? FlagWarning : FlagNone);
    const QByteArrayView msg = event.sliced(start);
    const qsizetype cut = msg.indexOf(", client: ");
    const QByteArrayView message = cut < 0 ? msg : msg.first(cut);
    ErrorFields f;
    if (cut >= 0)
        parseKeyValues(msg.sliced(cut + 2), &f);

    const char *category = upstreamCategory(message);
    r->reason = category ? QByteArrayView(category) : QByteArrayView("other");
    // An upstream named on an error line is a failure; on an [info] or [warn] line it is not (a mail
    // proxy's "client logged in, ..., upstream: ...", "an upstream response is buffered ...").
    r->kind = category || (!f.upstream.isEmpty() && isSevereLevel(level)) ? EventKind::UpstreamError
                                                                            : EventKind::LogMessage;
    r->text = truncateUtf8(message, kMaxTextBytes);
    // The mail proxy appends to the address ("client: 201.0.113.5 using starttls"): the first word.
    const qsizetype space = f.client.indexOf(' ');
    r->client = space < 0 ? f.client : f.client.first(space);
    // One URL normally; if several were logged, the last one tried.
    const qsizetype comma = f.upstream.lastIndexOf(", ");
    r->upstream = upstreamHostPort(comma < 0 ? f.upstream : f.upstream.sliced(comma + 2));
    QByteArrayView method, path, urlHost;
    if (splitRequest(f.request, &method, &path, &urlHost)) {
        r->method = method;
        r->path = path;
    }
    r->host = f.host.isEmpty() ? urlHost : f.host;
    return true;
}

} // namespace gateline
