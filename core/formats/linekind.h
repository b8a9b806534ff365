// Decides the kind of one log line from its first bytes, so that a stream interleaving several
// kinds (kubectl logs of an ingress controller: access lines on stdout, NGINX error and controller
// lines on stderr; Traefik's access and own lines; Envoy's access and application log) can route
// each line to its parser.
#pragma once

#include <QByteArrayView>

namespace gateline {

enum class LineKind : quint8 {
    Unknown,        // none of the kinds below: a continuation line, or foreign
    ClfAccess,      // NGINX combined / ingress-nginx upstreaminfo / Traefik CLF access line
    NginxError,     // "2024/01/02 10:00:00 [error] ..."
    Klog,           // "I0602 10:06:23.132189       7 controller.go:190] ..."
    TraefikJson,    // a Traefik JSON access line
    EnvoyAccess,    // Envoy / Istio text access line, "[2024-01-02T10:00:00.000Z] "GET ..."
    EnvoyJson,      // an Envoy JSON access line
    ControllerLog,  // a proxy's or controller's own line: logrus, zerolog, zap/JSON, Envoy app log,
                    // a Go panic's first line, the ingress-nginx start banner
    StackLine,      // a line of a Go stack trace (continues a panic)
};

LineKind classifyLine(QByteArrayView line);
// A zerolog level and a space ("ERR ") at the start (Traefik v3 writes its time, then this).
bool startsWithZerologLevel(QByteArrayView s);
// Istio's proxy agent writes "TIME\tlevel\tscope\tmessage" (zap's console encoding); pasted from a
// terminal the tabs are spaces: s is what follows the time, two or more spaces, a lower-case zap
// level ("info", "warn", "warning", "error", "debug", "fatal", "panic", "dpanic") and a space.
bool startsWithSpacedZapLevel(QByteArrayView s);
// Any kind but Unknown and StackLine.
bool isKnownLine(QByteArrayView line);

} // namespace gateline
