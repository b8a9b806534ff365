// Background work yields the CPU to the GUI thread. On a machine with as many busy workers as
// cores (a load runs on all of them), the GUI thread otherwise gets only its fair share of a core,
// and a turn of 30 ms of work took 80 ms or more of wall time (bench-gui.sh at 50M lines, 2 cores).
// The GUI sets a nice value for background work (setBackgroundNice, InvestigationSession); the
// JobRunner's workers take it when they start a job, and parallelFor's helpers take their caller's
// (a loop the GUI thread runs itself stays at its priority). Linux: per-thread nice; elsewhere a
// no-op. The CLI sets nothing: its workers run at the process' own priority.
#pragma once

#include <atomic>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace gateline {

namespace detail {
inline std::atomic<int> backgroundNice {0};
inline thread_local int threadNice = 0; // what this thread was set to (0: untouched)
} // namespace detail

// 0 (the default) leaves background threads alone; 1..19 lowers them.
inline void setBackgroundNice(int nice)
{
    detail::backgroundNice.store(nice, std::memory_order_relaxed);
}
inline int backgroundNice()
{
    return detail::backgroundNice.load(std::memory_order_relaxed);
}
// The calling thread's nice value as set here (0 for threads never set).
inline int currentThreadNice()
{
    return detail::threadNice;
}

// Sets the calling thread's nice value (no-op if already so). Raising a thread back to 0 may be
// refused (RLIMIT_NICE): it then stays lower. So parallelFor's lowered helpers come from a pool of
// their own (parallelPool(true)), and the JobRunner's workers only ever run background jobs.
inline void setCurrentThreadNice(int nice)
{
    if (nice == detail::threadNice)
        return;
#if defined(__linux__)
    if (setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), nice) == 0)
        detail::threadNice = nice;
#else
    detail::threadNice = nice;
#endif
}

} // namespace gateline
