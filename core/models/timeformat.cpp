#include "timeformat.h"

#include <QDateTime>

#include <algorithm>
#include <QTimeZone>

namespace gateline {

namespace {
QDateTime toDateTime(qint64 us)
{
    qint64 ms = us / 1000;
    if (us < 0 && us % 1000)
        --ms;
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::UTC);
}
} // namespace

QString formatTimeOfDay(qint64 us)
{
    return toDateTime(us).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString formatDayTime(qint64 us)
{
    return toDateTime(us).toString(QStringLiteral("MM-dd HH:mm:ss.zzz"));
}

bool differentDays(qint64 a, qint64 b)
{
    return toDateTime(a).date() != toDateTime(b).date();
}

QString formatDateTime(qint64 us)
{
    return toDateTime(us).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral(" UTC");
}

DatePart datePartFor(qint64 fromUs, qint64 toUs)
{
    const QDate a = toDateTime(fromUs).date(), b = toDateTime(toUs).date();
    if (a.year() != b.year())
        return DatePart::Year;
    return a != b ? DatePart::Day : DatePart::None;
}

QString formatTimeWithDate(qint64 us, DatePart part, bool millis)
{
    QString f = millis ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss");
    if (part == DatePart::Year)
        f.prepend(QStringLiteral("yyyy-MM-dd "));
    else if (part == DatePart::Day)
        f.prepend(QStringLiteral("MM-dd "));
    return toDateTime(us).toString(f);
}

namespace {
qint64 utcDay(qint64 us)
{
    constexpr qint64 kDayUs = 86'400'000'000LL;
    return us >= 0 ? us / kDayUs : -((-us + kDayUs - 1) / kDayUs);
}
} // namespace

RowDates rowDatesFor(qint64 fromUs, qint64 toUs, qint64 mainFromUs, qint64 mainToUs)
{
    RowDates d;
    if (fromUs > toUs)
        return d;
    d.otherDays = datePartFor(fromUs, toUs);
    if (d.otherDays != DatePart::None && mainFromUs <= mainToUs && utcDay(mainFromUs) == utcDay(mainToUs)) {
        d.hasMainDay = true;
        d.mainDay = utcDay(mainFromUs);
    }
    return d;
}

QString RowDates::mainDayText() const
{
    if (!hasMainDay || otherDays == DatePart::None)
        return {};
    const QDate day = QDate(1970, 1, 1).addDays(mainDay);
    return day.toString(otherDays == DatePart::Year ? QStringLiteral("yyyy-MM-dd") : QStringLiteral("MM-dd"));
}

QString formatRowTime(qint64 us, const RowDates &d)
{
    if (d.hasMainDay && utcDay(us) == d.mainDay)
        return formatTimeWithDate(us, DatePart::None);
    return formatTimeWithDate(us, d.otherDays);
}

QString formatTimeInSpan(qint64 us, qint64 fromUs, qint64 toUs)
{
    return formatTimeWithDate(us, datePartFor(std::min(us, fromUs), std::max(us, toUs)), false);
}

QString formatSeconds(double s, int decimals)
{
    QString n = QString::number(s, 'f', decimals);
    if (s >= 0)
        n.prepend(QLatin1Char('+'));
    return n + QStringLiteral(" s");
}

QString formatAxisTick(qint64 us, qint64 stepUs, qint64 spanUs)
{
    constexpr qint64 kDay = 86400LL * 1000000;
    const QDateTime t = toDateTime(us);
    if (spanUs > 180 * kDay)
        return t.toString(QStringLiteral("yyyy-MM-dd"));
    if (spanUs > 20 * 3600LL * 1000000)
        return t.toString(QStringLiteral("MM-dd HH:mm"));
    if (stepUs < 1000000)
        return t.toString(QStringLiteral("HH:mm:ss.zzz"));
    if (stepUs < 60 * 1000000LL)
        return t.toString(QStringLiteral("HH:mm:ss"));
    return t.toString(QStringLiteral("HH:mm"));
}

} // namespace gateline
