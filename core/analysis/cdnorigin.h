// A CDN in front of the load balancer (CloudFront, Cloudflare) as a hop of its own:
//   - its clock, aligned to the load balancer's from the requests both logged: the CDN's requests to
//     its origin arrive at the ALB with the CDN's egress IP as client (one of many), and CloudFront's
//     X-Amz-Cf-Id is not in the ALB log, so the join is method, path and status, at about the time;
//   - which of its 502s it made itself: the origin never answered (CloudFront Origin*Error result
//     types, Cloudflare OriginResponseStatus 0) and, usually, the ALB has no line for the request;
//     a 502 the origin did answer is the load balancer's (classified there, not counted twice);
//   - its gateway errors (502, 504, Cloudflare 520-527/530) with what the ALB logged for each, for
//     the playbook's cdn-hides-origin branch (core/playbook/cdnbranch.h).
#pragma once

#include "originclassifier.h"
#include "timeline.h"

#include <vector>

namespace gateline {

// Aligns every CDN source to the load balancer (no-op without one, or without a CDN): Estimated
// with the keys in words, or NotEstimated with the reason. User overrides are applied afterwards by
// alignClocks like for any other non-ingress source.
void alignCdnSources(Timeline &timeline, double maxSkewSeconds);

// Adds the CDN-made 502s (and, with no load balancer loaded, the CDN's 502s its origin answered, as
// undetermined) to r: items with Origin::Cdn, r.cdn and a note.
void classifyCdnOrigins(const Timeline &timeline, OriginResult &r);

// True for an edge status a CDN answers when its origin fails: 502, 504, 520-527, 530.
bool isCdnGatewayError(int status);

// Every CDN gateway error on the aligned timeline (CdnGatewayError: originclassifier.h), sorted by
// time; lbLoaded tells whether lbSaw means anything. The origin classification computes them once
// per analysis (OriginResult::cdnGateway); read them there rather than calling this again.
std::vector<CdnGatewayError> cdnGatewayErrors(const Timeline &timeline, bool *lbLoaded = nullptr);

} // namespace gateline
