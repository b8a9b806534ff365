// Where the 502s go: concentration on one endpoint, the latencies of the gateway errors (502s of any
// origin and 504s) against the endpoint's normal ones, concentration on one upstream (and whether it
// is a name rather than an address), and whether the upstreams that failed were pods that had just
// started or pods that were gone.
#pragma once

#include "evidenceevents.h"

#include "analysis/podaddresshistory.h"

namespace gateline {

// hostOf(), isIp(): analysis/podaddresshistory.h.

struct EndpointFeatures {
    // Over the 502s a cause can explain:
    QString topEndpoint;
    qint64 topEndpointErrors = 0;
    double topEndpointShare = 0;        // of those 502s
    double topEndpointRequestShare = 0; // of all requests
    QStringList paths;                  // endpoints that saw 502s (any origin), most first (at most 10)

    // Over all gateway errors (502s of any origin, 504s): a slow endpoint.
    qint64 gatewayErrors = 0;
    qint64 timeouts = 0;                // 504s
    QString slowEndpoint;               // the endpoint with most gateway errors
    double slowEndpointShare = 0;       // its share of the gateway errors
    double slowEndpointRequestShare = 0;
    qint64 errorsWithDuration = 0;
    double errorMedianMs = -1;          // median time of the gateway errors on that endpoint
    double normalMedianMs = -1;         // median time of successful requests overall
    double slowEndpointNormalMs = -1;
    double longShare = 0;               // share of its gateway errors that took >= 5 s and >= 5x normal
    // The long gateway errors of every endpoint (>= 5 s and >= 5x the normal time): a backend that
    // times out is what makes them, so where they concentrate says which endpoint is slow even
    // when another cause's fast 502s outnumber them (slowEndpoint is then the endpoint with most).
    qint64 longErrors = 0;
    double longOnSlowShare = 0;         // of those, on slowEndpoint

    // Over the 502s a cause can explain, by upstream:
    QString topUpstream;                // host part of the upstream most 502s went to
    double topUpstreamShare = 0;
    bool topUpstreamIsName = false;     // a DNS name, not an IP address or a proxy's upstream group
    qint64 errorsWithUpstream = 0;
    qint64 errorsWithIp = 0;            // upstream is an IP address
    double newPodShare = 0;             // of those, to a pod within its first minute (pod status)
    double goneShare = 0;               // of those, to an address no pod in pod status has
    bool podStatusLoaded = false;
    // The 502s to a pod within its first minute, per 502 (errors() order); the distinct pods they
    // went to; and the share of the first minutes in the time those pods were up within the range,
    // what a 502 that picks its pod regardless of age would give (pod-not-ready's chance). Only the
    // pods some 502 went to count, from their first start to the end of the range (pod status has
    // no end for a pod still running): pods that failed are the new ones more often than the rest,
    // so this chance is on the high side.
    // newPodErrors counts them; errorsToStartedPods counts the 502s to the pods with a known first
    // start some 502 went to (the pods newPodChance is measured over, new or not).
    std::vector<char> toNewPod;
    qint64 newPodErrors = 0;
    qint64 errorsToStartedPods = 0;
    qint64 newPodsHit = 0;            // distinct addresses of new pods the 502s went to
    double newPodChance = 0;
    // The addresses tell new pods from gone ones (rather than pointing at a long-lived proxy tier).
    bool ipInformative() const { return podStatusLoaded && errorsWithIp >= 3 && newPodShare + goneShare >= 0.3; }
};

EndpointFeatures computeEndpointFeatures(const ErrorSeries &series, const EventSignals &signals);

} // namespace gateline
