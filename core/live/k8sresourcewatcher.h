// Lists and watches one Kubernetes collection (events or pods, in all namespaces or one), the
// way client-go's reflector does: a paged list, then a watch from the list's resourceVersion;
// a watch that ends is resumed from the last resourceVersion seen (bookmarks included); a
// `410 Gone` (an HTTP status, or an ERROR event in the stream) starts again with a fresh list.
// Failures are retried with exponential backoff, up to RetryPolicy::maxAttempts in a row;
// 401, 403, TLS errors and 404 stop the watcher at once with a clear message.
#pragma once

#include "k8sresource.h"
#include "liveerror.h"
#include "retrypolicy.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace gateline {

class ClusterConnection;

class K8sResourceWatcher : public QObject
{
    Q_OBJECT
public:
    struct Stats {
        int lists = 0;      // complete lists
        int pages = 0;      // list pages read
        int watches = 0;    // watch requests started
        int gone = 0;       // 410 Gone seen (each led to a fresh list)
        int retries = 0;    // failed attempts that were retried
        qint64 objects = 0; // objects received (listed or watched)
    };
    enum class Phase { Idle, Listing, Watching, Waiting, Stopped, Failed };

    K8sResourceWatcher(const ClusterConnection *connection, QNetworkAccessManager *network, K8sResource resource,
                       const QString &ns, const RetryPolicy &policy, QObject *parent = nullptr);
    ~K8sResourceWatcher() override;

    void setPageSize(int n) { m_pageSize = n; }
    // The server ends each watch after this long (timeoutSeconds); it is then resumed.
    void setWatchTimeoutSeconds(int s) { m_watchTimeoutSeconds = s; }

    void start();
    // Aborts any request; no signal but stopped() follows.
    void stop();

    K8sResource resource() const { return m_resource; }
    QString ns() const { return m_ns; }
    QString label() const;
    Phase phase() const { return m_phase; }
    const Stats &stats() const { return m_stats; }
    const LiveError &lastError() const { return m_lastError; }
    QString resourceVersion() const { return m_resourceVersion; }

Q_SIGNALS:
    // type: "LISTED", "ADDED", "MODIFIED" or "DELETED"; object carries kind and apiVersion.
    void objectReceived(const QString &type, const QJsonObject &object);
    void relisting(const QString &reason);
    void retrying(const gateline::LiveError &error, int attempt, int delayMs);
    // Gave up (a fatal error, or too many failures in a row); the watcher is stopped.
    void failed(const gateline::LiveError &error);
    void statsChanged();

private:
    void startList();
    void requestPage();
    void onPageFinished();
    void startWatch();
    void onWatchReadyRead();
    void onWatchFinished();
    bool processWatchLine(QByteArrayView line, LiveError *error);
    // relist: the next attempt starts with a fresh list (else it resumes the watch).
    void handleFailure(const LiveError &error, bool relist);
    void relistAfterGone(const QString &reason);
    void scheduleNext(int delayMs);
    void runNext();
    QNetworkReply *send(const QUrlQuery &query, LiveError *error);
    void dropReply();
    QJsonObject withKind(QJsonObject object) const;

    const ClusterConnection *m_connection;
    QNetworkAccessManager *m_network;
    K8sResource m_resource;
    QString m_ns;
    RetryPolicy m_policy;
    int m_pageSize = 500;
    int m_watchTimeoutSeconds = 290;

    Phase m_phase = Phase::Idle;
    bool m_nextIsList = true;
    QPointer<QNetworkReply> m_reply;
    QStringList m_sslErrors;
    QByteArray m_buffer;
    QString m_resourceVersion;
    QString m_continue;
    int m_failures = 0;     // in a row
    int m_goneInARow = 0;
    int m_watchEvents = 0;  // events of the current watch
    QElapsedTimer m_watchClock;
    QTimer m_retryTimer;
    Stats m_stats;
    LiveError m_lastError;
};

} // namespace gateline
