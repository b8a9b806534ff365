// Istio sidecars' clocks. A sidecar runs on its app pod's node, with that node's clock; it sees
// the requests the ingress forwarded to its pod. Its offset is estimated against the ingress
// access logs (already aligned to the load balancer), on method and path, and on the pod: the
// ingress' upstream address is the sidecar's pod IP where the pods are loaded.
#pragma once

#include "timeline.h"

namespace gateline {

// Fills the alignment of every Envoy sidecar source. The ingress access sources must be aligned
// (and the timeline recomputed) first.
void alignSidecars(Timeline &timeline, double maxSkewSeconds);

} // namespace gateline
