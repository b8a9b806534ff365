// Classifies a proxy's or controller's own log message (ingress-nginx klog lines, Traefik's own
// lines, Envoy's application log, the AWS Load Balancer Controller) into the few categories the
// analysis can use as evidence. Parsers store the category in Record::reason.
#pragma once

#include <QByteArrayView>

namespace gateline {

// The category ids stored in the reason column (stable: they appear in JSON and goldens).
namespace ControllerCategory {
inline constexpr const char Reload[] = "reload";              // configuration change / backend reloaded
inline constexpr const char ReloadFailed[] = "reload-failed"; // a reload that failed
inline constexpr const char NoEndpoints[] = "no-endpoints";   // a service with no ready endpoint / no healthy upstream
inline constexpr const char UpstreamEof[] = "upstream-eof";   // the upstream closed or reset the connection (EOF, reset, broken pipe)
inline constexpr const char UpstreamRefused[] = "upstream-refused"; // connection refused
inline constexpr const char UpstreamTimeout[] = "upstream-timeout"; // i/o timeout, deadline exceeded
inline constexpr const char Dns[] = "dns";                    // name resolution failed
inline constexpr const char Panic[] = "panic";                // a Go panic / fatal error (with its stack)
inline constexpr const char Start[] = "start";                // the controller started (its start banner)
inline constexpr const char Shutdown[] = "shutdown";          // the proxy was told to stop (SIGTERM): it drains and exits
inline constexpr const char Other[] = "other";
}

// One of the ControllerCategory ids for a message (never null).
const char *classifyControllerMessage(QByteArrayView message);

// The name of a Go resolver error in a message ("dial tcp: lookup NAME on 10.96.0.10:53: i/o
// timeout" -> NAME, whatever the reason), else empty. Such a message is classified Dns.
QByteArrayView goDnsLookupName(QByteArrayView message);

// At most max bytes of s, not cutting a UTF-8 sequence (for the short text kept per record).
inline QByteArrayView truncateUtf8(QByteArrayView s, qsizetype max)
{
    if (s.size() <= max)
        return s;
    qsizetype n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return s.first(n);
}

} // namespace gateline
