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
// "+2.500 s", "-0.120 s"
QString formatSeconds(double s, int decimals = 3);

} // namespace gateline
