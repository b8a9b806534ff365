#include "lifecycleevent.h"

#include <algorithm>

namespace gateline {

std::vector<LifecycleEvent> collectLifecycleEvents(const Timeline &timeline, const QStringList &namespaces)
{
    const EventStore &store = timeline.store();
    std::vector<LifecycleEvent> events = collectEvents(store, &timeline);
    std::erase_if(events, [&](const LifecycleEvent &e) {
        if (!isRestartLike(e.cls))
            return true;
        return !namespaces.isEmpty()
               && !namespaces.contains(store.source(e.source).string(SourceData::Namespace, e.row));
    });
    return events;
}

} // namespace gateline
