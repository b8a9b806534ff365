#include "mappedread.h"

#include <atomic>
#include <csetjmp>
#include <csignal>
#include <mutex>

namespace gateline {

namespace {

// The jump of the guarded read running on this thread, if one is (SIGBUS from a memory access is
// delivered to the thread that made it).
thread_local sigjmp_buf *t_jump = nullptr;
struct sigaction s_previous = {};

void onBus(int sig, siginfo_t *info, void *context)
{
    // Only a fault of a memory access (si_code > 0: from the kernel) is a page gone from a mapped
    // file; a SIGBUS sent by kill() is not.
    if (sigjmp_buf *jump = t_jump; jump && info && info->si_code > 0) {
        t_jump = nullptr;
        siglongjmp(*jump, 1);
    }
    // Not a guarded read: whoever handled SIGBUS before (a sanitizer's report), else the default
    // action, which the faulting access meets again on return.
    if ((s_previous.sa_flags & SA_SIGINFO) && s_previous.sa_sigaction) {
        s_previous.sa_sigaction(sig, info, context);
        return;
    }
    if (s_previous.sa_handler != SIG_DFL && s_previous.sa_handler != SIG_IGN && s_previous.sa_handler) {
        s_previous.sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void installHandler()
{
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action = {};
        action.sa_sigaction = onBus;
        // SIGBUS stays unblocked in the handler, so that the jump out of it needs no saved signal
        // mask (sigsetjmp(.., 0): no system call per guarded read).
        action.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, &s_previous);
    });
}

} // namespace

bool detail::guardMappedRead(void (*read)(void *), void *context)
{
    installHandler();
    sigjmp_buf jump;
    if (sigsetjmp(jump, 0) != 0)
        return false; // the handler cleared t_jump
    // Cleared however read() ends (an exception too): a later SIGBUS must not jump into this frame.
    struct Clear {
        ~Clear()
        {
            t_jump = nullptr;
            std::atomic_signal_fence(std::memory_order_seq_cst);
        }
    } clear;
    t_jump = &jump;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    read(context);
    return true;
}

} // namespace gateline
