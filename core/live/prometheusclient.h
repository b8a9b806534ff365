// Runs a Prometheus range query (/api/v1/query_range) of a PromQL expression over a time range,
// asynchronously, with a transfer timeout, bounded retries with backoff, and cancel.
#pragma once

#include "liveerror.h"
#include "prometheusresult.h"
#include "retrypolicy.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace gateline {

struct PrometheusQuery {
    QUrl server;          // http://127.0.0.1:9090 (a path prefix is kept: http://host/prometheus)
    QString expression;   // PromQL
    Timestamp from;
    Timestamp to;
    double stepSeconds = 0; // 0: chosen from the range (about 1000 points)
};

class PrometheusClient : public QObject
{
    Q_OBJECT
public:
    explicit PrometheusClient(QObject *parent = nullptr);
    ~PrometheusClient() override;

    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }

    // Starts the query, cancelling one that runs. False with a Config error for bad input.
    bool start(const PrometheusQuery &query, LiveError *error);
    // Stops at once; failed() follows with a Cancelled error.
    void cancel();
    bool isRunning() const { return m_running; }
    int attempts() const { return m_attempts; }

    // A step that gives about 1000 points (at least 1 s), from a list of round values.
    static double autoStep(Timestamp from, Timestamp to);
    // The query_range URL for the query and step, with every value fully percent-encoded.
    static QUrl rangeUrl(const PrometheusQuery &query, double stepSeconds);
    // Checks a query; false with a Config error.
    static bool validate(const PrometheusQuery &query, LiveError *error);

    // Runs a query to the end in a local event loop (command line, tests).
    static std::optional<PrometheusResult> runBlocking(const PrometheusQuery &query, const RetryPolicy &policy,
                                                       LiveError *error, int *attempts = nullptr);

Q_SIGNALS:
    void finished(const gateline::PrometheusResult &result);
    void failed(const gateline::LiveError &error);
    void retrying(const gateline::LiveError &error, int attempt, int delayMs);

private:
    void send();
    void onFinished();
    void fail(const LiveError &error);

    std::unique_ptr<QNetworkAccessManager> m_network;
    RetryPolicy m_policy;
    PrometheusQuery m_query;
    double m_step = 0;
    QPointer<QNetworkReply> m_reply;
    QStringList m_sslErrors;
    QTimer m_retryTimer;
    int m_attempts = 0;
    bool m_running = false;
};

} // namespace gateline
