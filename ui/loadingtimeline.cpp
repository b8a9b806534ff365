#include "loadingtimeline.h"

#include "investigationsession.h"
#include "stallprobe.h"

#include <algorithm>

namespace gateline {

LoadingTimeline::LoadingTimeline(Deliver deliver, int intervalMs)
    : m_deliver(std::move(deliver)), m_intervalMs(intervalMs)
{
    m_sinceFlush.start();
}

void LoadingTimeline::addSource(const SourceData &s)
{
    const bool lb = isLoadBalancerFormat(s.format);
    if (!lb && !isIngressAccessSource(s))
        return;
    // Counted outside the lock: the source is complete and only read here.
    TimeCounts requests;
    std::vector<qint64> errors;
    for (qsizetype r = 0; r < s.size(); ++r) {
        if (s.kind(r) != EventKind::Request)
            continue;
        const qint64 us = s.time(r).us;
        requests.add(us);
        if (s.status(r) == 502)
            errors.push_back(us);
    }
    QMutexLocker lock(&m_mutex);
    (lb ? m_lbRequests : m_ingressRequests).merge(requests);
    std::vector<qint64> &into = lb ? m_lb502 : m_ingress502;
    into.insert(into.end(), errors.begin(), errors.end());
    m_dirty = true;
}

std::shared_ptr<const TimelineData> LoadingTimeline::snapshotLocked() const
{
    auto data = std::make_shared<TimelineData>();
    const bool haveLb = !m_lbRequests.isEmpty() || !m_lb502.empty();
    TimelineSeries requests{TimelineSeries::Requests,
                            haveLb ? QStringLiteral("Requests (load balancer)") : QStringLiteral("Requests (ingress)"), {}, {}};
    requests.counts = haveLb ? m_lbRequests : m_ingressRequests;
    data->series.push_back(std::move(requests));
    TimelineSeries lb502{TimelineSeries::Lb502, QStringLiteral("502 at the load balancer"), m_lb502, {}};
    TimelineSeries ingress502{TimelineSeries::IngressLogged502, QStringLiteral("502 logged by the ingress"), m_ingress502, {}};
    for (TimelineSeries *s : {&lb502, &ingress502}) {
        if (s->times.empty())
            continue;
        std::sort(s->times.begin(), s->times.end());
        data->series.push_back(std::move(*s));
    }
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    for (const TimelineSeries &s : data->series) {
        if (!s.times.empty()) {
            lo = std::min(lo, s.times.front());
            hi = std::max(hi, s.times.back());
        }
        if (!s.counts.isEmpty()) {
            lo = std::min(lo, s.counts.minUs());
            hi = std::max(hi, s.counts.maxUs());
        }
    }
    if (lo <= hi)
        data->bounds = {lo, hi + 1};
    return data;
}

std::shared_ptr<const TimelineData> LoadingTimeline::snapshot()
{
    QMutexLocker lock(&m_mutex);
    return snapshotLocked();
}

void LoadingTimeline::flush(bool force)
{
    std::shared_ptr<const TimelineData> picture;
    {
        QMutexLocker lock(&m_mutex);
        // The first picture as soon as there is one, then one per interval.
        if (!m_dirty || (!force && m_flushed && m_sinceFlush.elapsed() < m_intervalMs))
            return;
        picture = snapshotLocked();
        m_dirty = false;
        m_flushed = true;
        m_sinceFlush.restart();
    }
    if (picture->bounds.isValid() && m_deliver)
        m_deliver(std::move(picture));
}

IngestProgressFn LoadingTimeline::wrap(const std::shared_ptr<LoadingTimeline> &timeline, IngestProgressFn inner)
{
    return [timeline, inner = std::move(inner)](const IngestProgress &p) {
        if (p.finished.empty()) {
            if (inner)
                inner(p);
            return;
        }
        for (const SourceData *s : p.finished)
            timeline->addSource(*s);
        timeline->flush();
        if (inner) {
            IngestProgress rest = p;
            rest.finished.clear();
            inner(rest);
        }
    };
}

// The session's side (declared in investigationsession.h): swap the picture in while no store is.
void InvestigationSession::deliverLoadingTimeline(std::shared_ptr<const TimelineData> picture)
{
    if (m_store || !m_status.loading || !picture || !picture->bounds.isValid())
        return; // the store's own timeline is in: this picture is late
    const StallProbe probe("deliverLoadingTimeline");
    m_timeline = std::move(picture);
    m_range.setBounds(m_timeline->bounds, true); // follows the growing bounds unless the user zoomed
    Q_EMIT loadingTimelineChanged();
}

} // namespace gateline
