// Where the 502s go: concentration on one endpoint, their latencies against the endpoint's normal
// ones, concentration on one upstream (and whether it is a name rather than an address), and
// whether the upstreams that failed were pods that had just started.
#pragma once

#include "evidenceevents.h"

namespace gateline {

struct EndpointFeatures {
    QString topEndpoint;            // of the 502s
    qint64 topEndpointErrors = 0;
    double topEndpointShare = 0;    // of the 502s
    double topEndpointRequestShare = 0; // of all requests
    double concentration = 0;       // 0 (spread like the traffic) .. 1 (all on one endpoint that is rare)
    QStringList paths;              // endpoints that saw 502s, most first (at most 10)

    qint64 errorsWithDuration = 0;
    double errorMedianMs = -1;      // median time of the 502s (where known)
    double normalMedianMs = -1;     // median time of successful requests overall
    double topEndpointNormalMs = -1;
    double longShare = 0;           // share of the 502s (with a time) that took >= 5 s and >= 10x normal
    double fastShare = 0;           // share that failed within 50 ms

    QString topUpstream;            // host part of the upstream most 502s went to
    double topUpstreamShare = 0;
    bool topUpstreamIsName = false; // a DNS name, not an IP address
    qint64 errorsWithUpstream = 0;

    // 502s whose upstream is a pod IP known from pod status:
    qint64 errorsWithPodIp = 0;
    double newPodShare = 0;         // of those, share within 60 s after that pod (re)started
    double unknownIpShare = 0;      // of 502s with an IP upstream, share not found in pod status
};

EndpointFeatures computeEndpointFeatures(const ErrorSeries &series, const KubeSignals &signals);

} // namespace gateline
