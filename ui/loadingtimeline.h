// The timeline drawn while a bundle loads: each source is counted the moment the loader finishes
// it (on the loader's thread, from IngestProgress::finished), and a picture is handed on at most
// every intervalMs: requests per 100 ms (store/timecounts.h) and the 502s each hop logged, as
// buildTimelineData() draws them before any analysis (no events, no clock alignment yet). The
// GUI thread only swaps the picture in, so a 10M-line day shows its first timeline after its
// first file instead of after all of them.
#pragma once

#include "ingest/bundleloader.h"
#include "timelinedata.h"

#include <QElapsedTimer>
#include <QMutex>

#include <functional>
#include <memory>

namespace gateline {

class LoadingTimeline
{
public:
    using Deliver = std::function<void(std::shared_ptr<const TimelineData>)>;
    explicit LoadingTimeline(Deliver deliver, int intervalMs = 250);

    // Counts a complete source (any thread).
    void addSource(const SourceData &s);
    // Hands on a picture if there is something new and the interval has passed (or force).
    void flush(bool force = false);
    // The picture of what was counted so far.
    std::shared_ptr<const TimelineData> snapshot();

    // Wraps a load's progress: finished sources are counted and flushed, then inner gets the
    // progress without them (it may keep it beyond the call).
    static IngestProgressFn wrap(const std::shared_ptr<LoadingTimeline> &timeline, IngestProgressFn inner);

private:
    std::shared_ptr<const TimelineData> snapshotLocked() const;

    Deliver m_deliver;
    int m_intervalMs;
    QMutex m_mutex;
    QElapsedTimer m_sinceFlush;
    bool m_dirty = false, m_flushed = false;
    TimeCounts m_lbRequests, m_ingressRequests;
    std::vector<qint64> m_lb502, m_ingress502;
};

} // namespace gateline
