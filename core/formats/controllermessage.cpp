#include "controllermessage.h"

namespace gateline {

namespace {
bool has(QByteArrayView m, const char *needle)
{
    return m.contains(QByteArrayView(needle));
}
} // namespace

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
    if (has(m, "no such host") || has(m, "could not be resolved") || has(m, "server misbehaving"))
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
