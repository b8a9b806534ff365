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
// How much of the date a time needs so that it is read right within a loaded span: none when the
// span is one UTC day, the month and day when it crosses midnight, the year too when it crosses a
// new year.
enum class DatePart { None, Day, Year };
DatePart datePartFor(qint64 fromUs, qint64 toUs);
// "10:23:45.123", "01-15 10:23:45.123", "2024-01-15 10:23:45.123" (without millis: to the second).
QString formatTimeWithDate(qint64 us, DatePart part, bool millis = true);
// The time of us as it reads within the span [fromUs, toUs], to the second.
QString formatTimeInSpan(qint64 us, qint64 fromUs, qint64 toUs);
// "+2.500 s", "-0.120 s"
QString formatSeconds(double s, int decimals = 3);

} // namespace gateline
