#include "jobrunner.h"

#include "threadpriority.h"

#include <QMetaObject>

namespace gateline {

void JobContext::post(std::function<void()> fn) const
{
    JobRunner *runner = m_runner;
    const QString channel = m_channel;
    const quint64 id = m_id;
    // The runner outlives its workers (its destructor waits), so it is safe to target here.
    QMetaObject::invokeMethod(
        runner, [runner, channel, id, fn = std::move(fn)] { runner->deliver(channel, id, fn); },
        Qt::QueuedConnection);
}

JobRunner::JobRunner(QObject *parent, int maxThreads)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(std::max(1, maxThreads));
    m_pool.setExpiryTimeout(30000);
}

JobRunner::~JobRunner()
{
    cancelAll();
    m_pool.waitForDone();
}

quint64 JobRunner::submit(const QString &channel, std::function<void(const JobContext &)> body)
{
    cancel(channel);
    const quint64 id = m_nextId++;
    auto flag = std::make_shared<CancelFlag>(false);
    m_current.insert(channel, id);
    m_cancelFlags.insert(channel, flag);
    const bool wasRunning = m_running.contains(channel);
    m_running.insert(channel, id);
    if (!wasRunning)
        Q_EMIT runningChanged(channel, true);

    JobContext ctx;
    ctx.m_runner = this;
    ctx.m_channel = channel;
    ctx.m_id = id;
    ctx.m_cancel = flag;
    ctx.m_seen = std::make_shared<std::atomic<bool>>(false);
    m_pool.start([this, ctx, body = std::move(body)] {
        setCurrentThreadNice(backgroundNice()); // below the GUI thread, if the GUI asked (threadpriority.h)
        {
            const CancelScope scope(CancelContext{ctx.m_cancel.get(), ctx.m_seen.get()});
            body(ctx);
        }
        const bool stopped = ctx.m_seen->load();
        QMetaObject::invokeMethod(
            this, [this, channel = ctx.m_channel, id = ctx.m_id, stopped] { finished(channel, id, stopped); },
            Qt::QueuedConnection);
    });
    return id;
}

void JobRunner::cancel(const QString &channel)
{
    if (auto flag = m_cancelFlags.take(channel))
        flag->store(true);
    m_current.remove(channel);
    if (m_running.remove(channel))
        Q_EMIT runningChanged(channel, false);
}

void JobRunner::cancelAll()
{
    const QStringList channels = m_current.keys();
    for (const QString &c : channels)
        cancel(c);
}

void JobRunner::waitForDone()
{
    m_pool.waitForDone();
}

void JobRunner::deliver(const QString &channel, quint64 id, const std::function<void()> &fn)
{
    if (m_current.value(channel) != id)
        return; // superseded or cancelled: stale
    fn();
}

void JobRunner::finished(const QString &channel, quint64 id, bool stoppedEarly)
{
    if (stoppedEarly) {
        ++m_stoppedEarly[channel];
        Q_EMIT jobStoppedEarly(channel, id);
    }
    if (m_running.value(channel) == id) {
        m_running.remove(channel);
        Q_EMIT runningChanged(channel, false);
    }
    Q_EMIT jobEnded(channel, id);
}

} // namespace gateline
