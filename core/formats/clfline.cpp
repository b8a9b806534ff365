#include "clfline.h"

#include "fieldcursor.h"
#include "timeparse.h"

#include <algorithm>
#include <cstring>

namespace gateline {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool allDigits(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (!isDigit(c))
            return false;
    return true;
}

QByteArrayView trimmedRight(QByteArrayView s)
{
    while (!s.isEmpty() && s.back() == ' ')
        s.chop(1);
    return s;
}

// A status field at pos: three digits or '-', followed by a space or the end of s.
bool statusAt(QByteArrayView s, qsizetype pos, qint16 *status, qsizetype *end)
{
    if (pos < s.size() && s[pos] == '-' && (pos + 1 == s.size() || s[pos + 1] == ' ')) {
        *status = 0;
        *end = pos + 1;
        return true;
    }
    if (pos + 3 <= s.size() && isDigit(s[pos]) && isDigit(s[pos + 1]) && isDigit(s[pos + 2])
        && (pos + 3 == s.size() || s[pos + 3] == ' ')) {
        *status = qint16((s[pos] - '0') * 100 + (s[pos + 1] - '0') * 10 + (s[pos + 2] - '0'));
        *end = pos + 3;
        return true;
    }
    return false;
}

// Finds " [dd/Mon/yyyy:hh:mm:ss +zzzz]"; returns the index of '[' (or -1) and the index of ']'.
// *lookalike tells whether some " [dd/" was seen (a CLF time that does not parse).
qsizetype findClfTime(QByteArrayView line, Timestamp *t, int *offset, qsizetype *close, bool *lookalike)
{
    qsizetype from = 1;
    while (from < line.size()) {
        const qsizetype b = line.indexOf('[', from);
        if (b < 0)
            return -1;
        from = b + 1;
        if (line[b - 1] != ' ')
            continue;
        if (b + 3 < line.size() && isDigit(line[b + 1]) && isDigit(line[b + 2]) && line[b + 3] == '/')
            *lookalike = true;
        // The zone is "+0000" (26 characters) or "+00:00" (27).
        for (qsizetype len = 26; len <= 27; ++len) {
            if (b + 1 + len < line.size() && line[b + 1 + len] == ']'
                && parseClfTime(line.sliced(b + 1, len), t, offset)) {
                *close = b + 1 + len;
                return b;
            }
        }
    }
    return -1;
}

// A "quoted" field starting at s[*pos] == '"': it ends at the first unescaped quote that is
// followed by a space or the end of the line (Traefik does not escape quotes inside values).
bool quotedAt(QByteArrayView s, qsizetype *pos, QByteArrayView *out)
{
    const qsizetype start = *pos + 1;
    qsizetype q = start;
    while (q < s.size()) {
        const void *hit = std::memchr(s.data() + q, '"', size_t(s.size() - q));
        if (!hit)
            return false;
        const qsizetype h = static_cast<const char *>(hit) - s.data();
        qsizetype b = h;
        while (b > start && s[b - 1] == '\\')
            --b;
        if (((h - b) & 1) == 0 && (h + 1 == s.size() || s[h + 1] == ' ')) {
            *out = s.sliced(start, h - start);
            *pos = h + 1;
            return true;
        }
        q = h + 1;
    }
    return false;
}

// A referer / user-agent field: "quoted" or a bare '-'.
bool quotedOrDashAt(QByteArrayView s, qsizetype *pos, QByteArrayView *out)
{
    if (*pos >= s.size())
        return false;
    if (s[*pos] == '"')
        return quotedAt(s, pos, out);
    if (s[*pos] == '-' && (*pos + 1 == s.size() || s[*pos + 1] == ' ')) {
        *out = {};
        ++*pos;
        return true;
    }
    return false;
}

void skipSpaces(QByteArrayView s, qsizetype *pos)
{
    while (*pos < s.size() && s[*pos] == ' ')
        ++*pos;
}

// The next group of the address part: tokens joined by a trailing ',' ("10.0.0.2, 10.0.0.1") or
// one "quoted list". simple: a single bare token without a comma (a candidate vhost).
bool nextAddressGroup(QByteArrayView s, qsizetype *pos, QByteArrayView *group, bool *simple)
{
    skipSpaces(s, pos);
    if (*pos >= s.size())
        return false;
    const qsizetype start = *pos;
    *simple = true;
    qsizetype end = start;
    while (*pos < s.size()) {
        if (s[*pos] == '"') {
            *simple = false;
            const qsizetype close = s.indexOf('"', *pos + 1);
            *pos = close < 0 ? s.size() : close + 1;
            end = *pos;
            break;
        }
        const qsizetype tokStart = *pos;
        while (*pos < s.size() && s[*pos] != ' ')
            ++*pos;
        end = *pos;
        const QByteArrayView tok = s.sliced(tokStart, end - tokStart);
        if (tok.contains(','))
            *simple = false;
        if (!tok.endsWith(','))
            break;
        skipSpaces(s, pos);
    }
    *group = s.sliced(start, end - start);
    return true;
}

// The first address of a group: `"10.5.1.1, 10.2.1.1"` -> 10.5.1.1, `1.2.3.4:5678` -> 1.2.3.4.
QByteArrayView firstAddress(QByteArrayView group)
{
    if (group.startsWith('"'))
        group = group.sliced(1);
    qsizetype end = 0;
    while (end < group.size() && group[end] != ',' && group[end] != '"' && group[end] != ' ')
        ++end;
    const QByteArrayView a = group.first(end);
    if (a.isEmpty() || a == "-")
        return {};
    if (a.endsWith(':')) // "unix:"
        return a;
    return stripPort(a);
}

// The last space-separated token of s (no trailing spaces); s keeps what precedes it, right-trimmed.
bool popLastToken(QByteArrayView *s, QByteArrayView *tok)
{
    if (s->isEmpty())
        return false;
    const qsizetype sp = s->lastIndexOf(' ');
    *tok = s->sliced(sp + 1);
    *s = trimmedRight(s->first(sp < 0 ? 0 : sp));
    return true;
}

bool isDecimalOrDash(QByteArrayView s)
{
    if (s == "-")
        return true;
    bool digit = false;
    for (char c : s) {
        if (isDigit(c))
            digit = true;
        else if (c != '.')
            return false;
    }
    return digit;
}

} // namespace

bool parseClfLine(QByteArrayView line, ClfLine *out, const char **error)
{
    *out = ClfLine();
    qsizetype close = 0;
    bool lookalike = false;
    const qsizetype open = findClfTime(line, &out->time, &out->utcOffsetSeconds, &close, &lookalike);
    if (open < 0) {
        *error = lookalike ? "bad timestamp" : "not CLF (no [dd/Mon/yyyy:hh:mm:ss +zone] time)";
        return false;
    }

    // Before the time: [vhost] client-list [ident] user.
    QByteArrayView prefix = trimmedRight(line.first(open));
    QByteArrayView user;
    if (!popLastToken(&prefix, &user) || prefix.isEmpty()) {
        *error = "not CLF (no client address)";
        return false;
    }
    const qsizetype identSp = prefix.lastIndexOf(' ');
    if (identSp > 0 && prefix.sliced(identSp + 1) == "-")
        prefix = trimmedRight(prefix.first(identSp));
    // ingress-nginx before 0.22: "$remote_addr - [$the_real_ip] - $remote_user" (0.9:
    // "[$proxy_add_x_forwarded_for]"): the bracketed list after "-" is no vhost/client pair; the
    // client is the address before it.
    if (prefix.endsWith(']')) {
        const qsizetype fwd = prefix.lastIndexOf(" - [");
        if (fwd > 0)
            prefix = trimmedRight(prefix.first(fwd));
    }
    qsizetype pos = 0;
    QByteArrayView g1, g2;
    bool simple1 = false, simple2 = false;
    nextAddressGroup(prefix, &pos, &g1, &simple1);
    if (nextAddressGroup(prefix, &pos, &g2, &simple2) && simple1) {
        out->vhost = g1;
        out->client = firstAddress(g2);
    } else {
        out->client = firstAddress(g1);
    }

    // "request" status: the request ends at the quote that is followed by " <status> ".
    pos = close + 1;
    skipSpaces(line, &pos);
    if (pos >= line.size() || line[pos] != '"') {
        *error = "not CLF (no quoted request after the time)";
        return false;
    }
    const qsizetype reqStart = pos + 1;
    qsizetype q = reqStart;
    qsizetype statusEnd = -1;
    while (q < line.size()) {
        const void *hit = std::memchr(line.data() + q, '"', size_t(line.size() - q));
        if (!hit)
            break;
        q = static_cast<const char *>(hit) - line.data();
        if (q + 1 < line.size() && line[q + 1] == ' ' && statusAt(line, q + 2, &out->status, &statusEnd))
            break;
        ++q;
    }
    if (statusEnd < 0) {
        *error = "bad request or status field";
        return false;
    }
    out->request = line.sliced(reqStart, q - reqStart);
    pos = statusEnd;

    // bytes
    skipSpaces(line, &pos);
    const qsizetype bytesStart = pos;
    while (pos < line.size() && line[pos] != ' ')
        ++pos;
    const QByteArrayView bytes = line.sliced(bytesStart, pos - bytesStart);
    if (bytes != "-" && !allDigits(bytes)) {
        *error = "bad byte count";
        return false;
    }
    if (bytes != "-")
        parseUInt(bytes, &out->bytes);

    // "referer" "user agent" (combined), or nothing (common), or custom fields.
    skipSpaces(line, &pos);
    if (pos < line.size() && (line[pos] == '"' || line[pos] == '-')) {
        const qsizetype save = pos;
        QByteArrayView referer, agent;
        if (quotedOrDashAt(line, &pos, &referer)) {
            skipSpaces(line, &pos);
            if (!quotedOrDashAt(line, &pos, &agent)) {
                *error = "bad user agent field";
                return false;
            }
            out->combined = true;
        } else {
            pos = save;
        }
    }
    skipSpaces(line, &pos);
    out->rest = line.sliced(pos);
    return true;
}

void fillClfRecord(const ClfLine &c, Record *r)
{
    r->time = c.time;
    r->kind = EventKind::Request;
    r->client = c.client;
    r->status = c.status;
    QByteArrayView method, path, urlHost;
    if (splitRequest(c.request, &method, &path, &urlHost)) {
        r->method = method;
        r->path = path;
    }
    r->host = c.vhost.isEmpty() ? urlHost : c.vhost;
}

QByteArrayView upstreamHostPort(QByteArrayView url)
{
    const qsizetype scheme = url.indexOf("://");
    if (scheme >= 0)
        url = url.sliced(scheme + 3);
    else if (url == "-" || url.startsWith('/'))
        return {};
    if (url.startsWith("unix:")) {
        const qsizetype colon = url.indexOf(':', 5);
        return colon < 0 ? url : url.first(colon);
    }
    const qsizetype slash = url.indexOf('/');
    return slash < 0 ? url : url.first(slash);
}

bool parseTraefikSuffix(QByteArrayView rest, TraefikSuffix *out)
{
    *out = TraefikSuffix();
    rest = rest.trimmed();
    // <N>ms
    qsizetype sp = rest.lastIndexOf(' ');
    if (sp <= 0)
        return false;
    const QByteArrayView duration = rest.sliced(sp + 1);
    if (!duration.endsWith("ms") || !parseDecimal(duration.chopped(2), &out->durationMs) || out->durationMs < 0)
        return false;
    rest = trimmedRight(rest.first(sp));

    // "server URL" or -, then "router" or -: each a quoted string ending where the next begins.
    auto takeQuotedOrDash = [&rest](QByteArrayView *value) {
        if (rest.endsWith('"') && rest.size() >= 2) {
            const qsizetype open = rest.lastIndexOf('"', rest.size() - 2);
            if (open < 0 || (open > 0 && rest[open - 1] != ' '))
                return false;
            *value = rest.sliced(open + 1, rest.size() - open - 2);
            rest = trimmedRight(rest.first(open));
            return true;
        }
        if (rest == "-" || rest.endsWith(" -")) {
            *value = {};
            rest = trimmedRight(rest.chopped(1));
            return true;
        }
        return false;
    };
    if (!takeQuotedOrDash(&out->url))
        return false;
    if (out->url == "-")
        out->url = {};
    QByteArrayView count;
    if (takeQuotedOrDash(&out->router)) {
        sp = rest.lastIndexOf(' ');
        count = rest.sliced(sp + 1);
    } else {
        // An unclosed router quote: <count> "router <url>. Only when count starts the rest.
        sp = rest.indexOf(' ');
        if (sp <= 0 || rest.size() < sp + 2 || rest[sp + 1] != '"')
            return false;
        count = rest.first(sp);
        out->router = rest.sliced(sp + 2).trimmed();
    }
    if (out->router == "-")
        out->router = {};
    return count == "-" || allDigits(count);
}

ClfSuffix classifyClfSuffix(QByteArrayView rest)
{
    rest = trimmedRight(rest);
    if (rest.isEmpty())
        return ClfSuffix::None;
    FieldCursor fc(rest);
    QByteArrayView first, second;
    if (!fc.token(&first))
        return ClfSuffix::Other;
    const bool firstCount = first == "-" || allDigits(first);
    if (firstCount && fc.token(&second) && isDecimalOrDash(second)) {
        fc.skipSpaces();
        if (fc.rest().startsWith('['))
            return ClfSuffix::UpstreamInfo;
    }
    TraefikSuffix t;
    if (parseTraefikSuffix(rest, &t))
        return ClfSuffix::Traefik;
    return ClfSuffix::Other;
}

bool looksLikeNginxErrorLine(QByteArrayView l)
{
    return l.size() >= 22 && isDigit(l[0]) && isDigit(l[3]) && l[4] == '/' && l[7] == '/' && l[10] == ' '
           && l[13] == ':' && l[16] == ':' && l[19] == ' ' && l[20] == '[' && isNginxErrorLevelAt(l, 21);
}

bool isNginxErrorLevelAt(QByteArrayView l, qsizetype at)
{
    // NGINX writes its levels in lower case; Go's log package lines of the same date shape
    // ("2018/06/25 12:52:09 [INFO] raft: ...", HashiCorp tools and many apps) are not NGINX's.
    static const char *const levels[] = {"error]", "warn]", "notice]", "info]", "crit]", "alert]", "emerg]", "debug]"};
    const QByteArrayView rest = l.sliced(std::min(at, l.size()));
    for (const char *level : levels)
        if (rest.startsWith(QByteArrayView(level)))
            return true;
    return false;
}

qsizetype klogPrefixLength(QByteArrayView l)
{
    static constexpr QByteArrayView kGlogEarly("ERROR: logging before flag.Parse: ");
    return l.startsWith(kGlogEarly) ? kGlogEarly.size() : 0;
}

bool looksLikeKlogLine(QByteArrayView l)
{
    l = l.sliced(klogPrefixLength(l));
    if (l.size() < 24 || (l[0] != 'I' && l[0] != 'W' && l[0] != 'E' && l[0] != 'F'))
        return false;
    static const char shape[] = "#dddd dd:dd:dd.dddddd ";
    for (int i = 1; i < 22; ++i) {
        const char want = shape[i];
        if (want == 'd' ? !isDigit(l[i]) : l[i] != want)
            return false;
    }
    return l.indexOf("] ", 22) > 0 || l.endsWith(']');
}

// "I1215 10:11:12.123456       7 controller.go:123] message"
bool klogHeader(QByteArrayView whole, KlogHeader *h)
{
    if (!looksLikeKlogLine(whole))
        return false;
    const qsizetype prefix = klogPrefixLength(whole);
    const QByteArrayView line = whole.sliced(prefix);
    h->severity = line[0];
    h->month = (line[1] - '0') * 10 + (line[2] - '0');
    h->day = (line[3] - '0') * 10 + (line[4] - '0');
    h->hour = (line[6] - '0') * 10 + (line[7] - '0');
    h->minute = (line[9] - '0') * 10 + (line[10] - '0');
    h->second = (line[12] - '0') * 10 + (line[13] - '0');
    h->micros = 0;
    for (qsizetype i = 15; i < 21; ++i)
        h->micros = h->micros * 10 + (line[i] - '0');
    if (h->month < 1 || h->month > 12 || h->day < 1 || h->day > 31 || h->hour > 23 || h->minute > 59
        || h->second > 60)
        return false;
    const qsizetype close = line.indexOf("] ", 22);
    h->message = prefix + (close < 0 ? line.size() : close + 2);
    return true;
}

ClfHeadStats clfHeadStats(QByteArrayView head)
{
    ClfHeadStats st;
    qsizetype pos = 0;
    bool afterEvent = false;
    int looked = 0;
    while (pos < head.size() && looked < 400) {
        qsizetype nl = head.indexOf('\n', pos);
        const bool partial = nl < 0;
        if (partial)
            nl = head.size();
        QByteArrayView line = head.sliced(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        ++looked;
        ClfLine c;
        const char *err = nullptr;
        if (looksLikeNginxErrorLine(line)) {
            ++st.nginxError;
            afterEvent = true;
        } else if (looksLikeKlogLine(line)) {
            ++st.klog;
            afterEvent = true;
        } else if (parseClfLine(line, &c, &err)) {
            ++st.clf;
            const ClfSuffix s = classifyClfSuffix(c.rest);
            if (s == ClfSuffix::UpstreamInfo)
                ++st.upstreamInfo;
            else if (s == ClfSuffix::Traefik)
                ++st.traefik;
            afterEvent = false;
        } else if (partial) {
            continue; // probably cut by the head limit
        } else if (afterEvent) {
            ++st.continuation;
        }
        ++st.lines;
    }
    return st;
}

} // namespace gateline
