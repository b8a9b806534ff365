// Which killed pod a server that stopped answering was (graceful-shutdown's "servers' own record").
//
// BranchFeatures::endedAfter flags the 502s whose server had answered until then and answered
// nothing after. That alone does not say the server was the pod being killed: a pod that crashed,
// an address that moved, a node that went away end the same way. So each such 502 that comes after
// a Killing is resolved to a pod, from the pod status (the pod that had the address at the 502's
// time) and the Kubernetes events (the pods killed within the Killing window before it):
//   - the address belongs to a pod that pod status lists at that time: it counts only when that
//     very pod has a Killing within the window before the 502;
//   - the address belongs to no pod pod status lists at that time (a snapshot taken after a
//     rollout no longer lists the old pods): it counts only when a pod that pod status no longer
//     lists was killed within the window before the 502, and each such killed pod stands for one
//     server only (a one-to-one assignment, earliest first), so two servers that ended after one
//     Killing are not both "that pod".
// Without pod status nothing can be resolved: nothing counts, and the evidence says what to load.
// A pod is its namespace and name ("Pod/web-1" and "web-1" are one name); a Killing without a
// namespace (a `kubectl get events` table without -A) matches the pod of that name in any. Which pod
// had an address when is the one resolver's (analysis/podaddresshistory.h), built from the timeline
// as the matching step builds it, so both name the same pod for the same 502; a shared address
// (a node's, two pods since one time) stays unresolved.
#pragma once

#include "analysis/podaddresshistory.h"
#include "evidencebranches.h"
#include "evidenceevents.h"

#include <QString>
#include <vector>

namespace gateline {

struct KilledServerEnds {
    bool podStatusLoaded = false;
    qint64 endedOnKilling = 0;       // 502s after a Killing to a server that ended (endedAfter)
    qint64 resolved = 0;             // of those, to a server resolved to the killed pod
    qint64 unresolved = 0;           // of those, whose server no pod status or Killing resolves
    qint64 killedPods = 0;           // distinct killed pods the servers resolved to
    QString example;                 // "10.1.4.7 = Pod/storefront-7d9f8c6b5-x2kq"
    std::vector<char> onKilledPod;   // per 502 (ErrorSeries::errors() order)
};

// killingHits: per 502, whether it sits on a Killing (Evidence::killing().hits); windowSeconds the
// Killing window (Evidence::killingWindowSeconds()); pods: PodAddressHistory(analysis.timeline()).
KilledServerEnds resolveEndsToKilledPods(const ErrorSeries &series, const EventSignals &signals,
                                         const PodAddressHistory &pods, const BranchFeatures &branches,
                                         const std::vector<char> &killingHits, double windowSeconds);

// The support the resolved servers give graceful-shutdown, 0..1: the share of `errors` (all the
// 502s, or those within the Killing windows) they explain,
// weighed like the statistical core weighs independent coincidences (Coincidence::strength(): 0.5
// for one, 0.75 for two, 1 for three or more). Each server resolved to its own killed pod is one
// independent coincidence: a pod that stopped answering right after its own Killing.
double killedServerSupport(const KilledServerEnds &ends, qint64 errors);

// The same support among the 502s within the Killing windows (the exposed: killing.matched, at
// least the resolved ones), net of chance: a background of 502s (a keep-alive rate, a second
// cause) puts some in the windows whatever the pods do, 1/rateRatio of them at the rate outside
// the windows, and some of those go to the killed pod too. So the resolved servers explain at most
// the windows' 502s beyond that: min(resolved, exposed x (1 - 1/rateRatio)) of the exposed (the
// attributable fraction among the exposed, as scoring::tieStrength() weighs a tie; multiplying the
// resolved share by it would take the background out twice). 0 when the windows are no denser
// than the rest of the range.
double killedServerSupportAmongExposed(const KilledServerEnds &ends, const Coincidence &killing);

} // namespace gateline
