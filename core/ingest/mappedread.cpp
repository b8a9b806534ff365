#include "mappedread.h"

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
    if (sigjmp_buf *jump = t_jump) {
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
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, &s_previous);
    });
}

} // namespace

bool detail::guardMappedRead(void (*read)(void *), void *context)
{
    installHandler();
    sigjmp_buf jump;
    // The signal mask is saved and restored by the jump: SIGBUS is blocked inside its handler.
    if (sigsetjmp(jump, 1) != 0)
        return false; // the handler cleared t_jump
    t_jump = &jump;
    read(context);
    t_jump = nullptr;
    return true;
}

} // namespace gateline
