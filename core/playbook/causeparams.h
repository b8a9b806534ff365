// Every window and threshold the cause evidence uses, in one place, each either derived from the
// loaded data (see Evidence: the Killing and Started windows follow the observed lag of the 502s)
// or taken from a documented public default. None is fitted to the bundle generator: its timings
// are drawn from wider ranges than these (scripts/cause-accuracy.sh).
#pragma once

namespace gateline::params {

// --- Public defaults (the documentation they come from) -----------------------------------------

// AWS ELB target groups, "Deregistration delay": deregistration_delay.timeout_seconds defaults to
// 300 s (range 0-3600). With target-type ip the pod IP is the target, so a pod that exits before
// the ALB stops sending to it produces missing-upstream 502s for up to this long; with target-type
// instance the NodePort stays registered and kube-proxy routes elsewhere.
inline constexpr double kAlbDeregistrationDelayS = 300;
// AWS ALB "Connection idle timeout": idle_timeout.timeout_seconds defaults to 60 s.
inline constexpr double kAlbIdleTimeoutS = 60;
// AWS target group health checks: HealthCheckIntervalSeconds default 30 s (ip/instance targets),
// UnhealthyThresholdCount default 2.
inline constexpr double kAlbHealthCheckIntervalS = 30;
// ingress-nginx ConfigMap: upstream-keepalive-timeout defaults to 60 s, proxy-connect-timeout to
// 5 s, proxy-read-timeout to 60 s.
inline constexpr double kIngressNginxUpstreamKeepaliveS = 60;
inline constexpr double kIngressNginxProxyConnectTimeoutS = 5;
inline constexpr double kIngressNginxProxyReadTimeoutS = 60;
// Node.js http.Server keepAliveTimeout defaults to 5 s; Go net/http IdleTimeout falls back to
// ReadTimeout (no limit when unset).
inline constexpr double kNodeKeepAliveTimeoutS = 5;
// Kubernetes Pod spec: terminationGracePeriodSeconds defaults to 30 s; probes default to
// periodSeconds 10, failureThreshold 3 (a failing pod is marked unready after ~30 s).
inline constexpr double kTerminationGracePeriodS = 30;
inline constexpr double kProbePeriodS = 10;
inline constexpr int kProbeFailureThreshold = 3;
// Kubernetes HPA: scale-up stabilizationWindowSeconds defaults to 0, scale-down to 300 s; the
// controller syncs every 15 s (--horizontal-pod-autoscaler-sync-period).
inline constexpr double kHpaScaleDownStabilisationS = 300;
inline constexpr double kHpaSyncPeriodS = 15;
// NGINX upstream passive health check: max_fails=1, fail_timeout=10 s ("no live upstreams" while
// every server of the group is marked failed).
inline constexpr double kNginxFailTimeoutS = 10;

// Kubernetes Service: NodePorts are allocated from --service-node-port-range, default 30000-32767.
// An ALB with target-type instance sends to <node IP>:<NodePort>; kube-proxy forwards at layer 4,
// with no queue and no retry, so a busy pod's full accept queue is a connection failure the ALB
// reports as its own 502 (target_status_code "-").
inline constexpr int kNodePortMin = 30000;
inline constexpr int kNodePortMax = 32767;
// Envoy outlier detection (cluster.outlier_detection): consecutive_5xx 5, interval 10 s,
// base_ejection_time 30 s, max_ejection_percent 10 (a panic threshold of 50% healthy hosts lets
// traffic through again); a cluster with no healthy host answers 503 "no healthy upstream" (flag UH).
inline constexpr double kEnvoyBaseEjectionS = 30;
inline constexpr int kEnvoyConsecutive5xx = 5;

// --- Load (evidenceload.cpp) ----------------------------------------------------------------------
// More traffic is no overload while the running pods absorb it: an HPA keeps their utilisation near
// its target, which leaves them 1/target of the load before they run out. The public targets: 50%
// in the Kubernetes HPA walkthrough (php-apache: averageUtilization 50, 2x headroom) and 80% in the
// chart `helm create` scaffolds (autoscaling.targetCPUUtilizationPercentage: 80, 1.25x). High load
// is a rate 1.5x the baseline load or more: the headroom of a two-thirds target, between those two.
// (The baseline itself is found with this factor, evidenceload.cpp; it is not fitted to the bundle
// generator, whose spikes run 1.2-6x over pods at 50-60% of their capacity.) Whether the busiest
// minute is a spike is then decided on the data: its requests must exceed what high load gives by
// more than counting noise (Poisson upper tail below 5%, the coincidence core's level).
inline constexpr double kHighLoadFactor = 1.5;

// --- Equal idle timers racing -------------------------------------------------------------------
// The access log's time has one-second resolution (ingress-nginx $time_local), so one idle time
// shows as logged gaps spread over two seconds: the band within which the failures' idle times
// count as "the same".
inline constexpr double kIdleRaceBandS = 2;
// Gaps under a second are back-to-back reuse, never an idle timer.
inline constexpr double kIdleRaceMinS = 1;
// A race at one idle time: at least half of the failed attempts sit in one band (the race is what
// most of them are), and more than chance puts there when failing does not depend on the idle time
// (a binomial test against the share of all requests' idle times in that band, see
// BranchFeatures::idlePValue(): no fixed effect size).
inline constexpr double kIdleRaceMinShare = 0.5;

// A server "answered after" a 502 only when its answer is logged more than this after the 502: the
// access logs' times have one-second resolution, and requests in flight when a pod stops can be
// logged a moment after the first failed ones (same band as kIdleRaceBandS).
inline constexpr double kAnsweredAfterToleranceS = kIdleRaceBandS;

// --- Windows (seconds) of "a 502 sits on this event" --------------------------------------------

// Killing of a pod: the 502s last until the endpoint removal reaches the proxy (seconds) or the
// ALB deregisters the pod IP (target-type ip). The window after a Killing is derived from the data
// (Evidence::killingWindow(): twice the median lag of the 502s within kKillingSearchS after a
// Killing), kept within [kKillingWindowMinS, kKillingWindowMaxS]; the maximum is the grace period
// plus two probe periods, the time an unready pod can keep receiving traffic by default.
inline constexpr double kKillingWindowMinS = 10;
inline constexpr double kKillingWindowMaxS = kTerminationGracePeriodS + 2 * kProbePeriodS;
inline constexpr double kKillingSearchS = kKillingWindowMaxS;
// Start of a new pod: 502s until the app really listens; readiness gaps run 0-60 s in practice
// (probe initialDelaySeconds + failureThreshold x periodSeconds). Derived like the Killing window.
inline constexpr double kStartedWindowMinS = 15;
inline constexpr double kStartedWindowMaxS = 60;
// OOM kills, probe kills and restarts: the container is gone for its restart (seconds) and the
// kubelet reports a few seconds late.
inline constexpr double kRestartBeforeS = 5, kRestartAfterS = kTerminationGracePeriodS;
// A container that is killed again soon restarts after the kubelet's back-off: 10 s, doubled at
// each restart, capped at five minutes (Kubernetes docs, "Pod Lifecycle: Container restarts"), so
// an OOM kill's outage can outlast the window above. oom-crash claims the 502s past the window for
// as long as the data shows the outage going on (tableclaims.cpp), at most this long.
inline constexpr double kCrashLoopBackOffMaxS = 300;
// ScalingReplicaSet: a rollout step lasts until its pods are replaced (default probe timing:
// up to 3 periods to Ready, plus the grace period).
inline constexpr double kRolloutBeforeS = 5, kRolloutAfterS = 3 * kProbePeriodS + kTerminationGracePeriodS + 30;
// Cluster DNS warnings: resolvers retry for ~30 s (glibc: 5 s x 2 attempts x search domains).
inline constexpr double kDnsWindowS = 30;
// Proxy configuration reloads: workers drain their keep-alive connections at once.
inline constexpr double kReloadBeforeS = 2, kReloadAfterS = kNginxFailTimeoutS;
// A reload within this long after a container (re)start is the controller starting up.
inline constexpr double kStartupReloadS = 120;

// --- Decisions -----------------------------------------------------------------------------------

// A rolling update stops an old pod when the new one is Ready: a median gap from the latest start
// to the Killing at or below one probe period's worth of kubelet reporting means "Ready at once".
inline constexpr double kInstantReadyS = 3;
// What a score means (causeranker.h): the calibrated probability that the cause is acting in the
// bundle. A cause is taken to act when that probability is at least one half ("more likely than
// not"): only acting causes get 502s attributed, and any acting cause other than the primary one
// that explains at least Coincidence::kMinErrors 502s on its own is named as contributing.
inline constexpr double kActingScore = 0.5;
// When no cause acts, the best one is still named as the primary cause if it reaches this (a
// leading but uncertain candidate; below it the report says no cause scores high enough).
inline constexpr double kPrimaryMinScore = 0.3;
// Acting causes explained away in turn to find causes they mask (causeranker.cpp); each costs one
// more pass over the evidence.
inline constexpr int kMaxExplainedAway = 3;
// An override the data scores below this, while another cause scores at least kStrongScore, is
// "against the data".
inline constexpr double kOverrideWeakScore = 0.2;
inline constexpr double kStrongScore = 0.6;

} // namespace gateline::params
