#include "counts.h"

#include "jobs/parallelfor.h"

#include <vector>

namespace gateline {

RequestCounts countRequests(const EventStore &store)
{
    std::vector<const SourceData *> lbs;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (isLoadBalancerFormat(s.format))
            lbs.push_back(&s);
    }
    // A source per item; the rows of each kind found by their codes (SourceData::forEachRowWhere),
    // a byte a row: a row's accessors, a lookup and a branch each, made this pass a serial stretch
    // of the analysis.
    std::vector<RequestCounts> partial(lbs.size());
    parallelFor(qsizetype(lbs.size()), [&](qsizetype n) {
        const SourceData &s = *lbs[size_t(n)];
        RequestCounts &c = partial[size_t(n)];
        qint64 requests = 0, status502 = 0, missing = 0;
        s.forEachRowWhere([](EventKind kind, qint16, qint16) { return kind == EventKind::Request; },
                          [&requests](qsizetype) { ++requests; });
        s.forEachRowWhere([](EventKind kind, qint16 status, qint16) { return kind == EventKind::Request && status == 502; },
                          [&](qsizetype i) {
                              ++status502;
                              missing += s.upstreamStatus(i) == kUpstreamDash;
                          });
        c.requests = requests;
        c.status502 = status502;
        c.missingUpstream502 = missing;
    });
    RequestCounts total;
    for (const RequestCounts &c : partial) {
        total.requests += c.requests;
        total.status502 += c.status502;
        total.missingUpstream502 += c.missingUpstream502;
    }
    return total;
}

} // namespace gateline
