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

#include <QSet>

#include "evidenceevents.h"
#include "evidenceseries.h"

#include <QString>
#include <vector>

namespace gateline {

struct BranchFeatures {
    // The hosts (addresses) of every server a request went to, answered or not: the ingress access
    // logs' upstreams and the pods whose own proxy log is loaded (not the load balancer's targets:
    // they may be an ingress tier hiding the pods behind it). Which pods take traffic
    // (EventSignals::servingStarts()); empty without an ingress access log.
    QSet<QString> servedHosts;

    // --- ALB -> NodePort -------------------------------------------------------------------------
    bool ingressLoaded = false;      // an ingress access / error / controller / Envoy log is loaded
    qint64 lbMade = 0;               // 502s the load balancer made (target never answered)
    qint64 nodePortMade = 0;         // of those, to a target port in the NodePort range
    double nodePortShare = 0;        // nodePortMade / all 502s a cause can explain
    QString nodePortExample;         // "10.0.3.7:31380"

    // --- GCP: no backend to pick ----------------------------------------------------------------
    qint64 noBackend = 0;            // 502s with statusDetails failed_to_pick_backend
    double noBackendShare = 0;       // of all 502s a cause can explain
    // noBackendShare of the whole bundle, also in an Evidence of part of its 502s (Evidence(full,
    // keep)): the readiness failures that came all at once are the same events there, and a cause
    // rescored on the few 502s the no-backend ones leave must still see that they are explained.
    double bundleNoBackendShare = 0;
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
    // Of those, the ones to a server that had answered before and answered nothing after them
    // (kAnsweredAfterToleranceS): a pod going away (killed, crashed), not one the health check
    // takes out for fail_timeout and tries again. Such a pod leaves the endpoints; it cannot keep a
    // group empty, and its failures are the rollout's or the crash's evidence (endedAfter). They are
    // not ejection events: counted in failures beyond chance they would only add windows where no
    // ejection follows (a rollout's connection-refused beside a flap), see computeEjection().
    qint64 endedFailures = 0;
    std::vector<qint64> noLiveTimes, failureTimes; // failureTimes: the failures that can eject (not ended)
    // How long a failed server stays out: NGINX's fail_timeout, or Envoy's base_ejection_time where
    // most no-live lines are Envoy's UH. The window of noLiveAfterFailure and of passive-ejection's
    // claim on the failures before a no-live line.
    double ejectionSeconds = 0;
    Coincidence noLiveAfterFailure;  // the no-live lines within the ejection time after a failure
    double noLiveShare = 0;          // no-live lines / all upstream error lines

    // --- Equal idle timers racing ----------------------------------------------------------------
    qint64 idleSamples = 0;          // failed attempts (closed / reset) with a previous request on the same upstream
    double idleModeSeconds = -1;     // the idle time most of them share (start of the densest band)
    double idleModeShare = 0;        // share of those failures within kIdleRaceBandS of the mode
    double idleBaseShare = 0;        // share of all requests whose idle gap falls in the same band
    double idleEffect = 0;           // idleModeShare / idleBaseShare
    int idleBands = 1;               // bands of kIdleRaceBandS the densest one was chosen among (see findIdleMode())
    // How likely chance puts idleModeShare of the failures (or more) in one band when failing does
    // not depend on the idle time (each failure's idle time then falls in it like any request's,
    // idleBaseShare): the binomial upper tail, times idleBands for having picked the densest band
    // (Bonferroni). 1 with fewer than Coincidence::kMinErrors failures.
    double idlePValue() const;
    bool idleRace() const;           // a clear race at one idle time (see evidencebranches.cpp)
    double idleRaceStrength() const; // 0..1

    // --- Where the failed servers' traffic ends (for graceful-shutdown) ---------------------------
    // A pod that stops without draining answers until it goes; then its last requests fail and it
    // is sent nothing more. A pod that is not ready yet fails first and answers afterwards; a
    // keep-alive race fails now and then between answers. The server is the ingress's upstream
    // address (the last one tried), else the load balancer's target.
    qint64 errorsWithServer = 0;     // 502s with a server address (not a name or an upstream group)
    qint64 ended = 0;                // of those, to a server that had answered before and never after
    double endedShare = 0;
    std::vector<char> endedAfter;    // per 502 (ErrorSeries::errors() order)
    std::vector<char> withServer;    // per 502: its server is an address (errorsWithServer counts them)
};

BranchFeatures computeBranchFeatures(const Analysis &analysis, const ErrorSeries &series, const EventSignals &signals);

// The idle-race fields of f (idleSamples .. idleBands) from the idle gaps (seconds) before the
// failed attempts and before all attempts, as computeBranchFeatures() sets them.
void findIdleMode(BranchFeatures &f, std::vector<double> failed, const std::vector<double> &all);

// The port of "ip:port" (0 if none); a Kubernetes NodePort range port?
int portOf(QStringView hostPort);
bool isNodePort(int port);

} // namespace gateline
