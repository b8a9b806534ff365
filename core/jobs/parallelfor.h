// Runs independent work items on all cores (or a given number of threads) and returns when every
// one is done. Each index runs exactly once, in no particular order; items are handed out one at
// a time, so uneven items balance.
#pragma once

#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <atomic>

namespace gateline {

// How many workers parallelForWorkers uses for count items (threads <= 0: one per core).
inline int parallelWorkers(qsizetype count, int threads = 0)
{
    const int wanted = threads > 0 ? threads : std::max(1, QThread::idealThreadCount());
    return int(std::clamp<qsizetype>(count, 0, wanted));
}

// fn(index, worker): worker is 0 .. parallelWorkers(count, threads) - 1, so that per-worker state
// (one partial result per worker) needs no lock.
template<typename Fn>
void parallelForWorkers(qsizetype count, int threads, Fn &&fn)
{
    const int workers = parallelWorkers(count, threads);
    if (workers <= 1) {
        for (qsizetype i = 0; i < count; ++i)
            fn(i, 0);
        return;
    }
    QThreadPool pool;
    pool.setMaxThreadCount(workers);
    std::atomic<qsizetype> next {0};
    for (int w = 0; w < workers; ++w)
        pool.start([&, w] {
            for (qsizetype i; (i = next.fetch_add(1)) < count;)
                fn(i, w);
        });
    pool.waitForDone();
}

// fn(index) for every index in [0, count), on all cores.
template<typename Fn>
void parallelFor(qsizetype count, Fn &&fn)
{
    parallelForWorkers(count, 0, [&fn](qsizetype i, int) { fn(i); });
}

} // namespace gateline
