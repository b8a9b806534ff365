// The classified events on the aligned timeline (Kubernetes events, pod status, the proxy's own
// log: see analysis/eventclass.h) and how closely the 502s sit on them compared with what chance gives.
#pragma once

#include "evidenceseries.h"

#include "analysis/coincidence.h"
#include "analysis/eventclass.h"

#include <QSet>
#include <QString>
#include <array>
#include <vector>

namespace gateline {

struct SignalEvent {
    qint64 us = 0;        // aligned time
    EventClass cls = EventClass::Started;
    qint32 count = 1;     // folded repeats
    SourceId source;
    qint32 row = -1;
    QString ns;
    QString object;
    QString ip;           // pod IP, when pod status gives it
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
    // Pod IP -> time the pod's containers first started (restartCount 0), from pod status.
    const QHash<QString, qint64> &podStartByIp() const { return m_podStartByIp; }
    // Every pod IP that pod status names.
    const QSet<QString> &podIps() const { return m_podIps; }
    bool any() const { return !m_events.empty(); }

private:
    std::vector<SignalEvent> m_events;
    QHash<QString, qint64> m_podStartByIp;
    QSet<QString> m_podIps;
};

// 502 times (sorted) against event times; windows in seconds; [fromUs, toUs] the time range.
Alignment alignErrors(const std::vector<qint64> &errorTimes, std::vector<qint64> eventTimes, double beforeSeconds,
                      double afterSeconds, qint64 fromUs, qint64 toUs);

} // namespace gateline
