// The parts of a simulated request that several writers print the same way: the path with its
// parameters, the user agent, referer, request id, and the upstream lists of the ingress.
#pragma once

#include "genrandom.h"
#include "simtypes.h"
#include "textbuffer.h"

namespace gateline::gen {

// Path (with query) of request r, from its endpoint template and variant.
void putPath(TextBuffer &b, const Endpoint &e, quint32 variant, quint64 assetHash);
const char *userAgent(quint8 index);
// Referer for the request ("-" for most API calls).
void putReferer(TextBuffer &b, const SimRequest &r, const Endpoint &e, const QByteArray &domain);
// Stable per-request hash (for ids that must be the same in every file).
inline quint64 requestHash(quint64 seed, const SimRequest &r, quint64 salt)
{
    return mix(seed ^ (quint64(r.variant) << 20), quint64(r.arrival), salt);
}

// The Root of the request's X-Amzn-Trace-Id ("Root=1-<epoch hex>-<24 hex>"), as the ALB logs it
// and as the ingress sees the header.
void putTraceRoot(TextBuffer &b, quint64 seed, const SimRequest &r);

// The upstream address an attempt went to ("ip:port", "upstream_balancer", external "ip:443", "-").
void putAttemptAddr(TextBuffer &b, const Topology &topo, const SimRequest &r, int attempt);

} // namespace gateline::gen
