#include "counts.h"

namespace gateline {

RequestCounts countRequests(const EventStore &store)
{
    RequestCounts c;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (!isLoadBalancerFormat(s.format))
            continue;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.kind(i) != EventKind::Request)
                continue;
            ++c.requests;
            if (s.status(i) == 502) {
                ++c.status502;
                if (s.upstreamStatus(i) == kUpstreamDash)
                    ++c.missingUpstream502;
            }
        }
    }
    return c;
}

} // namespace gateline
