// The one background-job helper. Work runs on a private thread pool; its results are delivered to
// the thread that owns the runner (the GUI thread) through the event loop. Each job runs on a
// named channel: starting a job supersedes the channel's previous one, which is cancelled and
// whose results (and progress) are dropped on arrival. The GUI thread never waits for work.
// While a job's work runs, its cancel flag is the thread's current one (cancellation.h), so loops
// deep in the analysis stop a cancelled or superseded job at their next cancelRequested() check.
#pragma once

#include "cancellation.h"

#include <QHash>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace gateline {

class JobRunner;

// Handed to the work function, on the worker thread.
class JobContext
{
public:
    const CancelFlag *cancelFlag() const { return m_cancel.get(); }
    // True once the job is cancelled or superseded (the job then counts as stopped at a check).
    bool cancelled() const
    {
        const bool c = m_cancel->load(std::memory_order_relaxed);
        if (c)
            m_seen->store(true, std::memory_order_relaxed);
        return c;
    }
    // Runs fn on the runner's thread, unless the job has been superseded by then. Thread-safe.
    void post(std::function<void()> fn) const;

private:
    friend class JobRunner;
    JobRunner *m_runner = nullptr;
    QString m_channel;
    quint64 m_id = 0;
    std::shared_ptr<CancelFlag> m_cancel;
    std::shared_ptr<std::atomic<bool>> m_seen; // a check here or in cancelRequested() saw the flag
};

class JobRunner : public QObject
{
    Q_OBJECT
public:
    explicit JobRunner(QObject *parent = nullptr, int maxThreads = 2);
    // Cancels everything and waits for the workers (they stop at their next cancel check).
    ~JobRunner() override;

    // Runs work(ctx) on a worker; then onDone(result) on this thread if the job is still current.
    // Returns the job's id.
    template<typename Result>
    quint64 start(const QString &channel, std::function<Result(const JobContext &)> work,
                  std::function<void(Result)> onDone)
    {
        return submit(channel, [work = std::move(work), onDone = std::move(onDone)](const JobContext &ctx) {
            auto result = std::make_shared<Result>(work(ctx));
            ctx.post([onDone, result] { onDone(std::move(*result)); });
        });
    }

    // Cancels the channel's job: its result and later progress are dropped.
    void cancel(const QString &channel);
    void cancelAll();
    bool isRunning(const QString &channel) const { return m_running.contains(channel); }
    quint64 currentId(const QString &channel) const { return m_current.value(channel); }
    // Blocks until every worker is idle (tests, shutdown).
    void waitForDone();
    // How many of the channel's jobs stopped early: cancelled or superseded while queued or
    // running, they saw it at a cancel check (ctx.cancelled() or cancelRequested()).
    int stoppedEarly(const QString &channel) const { return m_stoppedEarly.value(channel); }

Q_SIGNALS:
    void runningChanged(const QString &channel, bool running);
    // A job's work has ended at a cancel check after it was cancelled or superseded.
    void jobStoppedEarly(const QString &channel, quint64 id);
    // A job's work has ended, whether its result was delivered, dropped or never made: what a
    // cancelled job left behind (files written, say) is final from here on.
    void jobEnded(const QString &channel, quint64 id);

private:
    friend class JobContext;
    quint64 submit(const QString &channel, std::function<void(const JobContext &)> body);
    void deliver(const QString &channel, quint64 id, const std::function<void()> &fn);
    void finished(const QString &channel, quint64 id, bool stoppedEarly);

    QThreadPool m_pool;
    quint64 m_nextId = 1;
    QHash<QString, quint64> m_current;                        // channel -> current job id
    QHash<QString, std::shared_ptr<CancelFlag>> m_cancelFlags; // channel -> its cancel flag
    QHash<QString, quint64> m_running;                        // channel -> running job id
    QHash<QString, int> m_stoppedEarly;                       // channel -> jobs that ended cancelled
};

} // namespace gateline
