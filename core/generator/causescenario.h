// Turns a cause into a scenario: what happens to the pods (rollouts, restarts, OOM kills, scaling),
// the Kubernetes events that go with it, the faults the traffic meets, the load changes and the
// incident windows. Noise (unrelated events) is added by addNoise.
#pragma once

#include "genrandom.h"
#include "podlifecycle.h"
#include "simtypes.h"
#include "topology.h"

#include <QString>

namespace gateline::gen {

struct ScenarioContext {
    World &world;
    Scenario &scenario;
    Rng &rng;
    qint64 start = 0;
    qint64 end = 0;
    double baseRate = 20;          // requests per second before load changes
    double appShare = 0.6;         // share of the requests that reach the app service
    bool traefik = false;
    bool wide = false;             // timings from wide real-world ranges (GeneratorOptions::wideTimings)
    bool extreme = false;          // the widest ranges (GeneratorOptions::extremeTimings)

    qint64 at(double fraction) const { return start + qint64(double(end - start) * fraction); }
    double durationSec() const { return double(end - start) / double(kSec); }
};

// False (with *error) for an unknown cause.
bool buildCauseScenario(const QString &cause, ScenarioContext &ctx, QString *error);
void addNoise(ScenarioContext &ctx);

// Merges overlapping windows and sorts them.
std::vector<Interval> mergeWindows(std::vector<Interval> windows, qint64 gap = 0);
// Windows where the app's load exceeds its ready capacity (overload scenarios).
std::vector<Interval> overloadWindows(const ScenarioContext &ctx);
// Ready (routed and listening) pods of a group at t.
int readyPods(const Topology &topo, PodGroup group, qint64 t);

} // namespace gateline::gen
