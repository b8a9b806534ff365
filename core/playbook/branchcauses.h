// Scores of the playbook's branches beyond the nine table rows (evidencebranches.h):
//   nodeport-busy       ALB straight to a NodePort, no ingress: the ALB's own 502s on node ports
//                       while the app is busy, with no pod events (seed 003);
//   no-ready-backend    GCP load balancer with no backend to pick: failed_to_pick_backend while all
//                       the backends fail readiness at once (seed 002);
//   passive-ejection    the proxy's passive health check ejected every upstream after failures:
//                       "no live upstreams" (NGINX max_fails) or "no healthy upstream" (Envoy UH);
//   idle-timer-race     the proxy's upstream keep-alive timeout equals the app's: the failed
//                       attempts reused a connection idle for one and the same time.
// The ranker (causeranker.cpp) calls these next to the nine (tablecauses.h); they use the same raw-support scale,
// the same calibration and the same claims/missing-source rules.
#pragma once

#include "causeranker.h"

#include <vector>

namespace gateline {

QStringList branchCauseIds();

// Appends the branch causes' raw scores and evidence to out (which holds the nine), and tempers the
// table rows whose evidence the branches explain better (see branchcauses.cpp).
void scoreBranchCauses(const Evidence &e, QList<CauseScore> &out);

// The 502s (indices into Evidence::errorTimes) a branch cause's evidence ties to it.
std::vector<char> branchClaims(const QString &id, const Evidence &e);
// What its deciding evidence needs when it is not loaded ("" if nothing is missing).
QString branchMissingSource(const QString &id, const Evidence &e);
// Its strongest statistical tie (tie-break).
double branchTie(const QString &id, const Evidence &e);

// How far passive-ejection's 'no live upstreams' lines follow failures (branchcauses.cpp), 0..1.
double passiveEjectionTie(const Coincidence &a);

} // namespace gateline
