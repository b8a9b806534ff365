// The workers of one parallel loop that have run out of items, lent to those still working. A load
// ends with one core busy on its last big file while the other waits; with this, the worker on
// that file hands its inflation to the waiting one (ingest/gzipstream.h) and only parses, so the
// file takes about half the time. Used with parallelForWorkers (parallelfor.h): each worker calls
// join() before its first item and serve() after its last.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>

namespace gateline {

class IdleWorkers
{
public:
    // A worker starts on items of its own.
    void join();
    // A worker has no items left: runs the jobs others offer() until no worker has items left.
    void serve();
    // Whether a worker is waiting in serve() (a cheap test before offer()).
    bool anyWaiting() const;
    // Hands job to a waiting worker, which runs it; false (job dropped, not run) when none waits.
    // A worker that offered stays on its item until the job is done with what it shares.
    bool offer(std::function<void()> job);
    // Jobs run so far.
    int jobsRun() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::function<void()> m_job;
    int m_active = 0;  // workers on items of their own
    int m_waiting = 0; // workers in serve(), not running a job
    int m_jobsRun = 0;
};

} // namespace gateline
