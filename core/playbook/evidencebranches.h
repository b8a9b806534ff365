// The evidence of the playbook's branches beyond the nine table rows (DESIGN.md, issue 12 item 5):
//   - ALB straight to a NodePort with no ingress (the load balancer's own 502s on node ports while
//     the app is busy);
//   - a GCP load balancer with no backend to pick (failed_to_pick_backend while every backend of a
//     workload fails its readiness probe at once);
//   - passive health-check ejection ("no live upstreams" / Envoy UH right after upstream failures);
//   - two equal idle timers racing (the failed upstream attempts reuse a connection idle for one
//     and the same time: the proxy's and the app's keep-alive timers expire together).
// Windows and thresholds: causeparams.h, each with its public source.
#pragma once

#include "evidenceevents.h"
#include "evidenceseries.h"

#include <QString>
#include <vector>

namespace gateline {

struct BranchFeatures {
    // --- ALB -> NodePort -------------------------------------------------------------------------
    bool ingressLoaded = false;      // an ingress access / error / controller / Envoy log is loaded
    qint64 lbMade = 0;               // 502s the load balancer made (target never answered)
    qint64 nodePortMade = 0;         // of those, to a target port in the NodePort range
    double nodePortShare = 0;        // nodePortMade / all 502s a cause can explain
    QString nodePortExample;         // "10.0.3.7:31380"

    // --- GCP: no backend to pick ----------------------------------------------------------------
    qint64 noBackend = 0;            // 502s with statusDetails failed_to_pick_backend
    double noBackendShare = 0;       // of all 502s a cause can explain
    std::vector<qint64> noBackendTimes;
    // Readiness failures of a workload that cover all its known pods within one probe round.
    int allUnreadyEpisodes = 0;
    int allUnreadyPods = 0;          // pods in the largest such episode
    QString allUnreadyWorkload;      // "shop/storefront"
    std::vector<qint64> allUnreadyTimes; // the readiness failures of those episodes
    Coincidence noBackendOnUnready;  // failed_to_pick_backend 502s on those failures

    // --- Passive health-check ejection ----------------------------------------------------------
    qint64 noLive = 0;               // "no live upstreams" lines and Envoy UH responses
    qint64 noLiveEnvoy = 0;          // of those, Envoy UH ("no healthy upstream")
    qint64 upstreamFailures = 0;     // failed upstream attempts (refused, reset, closed, timed out; Envoy UF/UC/URX/UT/5xx)
    std::vector<qint64> noLiveTimes, failureTimes;
    Coincidence noLiveAfterFailure;  // the no-live lines within the ejection time after a failure
    double noLiveShare = 0;          // no-live lines / all upstream error lines

    // --- Equal idle timers racing ----------------------------------------------------------------
    qint64 idleSamples = 0;          // failed attempts (closed / reset) with a previous request on the same upstream
    double idleModeSeconds = -1;     // the idle time most of them share (start of the densest band)
    double idleModeShare = 0;        // share of those failures within kIdleRaceBandS of the mode
    double idleBaseShare = 0;        // share of all requests whose idle gap falls in the same band
    double idleEffect = 0;           // idleModeShare / idleBaseShare
    bool idleRace() const;           // a clear race at one idle time (see evidencebranches.cpp)
    double idleRaceStrength() const; // 0..1
};

BranchFeatures computeBranchFeatures(const Analysis &analysis, const ErrorSeries &series, const EventSignals &signals);

// The port of "ip:port" (0 if none); a Kubernetes NodePort range port?
int portOf(QStringView hostPort);
bool isNodePort(int port);

} // namespace gateline
