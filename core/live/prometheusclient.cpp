#include "prometheusclient.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include "livereply.h"

#include <cmath>

namespace gateline {

namespace {
constexpr qint64 kMaxBodyBytes = 256ll << 20;
constexpr qsizetype kMaxExpression = 16 * 1024;
}

PrometheusClient::PrometheusClient(QObject *parent) : QObject(parent)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &PrometheusClient::send);
}

PrometheusClient::~PrometheusClient()
{
    dropReply(m_reply, this);
}

double PrometheusClient::autoStep(Timestamp from, Timestamp to)
{
    static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400};
    const double wanted = std::max(0.0, (to.us - from.us) / 1e6) / 1000.0;
    for (double s : steps) {
        if (s >= wanted)
            return s;
    }
    return std::ceil(wanted / 86400.0) * 86400.0;
}

QUrl PrometheusClient::rangeUrl(const PrometheusQuery &query, double stepSeconds)
{
    QUrl url = query.server;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + QStringLiteral("/api/v1/query_range"));
    auto number = [](double v) { return QByteArray::number(v, 'f', 3); };
    // Every byte of the expression percent-encoded: a '+' left bare would read as a space.
    const QByteArray q = "query=" + QUrl::toPercentEncoding(query.expression) + "&start=" + number(query.from.seconds())
        + "&end=" + number(query.to.seconds()) + "&step=" + number(stepSeconds);
    url.setQuery(QString::fromLatin1(q), QUrl::StrictMode);
    url.setFragment(QString());
    return url;
}

bool PrometheusClient::validate(const PrometheusQuery &query, LiveError *error)
{
    const QString scheme = query.server.scheme().toLower();
    if (!query.server.isValid() || query.server.host().isEmpty()
        || (scheme != QLatin1StringView("http") && scheme != QLatin1StringView("https"))) {
        *error = LiveError::make(LiveError::Config,
                                 QStringLiteral("\"%1\" is not a Prometheus URL: give http://HOST:9090.")
                                     .arg(displayUrl(query.server)));
        return false;
    }
    if (query.expression.trimmed().isEmpty() || query.expression.size() > kMaxExpression) {
        *error = LiveError::make(LiveError::Config, QStringLiteral("Give a PromQL expression (at most 16 KiB)."));
        return false;
    }
    if (query.to <= query.from) {
        *error = LiveError::make(LiveError::Config, QStringLiteral("The time range is empty: nothing to query."));
        return false;
    }
    if (query.stepSeconds < 0 || (query.stepSeconds > 0 && (query.to.us - query.from.us) / 1e6 / query.stepSeconds > 11000)) {
        *error = LiveError::make(LiveError::Config,
                                 QStringLiteral("The step gives over 11000 points (Prometheus' limit): use a larger one."));
        return false;
    }
    return true;
}

bool PrometheusClient::start(const PrometheusQuery &query, LiveError *error)
{
    if (m_running)
        cancel();
    if (!validate(query, error))
        return false;
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    m_query = query;
    m_step = query.stepSeconds > 0 ? query.stepSeconds : autoStep(query.from, query.to);
    m_attempts = 0;
    m_running = true;
    send();
    return true;
}

void PrometheusClient::cancel()
{
    if (!m_running)
        return;
    m_retryTimer.stop();
    dropReply(m_reply, this);
    m_running = false;
    Q_EMIT failed(LiveError::make(LiveError::Cancelled, QStringLiteral("The Prometheus query was cancelled.")));
}

void PrometheusClient::send()
{
    if (!m_running)
        return;
    ++m_attempts;
    QNetworkRequest req(rangeUrl(m_query, m_step));
    req.setRawHeader("Accept", "application/json");
    req.setRawHeader("User-Agent", "gateline");
    req.setTransferTimeout(m_policy.transferTimeoutMs);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(req);
    collectSslErrors(reply, this, &m_sslErrors);
    connect(reply, &QNetworkReply::finished, this, &PrometheusClient::onFinished);
    m_reply = reply;
}

void PrometheusClient::onFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || reply != sender())
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const FinishedReply answer = takeFinishedReply(reply, kMaxBodyBytes, m_sslErrors);
    const QByteArray &body = answer.body;
    LiveError error = answer.error;
    if (error.kind == LiveError::BadRequest && error.httpStatus >= 400) {
        // Prometheus explains a bad expression in the body.
        const QString server = serverMessageOf(body);
        if (!server.isEmpty())
            error.message = QStringLiteral("Prometheus rejected the query (HTTP %1): %2").arg(error.httpStatus).arg(server);
    }
    if (!error.isError()) {
        PrometheusResult result;
        QString parseError;
        if (PrometheusResult::parse(body, &result, &parseError)) {
            result.expression = m_query.expression;
            result.server = m_query.server;
            result.from = m_query.from;
            result.to = m_query.to;
            result.stepSeconds = m_step;
            m_running = false;
            Q_EMIT finished(result);
            return;
        }
        const bool rejected = parseError.startsWith(QLatin1StringView("Prometheus rejected"));
        error = LiveError::make(rejected ? LiveError::BadRequest : LiveError::Malformed,
                                rejected ? parseError
                                         : QStringLiteral("%1 (from %2)").arg(parseError, displayUrl(m_query.server)));
    }
    if (int delay = 0; retryAfterFailure(&error, m_attempts, m_policy, &delay)) {
        Q_EMIT retrying(error, m_attempts, delay);
        m_retryTimer.start(delay);
        return;
    }
    fail(error);
}

void PrometheusClient::fail(const LiveError &error)
{
    m_running = false;
    Q_EMIT failed(error);
}

std::optional<PrometheusResult> PrometheusClient::runBlocking(const PrometheusQuery &query, const RetryPolicy &policy,
                                                              LiveError *error, int *attempts)
{
    PrometheusClient client;
    client.setRetryPolicy(policy);
    std::optional<PrometheusResult> result;
    QEventLoop loop;
    connect(&client, &PrometheusClient::finished, &loop, [&](const PrometheusResult &r) {
        result = r;
        loop.quit();
    });
    connect(&client, &PrometheusClient::failed, &loop, [&](const LiveError &e) {
        *error = e;
        loop.quit();
    });
    if (!client.start(query, error))
        return std::nullopt;
    if (client.isRunning())
        loop.exec();
    if (attempts)
        *attempts = client.attempts();
    return result;
}

} // namespace gateline
