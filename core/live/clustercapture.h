// A live capture from a cluster: lists and watches events (core/v1 and events.k8s.io/v1) and
// pods in all namespaces or the chosen ones, keeps every object seen (deleted ones too), and
// saves them into a bundle folder as files the ingest recognises:
//   k8s-events.json   a core/v1 `List` of events (as `kubectl get events -o json`)
//   k8s-pods.json     a `PodList`
//   ingress-logs/NS/POD_CONTAINER[.previous].log  the ingress controller pods' logs
//                     (podlogfetcher.h), as `kubectl logs --prefix --timestamps` writes them
//   .gateline-capture.json  what was captured from where, and how it went (hidden: not ingested)
// Files are rewritten (atomically) every few seconds while the capture runs, and at stop().
// No credential is ever written or emitted.
#pragma once

#include "capturestore.h"
#include "clusterconnection.h"
#include "retrypolicy.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace gateline {

class K8sResourceWatcher;
class PodLogFetcher;

struct CaptureCounts {
    qint64 events = 0;     // distinct events kept
    qint64 pods = 0;       // distinct pods kept
    qint64 updates = 0;    // objects received (listed or watched)
    int relists = 0;       // fresh lists after 410 Gone
    int retries = 0;       // failed attempts retried
    int watching = 0;      // sources listing or watching now
    int failed = 0;        // sources that gave up
    int sources = 0;       // sources (less optional ones the server does not offer)
    int logPods = 0;       // ingress controller pods found
    int logs = 0;          // their container logs requested
    int logsReading = 0;   // ... being read now
    qint64 logBytes = 0;   // log bytes received
    bool operator==(const CaptureCounts &) const = default;
};

class ClusterCapture : public QObject
{
    Q_OBJECT
public:
    ClusterCapture(const ClusterSettings &settings, const QString &outDir, const RetryPolicy &policy = {},
                   QObject *parent = nullptr);
    ~ClusterCapture() override;

    static QString eventsFileName() { return QStringLiteral("k8s-events.json"); }
    static QString podsFileName() { return QStringLiteral("k8s-pods.json"); }
    static QString metaFileName() { return QStringLiteral(".gateline-capture.json"); }

    void setFlushIntervalMs(int ms) { m_flushIntervalMs = ms; }
    void setWatchTimeoutSeconds(int s) { m_watchTimeoutSeconds = s; }
    void setPageSize(int n) { m_pageSize = n; }
    // The ingress logs are read from this time on. Default: an hour before start(), the reach
    // of the events the capture lists (the API server keeps them for about an hour).
    void setLogsSince(const QDateTime &t) { m_logsSince = t; }
    static constexpr int kLogLookbackSeconds = 3600;
    // The ingress log reader (null when the settings turn it off or before start()).
    const PodLogFetcher *ingressLogs() const { return m_logs.get(); }

    // Checks the settings, makes the folder and starts every watcher. False with a clear error
    // (nothing started) if the settings or the folder are unusable.
    bool start(LiveError *error);
    // Stops every watcher, writes the files and emits finished(). Safe to call twice.
    void stop();
    bool isRunning() const { return m_running; }

    CaptureCounts counts() const { return m_counts; }
    QString outDir() const { return m_outDir; }
    // Paths of the data files written so far.
    QStringList writtenFiles() const;
    // Errors of sources that gave up, one line each.
    QStringList failures() const { return m_failures; }
    // Writes the files now (if anything changed). False with *error if a write failed.
    bool flush(QString *error = nullptr);

Q_SIGNALS:
    void countsChanged(const gateline::CaptureCounts &counts);
    // Progress worth telling: relists, retries, sources that gave up. Never a credential.
    void message(const QString &text);
    // The ingress controller pods found ("NS/POD"; none: selector empty).
    void ingressPodsFound(const QString &selector, const QStringList &pods);
    // ok: every source ran until stopped (events.k8s.io/v1 not being served does not count).
    void finished(bool ok, const QString &summary);

private:
    void onObject(K8sResourceWatcher *w, const QString &type, const QJsonObject &object);
    void onFailed(K8sResourceWatcher *w, const LiveError &error);
    void updateCounts();
    bool writeMeta(QString *error);
    void finish();

    ClusterConnection m_connection;
    QString m_outDir;
    RetryPolicy m_policy;
    int m_flushIntervalMs = 5000;
    int m_watchTimeoutSeconds = 290;
    int m_pageSize = 500;
    // One network manager per watcher: HTTP/1.1 (kubectl proxy) allows only a few connections per
    // manager and host, and every watch holds one open.
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_networks;
    std::vector<std::unique_ptr<K8sResourceWatcher>> m_watchers;
    std::unique_ptr<PodLogFetcher> m_logs;
    QDateTime m_logsSince;
    CaptureStore m_store;
    QTimer m_flushTimer;
    CaptureCounts m_counts;
    QStringList m_failures;
    QStringList m_warnings;
    QList<const K8sResourceWatcher *> m_unavailable; // optional sources the server does not offer
    QDateTime m_started;
    QDateTime m_stopped;
    bool m_running = false;
    bool m_dirty = false;
    bool m_finished = false;
    bool m_ok = true;
    QString m_writeError;
};

} // namespace gateline
