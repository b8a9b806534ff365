// Runs fn(0) .. fn(count - 1) on all cores and returns when every call is done. For independent
// per-source work in the analysis; each index runs exactly once, in no particular order.
#pragma once

#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <atomic>

namespace gateline {

template<typename Fn>
void parallelFor(qsizetype count, Fn &&fn)
{
    const int threads = std::min<qsizetype>(QThread::idealThreadCount(), count);
    if (threads <= 1) {
        for (qsizetype i = 0; i < count; ++i)
            fn(i);
        return;
    }
    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    std::atomic<qsizetype> next {0};
    for (int t = 0; t < threads; ++t)
        pool.start([&] {
            for (qsizetype i; (i = next.fetch_add(1)) < count;)
                fn(i);
        });
    pool.waitForDone();
}

} // namespace gateline
