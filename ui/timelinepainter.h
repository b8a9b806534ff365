// Paints what the timeline draws over the chart: event lanes and lines, rollout bands, the
// selection, the cursor, pinned notes, a highlighted pair and the drag feedback.
#pragma once

#include "investigation/investigation.h"
#include "timelinedata.h"

#include <QPalette>
#include <QRectF>

#include <optional>

class QPainter;

namespace gateline {

struct TimelineOverlay {
    QRectF plot;                 // plot area (scene coordinates)
    TimeSpan visible;
    const TimelineData *data = nullptr;
    QList<EventClass> lanes;     // lanes above the plot, top to bottom
    double laneHeight = 16;
    double laneGap = 4;          // between the last lane and the plot (room for the top y label)
    TimeSpan selection;
    std::optional<qint64> cursor;
    const QList<PinnedNote> *notes = nullptr;
    std::optional<std::pair<qint64, qint64>> highlight;
    TimeSpan pinned;             // the panes' pinned range: a bracket along the plot's top
    QRectF dragRect;             // rubber band or selection being dragged (empty: none)
    bool dragSelects = false;
    bool dark = false;
    QPalette palette;
};

void paintTimelineOverlay(QPainter &p, const TimelineOverlay &o);

// Markers of the given kind within a few pixels of x (for the hover summary).
std::vector<const TimelineMarker *> markersNear(const TimelineData &data, const TimeSpan &visible,
                                                const QRectF &plot, double x, double radiusPx = 4);

} // namespace gateline
