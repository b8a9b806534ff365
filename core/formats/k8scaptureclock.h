// The "now" that kubectl's relative ages ("5m", "2m (x5 over 34m)") are counted back from, and a
// note on the source saying which time was used and where it came from.
#pragma once

#include "k8stextcells.h"
#include "logparser.h"

#include <QString>

namespace gateline::k8s {

class CaptureClock
{
public:
    // In order of preference: ParseOptions::captureTime (given, e.g. --captured-at), a capture-time
    // line in the input (`date -u` printed before kubectl), the file's modification time
    // (ParseOptions::fileTime, filled in by the loader), and last the time of reading.
    explicit CaptureClock(const ParseOptions &options);

    // A line holding only an RFC 3339 time: the capture time of what follows, unless one was given.
    void sawTimestampLine(Timestamp t, qint64 lineNumber);
    // The capture time in microseconds since the epoch; notes on out where it came from the first
    // time it is used after it changed.
    qint64 nowUs(SourceData &out);
    // The time of an event aged `age`, counted back from the capture time; -1 when the age gives
    // none ("<unknown>"). An age "<invalid>" (the event is newer than the clock kubectl ran by) is
    // placed at the capture time and counted for finish()'s note.
    qint64 eventTimeUs(const AgeCell &age, SourceData &out);
    // Notes on out how many events were placed at the capture time, if any.
    void finish(SourceData &out) const;

    // "ages counted back from 2024-06-02 10:30:00 UTC (file modification time; use --captured-at to correct)"
    static QString note(qint64 us, const QString &origin);

private:
    qint64 m_us = 0;
    bool m_known = false;
    bool m_given = false;
    bool m_noted = false;
    QString m_origin;
    qint64 m_futureAges = 0;
};

} // namespace gateline::k8s
