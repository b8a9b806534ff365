// The one classification of "an event on the timeline": what a Kubernetes event, a pod-status row
// or a proxy/controller log line stands for. The matching step, the playbook evidence, the
// timeline, the exported chart, the postmortem and the JSON report all read it from here, so they
// cannot disagree about what an event is. Colours live in ui/ (a palette keyed by EventClass).
#pragma once

#include "timeline.h"

#include <QStringList>
#include <optional>
#include <vector>

namespace gateline {

enum class EventClass : quint8 {
    // Kubernetes events and pod status
    Rollout,          // ScalingReplicaSet: a replica set scaled up or down
    Killing,          // Killing of a container that was not failing its liveness probe (rollout, scale-down)
    ProbeKilling,     // Killing after a failed liveness (or startup) probe
    Restart,          // BackOff, Restarted, a container that restarted (pod status)
    OomKill,          // OOMKilling event, OOMKilled termination
    Exit137,          // terminated with exit code 137 but not reported as OOMKilled
    Exit143,          // terminated with exit code 143 (SIGTERM)
    Terminated,       // terminated with another exit code (Error, Completed, ...)
    ReadinessFailed,  // Unhealthy / ProbeError: readiness (or startup) probe failed
    LivenessFailed,   // Unhealthy / ProbeError: liveness probe failed
    HpaRescale,       // HPA SuccessfulRescale
    DnsTrouble,       // warning events of the cluster DNS (CoreDNS / kube-dns)
    Started,          // a container started (first start: a new pod)
    // The proxy's or ingress controller's own log lines (reason column: core/formats/controllermessage.h)
    ProxyReload,      // configuration change, backend reloaded
    ReloadFailed,     // a reload that failed
    NoEndpoints,      // a service with no active endpoint / no healthy upstream
    UpstreamEof,      // the upstream closed or reset the connection (Traefik "caused by: EOF")
    ProxyPanic,       // a panic or fatal error of the proxy / controller
    Count
};
constexpr int kEventClassCount = int(EventClass::Count);

// Stable id for JSON, CSV and exports ("rollout", "oom-kill", "reload", ...).
QString eventClassId(EventClass c);
std::optional<EventClass> eventClassFromId(QStringView id);
QString eventClassLabel(EventClass c);       // "Pod killed (Killing)": a row or tooltip title
QString eventClassShortLabel(EventClass c);  // "Killing": a legend entry, a table cell
QString eventClassPlural(EventClass c);      // "Killing events": lanes, folded rows

// Kubernetes (events, pod status) or the proxy / controller's own log.
bool isControllerClass(EventClass c);
// A marker on the timeline and the exported chart (Started is not: every pod has one).
bool isMarkerClass(EventClass c);

// The matching step (restartmatcher): restart-like classes, in the four published groups of
// matching.byKind (JSON keys restart, oomKill, killing, rollout). Empty for other classes.
QString matchingGroup(EventClass c);
bool isRestartLike(EventClass c);
QStringList matchingGroups();                   // restart, oomKill, killing, rollout
QString matchingGroupLabel(const QString &group); // "restart", "OOM kill", "Killing", "rollout"

// The class of one record, if it is an event of any class. Records of kind K8sEvent, PodTermination
// and PodStart of any source; LogMessage records of nginx-error and controller-log sources by
// their controller category. Started is given for every start: see collectEvents for restarts.
std::optional<EventClass> classifyEvent(const SourceData &s, qsizetype row);

struct ClassifiedEvent {
    qint64 us = 0;       // aligned time (original time when no timeline is given)
    EventClass cls = EventClass::Started;
    qint32 count = 1;    // folded repeats (k8s event count)
    SourceId source;
    qint32 row = -1;
};

// Every classified event of the store, sorted by time. A Started event of a container that also
// restarted (repeats folded into a count, restarts in pod status, BackOff, a probe kill, a
// termination) is a restart, not a new pod: it is given as Restart.
std::vector<ClassifiedEvent> collectEvents(const EventStore &store, const Timeline *timeline);

} // namespace gateline
