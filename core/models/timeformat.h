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
// How a log table shows its rows' times. On a bundle of one UTC day, the time of day. On a bundle
// that also holds older or later records (pods started weeks ago, events from yesterday), the rows
// on the main day (the day the requests are on) still read as the time of day, so that a pane has
// room for its other columns, and rows on any other day carry the date (and the year, across
// years); the column title names the main day.
struct RowDates {
    DatePart otherDays = DatePart::None; // the date part rows off the main day carry
    bool hasMainDay = false;
    qint64 mainDay = 0;                  // UTC day number (days since 1970-01-01)
    // "" (one day, or no main day), else the main day as the dates read: "11-21", "2026-11-21".
    QString mainDayText() const;
};
// [fromUs, toUs]: every record's span; [mainFromUs, mainToUs]: the requests' span (empty when
// mainFromUs > mainToUs). A main day needs the requests on one UTC day.
RowDates rowDatesFor(qint64 fromUs, qint64 toUs, qint64 mainFromUs, qint64 mainToUs);
QString formatRowTime(qint64 us, const RowDates &d);
// The time of us as it reads within the span [fromUs, toUs], to the second.
QString formatTimeInSpan(qint64 us, qint64 fromUs, qint64 toUs);
// "+2.500 s", "-0.120 s"
QString formatSeconds(double s, int decimals = 3);

} // namespace gateline
