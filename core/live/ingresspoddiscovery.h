// Finds the ingress controller pods: lists pods (GET /api/v1/pods, or in one namespace) with a
// label selector, trying the well-known labels of the common controllers in order until one
// matches, or only the selector the user gave. Bounded: one list per selector (at most a few
// pages each), failures retried per RetryPolicy.
#pragma once

#include "liveerror.h"
#include "retrypolicy.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace gateline {

class ClusterConnection;

class IngressPodDiscovery : public QObject
{
    Q_OBJECT
public:
    // The well-known labels, in the order tried: ingress-nginx (controller component first),
    // Traefik, RKE2's ingress-nginx, NGINX Inc.'s nginx-ingress, Contour's Envoy, Istio's ingress
    // gateway, the AWS Load Balancer Controller.
    static QStringList wellKnownSelectors();

    // selector empty: the well-known ones; ns empty: all namespaces.
    IngressPodDiscovery(const ClusterConnection *connection, QNetworkAccessManager *network, const QString &selector,
                        const QString &ns, const RetryPolicy &policy, QObject *parent = nullptr);
    ~IngressPodDiscovery() override;

    void start();
    void stop(); // no signal follows

    QStringList selectorsTried() const { return m_tried; }

Q_SIGNALS:
    // The first selector that matched and its pods (none if no selector matched).
    void found(const QString &selector, const QList<QJsonObject> &pods);
    void failed(const gateline::LiveError &error);

private:
    void requestPage();
    void onFinished();
    void nextSelector();

    const ClusterConnection *m_connection;
    QNetworkAccessManager *m_network;
    QStringList m_selectors;
    QString m_ns;
    RetryPolicy m_policy;
    qsizetype m_index = 0;
    int m_pages = 0;
    int m_failures = 0;
    QString m_continue;
    QList<QJsonObject> m_pods;
    QStringList m_tried;
    QStringList m_sslErrors;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    bool m_stopped = false;
};

} // namespace gateline
