// The playbook's key step, driven by the user: match missing-upstream 502s to pod restarts, OOM
// kills, `Killing` events and rollouts within a window, and compare with what chance would give.
#pragma once

#include "lifecycleevent.h"

#include <array>

namespace gateline {

struct MatchOptions {
    double windowSeconds = 30;     // an event within ±window of a 502 explains it
    Timestamp from, to;            // time range; from == to == 0 means the load balancer's whole range
    QStringList namespaces;        // events of these namespaces only; empty = all
    int shuffles = 200;            // shifted-time trials for the chance rate
};

struct MatchedPair {
    SourceId errorSource;
    qint32 errorRow;
    qint64 errorUs;
    LifecycleEvent event;
    double deltaSeconds;           // event time - 502 time
};

struct MatchingResult {
    double windowSeconds = 0;
    Timestamp from, to;
    qint64 missingUpstream502 = 0;
    qint64 matched = 0;
    double matchRate = 0;
    double chanceRate = 0;         // mean match rate of the same 502s at randomly shifted times
    double coverage = 0;           // share of the range within ±window of an event (uniform chance)
    double pValue = 1;             // share of shifted trials matching at least as many
    qint64 eventCount = 0;
    std::array<qint64, kEventClassCount> byClass {}; // matched 502s by the nearest event's class
    // The same by matching group, in matchingGroups() order: restart, oomKill, killing, rollout.
    std::array<qint64, 4> byKind {};
    qint64 byGroup(const QString &group) const;
    std::vector<MatchedPair> pairs;
    // A few words: is the match rate clearly above chance?
    bool aboveChance() const { return missingUpstream502 >= 3 && pValue < 0.05 && matchRate > chanceRate + 0.2; }
};

MatchingResult matchMissingUpstream(const Timeline &timeline, const MatchOptions &options);

} // namespace gateline
