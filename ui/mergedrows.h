// The source panes' rows, merged per format on the aligned timeline in the background (at load,
// after an analysis or a realignment), so that the GUI thread never merges: a pane takes the
// rows made for the shifts it shows (SourcePane::setSources, refreshShifts).
#pragma once

#include "models/sourcetablemodel.h"

#include <QHash>

#include <functional>
#include <memory>
#include <vector>

namespace gateline {

class Analysis;

struct MergedRows {
    std::vector<qint64> shifts; // per SourceId value: the shifts the rows are merged for
    QHash<int, std::shared_ptr<const std::vector<RowRef>>> byFormat; // SourceFormat -> all its sources' rows
};

// Per SourceId value: the µs the analysis adds to each source's times (zeros without one).
std::vector<qint64> shiftsOf(const EventStore &store, const Analysis *analysis);

// Every format's sources merged for these shifts. A format whose sources all moved by the same
// amount since previous (or did not move) keeps previous's rows, which are in the same order;
// the others are merged again. Null when cancelled() says so between formats.
std::shared_ptr<const MergedRows> mergeRowsByFormat(const EventStore &store, const SourceTableModel::Orders &orders,
                                                    std::vector<qint64> shifts, const MergedRows *previous,
                                                    const std::function<bool()> &cancelled);

} // namespace gateline
