// The X-Amzn-Trace-Id join: an ALB logs the Root of every request's trace id, and an ingress whose
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

// The clock offset of an ingress source from requests paired by trace id with the load balancers'
// (ALB) requests: a block of up to maxSamples ingress requests inside the load balancers' span (on
// guessSeconds, the offset known so far), paired with the ALB lines within ±windowSeconds of it.
// matched counts the pairs, sampled the ingress requests that carried a trace id.
SkewEstimate estimateByTraceIds(const EventStore &store, const SourceData &ingress, double guessSeconds,
                                double windowSeconds, qsizetype maxSamples = 1000);

} // namespace gateline
