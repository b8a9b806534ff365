// Kubernetes lifecycle events that can explain missing-upstream 502s: restarts, OOM kills,
// `Killing` of pods and rollouts. Recognised from events and from pod status alike.
#pragma once

#include "timeline.h"

#include <optional>
#include <vector>

namespace gateline {

enum class LifecycleKind : quint8 { Restart, OomKill, Killing, Rollout };
constexpr int kLifecycleKindCount = 4;
QString lifecycleKindId(LifecycleKind k); // restart, oomKill, killing, rollout

std::optional<LifecycleKind> classifyLifecycle(const SourceData &s, qsizetype row);

struct LifecycleEvent {
    qint64 us;          // aligned time
    LifecycleKind kind;
    SourceId source;
    qint32 row;
};

// All lifecycle events on the aligned timeline, sorted by time. namespaces: empty = all.
std::vector<LifecycleEvent> collectLifecycleEvents(const Timeline &timeline, const QStringList &namespaces = {});

} // namespace gateline
