#include "k8sresource.h"

namespace gateline::k8sresource {

QString apiPath(K8sResource r, const QString &ns)
{
    const QString group = r == K8sResource::EventsV1 ? QStringLiteral("/apis/events.k8s.io/v1") : QStringLiteral("/api/v1");
    const QString plural = r == K8sResource::Pods ? QStringLiteral("pods") : QStringLiteral("events");
    if (ns.isEmpty())
        return group + QLatin1Char('/') + plural;
    return QStringLiteral("%1/namespaces/%2/%3").arg(group, ns, plural);
}

QString apiVersion(K8sResource r)
{
    return r == K8sResource::EventsV1 ? QStringLiteral("events.k8s.io/v1") : QStringLiteral("v1");
}

QString kind(K8sResource r)
{
    return r == K8sResource::Pods ? QStringLiteral("Pod") : QStringLiteral("Event");
}

QString label(K8sResource r, const QString &ns)
{
    QString what;
    switch (r) {
    case K8sResource::Events: what = QStringLiteral("events (core/v1)"); break;
    case K8sResource::EventsV1: what = QStringLiteral("events (events.k8s.io/v1)"); break;
    case K8sResource::Pods: what = QStringLiteral("pods"); break;
    }
    return ns.isEmpty() ? what + QStringLiteral(" in all namespaces") : what + QStringLiteral(" in namespace ") + ns;
}

} // namespace gateline::k8sresource
