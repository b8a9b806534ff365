// Fast, allocation-free timestamp parsers for the log formats.
#pragma once

#include "types.h"

#include <QByteArrayView>

namespace gateline {

// Days since 1970-01-01 for a proleptic Gregorian date.
qint64 daysFromCivil(int y, int m, int d);
// Microseconds since the epoch for a UTC calendar time.
qint64 civilToMicros(int y, int mo, int d, int h, int mi, int s, int micros);

// "2023-04-26T12:22:55.463821Z", "2019-08-30T20:43:05Z", "...+02:00", "...-0700", fractional
// digits 0..9. A missing zone is taken as UTC.
bool parseIso8601(QByteArrayView s, Timestamp *out);
// CLF "07/Feb/2020:11:48:51 +0000" (without brackets). offsetSeconds gets the zone offset.
bool parseClfTime(QByteArrayView s, Timestamp *out, int *offsetSeconds);
// NGINX error log "2016/10/25 14:49:34" (local time, no zone): returned as if UTC.
bool parseNginxErrorTime(QByteArrayView s, Timestamp *out);

// Parses an unsigned decimal; false if s is empty or has a non-digit.
bool parseUInt(QByteArrayView s, qint64 *out);
// Parses "0.123", "-1", "12"; false on anything else.
bool parseDecimal(QByteArrayView s, double *out);

// kubectl describe's times: "Sun, 02 Jun 2024 10:05:41 +0000" (RFC 1123 with a numeric zone),
// the weekday optional (and not checked: kubernetes.io's own 2015 sample has a wrong one).
bool parseDescribeTime(QByteArrayView s, Timestamp *out);

} // namespace gateline
