// One container's log from the pod log API
// (GET /api/v1/namespaces/NS/pods/POD/log?container=C&timestamps=true&sinceTime=..&limitBytes=..,
// with previous=true for the instance that ran before the last restart, or follow=true to keep
// reading while the capture runs), written as `kubectl logs --prefix --timestamps` writes it:
// every line "[pod/POD/CONTAINER] <RFC3339Nano timestamp> <line>". The file is streamed to disk
// (QSaveFile) and committed when the log ends or at stop(); it is never larger than the bound
// (the rest is cut off and said so). Failures before the first byte are retried (bounded);
// 403 names the missing permission, 404 (the pod is gone) and 400 (no such container, or it
// never started) skip the container with a note.
#pragma once

#include "liveerror.h"
#include "retrypolicy.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QSaveFile;

namespace gateline {

class ClusterConnection;

struct PodLogTarget {
    QString ns;
    QString pod;
    QString container;
    bool previous = false; // the instance before the last restart
    bool follow = false;   // keep reading until stop()

    // "ingress-logs/NS/POD_CONTAINER[.previous].log"
    QString relativePath() const;
    // "[pod/POD/CONTAINER] "
    QByteArray linePrefix() const;
    // "NS/POD CONTAINER (previous)"
    QString label() const;
    // Names from the API server go into a path: only DNS-label characters, never "." or "..".
    bool hasSafeNames() const;
};

class PodLogStream : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle,
        Running,
        Waiting,   // a retry is due
        Done,      // the whole log (up to now) is written
        Truncated, // the size bound was reached; the rest is not written
        Skipped,   // the pod is gone (404) or the container has no log (400)
        Failed,    // any other error (403 included)
        Stopped,   // stop() during the log (what came is written)
    };

    PodLogStream(const ClusterConnection *connection, QNetworkAccessManager *network, const PodLogTarget &target,
                 const QDateTime &since, qint64 limitBytes, const QString &outDir, const RetryPolicy &policy,
                 QObject *parent = nullptr);
    ~PodLogStream() override;

    void start();
    // Aborts the request and commits what was written. No signal follows.
    void stop();

    const PodLogTarget &target() const { return m_target; }
    State state() const { return m_state; }
    bool isActive() const { return m_state == State::Running || m_state == State::Waiting; }
    qint64 bytes() const { return m_bytes; }   // log bytes received (the bound counts these)
    qint64 lines() const { return m_lines; }   // lines written
    bool hasFile() const { return m_committed; }
    QString filePath() const;
    const LiveError &error() const { return m_error; }
    QString note() const { return m_note; } // why it stopped, was cut or skipped; empty when whole
    static QString stateName(State s);

Q_SIGNALS:
    void progressed();
    // The log ended (Done, Truncated, Skipped or Failed).
    void finished();

private:
    void sendRequest();
    void onReadyRead();
    void onFinished();
    void consume(QByteArrayView data);
    void writeLine(QByteArrayView line);
    bool ensureFile();
    void commit();
    void end(State state, const QString &note);
    void dropReply();

    const ClusterConnection *m_connection;
    QNetworkAccessManager *m_network;
    PodLogTarget m_target;
    QDateTime m_since;
    qint64 m_limit;
    QString m_outDir;
    RetryPolicy m_policy;
    QByteArray m_prefix;
    State m_state = State::Idle;
    QPointer<QNetworkReply> m_reply;
    QStringList m_sslErrors;
    std::unique_ptr<QSaveFile> m_file;
    QByteArray m_partial; // a line not yet ended
    qint64 m_bytes = 0;
    qint64 m_lines = 0;
    int m_failures = 0;
    bool m_committed = false;
    bool m_writeFailed = false;
    QTimer m_retryTimer;
    LiveError m_error;
    QString m_note;
};

} // namespace gateline
