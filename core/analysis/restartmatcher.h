// The playbook's key step, driven by the user: match 502s to pod restarts, OOM kills, `Killing`
// events and rollouts within a window, and compare with what chance would give (the one
// statistical core, coincidence.h). The user picks which 502s: the ALB's missing-upstream 502s
// (target status '-'), the 502s the ingress made (upstream connect refused / reset / closed early:
// with ALB -> ingress -> app, app restarts show up here) or every gateway 502.
#pragma once

#include "coincidence.h"
#include "lifecycleevent.h"
#include "originclassifier.h"

#include <array>

namespace gateline {

enum class MatchErrors : quint8 { MissingUpstream, IngressMade, AllGateway };
QString matchErrorsId(MatchErrors e);     // missing-upstream | ingress-made | all-gateway
QString matchErrorsLabel(MatchErrors e);  // "missing-upstream 502s", ...
std::optional<MatchErrors> matchErrorsFromId(QStringView id);

struct MatchOptions {
    double windowSeconds = 30;     // an event within ±window of a 502 explains it
    Timestamp from, to;            // time range; from == to == 0 means the load balancer's whole range
    QStringList namespaces;        // events of these namespaces only; empty = all
    int shuffles = 499;            // circular shifts for the chance rate
    MatchErrors errors = MatchErrors::MissingUpstream;
    // False until the user (the step's selector, `analyze --match`) picks a kind: the kind then
    // follows the hop verdict (defaultMatchErrors), so a bundle whose ingress made the 502s matches
    // the ingress-made ones instead of showing "nothing to match".
    bool errorsChosen = false;
};

// The kind of 502 the hop verdict points at: the ingress-made (and sidecar-made) 502s when the
// ingress or a sidecar made more of the load balancer's 502s than the load balancer did itself
// (target never answered), else the missing-upstream ones.
MatchErrors defaultMatchErrors(const OriginResult &origin);

struct MatchedPair {
    SourceId errorSource;
    qint32 errorRow;
    qint64 errorUs;
    LifecycleEvent event;
    double deltaSeconds;           // event time - 502 time
    QString upstream;              // the address the 502 went to (ALB target or ingress upstream), if known
    QString pod;                   // the pod that had that address at that time ("Pod/name"), if known
    bool samePod = false;          // the event is that pod's own
};

struct MatchingResult {
    double windowSeconds = 0;
    Timestamp from, to;
    MatchErrors errors = MatchErrors::MissingUpstream;
    bool errorsFromVerdict = false; // the kind was not chosen: defaultMatchErrors picked it
    // No load-balancer log: the ingress access logs' 502s were matched, whatever kind was chosen.
    bool ingressLogged = false;
    // What was matched, in words: matchErrorsLabel(errors), or "502s in the ingress access logs".
    QString errorsLabel() const;
    qint64 missingUpstream502 = 0; // the 502s matched (of the chosen kind; the JSON name is historic)
    qint64 matched = 0;
    double matchRate = 0;
    double chanceRate = 0;         // = stats.expectedShare
    double coverage = 0;           // share of the range within ±window of an event (uniform chance)
    double pValue = 1;             // = stats.pValue
    Coincidence stats;             // the whole answer: effect, interval, "too few to tell"
    qint64 eventCount = 0;
    qint64 samePod = 0;            // pairs whose event is the pod the 502 went to
    std::array<qint64, kEventClassCount> byClass {}; // matched 502s by the nearest event's class
    // The same by matching group, in matchingGroups() order: restart, oomKill, killing, rollout.
    std::array<qint64, 4> byKind {};
    qint64 byGroup(const QString &group) const;
    // Which family the matched 502s sit on, decided once for step 2 and the verdict header:
    // "crash" (restart + oomKill) when more sit there than on "deployment" (killing + rollout),
    // else "deployment"; empty with no pair.
    QString dominantFamily() const;
    // The family's group most matched 502s sit nearest to (the header names it).
    QString mainGroup() const;
    std::vector<MatchedPair> pairs;
    // The pairs whose event is the very pod the 502 went to, in words, with the pod most of them
    // went to: "37 of them went to the pod the event is about (3 pods); the most, 12, to 10.1.4.7
    // (storefront-7d9f-x2kq) around its Killing"; empty without such a pair. The step and analyze
    // show this one sentence.
    QString samePodSummary() const;
    // Clearly above chance (Coincidence::tied): enough 502s, p < 0.05, interval above 1x.
    bool aboveChance() const { return stats.tied(); }
};

// origin: the analysis's origin classification (computed here when null and needed).
MatchingResult matchErrors(const Timeline &timeline, const OriginResult *origin, const MatchOptions &options);

} // namespace gateline
