// The cells kubectl's text output shares between `get events`/`events` tables and `describe`:
// ages ("5m", "10m (x5 over 34m)"), kinds and objects, event sources, and the old describe
// Events rows (kubectl 1.0-1.4).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace gateline::k8s {

// An age cell: "5m", "2m30s", "3h4m", "2d", "1y20d", "<unknown>", "<invalid>", "10m (x5 over 34m)".
struct AgeCell {
    qint64 seconds = -1;  // the (last) age; -1 for <unknown> / <invalid>
    qint64 repeat = 0;    // N of "(xN over ...)"; 0 if absent
    qint64 overSeconds = -1; // the age of the first of the N ("over 34m": kubectl prints the first
                             // timestamp's age there); -1 if absent
    // The time from the first of the N repeats to the last, in seconds (0 if not folded).
    qint64 spanSeconds() const { return repeat > 1 && seconds >= 0 && overSeconds > seconds ? overSeconds - seconds : 0; }
    bool future = false;  // "<invalid>": the event's time is after the clock kubectl printed the age by
};
// The note a source gets for its n events aged "<invalid>", placed at the capture time.
QString futureAgesNote(qint64 n);
// "5m", "2m30s", "3h", "10d", "2y30d" -> seconds.
bool parseAge(QByteArrayView s, qint64 *out);
bool parseAgeCell(QByteArrayView cell, AgeCell *out);
// "pod" -> "Pod", "horizontalpodautoscaler" -> "HorizontalPodAutoscaler", unknown: first letter upper.
QByteArray canonicalKind(QByteArrayView kind);
// "pod/web-1" -> "Pod/web-1"; a name without a kind stays as it is.
QByteArray canonicalObject(QByteArrayView object);
// Cut to the record text bound without splitting a UTF-8 character.
QByteArray truncatedText(QByteArrayView s);
// The host in an event source "kubelet, node-a" (empty if there is none).
QByteArrayView sourceHost(QByteArrayView source);

// A row of `kubectl describe`'s Events block as kubectl 1.0-1.4 printed it (FirstSeen LastSeen
// Count From SubobjectPath [Type] Reason Message, with dates), split by its header: by the header's
// column positions, or by tabs where the header has tabs (kubectl 1.3-1.4). False if it has no
// LastSeen, Count or Reason cell.
struct OldDescribeEventRow {
    QByteArrayView lastSeen, count, from, type, reason, message; // into line, or into storage
    QByteArray storage;                                          // the row with its tabs expanded
};
bool splitOldDescribeEventRow(QByteArrayView header, QByteArrayView line, OldDescribeEventRow *out);

} // namespace gateline::k8s
