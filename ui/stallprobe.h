// Where the GUI thread's long turns go: a scope timer that logs what ran longer than a threshold
// (QT_LOGGING_RULES="gateline.stall.info=true"; scripts/bench-gui.sh reads it to find stalls).
// Costs one QElapsedTimer per scope when the category is off.
#pragma once

#include <QElapsedTimer>
#include <QLoggingCategory>

namespace gateline {

Q_DECLARE_LOGGING_CATEGORY(lcStall)

class StallProbe
{
public:
    explicit StallProbe(const char *what, int thresholdMs = 10)
        : m_what(what), m_thresholdUs(qint64(thresholdMs) * 1000)
    {
        m_clock.start();
    }
    ~StallProbe()
    {
        const qint64 us = m_clock.nsecsElapsed() / 1000;
        if (us >= m_thresholdUs)
            qCInfo(lcStall, "%s: %.1f ms", m_what, double(us) / 1000.0);
    }
    StallProbe(const StallProbe &) = delete;
    StallProbe &operator=(const StallProbe &) = delete;

private:
    const char *m_what;
    qint64 m_thresholdUs;
    QElapsedTimer m_clock;
};

} // namespace gateline
