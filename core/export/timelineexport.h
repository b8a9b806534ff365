// The aligned timeline of a time range as CSV and JSON: every record of every source, sorted by its
// corrected (aligned UTC) time, with its source, its original time and what the record holds.
#pragma once

#include "analysis/analysis.h"
#include "timerange/timemapping.h"

#include <QByteArray>
#include <vector>

class QIODevice;

namespace gateline {

struct TimelineEventRef {
    qint64 us = 0;      // aligned time
    SourceId source;
    qint32 row = -1;
};

// The records within range (all of them if range is invalid), sorted by (aligned time, source, row).
std::vector<TimelineEventRef> collectTimelineEvents(const Analysis &analysis, const TimeSpan &range);

// CSV (RFC 4180, CRLF line ends, a header row). Columns:
//   time_utc, original_time, clock_offset_s, source, format, kind, status, upstream_status, duration_ms,
//   count, origin, client, method, path, host, upstream, reason, object, namespace, text
// original_time is the time as the log wrote it (no trailing Z for local-time logs without an offset);
// clock_offset_s = time_utc - original_time. status holds the exit code for pod terminations;
// upstream_status "-" means the upstream never answered. origin is set for load-balancer 502s.
// Every text cell from a log is defused against spreadsheet formulas (a leading ').
bool writeTimelineCsv(const Analysis &analysis, const TimeSpan &range, QIODevice *out);
// JSON: { "schema": "gateline.timeline/1", "range": {from, to} | null, "sources": [...], "events": [...] }
// with one event object per line; fields a record lacks are left out.
bool writeTimelineJson(const Analysis &analysis, const TimeSpan &range, QIODevice *out);

QByteArray timelineCsv(const Analysis &analysis, const TimeSpan &range);
QByteArray timelineJson(const Analysis &analysis, const TimeSpan &range);

// "request", "upstream-error", "log", "k8s-event", "pod-termination", "pod-start".
QString eventKindId(EventKind kind);
// The original time as logged: RFC 3339, without the Z when the log gave no time zone.
QString originalTimeText(const SourceData &s, qsizetype row);
// Seconds with up to 6 decimals and no trailing zeros: "-2", "0.25", "7200".
QString secondsText(qint64 us);

} // namespace gateline
