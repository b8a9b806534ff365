// Time labels for the views (UTC).
#pragma once

#include <QString>

namespace gateline {

// "10:23:45.123"
QString formatTimeOfDay(qint64 us);
// "01-15 10:23:45.123"
QString formatDayTime(qint64 us);
// True when the two times fall on different UTC days.
bool differentDays(qint64 a, qint64 b);
// "2024-01-15 10:23:45.123 UTC"
QString formatDateTime(qint64 us);
// A time axis tick at us, ticks stepUs apart over a visible span of spanUs: "10:23:45.123",
// "10:23:45", "10:23", "01-15 10:23" beyond a day, "2024-01-15" beyond half a year (the year
// matters once the axis crosses one).
QString formatAxisTick(qint64 us, qint64 stepUs, qint64 spanUs);
// "+2.500 s", "-0.120 s"
QString formatSeconds(double s, int decimals = 3);

} // namespace gateline
