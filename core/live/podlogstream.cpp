#include "podlogstream.h"

#include "clusterconnection.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QSslError>
#include <QUrlQuery>

#include <algorithm>

namespace gateline {

namespace {

constexpr qsizetype kMaxLine = 1 << 20;         // a longer line is written in pieces
constexpr qsizetype kMaxErrorBody = 1 << 20;

bool isDnsName(const QString &s)
{
    if (s.isEmpty() || s.size() > 253 || s == QLatin1StringView(".") || s == QLatin1StringView(".."))
        return false;
    for (QChar c : s) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('-') || c == QLatin1Char('.');
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

QString PodLogTarget::relativePath() const
{
    return QStringLiteral("ingress-logs/%1/%2_%3%4.log")
        .arg(ns, pod, container, previous ? QStringLiteral(".previous") : QString());
}

QByteArray PodLogTarget::linePrefix() const
{
    return "[pod/" + pod.toUtf8() + '/' + container.toUtf8() + "] ";
}

QString PodLogTarget::label() const
{
    return QStringLiteral("%1/%2 %3%4").arg(ns, pod, container, previous ? QStringLiteral(" (previous)") : QString());
}

bool PodLogTarget::hasSafeNames() const
{
    return isDnsName(ns) && isDnsName(pod) && isDnsName(container);
}

PodLogStream::PodLogStream(const ClusterConnection *connection, QNetworkAccessManager *network,
                           const PodLogTarget &target, const QDateTime &since, qint64 limitBytes,
                           const QString &outDir, const RetryPolicy &policy, QObject *parent)
    : QObject(parent), m_connection(connection), m_network(network), m_target(target), m_since(since),
      m_limit(std::max<qint64>(1, limitBytes)), m_outDir(outDir), m_policy(policy), m_prefix(target.linePrefix())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &PodLogStream::sendRequest);
}

PodLogStream::~PodLogStream()
{
    stop();
}

QString PodLogStream::stateName(State s)
{
    switch (s) {
    case State::Idle: return QStringLiteral("idle");
    case State::Running: return QStringLiteral("reading");
    case State::Waiting: return QStringLiteral("retrying");
    case State::Done: return QStringLiteral("done");
    case State::Truncated: return QStringLiteral("truncated");
    case State::Skipped: return QStringLiteral("skipped");
    case State::Failed: return QStringLiteral("failed");
    case State::Stopped: return QStringLiteral("stopped");
    }
    return {};
}

QString PodLogStream::filePath() const
{
    return QDir(m_outDir).filePath(m_target.relativePath());
}

void PodLogStream::start()
{
    if (m_state != State::Idle)
        return;
    if (!m_target.hasSafeNames()) {
        end(State::Skipped, QStringLiteral("names that cannot make a file name"));
        return;
    }
    sendRequest();
}

void PodLogStream::sendRequest()
{
    m_state = State::Running;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("container"), m_target.container);
    q.addQueryItem(QStringLiteral("timestamps"), QStringLiteral("true"));
    if (m_since.isValid())
        q.addQueryItem(QStringLiteral("sinceTime"), m_since.toUTC().toString(Qt::ISODate));
    q.addQueryItem(QStringLiteral("limitBytes"), QString::number(m_limit));
    if (m_target.previous)
        q.addQueryItem(QStringLiteral("previous"), QStringLiteral("true"));
    else if (m_target.follow)
        q.addQueryItem(QStringLiteral("follow"), QStringLiteral("true"));
    const QString path = QStringLiteral("/api/v1/namespaces/%1/pods/%2/log").arg(m_target.ns, m_target.pod);
    // A followed log may be quiet for long: no transfer timeout (stop() ends it).
    const int timeout = m_target.follow && !m_target.previous ? 0 : m_policy.transferTimeoutMs;
    LiveError error;
    const std::optional<QNetworkRequest> req = m_connection->request(path, q, timeout, &error);
    if (!req) {
        m_error = error;
        end(State::Failed, error.message);
        return;
    }
    QNetworkRequest r = *req;
    r.setRawHeader("Accept", "text/plain, application/json");
    QNetworkReply *reply = m_network->get(r);
    m_sslErrors.clear();
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_sslErrors << e.errorString();
    });
    connect(reply, &QNetworkReply::readyRead, this, &PodLogStream::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &PodLogStream::onFinished);
    m_reply = reply;
    Q_EMIT progressed();
}

void PodLogStream::onReadyRead()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || reply != sender() || !reply->isOpen())
        return;
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error body: read whole when finished
    consume(reply->readAll());
}

void PodLogStream::consume(QByteArrayView data)
{
    if (m_state != State::Running || data.isEmpty())
        return;
    const qint64 room = m_limit - m_bytes;
    const bool cut = data.size() > room;
    if (cut)
        data = data.first(room);
    m_bytes += data.size();
    qsizetype start = 0;
    while (start < data.size()) {
        const qsizetype nl = data.indexOf('\n', start);
        if (nl < 0) {
            m_partial += data.sliced(start);
            break;
        }
        if (m_partial.isEmpty()) {
            writeLine(data.sliced(start, nl - start));
        } else {
            m_partial += data.sliced(start, nl - start);
            writeLine(m_partial);
            m_partial.clear();
        }
        start = nl + 1;
    }
    if (m_partial.size() > kMaxLine) {
        writeLine(m_partial);
        m_partial.clear();
    }
    if (m_writeFailed)
        return;
    if (cut || m_bytes >= m_limit) {
        dropReply();
        // The last line is cut in the middle: leave it out.
        const bool partial = !m_partial.isEmpty();
        m_partial.clear();
        end(State::Truncated, QStringLiteral("truncated at the bound of %1 bytes%2: the rest of the log is not saved")
                                  .arg(m_limit)
                                  .arg(partial ? QStringLiteral(" (the cut last line left out)") : QString()));
        return;
    }
    Q_EMIT progressed();
}

bool PodLogStream::ensureFile()
{
    if (m_file)
        return true;
    const QString path = filePath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_file = std::make_unique<QSaveFile>(path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_writeFailed = true;
        m_error = LiveError::make(LiveError::Config, QStringLiteral("Cannot write %1: %2")
                                                         .arg(QDir::toNativeSeparators(path), m_file->errorString()));
        return false;
    }
    return true;
}

void PodLogStream::writeLine(QByteArrayView line)
{
    if (m_writeFailed || !ensureFile())
        return;
    // kubectl logs --prefix: the prefix, then the line as the API sent it (with timestamps=true it
    // starts with the RFC3339Nano timestamp and a space).
    const bool ok = m_file->write(m_prefix) == m_prefix.size() && m_file->write(line.data(), line.size()) == line.size()
        && m_file->write("\n", 1) == 1;
    if (!ok) {
        m_writeFailed = true;
        m_error = LiveError::make(LiveError::Config, QStringLiteral("Cannot write %1: %2")
                                                         .arg(QDir::toNativeSeparators(filePath()), m_file->errorString()));
        dropReply();
        end(State::Failed, m_error.message);
        return;
    }
    ++m_lines;
}

void PodLogStream::onFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || reply != sender())
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200 && reply->isOpen())
        consume(reply->readAll());
    if (m_reply.data() != reply)
        return; // truncated or failed while consuming
    m_reply = nullptr;
    reply->deleteLater();
    const QByteArray body = (status == 200 || !reply->isOpen()) ? QByteArray() : reply->readAll().left(kMaxErrorBody);
    LiveError error = classifyReply(reply, body, m_sslErrors, false, false);
    error.message = m_connection->redact(error.message);
    if (!error.isError()) {
        if (!m_partial.isEmpty()) {
            writeLine(m_partial); // the last line had no newline
            m_partial.clear();
        }
        if (m_state != State::Running)
            return;
        if (m_bytes == 0)
            end(State::Done, QStringLiteral("no log lines since %1").arg(m_since.toUTC().toString(Qt::ISODate)));
        else if (m_target.follow && !m_target.previous)
            end(State::Done, QStringLiteral("the log ended before the capture did (the container stopped or restarted)"));
        else
            end(State::Done, QString());
        return;
    }
    m_error = error;
    const QString where = QStringLiteral("namespace %1").arg(m_target.ns);
    switch (error.kind) {
    case LiveError::Forbidden:
        end(State::Failed, QStringLiteral("403 Forbidden: the account lacks the permission pods/log get (verb \"get\" "
                                          "on resource \"pods/log\") in %1; grant it with a Role or ClusterRole to "
                                          "capture the ingress controller logs. %2")
                               .arg(where, serverMessageOf(body)).trimmed());
        return;
    case LiveError::NotFound:
        end(State::Skipped, QStringLiteral("the pod is gone (404 Not Found)"));
        return;
    case LiveError::BadRequest:
        end(State::Skipped, QStringLiteral("no log to read (HTTP %1): %2").arg(error.httpStatus).arg(serverMessageOf(body)));
        return;
    default:
        break;
    }
    if (error.isRetryable() && m_bytes == 0 && !m_file && ++m_failures < m_policy.maxAttempts) {
        m_partial.clear();
        m_state = State::Waiting;
        m_retryTimer.start(m_policy.backoffMs(m_failures));
        Q_EMIT progressed();
        return;
    }
    end(State::Failed, m_bytes > 0 ? QStringLiteral("cut short after %1 bytes: %2").arg(m_bytes).arg(error.message)
                                   : error.message);
}

void PodLogStream::commit()
{
    if (!m_file)
        return;
    if (m_writeFailed) {
        m_file->cancelWriting();
        m_file->commit();
    } else {
        m_committed = m_file->commit();
        if (!m_committed) {
            m_error = LiveError::make(LiveError::Config, QStringLiteral("Cannot write %1: %2")
                                                             .arg(QDir::toNativeSeparators(filePath()),
                                                                  m_file->errorString()));
            m_note = m_error.message;
        }
    }
    m_file.reset();
}

void PodLogStream::end(State state, const QString &note)
{
    m_retryTimer.stop();
    m_state = state;
    m_note = m_connection->redact(note);
    commit();
    Q_EMIT progressed();
    Q_EMIT finished();
}

void PodLogStream::stop()
{
    m_retryTimer.stop();
    if (m_state != State::Running && m_state != State::Waiting) {
        dropReply();
        return;
    }
    QNetworkReply *reply = m_reply.data();
    if (reply && reply->isOpen() && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
        consume(reply->readAll());
    dropReply();
    if (m_state != State::Running && m_state != State::Waiting)
        return; // cut at the bound just now
    if (!m_partial.isEmpty()) {
        writeLine(m_partial);
        m_partial.clear();
    }
    m_state = State::Stopped;
    m_note = m_target.follow && !m_target.previous ? QString() : QStringLiteral("stopped before the whole log came");
    commit();
}

void PodLogStream::dropReply()
{
    if (QNetworkReply *r = m_reply.data()) {
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
}

} // namespace gateline
