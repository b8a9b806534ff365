// Where the GUI thread's long turns go: a scope timer that logs what ran longer than a threshold
// (QT_LOGGING_RULES="gateline.stall.info=true"; scripts/bench-gui.sh reads it to find stalls).
// Each line gives the wall time and the thread's CPU time: a turn much longer in wall time than
// in CPU time waited for a core (other threads, other processes), not for its own work.
// Costs one QElapsedTimer per scope when the category is off.
#pragma once

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <ctime>

namespace gateline {

Q_DECLARE_LOGGING_CATEGORY(lcStall)

class StallProbe
{
public:
    explicit StallProbe(const char *what, int thresholdMs = 10)
        : m_what(what), m_thresholdUs(qint64(thresholdMs) * 1000)
    {
        m_clock.start();
        if (lcStall().isInfoEnabled())
            m_cpuStartUs = threadCpuUs();
    }
    ~StallProbe()
    {
        const qint64 us = m_clock.nsecsElapsed() / 1000;
        if (us >= m_thresholdUs && m_cpuStartUs >= 0)
            qCInfo(lcStall, "%s: %.1f ms (cpu %.1f ms)", m_what, double(us) / 1000.0,
                   double(threadCpuUs() - m_cpuStartUs) / 1000.0);
    }
    StallProbe(const StallProbe &) = delete;
    StallProbe &operator=(const StallProbe &) = delete;

    static qint64 threadCpuUs()
    {
#if defined(CLOCK_THREAD_CPUTIME_ID)
        timespec ts {};
        if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
            return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
#endif
        return 0;
    }

private:
    const char *m_what;
    qint64 m_thresholdUs;
    qint64 m_cpuStartUs = -1;
    QElapsedTimer m_clock;
};

} // namespace gateline
