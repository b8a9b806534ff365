// Runs independent work items on all cores (or a given number of threads) and returns when every
// one is done: the process' one mechanism for parallel loops (background jobs use JobRunner). Each index runs exactly once, in no particular order; items are handed out one at
// a time, so uneven items balance.
#pragma once

#include "cancellation.h"
#include "threadpriority.h"

#include <QRunnable>
#include <QSemaphore>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace gateline {

// How many workers parallelForWorkers uses for count items (threads <= 0: one per core).
inline int parallelWorkers(qsizetype count, int threads = 0)
{
    const int wanted = threads > 0 ? threads : std::max(1, QThread::idealThreadCount());
    return int(std::clamp<qsizetype>(count, 0, wanted));
}

// The pool every parallel loop of the process shares (a thread per core): loops nested in a
// background job, or in another loop, do not multiply threads. background: the pool of the loops
// that run below the GUI thread (threadpriority.h), apart because a thread lowered once may not be
// raised again (RLIMIT_NICE): a loop the GUI thread runs never gets helpers a background job left
// lowered.
inline QThreadPool &parallelPool(bool background = false)
{
    static const auto make = [] {
        auto *p = new QThreadPool; // never destroyed: loops may run while statics are torn down
        p->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
        p->setExpiryTimeout(30000);
        return p;
    };
    static QThreadPool *normal = make();
    static QThreadPool *lowered = make();
    return *(background ? lowered : normal);
}

// fn(index, worker): worker is 0 .. parallelWorkers(count, threads) - 1, so that per-worker state
// (one partial result per worker) needs no lock. The calling thread is worker 0 and works too;
// helpers the shared pool has not started by the time the work is gone are taken back, so a loop
// nested in a pool task never waits on a task queued behind it. The helpers see the caller's job
// cancel flag (cancellation.h), so the loop body's cancelRequested() checks work on every worker.
template<typename Fn>
void parallelForWorkers(qsizetype count, int threads, Fn &&fn)
{
    const int workers = parallelWorkers(count, threads);
    if (workers <= 1) {
        for (qsizetype i = 0; i < count; ++i)
            fn(i, 0);
        return;
    }
    std::atomic<qsizetype> next {0};
    const auto work = [&](int w) {
        for (qsizetype i; (i = next.fetch_add(1)) < count;)
            fn(i, w);
    };
    struct Helper final : QRunnable {
        std::function<void()> body;
        QSemaphore *done = nullptr;
        void run() override
        {
            body();
            done->release();
        }
    };
    QSemaphore done;
    const CancelContext cancel = currentCancelContext();
    const int nice = currentThreadNice(); // helpers run at their caller's priority (threadpriority.h)
    std::vector<std::unique_ptr<Helper>> helpers;
    QThreadPool &pool = parallelPool(nice > 0);
    for (int w = 1; w < workers; ++w) {
        auto h = std::make_unique<Helper>();
        h->setAutoDelete(false);
        h->body = [&work, w, cancel, nice] {
            setCurrentThreadNice(nice);
            const CancelScope scope(cancel);
            work(w);
        };
        h->done = &done;
        pool.start(h.get());
        helpers.push_back(std::move(h));
    }
    work(0);
    int started = 0;
    for (const auto &h : helpers)
        if (!pool.tryTake(h.get()))
            ++started; // running or finished: it releases once
    done.acquire(started);
}

// fn(index) for every index in [0, count), on all cores.
template<typename Fn>
void parallelFor(qsizetype count, Fn &&fn)
{
    parallelForWorkers(count, 0, [&fn](qsizetype i, int) { fn(i); });
}

} // namespace gateline
