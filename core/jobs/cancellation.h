// Cooperative cancellation of background work, without a cancel parameter threaded through every
// analysis signature: the cancel flag of the job running on this thread. JobRunner installs its
// job's flag around the work (CancelScope), parallelFor hands it on to its helpers, and a long loop
// deep in core/ stops a superseded or cancelled job with one cheap check, cancelRequested(). Code
// that runs outside any job (the CLI, tests) sees no flag and never stops early.
//
// A cancelled computation returns partial results: whoever cancelled it has already dropped them
// (JobRunner delivers only the current job's result).
#pragma once

#include "formats/logparser.h" // CancelFlag

namespace gateline {

// What a thread checks: the job's flag, and where to record that a check saw it set (so that a
// job's runner can tell a job that stopped at a check from one that ran to its end).
struct CancelContext {
    const CancelFlag *flag = nullptr;
    std::atomic<bool> *seen = nullptr;
};

namespace detail {
inline thread_local CancelContext currentCancel;
} // namespace detail

// The flag of the job running on this thread (null outside any job), and the whole context to
// hand on to helper threads.
inline const CancelFlag *currentCancelFlag()
{
    return detail::currentCancel.flag;
}
inline CancelContext currentCancelContext()
{
    return detail::currentCancel;
}

// True once the job running on this thread has been cancelled or superseded: stop and return.
inline bool cancelRequested()
{
    const CancelContext &c = detail::currentCancel;
    if (!c.flag || !c.flag->load(std::memory_order_relaxed))
        return false;
    if (c.seen)
        c.seen->store(true, std::memory_order_relaxed);
    return true;
}

// Makes context the current thread's for the scope's lifetime (nestable).
class CancelScope
{
public:
    explicit CancelScope(CancelContext context)
        : m_previous(detail::currentCancel)
    {
        detail::currentCancel = context;
    }
    explicit CancelScope(const CancelFlag *flag)
        : CancelScope(CancelContext{flag, nullptr})
    {
    }
    ~CancelScope() { detail::currentCancel = m_previous; }
    CancelScope(const CancelScope &) = delete;
    CancelScope &operator=(const CancelScope &) = delete;

private:
    CancelContext m_previous;
};

} // namespace gateline
