#include "linekind.h"

#include "clfline.h"

#include <algorithm>
#include <cstring>

namespace gateline {

namespace {
bool digit(char c) { return c >= '0' && c <= '9'; }

bool digitsAt(QByteArrayView s, qsizetype at, qsizetype n)
{
    if (at + n > s.size())
        return false;
    for (qsizetype i = at; i < at + n; ++i)
        if (!digit(s[i]))
            return false;
    return true;
}

// "2024-06-02T10:06:23" or "2024-06-02 10:06:23" at position at.
bool isoAt(QByteArrayView s, qsizetype at, bool allowSpace)
{
    return digitsAt(s, at, 4) && s.size() > at + 19 && s[at + 4] == '-' && s[at + 7] == '-'
        && (s[at + 10] == 'T' || (allowSpace && s[at + 10] == ' ')) && s[at + 13] == ':' && s[at + 16] == ':';
}

bool isBannerLine(QByteArrayView l)
{
    if (l.size() >= 20 && l.startsWith("--------------------")) {
        for (char c : l)
            if (c != '-')
                return false;
        return true;
    }
    // Indented by two spaces; logcli trims them.
    const QByteArrayView t = l.trimmed();
    return t.startsWith("NGINX Ingress controller") || t.startsWith("Release:") || t.startsWith("Build:")
        || t.startsWith("Repository:") || t.startsWith("nginx version:");
}

bool isStackLine(QByteArrayView l)
{
    if (l.startsWith('\t') || l.startsWith("created by ") || l.startsWith("goroutine ") || l.startsWith("[signal ")
        || l.startsWith("exit status "))
        return true;
    // A frame: "main.main()", "net/http.(*conn).serve(0xc000228000, {0x1a2b, 0xc0})"
    if (!l.endsWith(')') || l.contains(' ') && !l.contains(", "))
        return false;
    const qsizetype paren = l.indexOf('(');
    if (paren <= 0)
        return false;
    const QByteArrayView fn = l.first(paren);
    return fn.contains('.') && !fn.contains(' ');
}

// A CLF-style access line: a client, then " [dd/Mon/yyyy:" within the first few hundred bytes.
// (memchr for '[': this runs on every access line, and memmem's set-up costs more than the scan.)
bool isClfAccess(QByteArrayView l)
{
    const qsizetype limit = std::min<qsizetype>(l.size(), 400);
    const char *base = l.data();
    qsizetype from = 1;
    while (from < limit) {
        const void *hit = std::memchr(base + from, '[', size_t(limit - from));
        if (!hit)
            return false;
        const qsizetype b = static_cast<const char *>(hit) - base - 1; // the space before '['
        if (l[b] == ' ' && digitsAt(l, b + 2, 2) && l.size() > b + 14 && l[b + 4] == '/' && l[b + 8] == '/'
            && digitsAt(l, b + 9, 4) && l[b + 13] == ':')
            return true;
        from = b + 2;
    }
    return false;
}

LineKind classifyJson(QByteArrayView l)
{
    if (l.contains("\"DownstreamStatus\"") || l.contains("\"ClientAddr\"") || l.contains("\"RequestMethod\""))
        return LineKind::TraefikJson;
    if (l.contains("\"start_time\"")
        && (l.contains("\"response_code\"") || l.contains("\"response_flags\"") || l.contains("\"upstream_cluster\"")))
        return LineKind::EnvoyJson;
    if ((l.contains("\"level\"") || l.contains("\"severity\"") || l.contains("\"lvl\""))
        && (l.contains("\"msg\"") || l.contains("\"message\"")))
        return LineKind::ControllerLog;
    return LineKind::Unknown;
}
} // namespace

LineKind classifyLine(QByteArrayView l)
{
    if (l.isEmpty())
        return LineKind::Unknown;
    const char c = l[0];
    if (digit(c)) {
        // "2024/01/02 10:00:00 [error]" (not Go's "2024/01/02 10:00:00 [INFO]")
        if (l.size() > 21 && l[4] == '/' && l[7] == '/' && l[10] == ' ' && l[13] == ':' && digitsAt(l, 0, 4)
            && l[19] == ' ' && l[20] == '[' && isNginxErrorLevelAt(l, 21))
            return LineKind::NginxError;
        // zerolog (Traefik v3): "2024-01-02T10:00:00Z ERR ..."; Istio's proxy: "2024-...Z\twarn\t..."
        if (isoAt(l, 0, false)) {
            const qsizetype tab = l.indexOf('\t');
            const qsizetype sp = l.indexOf(' ');
            if (tab > 19 && tab < 40 && (sp < 0 || sp > tab))
                return LineKind::ControllerLog;
            if (sp > 19 && startsWithZerologLevel(l.sliced(sp + 1)))
                return LineKind::ControllerLog;
            if (sp > 19 && startsWithSpacedZapLevel(l.sliced(sp)))
                return LineKind::ControllerLog;
        }
        // Nothing else starts with a digit (the hot path: access lines with an IP first).
        return isClfAccess(l) ? LineKind::ClfAccess : LineKind::Unknown;
    }
    // klog: "I0602 10:06:23.132189"
    if ((c == 'I' || c == 'W' || c == 'E' || c == 'F') && l.size() > 21 && digitsAt(l, 1, 4) && l[5] == ' '
        && l[8] == ':' && l[11] == ':' && l[14] == '.')
        return LineKind::Klog;
    // ... and as early glog wrote it: "ERROR: logging before flag.Parse: W1016 14:16:40.842231 ..."
    if (c == 'E' && klogPrefixLength(l) && looksLikeKlogLine(l))
        return LineKind::Klog;
    if (c == '[') {
        if (isoAt(l, 1, false) && l.contains("] \""))
            return LineKind::EnvoyAccess;
        if (isoAt(l, 1, true) && l.size() > 25 && l[11] == ' ' && l.contains("]["))
            return LineKind::ControllerLog; // Envoy application log
    }
    if (c == '{')
        return classifyJson(l);
    if ((c == ' ' || c == '\t') && l.trimmed().startsWith('{'))
        return classifyJson(l.trimmed()); // an indented JSON line
    if (l.startsWith("time=\"") || l.startsWith("level=") || l.startsWith("panic: ") || l.startsWith("fatal error: ")
        || isBannerLine(l))
        return LineKind::ControllerLog;
    if (isStackLine(l))
        return LineKind::StackLine;
    if (isClfAccess(l))
        return LineKind::ClfAccess;
    return LineKind::Unknown;
}

bool startsWithZerologLevel(QByteArrayView s)
{
    if (s.size() < 4 || s[3] != ' ')
        return false;
    const QByteArrayView l = s.first(3);
    return l == "TRC" || l == "DBG" || l == "INF" || l == "WRN" || l == "ERR" || l == "FTL" || l == "PNC";
}

bool startsWithSpacedZapLevel(QByteArrayView s)
{
    qsizetype i = 0;
    while (i < s.size() && s[i] == ' ')
        ++i;
    if (i < 2)
        return false;
    qsizetype e = i;
    while (e < s.size() && s[e] >= 'a' && s[e] <= 'z')
        ++e;
    if (e >= s.size() || s[e] != ' ')
        return false;
    const QByteArrayView level = s.sliced(i, e - i);
    return level == "info" || level == "warn" || level == "warning" || level == "error" || level == "debug"
        || level == "fatal" || level == "panic" || level == "dpanic";
}

bool isKnownLine(QByteArrayView line)
{
    const LineKind k = classifyLine(line);
    return k != LineKind::Unknown && k != LineKind::StackLine;
}

} // namespace gateline
