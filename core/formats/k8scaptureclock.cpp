#include "k8scaptureclock.h"

#include <QDateTime>
#include <QTimeZone>

namespace gateline::k8s {

CaptureClock::CaptureClock(const ParseOptions &options)
{
    if (options.captureTime.isValid()) {
        m_us = options.captureTime.toMSecsSinceEpoch() * 1000;
        m_known = m_given = true;
        m_origin = QStringLiteral("--captured-at");
        return;
    }
    const QDateTime fileTime = options.fileTime;
    if (fileTime.isValid()) {
        m_us = fileTime.toMSecsSinceEpoch() * 1000;
        m_known = true;
        m_origin = QStringLiteral("file modification time; use --captured-at to correct");
    }
}

void CaptureClock::sawTimestampLine(Timestamp t, qint64 lineNumber)
{
    if (m_given || (m_known && m_us == t.us))
        return;
    m_us = t.us;
    m_known = true;
    m_noted = false;
    m_origin = QStringLiteral("capture time on line %1").arg(lineNumber);
}

qint64 CaptureClock::nowUs(SourceData &out)
{
    if (!m_known) {
        m_us = QDateTime::currentMSecsSinceEpoch() * 1000;
        m_known = true;
        m_origin = QStringLiteral("time of reading: no capture time known; use --captured-at to correct");
    }
    if (!m_noted) {
        out.notes << note(m_us, m_origin);
        m_noted = true;
    }
    return m_us;
}

qint64 CaptureClock::eventTimeUs(const AgeCell &age, SourceData &out)
{
    if (age.future) {
        ++m_futureAges;
        return nowUs(out);
    }
    if (age.seconds < 0)
        return -1;
    return nowUs(out) - age.seconds * 1000000;
}

void CaptureClock::finish(SourceData &out) const
{
    if (m_futureAges > 0)
        out.notes << futureAgesNote(m_futureAges);
}

QString CaptureClock::note(qint64 us, const QString &origin)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::UTC);
    return QStringLiteral("ages counted back from %1 UTC (%2)")
        .arg(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), origin);
}

} // namespace gateline::k8s
