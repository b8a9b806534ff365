#include "albparser.h"
#include "headlines.h"

#include "bytescan.h"
#include "fieldcursor.h"
#include "timeparse.h"

#include <algorithm>
#include <bit>
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


// "0.000" .. "9.999" (the usual processing times, seconds with three decimals) as milliseconds;
// false for any other shape (parseDecimal reads those).
inline bool millis(QByteArrayView v, int *out)
{
    if (v.size() != 5 || v[1] != '.')
        return false;
    const unsigned a = unsigned(v[0]) - '0', b = unsigned(v[2]) - '0', c = unsigned(v[3]) - '0',
                   d = unsigned(v[4]) - '0';
    *out = int(a * 1000 + b * 100 + c * 10 + d);
    return a <= 9 && b <= 9 && c <= 9 && d <= 9;
}

// "502" and "-" directly; the same answers as parseStatus.
inline bool parseStatusFast(QByteArrayView v, qint16 *out)
{
    if (v.size() == 3) {
        const unsigned a = unsigned(v[0]) - '0', b = unsigned(v[1]) - '0', c = unsigned(v[2]) - '0';
        if (a <= 9 && b <= 9 && c <= 9) {
            *out = qint16(a * 100 + b * 10 + c);
            return true;
        }
        return false;
    }
    return parseStatus(v, out);
}

inline bool twoDigits(const char *p, int *out)
{
    const unsigned a = unsigned(p[0]) - '0', b = unsigned(p[1]) - '0';
    *out = int(a * 10 + b);
    return a <= 9 && b <= 9;
}

// --- The fast splitter -------------------------------------------------------------------------

constexpr int kAlbFieldCount = 26; // type .. target:port_list: all the parser reads
// The ends of the fields read below and of the ones before them (a field begins after the end of
// the one before): type, time, elb (end), client .. target_status_code, tx (end), request,
// trace_id (end), domain_name, redirect_url (end), error_reason, target:port_list.
constexpr quint64 kAlbWanted = 0x3FF | (3u << 11) | (3u << 17) | (7u << 23);

// The ALB fields of a line split by splitSimpleFields(line, kAlbFieldCount, &f, kAlbWanted); false
// where the fast splitter leaves the line to the reference.
bool albFieldsOfSplit(QByteArrayView line, const SimpleFields &f, AlbFields *out)
{
    if (f.n < 14)
        return false;
    // Where the reference reads a bare token, a quoted field would split differently: leave it to
    // the reference. Where it wants a quoted one, so would a bare field.
    constexpr quint32 kBare = 0x0FFF | (7u << 14) | (3u << 20); // 0..11, 14..16, 20..21
    constexpr quint32 kQuoted = 3u << 12;                        // request, user_agent
    const char *const p = line.data();
    const quint32 present = (quint32(1) << f.n) - 1;
    const quint32 quotedFields = quint32(f.quoted) & present;
    if ((quotedFields & kBare) || (~quotedFields & kQuoted & present))
        return false;
    // Fields 0..11 are bare and the request quoted (checked above): no test for those.
    auto bare = [&](int i) { return QByteArrayView(p + f.end[i - 1] + 1, f.end[i] - f.end[i - 1] - 1); };
    auto field = [&](int i) {
        const qsizetype b = f.begin(i), e = f.end[i];
        return (quotedFields >> i) & 1 ? QByteArrayView(p + b + 1, e - b - 2) : QByteArrayView(p + b, e - b);
    };
    out->type = QByteArrayView(p, f.end[0]);
    out->time = bare(1);
    out->client = bare(3);
    out->target = bare(4);
    out->t1 = bare(5);
    out->t2 = bare(6);
    out->t3 = bare(7);
    out->elbStatus = bare(8);
    out->targetStatus = bare(9);
    out->request = QByteArrayView(p + f.end[11] + 2, f.end[12] - f.end[11] - 3);
    out->hasDomain = f.n >= 19;
    if (out->hasDomain)
        out->domain = field(18);
    out->hasError = f.n >= 25;
    if (out->hasError)
        out->error = field(24);
    out->hasTargetList = f.n >= 26;
    if (out->hasTargetList)
        out->targetList = field(25);
    return true;
}

} // namespace

bool splitAlbFieldsFast(QByteArrayView line, AlbFields *out)
{
    SimpleFields f;
    return splitSimpleFields(line, kAlbFieldCount, &f, kAlbWanted) && albFieldsOfSplit(line, f, out);
}

qsizetype splitAlbLineFast(const char *p, qsizetype size, AlbFields *out, bool *split)
{
    SimpleFields f;
    const qsizetype length = splitSimpleFieldsOfLine(p, size, kAlbFieldCount, &f, split, kAlbWanted);
    *split = *split && albFieldsOfSplit(QByteArrayView(p, length), f, out);
    return length;
}

const char *AlbParser::findLineEnd(const char *p, const char *end)
{
    const qsizetype length = splitAlbLineFast(p, end - p, &m_lineFields, &m_lineSplit);
    m_foundLine = length < 0 ? nullptr : p;
    m_foundLength = length;
    return length < 0 ? nullptr : p + length;
}

void AlbParser::releaseLines(SourceData &out)
{
    if (m_held) {
        out.append(*m_held, m_heldHash[0], m_heldHash[1]);
        m_held = nullptr;
    }
}

bool splitAlbFieldsReference(QByteArrayView line, AlbFields *out)
{
    AlbScanner s(line);
    QByteArrayView elb, rx, tx, agent;
    if (!s.bare(&out->type) || !s.bare(&out->time) || !s.bare(&elb) || !s.bare(&out->client) || !s.bare(&out->target)
        || !s.bare(&out->t1) || !s.bare(&out->t2) || !s.bare(&out->t3) || !s.bare(&out->elbStatus)
        || !s.bare(&out->targetStatus) || !s.bare(&rx) || !s.bare(&tx) || !s.quoted(&out->request)
        || !s.quoted(&agent))
        return false;
    // Later fields, present depending on the layout's age; stop at the first one missing.
    QByteArrayView cipher, protocol, tgArn, traceId, cert, priority, created, actions, redirect;
    out->hasDomain = s.bare(&cipher) && s.bare(&protocol) && s.bare(&tgArn) && s.any(&traceId) && s.any(&out->domain);
    out->hasError = out->hasDomain && s.any(&cert) && s.bare(&priority) && s.bare(&created) && s.any(&actions)
        && s.any(&redirect) && s.any(&out->error);
    out->hasTargetList = out->hasError && s.any(&out->targetList);
    if (!out->hasDomain)
        out->domain = {};
    if (!out->hasError)
        out->error = {};
    if (!out->hasTargetList)
        out->targetList = {};
    return true;
}

int AlbParser::sniff(QByteArrayView head) const
{
    int alb = 0, elbOrNlb = 0, other = 0;
    forEachHeadLine(head, 64, [&](QByteArrayView line) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            return;
        switch (classify(line)) {
        case LineKind::Alb: ++alb; break;
        case LineKind::Classic:
        case LineKind::Nlb: ++elbOrNlb; break;
        case LineKind::Other: ++other; break;
        }
    });
    if (alb > 0)
        return 60 + 39 * alb / (alb + other);
    // Only Classic ELB / NLB lines: take the file so that its lines are counted as "not ALB".
    if (elbOrNlb > 0 && other == 0)
        return 40;
    return 0;
}

bool AlbParser::parseTime(QByteArrayView s, Timestamp *out)
{
    // "2024-03-01T10:00:00.123456Z", the shape ALB writes; any other through parseIso8601.
    const char *p = s.data();
    if (s.size() != 27 || p[13] != ':' || p[16] != ':' || p[19] != '.' || p[26] != 'Z')
        return parseIso8601(s, out);
    if (!m_hourValid || std::memcmp(p, m_hourKey, sizeof m_hourKey) != 0) {
        int y = 0, mo = 0, d = 0, h = 0, y2 = 0;
        if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || !twoDigits(p, &y) || !twoDigits(p + 2, &y2)
            || !twoDigits(p + 5, &mo) || !twoDigits(p + 8, &d) || !twoDigits(p + 11, &h))
            return parseIso8601(s, out);
        y = y * 100 + y2;
        if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23)
            return false; // as parseIso8601 says
        m_hourUs = civilToMicros(y, mo, d, h, 0, 0, 0);
        std::memcpy(m_hourKey, p, sizeof m_hourKey);
        m_hourValid = true;
    }
    int mi = 0, sec = 0, f1 = 0, f2 = 0, f3 = 0;
    if (!twoDigits(p + 14, &mi) || !twoDigits(p + 17, &sec) || !twoDigits(p + 20, &f1) || !twoDigits(p + 22, &f2)
        || !twoDigits(p + 24, &f3))
        return parseIso8601(s, out);
    if (mi > 59 || sec > 60)
        return false;
    out->us = m_hourUs + qint64(mi * 60 + sec) * 1000000 + (f1 * 10000 + f2 * 100 + f3);
    return true;
}

bool AlbParser::parseLine(QByteArrayView line, LineOffset offset, qint64, SourceData &out, QString *reason)
{
    // The fields and the record are members, reused line after line: clearing a fresh one of each
    // (hundreds of bytes) cost more than setting what changes.
    // The line findLineEnd() found (parse() drops a '\r' before the '\n', which makes it another):
    // its fields are split already, where they split, and its bytes stay where they are until
    // releaseLines(), so that its record may be held back a line.
    const bool found = m_foundLine == line.data() && m_foundLength == line.size();
    m_foundLine = nullptr;
    const bool splitBefore = found && m_lineSplit;
    // The previous line's record, held back: its strings' table slots were fetched a line ago; now
    // the bytes they name, while this line is read.
    if (m_held) {
        out.pool().prefetchBytes(m_heldHash[0]);
        out.pool().prefetchBytes(m_heldHash[1]);
    }
    AlbFields &f = splitBefore ? m_lineFields : m_fields;
    if (!(splitBefore || splitAlbFieldsFast(line, &f)) || !isAlbType(f.type)) {
        AlbScanner s(line);
        QByteArrayView type;
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
        if (!splitAlbFieldsReference(line, &f)) {
            *reason = QStringLiteral("too few fields");
            return false;
        }
    }

    // Two records, this line's and the one held back; kind, flags, count, object, ns and text never change.
    Record &r = m_records[m_held == &m_records[0] ? 1 : 0];
    r.offset = offset;
    // The table slots of the client address and (below) the path, the two strings that are mostly
    // not the column's last value, are fetched now, so that the cache misses overlap the rest of
    // the line (and, when the record is held back, the next line) instead of stalling append().
    r.client = stripPort(f.client);
    const quint32 clientHash = hashBytes(r.client.data(), r.client.size());
    if (!r.client.isEmpty())
        out.pool().prefetch(clientHash);
    if (!parseTime(f.time, &r.time)) {
        *reason = QStringLiteral("bad timestamp");
        return false;
    }
    int ms1, ms2, ms3;
    if (millis(f.t1, &ms1) && millis(f.t2, &ms2) && millis(f.t3, &ms3)) {
        // Exactly the float of the general formula below: the sum is an integer under 2^24 and
        // the double arithmetic's error is far below half a float step.
        r.durationMs = float(ms1 + ms2 + ms3);
    } else {
        double d1, d2, d3;
        if (!parseDecimal(f.t1, &d1) || !parseDecimal(f.t2, &d2) || !parseDecimal(f.t3, &d3)) {
            *reason = QStringLiteral("bad processing time");
            return false;
        }
        r.durationMs = d1 >= 0 && d2 >= 0 && d3 >= 0 ? float((d1 + d2 + d3) * 1000.0) : -1.0f;
    }
    qint16 status = 0;
    if (!parseStatusFast(f.elbStatus, &status) || !parseStatusFast(f.targetStatus, &r.upstreamStatus)) {
        *reason = QStringLiteral("bad status code");
        return false;
    }
    r.status = status == kUpstreamDash ? 0 : status;
    r.upstream = isDash(f.target) ? QByteArrayView() : f.target;
    r.host = f.hasDomain && !isDash(f.domain) ? f.domain : QByteArrayView();
    // The URL's host only counts when there is no domain_name: only then is it looked for.
    QByteArrayView urlHost;
    if (!splitRequest(f.request, &r.method, &r.path, r.host.isEmpty() ? &urlHost : nullptr)) {
        // "- - - " and other non-requests
        r.method = {};
        r.path = {};
        urlHost = {};
    }
    r.reason = f.hasError && !isDash(f.error) ? f.error : QByteArrayView();
    if (r.upstream.isEmpty() && f.hasTargetList && !f.targetList.isEmpty() && !isDash(f.targetList))
        r.upstream = lastOfList(f.targetList);
    if (r.host.isEmpty())
        r.host = urlHost;
    const quint32 pathHash = hashBytes(r.path.data(), r.path.size());
    if (!r.path.isEmpty())
        out.pool().prefetch(pathHash);
    // Records go in line order: the held one first.
    releaseLines(out);
    if (found) {
        m_held = &r;
        m_heldHash[0] = clientHash;
        m_heldHash[1] = pathHash;
    } else {
        out.append(r, clientHash, pathHash);
    }
    return true;
}

} // namespace gateline
