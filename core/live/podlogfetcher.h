// The ingress controller pods' logs for a live capture: finds the pods (IngressPodDiscovery:
// the user's label selector, or the well-known labels of the common controllers), then reads
// every container's log from the window's start on (PodLogStream; followed while the capture
// runs), and the log of the instance before the last restart (previous=true) of every container
// that restarted: a crashed controller's last lines are the evidence. Files go under
// OUT/ingress-logs/NS/POD_CONTAINER[.previous].log in the shape of `kubectl logs --prefix
// --timestamps`. A missing permission (403), a vanished pod (404) or a container without a log
// is reported and the rest goes on; nothing here stops the capture of events and pods.
#pragma once

#include "liveerror.h"
#include "podlogstream.h"
#include "retrypolicy.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace gateline {

class ClusterConnection;
class IngressPodDiscovery;

class PodLogFetcher : public QObject
{
    Q_OBJECT
public:
    struct Counts {
        int pods = 0;      // pods found
        int logs = 0;      // container logs requested (previous instances included)
        int reading = 0;   // logs being read now
        int failed = 0;    // logs that failed (403 included)
        qint64 bytes = 0;  // log bytes received
        bool operator==(const Counts &) const = default;
    };
    static constexpr int kMaxLogs = 64; // container logs per capture (the rest is named, not read)

    // The selector, namespace and size bound come from the connection's settings.
    PodLogFetcher(const ClusterConnection *connection, const QString &outDir, const QDateTime &since,
                  const RetryPolicy &policy, QObject *parent = nullptr);
    ~PodLogFetcher() override;

    void start();
    // Aborts every request and commits what was written. No signal follows.
    void stop();

    Counts counts() const;
    QString matchedSelector() const { return m_selector; }
    QDateTime since() const { return m_since; }
    const std::vector<std::unique_ptr<PodLogStream>> &streams() const { return m_streams; }
    // Absolute paths of the log files written.
    QStringList files() const;
    // One line per problem that lost logs (403, failures), grouped; empty if none.
    QStringList failures() const;
    // For .gateline-capture.json: what was looked for, found, read, cut and skipped.
    QJsonObject meta() const;

Q_SIGNALS:
    // pods: "NS/POD" each; selector empty when none matched.
    void podsFound(const QString &selector, const QStringList &pods);
    void message(const QString &text);
    void changed();

private:
    void onFound(const QString &selector, const QList<QJsonObject> &pods);
    void onDiscoveryFailed(const LiveError &error);
    void onStreamFinished(PodLogStream *s);
    void addStream(const PodLogTarget &target);

    const ClusterConnection *m_connection;
    QString m_outDir;
    QDateTime m_since;
    RetryPolicy m_policy;
    std::unique_ptr<QNetworkAccessManager> m_discoveryNetwork;
    std::unique_ptr<IngressPodDiscovery> m_discovery;
    // One network manager per log: a followed log holds its connection open.
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_networks;
    std::vector<std::unique_ptr<PodLogStream>> m_streams;
    QString m_selector;
    QStringList m_tried;
    QStringList m_pods;
    QStringList m_notRead;      // over kMaxLogs
    QString m_discoveryError;
    QStringList m_said;         // messages already emitted (403 repeats for every pod)
    bool m_running = false;
};

} // namespace gateline
