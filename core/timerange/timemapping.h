// Pure time <-> pixel arithmetic shared by every view, plus the bin width for a visible range.
#pragma once

#include <QString>

#include <QtGlobal>

namespace gateline {

// A half-open span of aligned UTC microseconds [fromUs, toUs).
struct TimeSpan {
    qint64 fromUs = 0;
    qint64 toUs = 0;
    constexpr bool isValid() const { return toUs > fromUs; }
    constexpr qint64 length() const { return toUs - fromUs; }
    constexpr bool contains(qint64 us) const { return us >= fromUs && us < toUs; }
    constexpr qint64 center() const { return fromUs + (toUs - fromUs) / 2; }
    constexpr bool operator==(const TimeSpan &) const = default;
};

// The x coordinate of time us when visible is drawn over [left, left + width).
double timeToPixel(qint64 us, const TimeSpan &visible, double left, double width);
// The time at x; the inverse of timeToPixel (rounded to the microsecond).
qint64 pixelToTime(double x, const TimeSpan &visible, double left, double width);

// A "nice" bin width (1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min, ... 1 day) so that the visible span
// has at most maxBins bins. Never below minUs.
qint64 binWidthFor(const TimeSpan &visible, int maxBins, qint64 minUs = 1000000);

// The span scaled by factor (< 1 zooms in) around anchorUs, which keeps its relative position.
TimeSpan zoomedSpan(const TimeSpan &visible, double factor, qint64 anchorUs);

// The span moved to stay within bounds when possible (its length kept, or cut to bounds).
TimeSpan clampedSpan(const TimeSpan &span, const TimeSpan &bounds);

// A short human label for a bin width: "1 s", "15 s", "5 min", "1 h".
QString binWidthLabel(qint64 us);

} // namespace gateline
