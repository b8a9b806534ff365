// What the exported chart shows, computed without QtGui: HTTP 502s per time bin, stacked by the hop
// that made them, and markers for the events of the marker classes (rollouts, pod kills, restarts,
// OOM kills, probe failures, proxy reloads, panics, ...: analysis/eventclass.h) and notes.
// ui/export/chartrenderer paints it.
#pragma once

#include "postmortem.h"

#include "analysis/eventclass.h"

#include <QList>
#include <QString>
#include <optional>
#include <vector>

namespace gateline {

struct ChartSeries {
    QString id;        // alb, ingress, app, undetermined (or "ingress-log" without a load balancer)
    QString label;
    std::vector<double> values; // per bin
};

// An event of a marker class (analysis/eventclass.h: the same classes the timeline shows), or a
// pinned note when cls is empty.
struct ChartMarker {
    qint64 us = 0;
    std::optional<EventClass> cls;
    bool isNote() const { return !cls; }
};
// The legend text of a marker: the class's short label, or "note".
QString chartMarkerLabel(const ChartMarker &m);

struct ChartData {
    QString title;
    QString subtitle;
    TimeSpan span;            // the bins cover [span.fromUs, span.fromUs + bins * binUs)
    qint64 binUs = 1000000;
    qsizetype bins = 0;
    QList<ChartSeries> series; // stacked, in drawing order
    std::vector<ChartMarker> markers;
    double maxStack() const;  // the highest stacked bin
    qint64 total() const;     // all 502s in the chart
};

// The input's range (or all loaded data), at most maxBins bins of a "nice" width.
ChartData buildChartData(const PostmortemInput &input, int maxBins = 240);

} // namespace gateline
