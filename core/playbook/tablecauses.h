// Scores of the playbook's nine table rows (DESIGN.md's root-cause table):
//   graceful-shutdown, keepalive-mismatch, pod-not-ready, upstream-timeout, hpa-too-slow,
//   health-check-flapping, dns-failure, connection-pool-exhaustion, oom-crash.
// Each turns the evidence (evidence.h) into a raw support in [0, 1] and says why; the ranker
// (causeranker.cpp) calibrates, orders and attributes them together with the branches of
// branchcauses.h, which follow the same four functions.
#pragma once

#include "causeranker.h"

#include <vector>

namespace gateline {

// The nine ids in the playbook's order.
QStringList tableCauseIds();

// Appends the nine causes' raw scores and evidence to out.
void scoreTableCauses(const Evidence &e, QList<CauseScore> &out);

// The 502s (indices into Evidence::errorTimes) a table cause's evidence ties to it.
std::vector<char> tableClaims(const QString &id, const Evidence &e);
// The 502s the upstream itself returned (indices into the evidence series' appErrors()) that a
// table cause's evidence ties to it: only upstream-timeout claims any (a slow backend that gives up
// answers 502 itself); the ranker attributes them with the others (causeranker.h).
std::vector<char> tableAppClaims(const QString &id, const Evidence &e);
// What its deciding evidence needs when it is not loaded ("" if nothing is missing).
QString tableMissingSource(const QString &id, const Evidence &e);
// Its strongest statistical tie (tie-break).
double tableTie(const QString &id, const Evidence &e);

// oom-crash's outages that outlast the fixed window after an OOM kill (tableclaims.cpp): from the
// kill to the end of the last bin the data shows the outage going on in; only those that outlast it.
struct OomOutage {
    qint64 killUs = 0, endUs = 0;
};
std::vector<OomOutage> oomOutages(const Evidence &e);

// pod-not-ready's support from the servers' own record: the 502s (of `errors`) that went to a pod
// in its first minute beyond what those pods' first minutes give by chance (EndpointFeatures::
// newPodChance), weighed like independent coincidences by the new pods they went to (0.5 for one,
// 0.75 for two, 1 for three or more); 0 with fewer than Coincidence::kMinErrors such 502s.
double newPodSupport(const EndpointFeatures &ep, qint64 errors);

} // namespace gateline
