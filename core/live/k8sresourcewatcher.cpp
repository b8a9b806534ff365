#include "k8sresourcewatcher.h"

#include "clusterconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslError>
#include <QUrlQuery>

namespace gateline {

namespace {

constexpr qsizetype kMaxPageBytes = 256ll << 20;  // one list page
constexpr qsizetype kMaxWatchLine = 32ll << 20;   // one watch event
constexpr qint64 kMinUsefulWatchMs = 1000;        // a watch that ends sooner with nothing counts as a failure

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toString();
}

} // namespace

K8sResourceWatcher::K8sResourceWatcher(const ClusterConnection *connection, QNetworkAccessManager *network,
                                       K8sResource resource, const QString &ns, const RetryPolicy &policy,
                                       QObject *parent)
    : QObject(parent), m_connection(connection), m_network(network), m_resource(resource), m_ns(ns), m_policy(policy)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &K8sResourceWatcher::runNext);
}

K8sResourceWatcher::~K8sResourceWatcher()
{
    dropReply();
}

QString K8sResourceWatcher::label() const
{
    return k8sresource::label(m_resource, m_ns);
}

void K8sResourceWatcher::start()
{
    m_failures = 0;
    m_goneInARow = 0;
    m_lastError = {};
    startList();
}

void K8sResourceWatcher::stop()
{
    m_retryTimer.stop();
    dropReply();
    if (m_phase != Phase::Failed)
        m_phase = Phase::Stopped;
}

void K8sResourceWatcher::dropReply()
{
    if (QNetworkReply *r = m_reply.data()) {
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    m_buffer.clear();
}

QJsonObject K8sResourceWatcher::withKind(QJsonObject object) const
{
    // List items come without kind and apiVersion; kubectl adds them, and so do we.
    if (!object.contains(QLatin1StringView("kind")))
        object.insert(QLatin1StringView("kind"), k8sresource::kind(m_resource));
    if (!object.contains(QLatin1StringView("apiVersion")))
        object.insert(QLatin1StringView("apiVersion"), k8sresource::apiVersion(m_resource));
    return object;
}

QNetworkReply *K8sResourceWatcher::send(const QUrlQuery &query, LiveError *error)
{
    const int timeout = m_phase == Phase::Watching
                            ? std::max(m_policy.transferTimeoutMs, (m_watchTimeoutSeconds + 30) * 1000)
                            : m_policy.transferTimeoutMs;
    const std::optional<QNetworkRequest> req =
        m_connection->request(k8sresource::apiPath(m_resource, m_ns), query, timeout, error);
    if (!req)
        return nullptr;
    QNetworkReply *reply = m_network->get(*req);
    m_sslErrors.clear();
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_sslErrors << e.errorString();
    });
    m_reply = reply;
    return reply;
}

void K8sResourceWatcher::startList()
{
    m_continue.clear();
    m_phase = Phase::Listing;
    requestPage();
}

void K8sResourceWatcher::requestPage()
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QString::number(m_pageSize));
    if (!m_continue.isEmpty())
        q.addQueryItem(QStringLiteral("continue"), m_continue);
    LiveError error;
    QNetworkReply *reply = send(q, &error);
    if (!reply) {
        handleFailure(error, true);
        return;
    }
    connect(reply, &QNetworkReply::finished, this, &K8sResourceWatcher::onPageFinished);
}

void K8sResourceWatcher::onPageFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || reply != sender())
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const QByteArray body =
        (!reply->isOpen() || reply->bytesAvailable() > kMaxPageBytes) ? QByteArray() : reply->readAll();
    const LiveError error = classifyReply(reply, body, m_sslErrors, false, false);
    if (error.kind == LiveError::Gone) {
        // The continue token expired: start the list again.
        relistAfterGone(error.message);
        return;
    }
    if (error.isError()) {
        handleFailure(error, true);
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject list = doc.object();
    const QJsonValue items = list.value(QLatin1StringView("items"));
    const QJsonObject metadata = list.value(QLatin1StringView("metadata")).toObject();
    if (doc.isNull() || !doc.isObject() || !(items.isArray() || items.isNull())
        || !list.value(QLatin1StringView("kind")).toString().endsWith(QLatin1StringView("List"))) {
        const QString why = doc.isNull() ? parseError.errorString() : QStringLiteral("not a Kubernetes list");
        handleFailure(LiveError::make(LiveError::Malformed,
                                      QStringLiteral("Malformed list answer from %1: %2.")
                                          .arg(m_connection->displayServer(), why)),
                      true);
        return;
    }
    ++m_stats.pages;
    m_failures = 0;
    const QJsonArray array = items.toArray();
    for (const QJsonValue &v : array) {
        if (!v.isObject())
            continue;
        ++m_stats.objects;
        Q_EMIT objectReceived(QStringLiteral("LISTED"), withKind(v.toObject()));
        if (m_phase != Phase::Listing)
            return; // stopped from a slot
    }
    m_continue = str(metadata, "continue");
    if (!m_continue.isEmpty()) {
        Q_EMIT statsChanged();
        requestPage();
        return;
    }
    m_resourceVersion = str(metadata, "resourceVersion");
    ++m_stats.lists;
    Q_EMIT statsChanged();
    startWatch();
}

void K8sResourceWatcher::startWatch()
{
    m_phase = Phase::Watching;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    if (!m_resourceVersion.isEmpty())
        q.addQueryItem(QStringLiteral("resourceVersion"), m_resourceVersion);
    q.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    q.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(m_watchTimeoutSeconds));
    LiveError error;
    QNetworkReply *reply = send(q, &error);
    if (!reply) {
        handleFailure(error, false);
        return;
    }
    ++m_stats.watches;
    m_watchEvents = 0;
    m_buffer.clear();
    m_watchClock.start();
    connect(reply, &QNetworkReply::readyRead, this, &K8sResourceWatcher::onWatchReadyRead);
    connect(reply, &QNetworkReply::finished, this, &K8sResourceWatcher::onWatchFinished);
    Q_EMIT statsChanged();
}

void K8sResourceWatcher::onWatchReadyRead()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || reply != sender())
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error body: read whole when finished
    if (!reply->isOpen())
        return;
    m_buffer += reply->readAll();
    qsizetype start = 0;
    while (true) {
        const qsizetype nl = m_buffer.indexOf('\n', start);
        if (nl < 0)
            break;
        const QByteArrayView line = QByteArrayView(m_buffer).sliced(start, nl - start).trimmed();
        start = nl + 1;
        if (line.isEmpty())
            continue;
        LiveError error;
        const bool go = processWatchLine(line, &error);
        if (m_reply.data() != reply)
            return; // stopped, or relisting
        if (!go) {
            dropReply();
            if (error.kind == LiveError::Gone)
                relistAfterGone(error.message);
            else
                handleFailure(error, true);
            return;
        }
    }
    m_buffer.remove(0, start);
    if (m_buffer.size() > kMaxWatchLine) {
        dropReply();
        handleFailure(LiveError::make(LiveError::Malformed,
                                      QStringLiteral("Malformed watch stream: an event over %1 MiB.")
                                          .arg(kMaxWatchLine >> 20)),
                      true);
    }
}

bool K8sResourceWatcher::processWatchLine(QByteArrayView line, LiveError *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    const QJsonObject event = doc.object();
    const QString type = str(event, "type");
    const QJsonObject object = event.value(QLatin1StringView("object")).toObject();
    if (doc.isNull() || type.isEmpty() || object.isEmpty()) {
        *error = LiveError::make(LiveError::Malformed,
                                 QStringLiteral("Malformed watch stream from %1: %2.")
                                     .arg(m_connection->displayServer(),
                                          doc.isNull() ? parseError.errorString()
                                                       : QStringLiteral("a line that is not a watch event")));
        return false;
    }
    if (type == QLatin1StringView("ERROR")) {
        // A Status object: 410 Expired means "list again".
        const int code = object.value(QLatin1StringView("code")).toInt();
        const QString message = str(object, "message").left(300);
        if (code == 410) {
            *error = LiveError::make(LiveError::Gone, QStringLiteral("410 Gone in the watch stream: %1")
                                                          .arg(message),
                                     410);
        } else {
            *error = LiveError::make(LiveError::ServerError, QStringLiteral("Error %1 in the watch stream: %2")
                                                                 .arg(code)
                                                                 .arg(message),
                                     code);
        }
        return false;
    }
    const QString rv = str(object.value(QLatin1StringView("metadata")).toObject(), "resourceVersion");
    if (!rv.isEmpty())
        m_resourceVersion = rv;
    ++m_watchEvents;
    m_goneInARow = 0;
    m_failures = 0;
    if (type == QLatin1StringView("BOOKMARK"))
        return true;
    if (type != QLatin1StringView("ADDED") && type != QLatin1StringView("MODIFIED")
        && type != QLatin1StringView("DELETED"))
        return true; // a type of the future: skip it
    ++m_stats.objects;
    Q_EMIT objectReceived(type, withKind(object));
    Q_EMIT statsChanged();
    return true;
}

void K8sResourceWatcher::onWatchFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || reply != sender())
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::NoError && status == 200) {
        // Lines still buffered (the last one may lack a newline).
        onWatchReadyRead();
        if (m_reply.data() != reply)
            return;
    }
    m_reply = nullptr;
    reply->deleteLater();
    const QByteArray body = (status == 200 || !reply->isOpen()) ? QByteArray() : reply->readAll().left(1 << 20);
    const LiveError error = classifyReply(reply, body, m_sslErrors, false, false);
    if (error.kind == LiveError::Gone) {
        relistAfterGone(error.message);
        return;
    }
    if (error.isError()) {
        handleFailure(error, false);
        return;
    }
    if (!m_buffer.trimmed().isEmpty()) {
        LiveError e;
        if (!processWatchLine(QByteArrayView(m_buffer).trimmed(), &e)) {
            m_buffer.clear();
            if (e.kind == LiveError::Gone)
                relistAfterGone(e.message);
            else
                handleFailure(e, true);
            return;
        }
    }
    m_buffer.clear();
    if (m_watchEvents == 0 && m_watchClock.elapsed() < kMinUsefulWatchMs) {
        handleFailure(LiveError::make(LiveError::Network,
                                      QStringLiteral("The watch ended at once without an event.")),
                      false);
        return;
    }
    // The server ended the watch (timeoutSeconds): resume from where it was.
    startWatch();
}

void K8sResourceWatcher::relistAfterGone(const QString &reason)
{
    ++m_stats.gone;
    ++m_goneInARow;
    m_lastError = LiveError::make(LiveError::Gone, reason, 410);
    Q_EMIT relisting(reason);
    Q_EMIT statsChanged();
    m_resourceVersion.clear();
    m_nextIsList = true;
    if (m_goneInARow > m_policy.maxAttempts) {
        m_phase = Phase::Failed;
        Q_EMIT failed(LiveError::make(LiveError::Gone,
                                      QStringLiteral("Gave up: the server answered 410 Gone %1 times in a row (%2)")
                                          .arg(m_goneInARow)
                                          .arg(reason),
                                      410));
        return;
    }
    // The first relist at once; repeated ones back off.
    scheduleNext(m_goneInARow <= 1 ? 0 : m_policy.backoffMs(m_goneInARow - 1));
}

void K8sResourceWatcher::handleFailure(const LiveError &error, bool relist)
{
    LiveError e = error;
    e.message = m_connection->redact(e.message);
    m_lastError = e;
    if (!e.isRetryable()) {
        m_phase = Phase::Failed;
        Q_EMIT failed(e);
        return;
    }
    ++m_failures;
    if (m_failures >= m_policy.maxAttempts) {
        m_phase = Phase::Failed;
        LiveError last = e;
        last.message = QStringLiteral("Gave up after %1 attempts: %2").arg(m_failures).arg(e.message);
        Q_EMIT failed(last);
        return;
    }
    ++m_stats.retries;
    m_nextIsList = relist || m_resourceVersion.isEmpty() || m_phase == Phase::Listing;
    const int delay = m_policy.backoffMs(m_failures);
    Q_EMIT retrying(e, m_failures, delay);
    Q_EMIT statsChanged();
    scheduleNext(delay);
}

void K8sResourceWatcher::scheduleNext(int delayMs)
{
    m_phase = Phase::Waiting;
    m_retryTimer.start(std::max(0, delayMs));
}

void K8sResourceWatcher::runNext()
{
    if (m_phase != Phase::Waiting)
        return;
    if (m_nextIsList)
        startList();
    else
        startWatch();
}

} // namespace gateline
