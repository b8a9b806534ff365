// Row bookkeeping for the source panes: each source's rows in time order, the merge of several
// sources on the aligned timeline, and filtering. Indices only: the rows themselves stay in the
// columnar SourceData.
#pragma once

#include "sourcefilter.h"
#include "store/eventstore.h"

#include <functional>
#include <vector>

namespace gateline {

struct RowRef {
    qint32 source; // SourceId value
    qint32 row;
    bool operator==(const RowRef &) const = default;
};

// The rows of s sorted by their original time (stable). Run it on a worker: O(n log n).
std::vector<qint32> timeOrder(const SourceData &s);

// Merges per-source time orders into one aligned-time order. shifts: per SourceId value.
std::vector<RowRef> mergeByAlignedTime(const EventStore &store, const QList<SourceId> &sources,
                                       const std::vector<std::vector<qint32>> &orders,
                                       const std::vector<qint64> &shifts);

// Applies a filter to rows in aligned-time order (the span is found by binary search).
class RowFilter
{
public:
    RowFilter(const EventStore &store, const std::vector<qint64> &shifts, const SourceFilter &filter);
    std::vector<RowRef> apply(const std::vector<RowRef> &ordered);
    // The same, in steps that can be cancelled (on a worker): progress(percent) whenever the
    // percentage grows, cancelled() every 64K rows read. False when cancelled (out is then
    // partial: drop it).
    bool apply(const std::vector<RowRef> &ordered, std::vector<RowRef> &out,
               const std::function<void(int percent)> &progress, const std::function<bool()> &cancelled);
    // How many of the ordered rows apply() reads: those in the filter's span (found by binary
    // search), else all of them.
    qsizetype rowsToRead(const std::vector<RowRef> &ordered) const;
    bool accepts(const RowRef &r);
    // True when apply() would return every row (no span, status or text): callers can share the
    // ordered rows instead of copying them.
    bool passesAll() const;

private:
    using Range = std::pair<std::vector<RowRef>::const_iterator, std::vector<RowRef>::const_iterator>;
    Range spanRange(const std::vector<RowRef> &ordered) const;
    bool textMatches(const SourceData &s, qint32 source, qsizetype row);

    const EventStore &m_store;
    const std::vector<qint64> &m_shifts;
    SourceFilter m_filter;
    QByteArray m_needle;
    int m_number = -1; // the text as a status code, if it is one
    std::vector<std::vector<qint8>> m_stringMatch; // per source: per string id, -1 unknown, 0/1
};

// The index of the row whose aligned time is nearest to us in rows of any order (the first of
// equally near ones), -1 if there are none or cancelled() said stop (asked every million rows).
// O(rows): a sorted pane's "go to this moment" runs it on a worker.
qsizetype nearestRow(const EventStore &store, const std::vector<qint64> &shifts, const std::vector<RowRef> &rows,
                     qint64 us, const std::function<bool()> &cancelled = {});

} // namespace gateline
