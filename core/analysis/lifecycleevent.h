// Kubernetes lifecycle events that can explain missing-upstream 502s: the restart-like event
// classes (restarts, OOM kills, `Killing` of pods, rollouts; see eventclass.h), recognised from
// events and from pod status alike.
#pragma once

#include "eventclass.h"

namespace gateline {

using LifecycleEvent = ClassifiedEvent;

// All restart-like events on the aligned timeline, sorted by time. namespaces: empty = all.
std::vector<LifecycleEvent> collectLifecycleEvents(const Timeline &timeline, const QStringList &namespaces = {});

} // namespace gateline
