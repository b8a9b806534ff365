// The Common/Combined Log Format prefix that NGINX access, ingress-nginx upstreaminfo and Traefik
// CLF lines share, parsed without allocating:
//   [vhost] client[, client...] [ident] user [dd/Mon/yyyy:hh:mm:ss +zzzz] "request" status bytes
//   ["referer" "user agent"] rest...
// Also the per-line classification the sniffers of those formats (and the NGINX error log) share.
#pragma once

#include "store/record.h"
#include "store/sourcedata.h"

#include <QByteArrayView>

namespace gateline {

struct ClfLine {
    QByteArrayView vhost;     // leading $host / $host:port, empty if none
    QByteArrayView client;    // the FIRST address of the client list (the original client), port stripped
    Timestamp time;           // UTC
    int utcOffsetSeconds = 0; // the line's zone offset
    QByteArrayView request;   // raw request line without the quotes (may be empty or garbage)
    qint16 status = 0;        // 0 when logged as '-'
    qint64 bytes = -1;        // response body bytes; -1 when logged as '-'
    bool combined = false;    // referer and user agent were present
    QByteArrayView rest;      // what follows the user agent (or the byte count), leading spaces skipped
};

// Parses the CLF prefix of line. On failure returns false and sets *error to a short reason.
bool parseClfLine(QByteArrayView line, ClfLine *out, const char **error);

// Fills time, client, status, method, path and host (vhost, else the host of an absolute-form
// request target) of r from c. A request that is not "METHOD target [HTTP/x]" leaves method and
// path empty: the line is still a request record.
void fillClfRecord(const ClfLine &c, Record *r);
// Remembers the line's zone offset on the source (for per-ingress timezone inference).
inline void noteClfOffset(const ClfLine &c, SourceData &out)
{
    out.utcOffsetSeconds = c.utcOffsetSeconds;
    out.sawUtcOffset = true;
}

// An upstream / server URL reduced to its address: "http://10.1.2.3:8080/x" -> "10.1.2.3:8080",
// "fastcgi://unix:/run/php.sock:" -> "unix:/run/php.sock"; "-" and "/" (no server) -> empty.
QByteArrayView upstreamHostPort(QByteArrayView url);

// Traefik's extras after the user agent: <request count> "<router>" "<server URL>" <N>ms. Parsed
// from the end because Traefik does not escape quotes (user agents may hold some). Older versions
// print frontend/backend names in the quoted spots; a router whose closing quote is missing (as in
// published samples) is kept. '-' fields are left empty.
struct TraefikSuffix {
    QByteArrayView router;
    QByteArrayView url;
    double durationMs = 0;
};
bool parseTraefikSuffix(QByteArrayView rest, TraefikSuffix *out);

// What follows the user agent, roughly: enough for sniffing, not a full parse.
enum class ClfSuffix : quint8 {
    None,         // nothing (plain combined / common)
    UpstreamInfo, // ingress-nginx: "$request_length $request_time [$proxy_upstream_name] ..."
    Traefik,      // Traefik: "<count> "router" "server URL" <N>ms"
    Other,        // anything else (extra quoted fields, custom formats)
};
ClfSuffix classifyClfSuffix(QByteArrayView rest);

// "2016/10/25 14:49:34 [error] 12#12: ..." (the shape, and one of NGINX's lower-case levels).
bool looksLikeNginxErrorLine(QByteArrayView line);
// One of NGINX's error-log levels and its closing bracket at `at` ("error]", "warn]", ...).
bool isNginxErrorLevelAt(QByteArrayView line, qsizetype at);
// klog header "I1215 10:11:12.123456       7 controller.go:123] ..." (only the shape is checked).
bool looksLikeKlogLine(QByteArrayView line);
// glog before flag.Parse() (ingress-nginx up to 0.9, 2017) put "ERROR: logging before flag.Parse: "
// in front of every klog line: its length if line starts with it, else 0. looksLikeKlogLine and
// klogHeader skip it.
qsizetype klogPrefixLength(QByteArrayView line);

// A klog header (no year, no zone): "I1215 10:11:12.123456       7 controller.go:123] message".
struct KlogHeader {
    char severity = 'I';
    int month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
    qsizetype message = 0; // where the message starts
};
bool klogHeader(QByteArrayView line, KlogHeader *h);

// Line counts over the first lines of a sniffed head (at most 400 lines; a partial last line
// counts only if it parses).
struct ClfHeadStats {
    int lines = 0;        // non-empty lines looked at
    int clf = 0;          // lines with a CLF prefix, of which:
    int upstreamInfo = 0; //   ... with the ingress-nginx upstreaminfo suffix
    int traefik = 0;      //   ... with the Traefik suffix
    int nginxError = 0;   // NGINX error-log lines
    int klog = 0;         // klog (ingress-nginx controller) lines
    int continuation = 0; // other lines directly after an error-log or klog event (multi-line events)
};
ClfHeadStats clfHeadStats(QByteArrayView head);

} // namespace gateline
