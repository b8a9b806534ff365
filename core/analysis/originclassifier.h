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

// A CDN's gateway error (502, 504, Cloudflare 520-527/530; see cdnorigin.h) with what the load
// balancer logged for the same request.
struct CdnGatewayError {
    SourceId source;
    qint32 row = -1;
    qint64 us = 0;            // aligned time
    qint16 edgeStatus = 0;    // what the viewer got
    qint16 originStatus = 0;  // the origin's status (record.h: kUpstreamDash = never answered)
    bool cdnMade = false;     // the origin never answered: the CDN made the response
    bool lbSaw = false;       // a load-balancer line for the same method and path at that time
    qint16 lbStatus = 0;      // its elb status, when seen
};

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
    // Every CDN gateway error (cdnorigin.h's cdnGatewayErrors), computed once here: the playbook's
    // cdn-hides-origin branch reads them instead of pairing the CDN's lines with the ALB's again.
    std::vector<CdnGatewayError> cdnGateway;
    bool cdnLoadBalancerLoaded = false; // whether a load balancer was loaded (CdnGatewayError::lbSaw means something)
};

OriginResult classifyOrigins(const Timeline &timeline);

} // namespace gateline
