// Request ids that cross hops. The X-Amzn-Trace-Id join: an ALB logs the Root of every request's trace id, and an ingress whose
// log format carries the header ($http_x_amzn_trace_id in ingress-nginx's log-format-upstream,
// Traefik's request_X-Amzn-Trace-Id) logs the same Root, so the two lines of one request pair
// exactly, whatever the client IP, the node or the path. Trace ids are not kept in memory (one per
// request would cost as much as the rest of a row): the lines a join needs are read back.
#pragma once

#include "skewestimator.h"
#include "store/eventstore.h"

#include <QString>
#include <vector>

namespace gateline {

// A hash of the first "Root=1-XXXXXXXX-YYYYYYYYYYYYYYYYYYYYYYYY" in a line (the trace id's Root,
// wherever the format puts it); 0 if the line has none.
quint64 traceRootHash(QByteArrayView line);

// Trace-root hashes of rows of s (any order; 0 where a line has none), read back from the source in
// one pass. False, with *error, if the source cannot be read.
bool readTraceRoots(const SourceData &s, const std::vector<qint32> &rows, std::vector<quint64> *roots,
                    QString *error = nullptr);

// True if most of the first requests of an ingress source carry a trace id (read back from it).
bool carriesTraceIds(const SourceData &s);

// A hash of the request id one hop hands the next in X-Request-ID: ingress-nginx logs its own as
// $req_id (32 hex digits, the last field of upstreaminfo) and sends it upstream, where Envoy and
// Istio sidecars log %REQ(X-REQUEST-ID)%; Envoy gateways make UUIDs. The last such token of the
// line (paths come before it in both formats); 0 if none.
quint64 requestIdHash(QByteArrayView line);
// Any id hash of a line (traceRootHash, requestIdHash).
using LineIdHash = quint64 (*)(QByteArrayView line);
// The ids of rows of s (any order; 0 where a line has none), read back in one pass.
bool readLineIds(const SourceData &s, const std::vector<qint32> &rows, LineIdHash idOf, std::vector<quint64> *ids,
                 QString *error = nullptr);
// True if most of the first requests of s carry such an id.
bool carriesIds(const SourceData &s, LineIdHash idOf);

// A source whose requests are the reference for a join, and the shift that puts its times on the
// reference clock.
struct ReferenceSource {
    SourceId id;
    qint64 shiftUs = 0;
};
// The clock offset of `joined` from requests paired by id (idOf) with the reference sources' requests
// (each placed at its aligned end time): a block of up to maxSamples requests of `joined` inside the
// references' span (on guessSeconds, the offset known so far), paired with the reference lines
// within ±windowSeconds of it. matched counts the pairs, sampled the requests that carried an id.
SkewEstimate estimateByIds(const EventStore &store, const QList<ReferenceSource> &references, const SourceData &joined,
                           LineIdHash idOf, double guessSeconds, double windowSeconds, qsizetype maxSamples = 1000);

// The clock offset of an ingress source from requests paired by trace id with the load balancers'
// (ALB) requests: a block of up to maxSamples ingress requests inside the load balancers' span (on
// guessSeconds, the offset known so far), paired with the ALB lines within ±windowSeconds of it.
// matched counts the pairs, sampled the ingress requests that carried a trace id.
SkewEstimate estimateByTraceIds(const EventStore &store, const SourceData &ingress, double guessSeconds,
                                double windowSeconds, qsizetype maxSamples = 1000);

} // namespace gateline
