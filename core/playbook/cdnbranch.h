// The playbook branch "cdn-hides-origin" (step 1 of the playbook: Client -> CDN -> Load Balancer ->
// ...): a CDN in front (CloudFront, Cloudflare) answers 502/504 (Cloudflare 520-524) that the load
// balancer never saw, because the CDN could not use its origin connection (it reused one the ALB had
// closed at its idle timeout, could not connect, timed out reading), or it reports another status
// than the origin's. The ALB's and ingress's logs then look clean, or show a different story, while
// the viewers get errors.
//
// Evidence (analysis/cdnorigin.h): the CDN's gateway errors; those it made itself (CloudFront
// x-edge-detailed-result-type Origin*Error, Cloudflare OriginResponseStatus 0); of those, the ones
// with no ALB line for the same method and path at that time; and the ones where the ALB logged
// another status for the same request. Parameters: cdnparams.h. Registered with the other branches
// (branchcauses.cpp); uses the same raw-support scale and claims/missing-source rules.
#pragma once

#include "causeranker.h"

#include <vector>

namespace gateline {

QString cdnBranchId(); // "cdn-hides-origin"

// The branch's raw score and evidence; the table rows and branches whose evidence is the CDN's own
// 502s (they sit on no event, at a steady rate: keep-alive, pool) are tempered by the share of the
// 502s the CDN made.
CauseScore scoreCdnBranch(const Evidence &e);
void temperForCdn(const Evidence &e, QList<CauseScore> &out);
// The 502s (indices into Evidence::errorTimes) it explains: the ones the CDN made.
std::vector<char> cdnBranchClaims(const Evidence &e);
// "" when nothing is missing, or when no CDN log is loaded (the branch does not apply then: most
// set-ups have no CDN, and nothing in the other logs can tell that one is there).
QString cdnBranchMissingSource(const Evidence &e);
double cdnBranchTie(const Evidence &e);

} // namespace gateline
