// What the timeline chart draws, prepared on a worker: per series the sorted aligned times of its
// events (binned per redraw by binary search, so a million events bin in microseconds), and the
// event markers: the marker classes of analysis/eventclass.h (rollouts, restarts, OOM kills, Killing,
// probe failures, HPA rescales, the proxy's reloads, missing endpoints, upstream EOFs, panics).
#pragma once

#include "analysis/analysis.h"
#include "analysis/eventclass.h"
#include "store/timecounts.h"
#include "timerange/timemapping.h"

#include <QColor>
#include <QString>

#include <memory>
#include <vector>

namespace gateline {

struct TimelineSeries {
    enum Kind { Requests, Alb502, Ingress502, App502, Undetermined502, Lb502, IngressLogged502, Sidecar502, Cdn502 };
    Kind kind = Requests;
    QString name;
    std::vector<qint64> times; // aligned UTC µs, sorted
    // The requests are counted per 100 ms instead (8 bytes an event would be 400 MB at 50M lines).
    TimeCounts counts;
    bool isEmpty() const { return times.empty() && counts.isEmpty(); }
};

struct TimelineMarker {
    qint64 us = 0;
    EventClass cls = EventClass::Restart;
    qint32 count = 1;
    qint32 source = -1;
    qint32 row = -1;
};

struct TimelineData {
    std::vector<TimelineSeries> series;
    std::vector<TimelineMarker> markers; // sorted by time
    TimeSpan bounds;
    bool hasOrigins = false; // 502s split by hop (an analysis was available)

    const TimelineSeries *find(TimelineSeries::Kind k) const;
};

// From the store alone (no alignment yet: the first, fast picture) or with an analysis.
std::shared_ptr<const TimelineData> buildTimelineData(const EventStore &store, const Analysis *analysis);

// Counts of sorted times per bin: bins of binUs starting at firstBinUs, n bins.
std::vector<double> binCounts(const std::vector<qint64> &sorted, qint64 firstBinUs, qint64 binUs, int n);
// The same for a series, whether it holds times or counts.
std::vector<double> binCounts(const TimelineSeries &series, qint64 firstBinUs, qint64 binUs, int n);

// The palette of the event classes, shared by the timeline and the exported chart.
QColor eventClassColor(EventClass c, bool dark);
QColor seriesColor(TimelineSeries::Kind k, bool dark);

} // namespace gateline
