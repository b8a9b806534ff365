#include "counts.h"

#include "jobs/parallelfor.h"

#include <memory>
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
    // A source per item, a batch of rows at a time (SourceData::readRows): a row's accessors, a
    // lookup and a branch each, made this pass a serial stretch of the analysis.
    std::vector<RequestCounts> partial(lbs.size());
    parallelFor(qsizetype(lbs.size()), [&](qsizetype n) {
        const SourceData &s = *lbs[size_t(n)];
        RequestCounts &c = partial[size_t(n)];
        auto batch = std::make_unique<SourceData::RowBatch>();
        for (qsizetype from = 0; from < s.size(); from += SourceData::RowBatch::kRows) {
            const int rows = int(std::min<qsizetype>(SourceData::RowBatch::kRows, s.size() - from));
            s.readRows(from, rows, batch.get());
            for (int k = 0; k < rows; ++k) {
                if (batch->kind(k) != EventKind::Request)
                    continue;
                ++c.requests;
                if (batch->status[k] == 502) {
                    ++c.status502;
                    if (s.upstreamStatus(from + k) == kUpstreamDash)
                        ++c.missingUpstream502;
                }
            }
        }
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
