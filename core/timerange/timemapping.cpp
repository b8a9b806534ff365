#include "timemapping.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace gateline {

namespace {
constexpr qint64 kSecond = 1000000;
struct NiceBin {
    qint64 us;
    const char *label;
};
constexpr NiceBin kNiceBins[] = {
    {kSecond / 10, "100 ms"}, {kSecond / 4, "250 ms"}, {kSecond / 2, "500 ms"},
    {kSecond, "1 s"}, {2 * kSecond, "2 s"}, {5 * kSecond, "5 s"}, {10 * kSecond, "10 s"},
    {15 * kSecond, "15 s"}, {30 * kSecond, "30 s"}, {60 * kSecond, "1 min"},
    {120 * kSecond, "2 min"}, {300 * kSecond, "5 min"}, {600 * kSecond, "10 min"},
    {900 * kSecond, "15 min"}, {1800 * kSecond, "30 min"}, {3600 * kSecond, "1 h"},
    {7200 * kSecond, "2 h"}, {4 * 3600 * kSecond, "4 h"}, {6 * 3600 * kSecond, "6 h"},
    {12 * 3600 * kSecond, "12 h"}, {24 * 3600 * kSecond, "1 day"},
};
} // namespace

double timeToPixel(qint64 us, const TimeSpan &visible, double left, double width)
{
    if (!visible.isValid())
        return left;
    return left + double(us - visible.fromUs) * width / double(visible.length());
}

qint64 pixelToTime(double x, const TimeSpan &visible, double left, double width)
{
    if (!visible.isValid() || width <= 0)
        return visible.fromUs;
    return visible.fromUs + qint64(std::llround((x - left) * double(visible.length()) / width));
}

qint64 binWidthFor(const TimeSpan &visible, int maxBins, qint64 minUs)
{
    maxBins = std::max(1, maxBins);
    const qint64 span = std::max<qint64>(1, visible.length());
    for (const NiceBin &b : kNiceBins) {
        if (b.us < minUs)
            continue;
        if ((span + b.us - 1) / b.us <= maxBins)
            return b.us;
    }
    // Beyond a day per bin: whole days.
    const qint64 day = std::size(kNiceBins) ? kNiceBins[std::size(kNiceBins) - 1].us : 86400 * kSecond;
    const qint64 days = (span / maxBins + day - 1) / day;
    return std::max<qint64>(1, days) * day;
}

TimeSpan zoomedSpan(const TimeSpan &visible, double factor, qint64 anchorUs)
{
    if (!visible.isValid() || factor <= 0)
        return visible;
    const double rel = double(anchorUs - visible.fromUs) / double(visible.length());
    const double len = std::max(1.0, double(visible.length()) * factor);
    const qint64 from = anchorUs - qint64(std::llround(rel * len));
    return {from, from + qint64(std::llround(len))};
}

TimeSpan clampedSpan(const TimeSpan &span, const TimeSpan &bounds)
{
    if (!bounds.isValid() || !span.isValid())
        return span;
    if (span.length() >= bounds.length())
        return bounds;
    TimeSpan s = span;
    if (s.fromUs < bounds.fromUs) {
        s.toUs += bounds.fromUs - s.fromUs;
        s.fromUs = bounds.fromUs;
    }
    if (s.toUs > bounds.toUs) {
        s.fromUs -= s.toUs - bounds.toUs;
        s.toUs = bounds.toUs;
    }
    return s;
}

QString binWidthLabel(qint64 us)
{
    for (const NiceBin &b : kNiceBins) {
        if (b.us == us)
            return QString::fromLatin1(b.label);
    }
    constexpr qint64 kDay = 86400 * kSecond;
    if (us >= kDay)
        return us % kDay == 0 ? QStringLiteral("%1 days").arg(us / kDay)
                              : QStringLiteral("%1 days").arg(double(us) / double(kDay), 0, 'f', 1);
    return QStringLiteral("%1 s").arg(double(us) / double(kSecond), 0, 'g', 3);
}

} // namespace gateline
