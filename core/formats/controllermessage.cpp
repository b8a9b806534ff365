#include "controllermessage.h"

namespace gateline {

namespace {
bool has(QByteArrayView m, const char *needle)
{
    return m.contains(QByteArrayView(needle));
}
} // namespace

// Go's resolver error, which Traefik (and every Go proxy) writes into its own lines: "dial tcp:
// lookup storefront.shop.svc.cluster.local on 172.20.0.10:53: server misbehaving", "... on
// 10.96.0.10:53: read udp 10.0.1.5:41234->10.96.0.10:53: i/o timeout", "... on 10.96.0.10:53: no
// such host", "... on 10.96.0.10:53: dial udp 10.96.0.10:53: connect: connection refused" (Go's
// net.DNSError: "lookup NAME on SERVER: reason"). Its reason is the resolver's, so an "i/o timeout"
// or "connection refused" there is DNS trouble, not an upstream's. (The cgo resolver's "lookup
// NAME: no such host" is caught by its reason; "lookup X: ..." alone is too loose a shape.)
QByteArrayView goDnsLookupName(QByteArrayView m)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype at = m.indexOf(QByteArrayView("lookup "), from);
        if (at < 0)
            return {};
        from = at + 7;
        // a word of its own ("lookup", not "nslookup"), after "dial tcp: " or at a message's start
        if (at > 0 && m[at - 1] != ' ' && m[at - 1] != '"' && m[at - 1] != '\'')
            continue;
        qsizetype end = from;
        while (end < m.size() && m[end] != ' ' && m[end] != ':' && m[end] != '"')
            ++end;
        if (end > from && m.sliced(end).startsWith(" on "))
            return m.sliced(from, end - from);
    }
}

const char *classifyControllerMessage(QByteArrayView m)
{
    using namespace ControllerCategory;
    if (m.startsWith("panic:") || m.startsWith("fatal error:") || has(m, "panic: runtime error"))
        return Panic;
    // The proxy itself told to stop, in each one's words: ingress-nginx's sigterm.go "Received
    // SIGTERM, shutting down", Envoy's server "caught ENVOY_SIGTERM" (the caught-signal lines of
    // other Go proxies: "caught SIGTERM"), Traefik's "Stopping server gracefully".
    if (has(m, "Received SIGTERM") || has(m, "caught ENVOY_SIGTERM") || has(m, "caught SIGTERM")
        || has(m, "Stopping server gracefully"))
        return Shutdown;
    if (has(m, "Error reloading NGINX") || has(m, "Unexpected failure reloading the backend")
        || has(m, "error reloading") || has(m, "reload failed")
        || has(m, "unexpected failure restarting the backend")) // ingress-nginx 0.9 (2017)
        return ReloadFailed;
    if (has(m, "does not have any active Endpoint") || has(m, "does not have any active endpoints") // 0.9
        || has(m, "no healthy upstream")
        || has(m, "no servers found") || has(m, "No endpoints found") || has(m, "has no endpoints")
        || has(m, "no available server"))
        return NoEndpoints;
    if (has(m, "no such host") || has(m, "could not be resolved") || has(m, "server misbehaving")
        || !goDnsLookupName(m).isEmpty())
        return Dns;
    if (has(m, "connection refused"))
        return UpstreamRefused;
    if (has(m, "i/o timeout") || has(m, "context deadline exceeded") || has(m, "Client.Timeout exceeded")
        || has(m, "timeout awaiting response headers"))
        return UpstreamTimeout;
    if (has(m, "caused by: EOF") || has(m, ": EOF") || has(m, "\"EOF\"") || has(m, "=EOF") || has(m, "unexpected EOF") || has(m, "connection reset by peer")
        || has(m, "broken pipe") || has(m, "server closed idle connection") || has(m, "http: server closed"))
        return UpstreamEof;
    if (has(m, "Configuration changes detected") || has(m, "Backend successfully reloaded")
        || has(m, "backend reload required") || has(m, "Configuration loaded") || has(m, "Server configuration reloaded")
        || has(m, "Configuration received") || has(m, "Dynamic reconfiguration"))
        return Reload;
    return Other;
}

} // namespace gateline
