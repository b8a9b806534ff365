#include "rowsort.h"

#include <algorithm>

namespace gateline {

namespace {
constexpr size_t kChunkRows = size_t(1) << 18; // 262,144 rows sorted in one step
constexpr size_t kCheckEvery = size_t(1) << 20; // merged rows between cancel checks

class Steps
{
public:
    Steps(size_t total, const std::function<void(int)> &progress, const std::function<bool()> &cancelled)
        : m_total(std::max<size_t>(1, total)), m_progress(progress), m_cancelled(cancelled)
    {
    }
    // Adds done units; false when cancelled.
    bool advance(size_t units)
    {
        m_done += units;
        const int percent = int(std::min<size_t>(100, m_done * 100 / m_total));
        if (m_progress && percent > m_percent) {
            m_percent = percent;
            m_progress(percent);
        }
        return !(m_cancelled && m_cancelled());
    }

private:
    size_t m_total, m_done = 0;
    int m_percent = -1;
    const std::function<void(int)> &m_progress;
    const std::function<bool()> &m_cancelled;
};

int passesFor(size_t chunks)
{
    int passes = 0;
    for (size_t width = 1; width < chunks; width *= 2)
        ++passes;
    return passes;
}

template<typename Key>
bool sortBy(std::vector<RowRef> &rows, Key key, Steps &steps)
{
    const auto less = [&key](const RowRef &a, const RowRef &b) { return key(a) < key(b); };
    const size_t n = rows.size();
    for (size_t lo = 0; lo < n; lo += kChunkRows) {
        const size_t hi = std::min(n, lo + kChunkRows);
        std::stable_sort(rows.begin() + qsizetype(lo), rows.begin() + qsizetype(hi), less);
        if (!steps.advance(hi - lo))
            return false;
    }
    if (n <= kChunkRows)
        return true;
    std::vector<RowRef> buffer(n);
    RowRef *src = rows.data();
    RowRef *dst = buffer.data();
    for (size_t width = kChunkRows; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            const size_t mid = std::min(n, lo + width), hi = std::min(n, lo + 2 * width);
            size_t i = lo, j = mid, k = lo, sinceCheck = 0;
            while (i < mid && j < hi) {
                // Stable: on equal keys the left run's row comes first.
                dst[k++] = less(src[j], src[i]) ? src[j++] : src[i++];
                if (++sinceCheck == kCheckEvery) {
                    sinceCheck = 0;
                    if (!steps.advance(0))
                        return false;
                }
            }
            std::copy(src + i, src + mid, dst + k);
            k += mid - i;
            std::copy(src + j, src + hi, dst + k);
            if (!steps.advance(hi - lo))
                return false;
        }
        std::swap(src, dst);
    }
    if (src != rows.data())
        rows.swap(buffer);
    return true;
}
} // namespace

bool sortRows(const EventStore &store, std::vector<RowRef> &rows, const RowSortSpec &spec,
              const std::function<void(int)> &progress, const std::function<bool()> &cancelled)
{
    const size_t n = rows.size();
    const size_t chunks = (n + kChunkRows - 1) / kChunkRows;
    // Units: each row sorted in its chunk, and each row merged once per pass.
    Steps steps(spec.key == RowSortSpec::Time ? 1 : n * size_t(1 + passesFor(chunks)), progress, cancelled);
    if (!steps.advance(0))
        return false;
    auto src = [&store](const RowRef &r) -> const SourceData & { return store.source(SourceId{r.source}); };
    bool ok = true;
    switch (spec.key) {
    case RowSortSpec::Time: break; // already in aligned-time order
    case RowSortSpec::Status: ok = sortBy(rows, [&](const RowRef &r) { return src(r).status(r.row); }, steps); break;
    case RowSortSpec::UpstreamStatus:
        ok = sortBy(rows, [&](const RowRef &r) { return src(r).upstreamStatus(r.row); }, steps);
        break;
    case RowSortSpec::Duration: ok = sortBy(rows, [&](const RowRef &r) { return src(r).durationMs(r.row); }, steps); break;
    case RowSortSpec::Count: ok = sortBy(rows, [&](const RowRef &r) { return src(r).count(r.row); }, steps); break;
    case RowSortSpec::Source: ok = sortBy(rows, [](const RowRef &r) { return r.source; }, steps); break;
    case RowSortSpec::String:
        if (spec.string != SourceData::StringColumnCount) {
            const auto column = spec.string;
            ok = sortBy(rows, [&](const RowRef &r) { return src(r).bytes(column, r.row); }, steps);
        }
        break;
    }
    if (!ok)
        return false;
    if (spec.descending)
        std::reverse(rows.begin(), rows.end());
    return steps.advance(spec.key == RowSortSpec::Time ? 1 : 0);
}

} // namespace gateline
