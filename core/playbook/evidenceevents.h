// The classified events on the aligned timeline (Kubernetes events, pod status, the proxy's own
// log: see analysis/eventclass.h) and how closely the 502s sit on them compared with what chance gives.
#pragma once

#include "evidenceseries.h"

#include "analysis/coincidence.h"
#include "analysis/eventclass.h"
#include "causeparams.h"

#include <QSet>
#include <QString>
#include <array>
#include <vector>

namespace gateline {

class PodAddressHistory;

struct SignalEvent {
    qint64 us = 0;        // aligned time
    EventClass cls = EventClass::Started;
    qint32 count = 1;     // folded repeats
    SourceId source;
    qint32 row = -1;
    QString ns;
    QString object;
    QString ip;           // pod IP, when pod status gives it
    bool restartStart = false; // a Restart that is a container coming back (not a BackOff)
};

// How the 502s sit on events of one kind: the one statistical core (analysis/coincidence.h), so the
// evidence, the matching step and the views give the same numbers for the same question.
using Alignment = Coincidence;

// The classified events, with every folded Kubernetes event whose span is known (a count > 1 from
// firstTimestamp to lastTimestamp, "x5 over 34m") spread evenly over that span: its restarts,
// probe failures or back-offs happened over it, not all at its last time.
class EventSignals
{
public:
    static constexpr qint32 kMaxSpreadPoints = 256; // points one folded event is spread over, at most

    explicit EventSignals(const Analysis &analysis);

    const std::vector<SignalEvent> &events() const { return m_events; }
    // Events of a class (with count repeats summed) within [from, to] (all times if from == to == 0).
    qint64 total(EventClass cls, qint64 fromUs = 0, qint64 toUs = 0) const;
    std::vector<qint64> times(EventClass cls) const;
    std::vector<qint64> times(std::initializer_list<EventClass> classes) const;
    // The events of a class (folded ones spread as in events()), sorted.
    std::vector<SignalEvent> eventsOf(EventClass cls) const;
    // For each kill (sorted by time: eventsOf(EventClass::OomKill)), the end of the outage it
    // begins: the first time after it that the killed pod's own container came back, at most
    // kCrashLoopBackOffMaxS later (the kubelet's back-off), plus afterSeconds, the start-up a
    // restarted container is given; 0 where that pod does not come back within the back-off (the
    // fixed window applies). Came back: a Restart that is a start (SignalEvent::restartStart: pod
    // status "Restarted", a repeated Started event; not a BackOff) of the pod the kill names
    // (PodAddressHistory::podName() of both objects, the same namespace where both give one).
    // Another pod's restart in between says nothing of this one's outage. A kill that names no pod
    // (no object, or a Node's: node-problem-detector's OOMKilling that no pod status kill absorbed,
    // eventclass.cpp) ends at the first restart of any pod within the back-off, the nearest
    // container to come back being the best the events tell. From the events alone, never the 502s
    // (coincidence.h).
    std::vector<qint64> outageEnds(const std::vector<SignalEvent> &kills, double afterSeconds) const;
    // Pod IP -> time the pod's containers first started (restartCount 0), from pod status.
    const QHash<QString, qint64> &podStartByIp() const { return m_podStartByIp; }
    // Every pod IP that pod status names.
    const QSet<QString> &podIps() const { return m_podIps; }
    // The address pod status gives the pod an event names ("Pod/web-1" or "web-1"); empty if none.
    QString podIp(const QString &object) const;
    // The times of the first container starts (EventClass::Started) of pods that can take traffic:
    // with request logs that name pods as their servers (servedHosts: ingress upstreams, ip
    // targets, at least one of them a pod's address), a pod whose address no request went to took
    // none (a CronJob's pod, a monitoring agent), and its start cannot be a new pod receiving
    // traffic before it is ready. Starts of pods of no known address are kept (cannot tell).
    std::vector<qint64> servingStarts(const QSet<QString> &servedHosts) const;
    // The times of the Killing events of pods that took traffic (EventClass::Killing). With request
    // logs that name pods as their servers, the workloads of those pods (by their address in pod
    // status, workloadOfPod: "storefront" for every ReplicaSet of Deployment storefront) are the
    // ones whose shutdown can fail a request; a Killing of another workload's pod (a monitoring
    // agent's restart, a batch job's rollout) that happens to fall on a burst of 502s is not
    // evidence of a shutdown that dropped them. A killed pod whose address the logs name is kept
    // whatever its name. Every Killing is kept when no served pod has a known address (instance
    // targets, no ingress log, no pod status: cannot tell). leftOut, if given, counts the others
    // (as total() does: a folded event counts its repeats).
    std::vector<qint64> servingKills(const QSet<QString> &servedHosts, qint64 *leftOut = nullptr) const;
    bool any() const { return !m_events.empty(); }

private:
    std::vector<SignalEvent> m_events;
    QHash<QString, qint64> m_podStartByIp;
    QSet<QString> m_podIps;
    QHash<QString, QString> m_ipByPod; // pod name (no kind prefix) -> address, from pod status
    QSet<QString> m_nodeIps;           // pod addresses that are their node's (hostNetwork pods)
};

// 502 times (sorted) against event times; windows in seconds; [fromUs, toUs] the time range.
// Kills (OOM) against the 502s with two windows fixed in advance: the fixed one (before, after)
// and the outage to the killed container's return (ends: EventSignals::outageEnds(), parallel to
// kills). The result says which was kept: Coincidence::ownEnds > 0 for the outages. A short range with
// a few kills and another cause's 502s around them is told best by the fixed window; a crash
// loop's back-off outlasts it and only the outage covers its 502s. The stronger of the two is
// kept, with its p-value doubled (Bonferroni: two tests of one question) when the ends lengthen any
// window; otherwise the fixed window's test alone.
Alignment alignOutages(const std::vector<qint64> &errorTimes, const std::vector<qint64> &kills,
                       const std::vector<qint64> &ends, double beforeSeconds, double afterSeconds, qint64 fromUs,
                       qint64 toUs);

// oom-crash's tie on the killed pods' own 502s. Another cause acting in the same minutes (an
// exhausted pool under the high load the kills fall in) puts its 502s in the OOM windows too, and
// then the 502s on the kills, all of them, sit there little more often than chance (85% vs 69%).
// But an OOM-killed pod fails its own requests: the 502s that went to its address pile up at its
// kills, while the other cause's go to other servers or spread over every pod. So the same
// question is asked of the 502s whose server (ErrorSample::upstream: the last server the ingress
// tried, else the load balancer's target) was, at the 502's time, a pod an OOM kill names
// (PodAddressHistory::at(): the pod that had the address then; a shared or unknown address
// resolves to none): the one core (coincidence.h), those 502s against every OOM kill, with the
// windows alignOutages() keeps. Every kill: a node's OOMKilling names no pod but killed one of the
// node's (pod status keeps only a container's last termination, so a pod killed three times is
// named by one kill, the others being its node's). Chance is what it is for every tie, those 502s
// shifted in time as a whole: another cause's 502s to the killed pods sit in the windows as often
// as they do anywhere, the killed pods' own outages do not. The core matches a 502 to any kill,
// not only its own pod's. Only OOM kills name the pods (EventClass::OomKill): a pod deleted,
// drained or evicted (Killing, exit 143) also fails its requests, and is another cause's.
struct KilledPodTie {
    Alignment tie;             // hits: per 502 of the series (ErrorSeries::errors() order), 0 for the others
    qint64 toKilledPods = 0;   // 502s whose server resolved to a pod an OOM kill names (tie.errors)
    qint64 pods = 0;           // killed pods among those servers
    qint64 examplePod = 0;     // of the 502s on a kill, the most that went to one pod
    QString example;           // that pod: "10.11.74.153 (monolith-d7v857dj56-cgdn5)"
};

// kills: EventSignals::eventsOf(EventClass::OomKill); ends: EventSignals::outageEnds() of them;
// windows as alignOutages(). With no kill naming a pod, or no 502 to one, nothing is tested (no 502s).
KilledPodTie alignKilledPods(const ErrorSeries &series, const PodAddressHistory &pods,
                             const std::vector<SignalEvent> &kills, const std::vector<qint64> &ends,
                             double beforeSeconds, double afterSeconds, qint64 fromUs, qint64 toUs);

// eventEndsUs (optional, parallel to eventTimes): each event's own window end (CoincidenceQuery).
Alignment alignErrors(const std::vector<qint64> &errorTimes, std::vector<qint64> eventTimes, double beforeSeconds,
                      double afterSeconds, qint64 fromUs, qint64 toUs, std::vector<qint64> eventEndsUs = {});

} // namespace gateline
