#include "ingresspoddiscovery.h"

#include "clusterconnection.h"
#include "livereply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace gateline {

namespace {
constexpr int kPageSize = 500;
constexpr int kMaxPages = 20;
constexpr qsizetype kMaxPageBytes = 256ll << 20;
} // namespace

QStringList IngressPodDiscovery::wellKnownSelectors()
{
    return {
        QStringLiteral("app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller"),
        QStringLiteral("app.kubernetes.io/name=ingress-nginx"),
        QStringLiteral("app.kubernetes.io/name=traefik"),
        QStringLiteral("app=traefik"),
        QStringLiteral("app.kubernetes.io/name=rke2-ingress-nginx"),
        QStringLiteral("app=nginx-ingress"),
        QStringLiteral("app.kubernetes.io/name=envoy"),
        QStringLiteral("app.kubernetes.io/component=envoy"),
        QStringLiteral("istio=ingressgateway"),
        QStringLiteral("app.kubernetes.io/name=aws-load-balancer-controller"),
    };
}

IngressPodDiscovery::IngressPodDiscovery(const ClusterConnection *connection, QNetworkAccessManager *network,
                                         const QString &selector, const QString &ns, const RetryPolicy &policy,
                                         QObject *parent)
    : QObject(parent), m_connection(connection), m_network(network),
      m_selectors(selector.trimmed().isEmpty() ? wellKnownSelectors() : QStringList{selector.trimmed()}), m_ns(ns),
      m_policy(policy)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &IngressPodDiscovery::requestPage);
}

IngressPodDiscovery::~IngressPodDiscovery()
{
    dropReply(m_reply, this);
}

void IngressPodDiscovery::start()
{
    m_index = 0;
    m_stopped = false;
    m_tried.clear();
    m_pods.clear();
    m_continue.clear();
    m_pages = 0;
    m_failures = 0;
    requestPage();
}

void IngressPodDiscovery::stop()
{
    m_stopped = true;
    m_retryTimer.stop();
    dropReply(m_reply, this);
}

void IngressPodDiscovery::requestPage()
{
    if (m_stopped)
        return;
    const QString selector = m_selectors.value(m_index);
    if (m_tried.isEmpty() || m_tried.last() != selector)
        m_tried << selector;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("labelSelector"), selector);
    q.addQueryItem(QStringLiteral("limit"), QString::number(kPageSize));
    if (!m_continue.isEmpty())
        q.addQueryItem(QStringLiteral("continue"), m_continue);
    const QString path = m_ns.isEmpty() ? QStringLiteral("/api/v1/pods")
                                        : QStringLiteral("/api/v1/namespaces/%1/pods").arg(m_ns);
    LiveError error;
    const std::optional<QNetworkRequest> req = m_connection->request(path, q, m_policy.transferTimeoutMs, &error);
    if (!req) {
        Q_EMIT failed(error);
        return;
    }
    QNetworkReply *reply = m_network->get(*req);
    collectSslErrors(reply, this, &m_sslErrors);
    connect(reply, &QNetworkReply::finished, this, &IngressPodDiscovery::onFinished);
    m_reply = reply;
}

void IngressPodDiscovery::onFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || reply != sender())
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const FinishedReply answer = takeFinishedReply(reply, kMaxPageBytes, m_sslErrors);
    const QByteArray &body = answer.body;
    LiveError error = answer.error;
    QJsonObject list;
    if (!error.isError()) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        list = doc.object();
        if (!doc.isObject() || list.value(QLatin1StringView("kind")).toString() != QLatin1StringView("PodList"))
            error = LiveError::make(LiveError::Malformed,
                                    QStringLiteral("Malformed pod list from %1.").arg(m_connection->displayServer()));
    }
    if (error.isError()) {
        error.message = m_connection->redact(error.message);
        if (error.kind == LiveError::Forbidden) {
            error.message = QStringLiteral("%1 Finding the ingress controller pods needs the permission pods list "
                                           "(verb \"list\" on resource \"pods\")%2.")
                                .arg(error.message,
                                     m_ns.isEmpty() ? QStringLiteral(" at the cluster scope")
                                                    : QStringLiteral(" in namespace ") + m_ns);
        }
        if (int delay = 0; retryAfterFailure(&error, ++m_failures, m_policy, &delay)) {
            m_retryTimer.start(delay);
            return;
        }
        Q_EMIT failed(error);
        return;
    }
    m_failures = 0;
    ++m_pages;
    const QJsonArray items = list.value(QLatin1StringView("items")).toArray();
    for (const QJsonValue &v : items) {
        if (v.isObject())
            m_pods << v.toObject();
    }
    m_continue = list.value(QLatin1StringView("metadata")).toObject().value(QLatin1StringView("continue")).toString();
    if (!m_continue.isEmpty() && m_pages < kMaxPages) {
        requestPage();
        return;
    }
    m_continue.clear();
    if (!m_pods.isEmpty()) {
        Q_EMIT found(m_selectors.value(m_index), m_pods);
        return;
    }
    nextSelector();
}

void IngressPodDiscovery::nextSelector()
{
    m_pages = 0;
    if (++m_index >= m_selectors.size()) {
        Q_EMIT found(QString(), {});
        return;
    }
    requestPage();
}

} // namespace gateline
