#include "idleworkers.h"

namespace gateline {

void IdleWorkers::join()
{
    const std::lock_guard lock(m_mutex);
    ++m_active;
}

void IdleWorkers::serve()
{
    std::unique_lock lock(m_mutex);
    --m_active;
    ++m_waiting;
    m_wake.notify_all(); // the last worker out releases the ones waiting
    for (;;) {
        m_wake.wait(lock, [this] { return m_job || m_active == 0; });
        if (!m_job)
            break; // nobody works on items of their own any more, so no job can come
        const std::function<void()> job = std::move(m_job);
        m_job = nullptr;
        --m_waiting;
        ++m_jobsRun;
        lock.unlock();
        job();
        lock.lock();
        ++m_waiting;
    }
    --m_waiting;
}

bool IdleWorkers::anyWaiting() const
{
    const std::lock_guard lock(m_mutex);
    return m_waiting > 0 && !m_job;
}

int IdleWorkers::jobsRun() const
{
    const std::lock_guard lock(m_mutex);
    return m_jobsRun;
}

bool IdleWorkers::offer(std::function<void()> job)
{
    const std::lock_guard lock(m_mutex);
    if (m_waiting == 0 || m_job)
        return false;
    m_job = std::move(job);
    m_wake.notify_all();
    return true;
}

} // namespace gateline
