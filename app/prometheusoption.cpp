#include "prometheusoption.h"

#include "live/prometheusclient.h"

using namespace gateline;

QJsonObject queryPrometheusForAnalyze(const QUrl &url, const QString &promql, Timestamp from, Timestamp to,
                                      QString *error)
{
    PrometheusQuery q;
    q.server = url;
    q.expression = promql.isEmpty() ? defaultPromql() : promql;
    q.from = from;
    q.to = to;
    RetryPolicy policy;
    policy.maxAttempts = 3;
    policy.initialBackoffMs = 500;
    policy.maxBackoffMs = 4000;
    policy.transferTimeoutMs = 20000;
    LiveError failure;
    const std::optional<PrometheusResult> result = PrometheusClient::runBlocking(q, policy, &failure);
    if (result)
        return result->toJson();
    if (error)
        *error = failure.message;
    QJsonObject o;
    o.insert(QLatin1StringView("url"), displayUrl(url));
    o.insert(QLatin1StringView("query"), q.expression);
    o.insert(QLatin1StringView("error"), failure.message);
    o.insert(QLatin1StringView("errorKind"), failure.id());
    return o;
}
