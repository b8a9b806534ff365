// Sorting a source pane's rows by a column on a worker, in steps that can be cancelled and that
// report progress: chunks of rows sorted one at a time, then merged pass by pass (a bottom-up
// merge sort; stable, as std::stable_sort). 10M rows sort in seconds on a worker instead of
// stalling the GUI thread (SourceTableModel::sort() with a JobRunner).
#pragma once

#include "sourcerows.h"

#include <functional>

namespace gateline {

struct RowSortSpec {
    enum Key { Time, Status, UpstreamStatus, Duration, Count, Source, String };
    Key key = Time;
    SourceData::StringColumn string = SourceData::StringColumnCount; // for String
    bool descending = false;
};

// Sorts rows (in aligned-time order) by spec: ascending and stable, then reversed for descending
// (as the synchronous sort always did). Time only reverses (the rows are already in time order).
// progress(percent) is called whenever the percentage grows; cancelled() is asked between steps
// and every million rows merged. Returns false when cancelled (rows are then in no useful order).
bool sortRows(const EventStore &store, std::vector<RowRef> &rows, const RowSortSpec &spec,
              const std::function<void(int percent)> &progress = {}, const std::function<bool()> &cancelled = {});

} // namespace gateline
