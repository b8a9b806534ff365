#include "albparser.h"

#include "bytescan.h"
#include "fieldcursor.h"
#include "timeparse.h"

#include <cstring>

namespace gateline {

namespace {

// A tight field scanner for ALB lines: fields are separated by single spaces, quoted fields use
// backslash escapes. findByte does the scanning; nothing allocates.
class AlbScanner
{
public:
    explicit AlbScanner(QByteArrayView line) : m_p(line.data()), m_end(line.data() + line.size()) {}

    bool atEnd()
    {
        skipSpaces();
        return m_p >= m_end;
    }
    // A bare token up to the next space.
    bool bare(QByteArrayView *out)
    {
        skipSpaces();
        if (m_p >= m_end)
            return false;
        const char *start = m_p;
        m_p = findByte(m_p, m_end, ' ');
        *out = QByteArrayView(start, m_p - start);
        return true;
    }
    // A "quoted" field (content without the quotes, escapes left as they are).
    bool quoted(QByteArrayView *out)
    {
        skipSpaces();
        if (m_p >= m_end || *m_p != '"')
            return false;
        const char *start = m_p + 1;
        const char *q = start;
        while (q < m_end) {
            const char *h = findByte(q, m_end, '"');
            if (h == m_end)
                return false;
            // Escaped if preceded by an odd number of backslashes.
            const char *b = h;
            while (b > start && b[-1] == '\\')
                --b;
            if (((h - b) & 1) == 0) {
                *out = QByteArrayView(start, h - start);
                m_p = h + 1;
                return true;
            }
            q = h + 1;
        }
        return false;
    }
    // Quoted or bare, whichever the field is.
    bool any(QByteArrayView *out)
    {
        skipSpaces();
        if (m_p < m_end && *m_p == '"')
            return quoted(out);
        return bare(out);
    }

private:
    void skipSpaces()
    {
        while (m_p < m_end && *m_p == ' ')
            ++m_p;
    }
    const char *m_p;
    const char *m_end;
};

bool isAlbType(QByteArrayView t)
{
    switch (t.size()) {
    case 2: return t == "h2" || t == "ws";
    case 3: return t == "wss";
    case 4: return t == "http";
    case 5: return t == "https" || t == "grpcs";
    default: return false;
    }
}

bool isDash(QByteArrayView v) { return v.size() == 1 && v[0] == '-'; }

// "-" -> kUpstreamDash, "502" -> 502; false on anything else.
bool parseStatus(QByteArrayView v, qint16 *out)
{
    if (isDash(v)) {
        *out = kUpstreamDash;
        return true;
    }
    qint64 n = 0;
    if (v.size() != 3 || !parseUInt(v, &n))
        return false;
    *out = qint16(n);
    return true;
}

// Last entry of a space-separated "ip:port ip:port" list.
QByteArrayView lastOfList(QByteArrayView list)
{
    const qsizetype sp = list.lastIndexOf(' ');
    return sp < 0 ? list : list.sliced(sp + 1);
}

enum class LineKind { Alb, Classic, Nlb, Other };

// What a line is, judged from its first two or three tokens.
LineKind classify(QByteArrayView line)
{
    AlbScanner s(line);
    QByteArrayView first, second;
    if (!s.bare(&first) || !s.bare(&second))
        return LineKind::Other;
    Timestamp t;
    if (isAlbType(first))
        return parseIso8601(second, &t) ? LineKind::Alb : LineKind::Other;
    if (first == "tls" && (second == "2.0" || second == "1.0"))
        return LineKind::Nlb;
    if (first.size() >= 20 && parseIso8601(first, &t)) {
        QByteArrayView client;
        if (s.bare(&client) && client.contains(':'))
            return LineKind::Classic;
    }
    return LineKind::Other;
}

} // namespace

int AlbParser::sniff(QByteArrayView head) const
{
    int alb = 0, elbOrNlb = 0, other = 0;
    qsizetype pos = 0;
    const bool whole = head.size() < 64 * 1024;
    for (int n = 0; pos < head.size() && n < 64; ++n) {
        qsizetype nl = head.indexOf('\n', pos);
        if (nl < 0) {
            if (!whole)
                break; // a partial last line says nothing
            nl = head.size();
        }
        QByteArrayView line = head.sliced(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        switch (classify(line)) {
        case LineKind::Alb: ++alb; break;
        case LineKind::Classic:
        case LineKind::Nlb: ++elbOrNlb; break;
        case LineKind::Other: ++other; break;
        }
    }
    if (alb > 0)
        return 60 + 39 * alb / (alb + other);
    // Only Classic ELB / NLB lines: take the file so that its lines are counted as "not ALB".
    if (elbOrNlb > 0 && other == 0)
        return 40;
    return 0;
}

bool AlbParser::parseLine(QByteArrayView line, LineOffset offset, qint64, SourceData &out, QString *reason)
{
    AlbScanner s(line);
    QByteArrayView type, time, elb, client, target, t1, t2, t3, elbStatus, targetStatus, rx, tx, request, agent;
    if (!s.bare(&type))
        return false;
    if (!isAlbType(type)) {
        switch (classify(line)) {
        case LineKind::Classic: *reason = QStringLiteral("not ALB (Classic ELB line)"); break;
        case LineKind::Nlb: *reason = QStringLiteral("not ALB (NLB line)"); break;
        default: *reason = QStringLiteral("not ALB (unknown request type)"); break;
        }
        return false;
    }
    if (!s.bare(&time) || !s.bare(&elb) || !s.bare(&client) || !s.bare(&target) || !s.bare(&t1) || !s.bare(&t2)
        || !s.bare(&t3) || !s.bare(&elbStatus) || !s.bare(&targetStatus) || !s.bare(&rx) || !s.bare(&tx)
        || !s.quoted(&request) || !s.quoted(&agent)) {
        *reason = QStringLiteral("too few fields");
        return false;
    }

    Record r;
    r.offset = offset;
    r.kind = EventKind::Request;
    if (!parseIso8601(time, &r.time)) {
        *reason = QStringLiteral("bad timestamp");
        return false;
    }
    double d1, d2, d3;
    if (!parseDecimal(t1, &d1) || !parseDecimal(t2, &d2) || !parseDecimal(t3, &d3)) {
        *reason = QStringLiteral("bad processing time");
        return false;
    }
    if (d1 >= 0 && d2 >= 0 && d3 >= 0)
        r.durationMs = float((d1 + d2 + d3) * 1000.0);
    qint16 status = 0;
    if (!parseStatus(elbStatus, &status) || !parseStatus(targetStatus, &r.upstreamStatus)) {
        *reason = QStringLiteral("bad status code");
        return false;
    }
    r.status = status == kUpstreamDash ? 0 : status;
    r.client = stripPort(client);
    if (!isDash(target))
        r.upstream = target;
    QByteArrayView urlHost;
    if (!splitRequest(request, &r.method, &r.path, &urlHost)) { // "- - - " and other non-requests
        r.method = {};
        r.path = {};
        urlHost = {};
    }

    // Later fields, present depending on the layout's age; stop at the first one missing.
    QByteArrayView cipher, protocol, tgArn, traceId, domain, cert, priority, created, actions, redirect, error,
        targetList;
    if (s.bare(&cipher) && s.bare(&protocol) && s.bare(&tgArn) && s.any(&traceId) && s.any(&domain)) {
        if (!isDash(domain))
            r.host = domain;
        if (s.any(&cert) && s.bare(&priority) && s.bare(&created) && s.any(&actions) && s.any(&redirect)
            && s.any(&error)) {
            if (!isDash(error))
                r.reason = error;
            if (r.upstream.isEmpty() && s.any(&targetList) && !targetList.isEmpty() && !isDash(targetList))
                r.upstream = lastOfList(targetList);
        }
    }
    if (r.host.isEmpty())
        r.host = urlHost;
    out.append(r);
    return true;
}

} // namespace gateline
