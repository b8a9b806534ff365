// Which hop generated each load-balancer 502: the ALB itself (the target never answered), the
// ingress (it logged the 502 with an upstream failure), or the app (the upstream answered 502).
#pragma once

#include "requestkey.h"
#include "timeline.h"

#include <QStringList>

namespace gateline {

// Sidecar: an Istio sidecar (Envoy between the ingress and the app) made it, the app never answered.
// Cdn: a CDN in front of the load balancer (CloudFront, Cloudflare) made it: its origin (the load
// balancer) never answered, so the 502 is in the CDN's log only (cdnorigin.h).
enum class Origin : quint8 { Alb, Ingress, App, Undetermined, Sidecar, Cdn };
QString originId(Origin o);

struct OriginResult {
    qint64 alb = 0;
    qint64 ingress = 0;
    qint64 app = 0;
    qint64 undetermined = 0;   // target answered 502 but no ingress line tells who made it
    qint64 sidecar = 0;        // an Istio sidecar made it: the app behind it never answered
    qint64 cdn = 0;            // a CDN in front made it: its origin never answered (the CDN's own rows)
    QString verdict = QStringLiteral("none"); // alb | ingress | app | sidecar | cdn | none
    QStringList notes;         // what can and cannot be told from the loaded data
    // Per load-balancer 502, and per CDN 502 its origin never answered: (source, row, origin). Kept
    // for the views and the exporters.
    struct Item { SourceId source; qint32 row; Origin origin; SourceId ingressSource; qint32 ingressRow = -1; };
    std::vector<Item> items;
};

OriginResult classifyOrigins(const Timeline &timeline);

} // namespace gateline
