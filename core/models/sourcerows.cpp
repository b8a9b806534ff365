#include "sourcerows.h"

#include <QLatin1StringView>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <queue>

namespace gateline {

std::vector<qint32> timeOrder(const SourceData &s)
{
    std::vector<qint32> order(size_t(s.size()));
    std::iota(order.begin(), order.end(), 0);
    // Lines are mostly in order already: check before sorting.
    bool sorted = true;
    for (qsizetype i = 1; i < s.size() && sorted; ++i)
        sorted = s.time(i - 1) <= s.time(i);
    if (!sorted)
        std::stable_sort(order.begin(), order.end(), [&s](qint32 a, qint32 b) { return s.time(a) < s.time(b); });
    return order;
}

std::vector<RowRef> mergeByAlignedTime(const EventStore &store, const QList<SourceId> &sources,
                                       const std::vector<std::vector<qint32>> &orders,
                                       const std::vector<qint64> &shifts)
{
    size_t total = 0;
    for (const SourceId id : sources)
        total += orders[size_t(id.value)].size();
    std::vector<RowRef> out;
    out.reserve(total);
    if (sources.size() == 1) {
        const qint32 src = sources.first().value;
        for (qint32 row : orders[size_t(src)])
            out.push_back({src, row});
        return out;
    }
    struct Head {
        qint64 us;
        qint32 source;
        size_t pos;
        bool operator>(const Head &o) const { return us != o.us ? us > o.us : source > o.source; }
    };
    auto timeOf = [&](qint32 src, size_t pos) {
        return store.source(SourceId{src}).time(orders[size_t(src)][pos]).us + shifts[size_t(src)];
    };
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heap;
    for (const SourceId id : sources) {
        if (!orders[size_t(id.value)].empty())
            heap.push({timeOf(id.value, 0), id.value, 0});
    }
    while (!heap.empty()) {
        Head h = heap.top();
        heap.pop();
        const auto &order = orders[size_t(h.source)];
        out.push_back({h.source, order[h.pos]});
        if (++h.pos < order.size()) {
            h.us = timeOf(h.source, h.pos);
            heap.push(h);
        }
    }
    return out;
}

RowFilter::RowFilter(const EventStore &store, const std::vector<qint64> &shifts, const SourceFilter &filter)
    : m_store(store)
    , m_shifts(shifts)
    , m_filter(filter)
    , m_needle(filter.text.trimmed().toUtf8())
{
    bool ok = false;
    const int n = filter.text.trimmed().toInt(&ok);
    if (ok && n >= 100 && n <= 599)
        m_number = n;
    m_stringMatch.resize(size_t(store.sourceCount()));
}

bool RowFilter::textMatches(const SourceData &s, qint32 source, qsizetype row)
{
    if (m_needle.isEmpty())
        return true;
    if (m_number > 0 && (s.status(row) == m_number || s.upstreamStatus(row) == m_number))
        return true;
    auto &cache = m_stringMatch[size_t(source)];
    if (cache.empty())
        cache.assign(s.pool().size(), qint8(-1));
    const QLatin1StringView needle(m_needle);
    for (int c = 0; c < SourceData::StringColumnCount; ++c) {
        const quint32 id = s.stringId(SourceData::StringColumn(c), row);
        if (id == StringPool::Empty)
            continue;
        qint8 &m = cache[id];
        if (m < 0) {
            const QByteArrayView v = s.pool().view(id);
            m = QLatin1StringView(v.data(), v.size()).contains(needle, Qt::CaseInsensitive) ? 1 : 0;
        }
        if (m)
            return true;
    }
    return false;
}

bool RowFilter::accepts(const RowRef &r)
{
    const SourceData &s = m_store.source(SourceId{r.source});
    if (m_filter.span.isValid() && !m_filter.span.contains(s.time(r.row).us + m_shifts[size_t(r.source)]))
        return false;
    return matchesStatus(m_filter.status, s, r.row) && textMatches(s, r.source, r.row);
}

bool RowFilter::passesAll() const
{
    return !m_filter.span.isValid()
        && (!m_filter.isActive() || (m_filter.status == SourceFilter::AnyStatus && m_needle.isEmpty()));
}

RowFilter::Range RowFilter::spanRange(const std::vector<RowRef> &ordered) const
{
    auto begin = ordered.begin();
    auto end = ordered.end();
    if (m_filter.span.isValid()) {
        auto timeOf = [this](const RowRef &r) {
            return m_store.source(SourceId{r.source}).time(r.row).us + m_shifts[size_t(r.source)];
        };
        begin = std::lower_bound(begin, end, m_filter.span.fromUs,
                                 [&](const RowRef &r, qint64 us) { return timeOf(r) < us; });
        end = std::lower_bound(begin, end, m_filter.span.toUs,
                               [&](const RowRef &r, qint64 us) { return timeOf(r) < us; });
    }
    return {begin, end};
}

qsizetype RowFilter::rowsToRead(const std::vector<RowRef> &ordered) const
{
    const Range r = spanRange(ordered);
    return qsizetype(r.second - r.first);
}

std::vector<RowRef> RowFilter::apply(const std::vector<RowRef> &ordered)
{
    std::vector<RowRef> out;
    apply(ordered, out, {}, {});
    return out;
}

bool RowFilter::apply(const std::vector<RowRef> &ordered, std::vector<RowRef> &out,
                      const std::function<void(int)> &progress, const std::function<bool()> &cancelled)
{
    constexpr qsizetype kStep = qsizetype(1) << 16;
    const auto [begin, end] = spanRange(ordered);
    const qsizetype n = qsizetype(end - begin);
    int percent = -1;
    const auto step = [&](qsizetype done) {
        const int p = n > 0 ? int(done * 100 / n) : 100;
        if (progress && p > percent) {
            percent = p;
            progress(p);
        }
        return !(cancelled && cancelled());
    };
    out.clear();
    if (!step(0))
        return false;
    if (!m_filter.isActive() || (m_filter.status == SourceFilter::AnyStatus && m_needle.isEmpty())) {
        // The span only: one copy, in steps.
        out.reserve(size_t(n));
        for (qsizetype done = 0; done < n; done += kStep) {
            out.insert(out.end(), begin + done, begin + std::min(n, done + kStep));
            if (!step(std::min(n, done + kStep)))
                return false;
        }
        return step(n);
    }
    for (qsizetype done = 0; done < n; done += kStep) {
        const auto stop = begin + std::min(n, done + kStep);
        for (auto it = begin + done; it != stop; ++it) {
            const SourceData &s = m_store.source(SourceId{it->source});
            if (matchesStatus(m_filter.status, s, it->row) && textMatches(s, it->source, it->row))
                out.push_back(*it);
        }
        if (!step(std::min(n, done + kStep)))
            return false;
    }
    return step(n);
}

qsizetype nearestRow(const EventStore &store, const std::vector<qint64> &shifts, const std::vector<RowRef> &rows,
                     qint64 us, const std::function<bool()> &cancelled)
{
    constexpr size_t kCheckEvery = size_t(1) << 20;
    qsizetype best = -1;
    qint64 bestD = std::numeric_limits<qint64>::max();
    for (size_t i = 0; i < rows.size(); ++i) {
        if ((i & (kCheckEvery - 1)) == 0 && i > 0 && cancelled && cancelled())
            return -1;
        const RowRef r = rows[i];
        const qint64 d = std::abs(store.source(SourceId{r.source}).time(r.row).us + shifts[size_t(r.source)] - us);
        if (d < bestD) {
            bestD = d;
            best = qsizetype(i);
        }
    }
    return best;
}

} // namespace gateline
