// The Kubernetes collections a live capture lists and watches, and their API paths.
#pragma once

#include <QString>

namespace gateline {

enum class K8sResource {
    Events,   // core/v1 events
    EventsV1, // events.k8s.io/v1 events (the same objects in the newer shape; optional)
    Pods,     // core/v1 pods
};

namespace k8sresource {
// "/api/v1/events", "/api/v1/namespaces/NS/events", "/apis/events.k8s.io/v1/events", ...
QString apiPath(K8sResource r, const QString &ns);
QString apiVersion(K8sResource r); // "v1" or "events.k8s.io/v1"
QString kind(K8sResource r);       // "Event" or "Pod"
// "events (core/v1) in all namespaces", "pods in namespace shop"
QString label(K8sResource r, const QString &ns);
} // namespace k8sresource

} // namespace gateline
