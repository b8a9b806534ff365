// Load-balancer request counts: requests, 502s, missing-upstream 502s.
#pragma once

#include "store/eventstore.h"

namespace gateline {

struct RequestCounts {
    qint64 requests = 0;            // load-balancer (ALB, GCP) requests
    qint64 status502 = 0;           // of which the LB answered 502
    qint64 missingUpstream502 = 0;  // of which the target never answered (target_status_code '-')
};

RequestCounts countRequests(const EventStore &store);
// True for a load-balancer 502 whose target never answered.
inline bool isMissingUpstream502(const SourceData &s, qsizetype i)
{
    return s.status(i) == 502 && s.upstreamStatus(i) == kUpstreamDash;
}

} // namespace gateline
