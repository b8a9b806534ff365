#include "mergedrows.h"

#include "analysis/analysis.h"

#include <map>

namespace gateline {

std::vector<qint64> shiftsOf(const EventStore &store, const Analysis *analysis)
{
    std::vector<qint64> out(size_t(store.sourceCount()), 0);
    if (analysis) {
        for (qsizetype i = 0; i < store.sourceCount(); ++i)
            out[size_t(i)] = analysis->timeline().shiftUs(SourceId{int(i)});
    }
    return out;
}

std::shared_ptr<const MergedRows> mergeRowsByFormat(const EventStore &store, const SourceTableModel::Orders &orders,
                                                    std::vector<qint64> shifts, const MergedRows *previous,
                                                    const std::function<bool()> &cancelled)
{
    std::map<int, QList<SourceId>> groups;
    for (qsizetype i = 0; i < store.sourceCount(); ++i)
        groups[int(store.source(SourceId{int(i)}).format)].append(SourceId{int(i)});
    auto out = std::make_shared<MergedRows>();
    const bool comparable = previous && previous->shifts.size() == shifts.size();
    for (const auto &[format, ids] : groups) {
        if (cancelled && cancelled())
            return nullptr;
        if (comparable) {
            // The same move for every source of the format: the merged order stays the same.
            const auto was = previous->byFormat.value(format);
            bool uniform = bool(was);
            const size_t first = size_t(ids.first().value);
            for (qsizetype i = 1; uniform && i < ids.size(); ++i) {
                const size_t s = size_t(ids[i].value);
                uniform = shifts[s] - previous->shifts[s] == shifts[first] - previous->shifts[first];
            }
            if (uniform) {
                out->byFormat.insert(format, was);
                continue;
            }
        }
        out->byFormat.insert(format, std::make_shared<const std::vector<RowRef>>(mergeByAlignedTime(store, ids, orders, shifts)));
    }
    out->shifts = std::move(shifts);
    return out;
}

} // namespace gateline
