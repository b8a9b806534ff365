// keepalive-mismatch, the playbook's "Keep-alive timeout mismatch" row: the upstream closes an idle
// keep-alive connection just as the proxy sends a request on it (Node.js keepAliveTimeout 5 s, an
// AWS ALB idle timeout of 60 s, NGINX's upstream keepalive_timeout 60 s: the app's must be the
// longest). Its 502s are a low, steady rate per request, tied to no event and no load, and each of
// them is a connection closed on a request: the ALB's 502 whose target never answered (target
// status "-"; AWS: "The target closed the connection with a TCP RST or a TCP FIN while the load
// balancer had an outstanding request to the target"), or the ingress's with its own "upstream
// prematurely closed connection" / "Connection reset by peer" / "caused by: EOF" line.
//
// A second cause acting at the same time (a traffic spike's overload, a rollout's or an OOM kill's
// 502s) puts its own 502s over the same minutes: the whole bundle's 502s then come in bursts, tied
// to the spike or the events, and the race's steady rate is lost in them. So the same test is also
// made on the 502s closed on a request alone (what overload's refused connections, the app's own
// 502s and the undetermined ones are not), with every feature and tie recomputed on them
// (Evidence's subset constructor, the statistical core's tests): still steady, still tied to no
// event and no load, there is a race. A dying pod's in-flight requests are closed on too; those sit
// on its Killing or OOM kill, which the same tie tests see.
// Under a traffic spike, steady means steady per request: a race's rate per request is the same in
// and out of the high load (the load features' rates), where an overload's 502s are the high load's.
#pragma once

#include "causeranker.h"

#include <vector>

namespace gateline {

// The 502s (indices into e.errorTimes()) closed on their request: the load balancer made them (its
// target never answered), or their own proxy line says the upstream closed or reset the connection
// (LogFeatures::closedRequest).
std::vector<char> closedOnRequest(const Evidence &e);

// The 502s known NOT to be closed on their request, when they are not keep-alive's: the ingress
// made them and its log records every close on a request (an NGINX error log, a Go proxy's "caused
// by" lines), and no line of their own says so (closedOnRequest()). They are keep-alive's only when
// they pass its test themselves, together (steady per request, tied to no event and no load: a raw
// support of at least params::kActingScore): a race whose close lines were not all joined. When
// they do not (a spike's refused connections under the high load), they are flagged (1), and
// keep-alive does not claim them (tableclaims.cpp). 502s whose maker or close is not on record (no
// ingress log, no error log) are never flagged; nor any when too few of either kind are left to tell.
std::vector<char> knownUnclosedNotKeepalive(const Evidence &e);

// keepalive-mismatch's raw score and evidence (on the whole data and on closedOnRequest()'s 502s).
CauseScore scoreKeepalive(const Evidence &e);

} // namespace gateline
