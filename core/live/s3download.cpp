#include "s3download.h"

#include "livereply.h"
#include "s3client.h"
#include "s3resume.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <optional>

namespace gateline {

namespace {
constexpr qint64 kMaxErrorBody = 64 * 1024;
constexpr int kMaxResumes = 50; // Range requests per object, however much each one brought
} // namespace

S3ObjectStream::S3ObjectStream(std::shared_ptr<S3ObjectState> state, const CancelFlag *cancel)
    : m_state(std::move(state)), m_cancel(cancel)
{
}

qint64 S3ObjectStream::read(char *buf, qint64 max)
{
    qint64 available = 0;
    QString error;
    {
        QMutexLocker lock(&m_state->mutex);
        while (m_pos >= m_state->written && !m_state->finished) {
            if (m_cancel && m_cancel->load()) {
                m_error = QStringLiteral("%1: cancelled after %2 of %3 bytes").arg(m_state->url()).arg(m_pos).arg(m_state->size);
                return 0;
            }
            m_state->grown.wait(&m_state->mutex, 100);
        }
        available = m_state->written - m_pos;
        error = m_state->error;
    }
    if (available <= 0) {
        if (!error.isEmpty())
            m_error = error;
        return 0;
    }
    if (!m_file.isOpen()) {
        m_file.setFileName(m_state->path);
        if (!m_file.open(QIODevice::ReadOnly)) {
            m_error = QStringLiteral("%1: cannot read the cache file %2: %3").arg(m_state->url(), m_state->path, m_file.errorString());
            return 0;
        }
        m_file.seek(m_pos);
    }
    const qint64 n = m_file.read(buf, std::min(max, available));
    if (n <= 0) {
        m_error = QStringLiteral("%1: cannot read the cache file %2").arg(m_state->url(), m_state->path);
        return 0;
    }
    m_pos += n;
    return n;
}

// Lives on the download thread.
class S3DownloadWorker : public QObject
{
public:
    S3DownloadWorker(S3Config config, RetryPolicy policy, S3Cache cache, int concurrency, const CancelFlag *cancel,
                     S3DownloadProgressFn progress)
        : m_config(std::move(config)), m_policy(policy), m_cache(std::move(cache)),
          m_concurrency(std::max(1, concurrency)), m_cancel(cancel), m_progressFn(std::move(progress))
    {
    }

    void start(const QList<std::shared_ptr<S3ObjectState>> &objects);
    void shutdown();
    void waitDone()
    {
        QMutexLocker lock(&m_doneMutex);
        while (!m_done)
            m_doneCond.wait(&m_doneMutex);
    }
    S3DownloadProgress progress() const
    {
        QMutexLocker lock(&m_doneMutex);
        return m_last;
    }

private:
    struct Active {
        std::shared_ptr<S3ObjectState> state;
        QPointer<QNetworkReply> reply;
        std::unique_ptr<QFile> file;
        QByteArray errorBody;
        QStringList sslErrors;
        std::optional<S3ResumeSplice> splice; // this answer against the bytes on disk
        bool began = false;       // the answer's status and Content-Range were checked
        bool plain = false;       // this request has no Range: it was the fallback
        QByteArray tail;          // the last bytes on disk (S3ResumeSplice::kOverlap)
        int failures = 0;         // in a row without progress
        qint64 writtenAtStart = 0;
        std::unique_ptr<QTimer> backoff;
    };

    bool cancelled() const { return m_stopping || (m_cancel && m_cancel->load()); }
    void launchMore();
    void request(Active *a);
    enum class Flow { Go, Replaced, Ended }; // the reply goes on, was replaced, or the object ended
    Flow onData(Active *a);
    Flow begin(Active *a, QNetworkReply *reply);
    Flow rangeFailed(Active *a, const QString &why);
    void onFinished(Active *a);
    void finish(Active *a, const QString &error);
    void setWritten(S3ObjectState &s, qint64 written, bool finished, const QString &error);
    void report(bool force);
    void checkAllDone();

    S3Config m_config;
    RetryPolicy m_policy;
    S3Cache m_cache;
    int m_concurrency;
    const CancelFlag *m_cancel;
    S3DownloadProgressFn m_progressFn;
    bool m_stopping = false;
    bool m_rangeUntrusted = false; // a Range answer was wrong: resume without Range from now on
    QString m_rangeProblem;

    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<S3Client> m_signer;
    std::unique_ptr<QTimer> m_poll;
    QList<std::shared_ptr<S3ObjectState>> m_objects;
    qsizetype m_next = 0;
    std::vector<std::unique_ptr<Active>> m_active;
    QElapsedTimer m_clock;
    qint64 m_fetchedAtStart = 0;
    qint64 m_lastReportMs = -1000;

    mutable QMutex m_doneMutex;
    QWaitCondition m_doneCond;
    bool m_done = false;
    S3DownloadProgress m_last;
};

void S3DownloadWorker::start(const QList<std::shared_ptr<S3ObjectState>> &objects)
{
    m_network = std::make_unique<QNetworkAccessManager>();
    m_signer = std::make_unique<S3Client>(m_config, m_policy);
    m_objects = objects;
    m_clock.start();
    for (const auto &s : m_objects) {
        if (m_cache.isCached(s->path, s->etag, s->size)) {
            s->fromCache = true;
            setWritten(*s, s->size, true, QString());
        }
    }
    m_poll = std::make_unique<QTimer>();
    QObject::connect(m_poll.get(), &QTimer::timeout, this, [this] {
        if (cancelled()) {
            // abort() finishes a reply at once, and onFinished removes it from m_active.
            QList<QPointer<QNetworkReply>> replies;
            for (auto &a : m_active)
                replies << a->reply;
            for (const QPointer<QNetworkReply> &r : std::as_const(replies)) {
                if (r)
                    r->abort(); // onFinished ends it as cancelled
            }
            // Objects waiting for a retry end too.
            std::vector<Active *> waiting;
            for (auto &a : m_active)
                if (!a->reply)
                    waiting.push_back(a.get());
            for (Active *a : waiting)
                finish(a, QStringLiteral("%1: cancelled after %2 of %3 bytes").arg(a->state->url()).arg(a->state->written).arg(a->state->size));
            for (qsizetype i = m_next; i < m_objects.size(); ++i)
                setWritten(*m_objects[i], 0, true, QStringLiteral("%1: cancelled before it was fetched").arg(m_objects[i]->url()));
            m_next = m_objects.size();
            checkAllDone();
        }
        report(false);
    });
    m_poll->start(50);
    launchMore();
    checkAllDone();
}

void S3DownloadWorker::shutdown()
{
    m_stopping = true;
    for (auto &a : m_active) {
        if (a->reply) {
            a->reply->disconnect(this);
            a->reply->abort();
        }
        setWritten(*a->state, a->state->written, true, QStringLiteral("%1: stopped").arg(a->state->url()));
    }
    m_active.clear();
    for (qsizetype i = m_next; i < m_objects.size(); ++i)
        setWritten(*m_objects[i], 0, true, QStringLiteral("%1: stopped").arg(m_objects[i]->url()));
    m_next = m_objects.size();
    m_poll.reset();
    m_signer.reset();
    m_network.reset();
    QMutexLocker lock(&m_doneMutex);
    m_done = true;
    m_doneCond.wakeAll();
}

void S3DownloadWorker::setWritten(S3ObjectState &s, qint64 written, bool finished, const QString &error)
{
    QMutexLocker lock(&s.mutex);
    s.written = written;
    s.finished = s.finished || finished;
    if (!error.isEmpty() && s.error.isEmpty())
        s.error = error;
    s.grown.wakeAll();
}

void S3DownloadWorker::launchMore()
{
    while (!cancelled() && qsizetype(m_active.size()) < m_concurrency && m_next < m_objects.size()) {
        const auto &s = m_objects[m_next++];
        if (s->finished)
            continue;
        auto a = std::make_unique<Active>();
        a->state = s;
        QDir().mkpath(QFileInfo(s->path).path());
        m_cache.forget(s->path);
        a->file = std::make_unique<QFile>(s->path);
        if (!a->file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            setWritten(*s, 0, true,
                       QStringLiteral("%1: cannot write the cache file %2: %3").arg(s->url(), s->path, a->file->errorString()));
            continue;
        }
        Active *raw = a.get();
        m_active.push_back(std::move(a));
        request(raw);
    }
}

void S3DownloadWorker::request(Active *a)
{
    S3ObjectState &s = *a->state;
    ByteArrayPairs extra;
    qint64 asked = -1;
    if (s.written > 0) {
        if (!m_rangeUntrusted) {
            asked = S3ResumeSplice::rangeStartFor(s.written);
            extra.append({"range", "bytes=" + QByteArray::number(asked) + '-'});
        }
        if (!s.etag.isEmpty())
            extra.append({"if-match", '"' + s.etag.toUtf8() + '"'});
    }
    a->errorBody.clear();
    a->splice.emplace(s.written, a->tail, asked, s.size);
    a->began = false;
    a->plain = asked < 0; // no Range: a wrong answer now is not for want of Range support
    a->writtenAtStart = s.written;
    const QNetworkRequest req = m_signer->signedRequest("GET", s.bucket, s.key, {}, extra, sigv4::sha256Hex({}));
    QNetworkReply *reply = m_network->get(req);
    collectSslErrors(reply, this, &a->sslErrors);
    QObject::connect(reply, &QNetworkReply::readyRead, this, [this, a] { onData(a); });
    QObject::connect(reply, &QNetworkReply::finished, this, [this, a] { onFinished(a); });
    a->reply = reply;
}

S3DownloadWorker::Flow S3DownloadWorker::begin(Active *a, QNetworkReply *reply)
{
    a->began = true;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString why;
    switch (a->splice->begin(status, reply->rawHeader("Content-Range"), &why)) {
    case S3ResumeSplice::Verdict::Ok:
        return Flow::Go;
    case S3ResumeSplice::Verdict::ChangedObject:
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        a->reply = nullptr;
        finish(a, QStringLiteral("%1: %2 (%3 bytes were read before)").arg(a->state->url(), why).arg(a->state->written));
        return Flow::Ended;
    default:
        return rangeFailed(a, why);
    }
}

S3DownloadWorker::Flow S3DownloadWorker::rangeFailed(Active *a, const QString &why)
{
    S3ObjectState &s = *a->state;
    QNetworkReply *reply = a->reply;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
    a->reply = nullptr;
    if (a->plain) {
        // Even the whole object (again) is not what was asked for: nothing to trust.
        finish(a, s.written > 0 ? QStringLiteral("%1: fetched again from its start after a wrong Range answer, %2; the "
                                                 "first %3 bytes were read")
                                      .arg(s.url(), why)
                                      .arg(s.written)
                                : QStringLiteral("%1: the server's answer cannot be used: %2").arg(s.url(), why));
        return Flow::Ended;
    }
    // Not this object's fault: the server's Range answers are not to be trusted from now on.
    m_rangeUntrusted = true;
    if (m_rangeProblem.isEmpty())
        m_rangeProblem = QStringLiteral("resuming %1 after %2 bytes, %3").arg(s.url()).arg(s.written).arg(why);
    {
        QMutexLocker lock(&s.mutex);
        ++s.rangeFallbacks;
    }
    request(a); // without Range now
    return Flow::Replaced;
}

S3DownloadWorker::Flow S3DownloadWorker::onData(Active *a)
{
    QNetworkReply *reply = a->reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300) {
        const QByteArray data = reply->readAll();
        if (a->errorBody.size() < kMaxErrorBody)
            a->errorBody += data.left(kMaxErrorBody - a->errorBody.size());
        return Flow::Go;
    }
    if (!a->began) {
        if (const Flow f = begin(a, reply); f != Flow::Go)
            return f;
    }
    QByteArray data;
    QString why;
    if (a->splice->feed(reply->readAll(), &data, &why) != S3ResumeSplice::Verdict::Ok)
        return rangeFailed(a, why);
    S3ObjectState &s = *a->state;
    const qint64 room = s.size - s.written;
    if (data.size() > room)
        data.truncate(std::max<qint64>(0, room)); // never more than the listing said
    if (data.isEmpty())
        return Flow::Go;
    if (a->file->write(data) != data.size() || !a->file->flush()) {
        a->reply->abort();
        return Flow::Go;
    }
    a->tail += data;
    if (a->tail.size() > S3ResumeSplice::kOverlap)
        a->tail.remove(0, a->tail.size() - S3ResumeSplice::kOverlap);
    setWritten(s, s.written + data.size(), false, QString());
    return Flow::Go;
}

void S3DownloadWorker::onFinished(Active *a)
{
    QNetworkReply *reply = a->reply;
    if (!reply)
        return;
    if (reply->isOpen() && (reply->bytesAvailable() > 0 || !a->began)) {
        if (onData(a) != Flow::Go)
            return; // replaced by a request without Range, or the object ended
    }
    a->reply = nullptr;
    reply->deleteLater();
    S3ObjectState &s = *a->state;
    const QString op = QStringLiteral("reading %1").arg(s.url());
    if (cancelled()) {
        finish(a, QStringLiteral("%1: cancelled after %2 of %3 bytes").arg(s.url()).arg(s.written).arg(s.size));
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool httpOk = status >= 200 && status < 300;
    if (httpOk && s.written >= s.size) {
        finish(a, QString());
        return;
    }
    LiveError error;
    if (httpOk || (status == 0 && s.written > a->writtenAtStart)) {
        // The connection ended before the object did: the rest comes with a Range request.
        error = LiveError::make(LiveError::Network,
                                QStringLiteral("the connection dropped after %1 of %2 bytes of %3%4")
                                    .arg(s.written).arg(s.size).arg(s.url())
                                    .arg(reply->error() != QNetworkReply::NoError ? QStringLiteral(" (%1)").arg(reply->errorString())
                                                                                  : QString()));
    } else {
        error = S3Client::classify(reply, a->errorBody, a->sslErrors, op, false);
        if (!error.isError())
            error = LiveError::make(LiveError::Malformed, QStringLiteral("Unexpected answer while %1 (HTTP %2).").arg(op).arg(status));
    }
    if (s.written > a->writtenAtStart)
        a->failures = 0; // progress was made: the count of failures in a row starts again
    ++a->failures;
    int delay = 0;
    const bool resume = s.written > 0 && error.kind == LiveError::Network;
    if ((resume && s.resumes < kMaxResumes && retryAfterFailure(&error, a->failures, m_policy, &delay))
        || (!resume && retryAfterFailure(&error, a->failures, m_policy, &delay))) {
        if (resume)
            ++s.resumes;
        else
            ++s.retries;
        a->backoff = std::make_unique<QTimer>();
        a->backoff->setSingleShot(true);
        QObject::connect(a->backoff.get(), &QTimer::timeout, this, [this, a] {
            if (cancelled()) {
                finish(a, QStringLiteral("%1: cancelled after %2 of %3 bytes").arg(a->state->url()).arg(a->state->written).arg(a->state->size));
                return;
            }
            request(a);
        });
        a->backoff->start(resume ? std::min(delay, 200) : delay);
        return;
    }
    finish(a, s.written > 0 ? QStringLiteral("%1 (%2 of %3 bytes arrived and were read)").arg(error.message).arg(s.written).arg(s.size)
                            : error.message);
}

void S3DownloadWorker::finish(Active *a, const QString &error)
{
    S3ObjectState &s = *a->state;
    a->file->close();
    if (error.isEmpty())
        m_cache.markComplete(s.path, s.etag, s.size);
    setWritten(s, s.written, true, error);
    for (auto it = m_active.begin(); it != m_active.end(); ++it) {
        if (it->get() == a) {
            // Deleted later: this may run inside one of its own timer's or reply's signals.
            QTimer *t = (*it)->backoff.release();
            if (t)
                t->deleteLater();
            m_active.erase(it);
            break;
        }
    }
    launchMore();
    checkAllDone();
}

void S3DownloadWorker::checkAllDone()
{
    if (!m_active.empty() || m_next < m_objects.size())
        return;
    for (qsizetype i = 0; i < m_objects.size(); ++i) {
        QMutexLocker lock(&m_objects[i]->mutex);
        if (!m_objects[i]->finished)
            return;
    }
    report(true);
    if (m_poll)
        m_poll->stop();
    QMutexLocker lock(&m_doneMutex);
    m_done = true;
    m_doneCond.wakeAll();
}

void S3DownloadWorker::report(bool force)
{
    const qint64 now = m_clock.elapsed();
    if (!force && now - m_lastReportMs < 100)
        return;
    m_lastReportMs = now;
    S3DownloadProgress p;
    qint64 fetched = 0;
    p.objectsTotal = int(m_objects.size());
    for (const auto &s : m_objects) {
        QMutexLocker lock(&s->mutex);
        p.bytesTotal += s->size;
        p.bytesDone += s->written;
        if (!s->fromCache)
            fetched += s->written;
        if (s->finished) {
            ++p.objectsDone;
            p.objectsFromCache += s->fromCache;
            p.objectsFailed += !s->error.isEmpty();
        }
        p.resumes += s->resumes;
        p.retries += s->retries;
        p.rangeFallbacks += s->rangeFallbacks;
    }
    p.rangeProblem = m_rangeProblem;
    if (now > 200 && fetched > 0) {
        p.bytesPerSecond = fetched * 1000.0 / now;
        p.etaSeconds = (p.bytesTotal - p.bytesDone) / p.bytesPerSecond;
    }
    if (p.objectsDone == p.objectsTotal)
        p.etaSeconds = 0;
    {
        QMutexLocker lock(&m_doneMutex);
        m_last = p;
    }
    if (m_progressFn)
        m_progressFn(p);
}

S3Downloader::S3Downloader(S3Config config, RetryPolicy policy, S3Cache cache, int concurrency, const CancelFlag *cancel,
                           S3DownloadProgressFn progress)
    : m_thread(std::make_unique<QThread>()),
      m_worker(new S3DownloadWorker(std::move(config), policy, std::move(cache), concurrency, cancel, std::move(progress)))
{
    m_thread->setObjectName(QStringLiteral("s3-download"));
    m_worker->moveToThread(m_thread.get());
    m_thread->start();
}

S3Downloader::~S3Downloader()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

void S3Downloader::start(const QList<std::shared_ptr<S3ObjectState>> &objects)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, objects] { w->start(objects); }, Qt::QueuedConnection);
}

void S3Downloader::wait()
{
    m_worker->waitDone();
}

S3DownloadProgress S3Downloader::progress() const
{
    return m_worker->progress();
}

} // namespace gateline
