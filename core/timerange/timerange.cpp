#include "timerange.h"

#include <algorithm>

namespace gateline {

TimeRange::TimeRange(QObject *parent)
    : QObject(parent)
{
}

void TimeRange::setBounds(const TimeSpan &bounds, bool keepView)
{
    const TimeSpan oldBounds = m_bounds;
    m_bounds = bounds;
    if (m_bounds.isValid() && m_bounds.length() < kMinSpanUs)
        m_bounds = {m_bounds.center() - kMinSpanUs / 2, m_bounds.center() + kMinSpanUs / 2};
    if (keepView && m_visible.isValid() && m_visible != oldBounds && m_bounds.isValid()) {
        m_visible = clampedSpan(m_visible, m_bounds);
        Q_EMIT boundsChanged(m_bounds);
        Q_EMIT visibleChanged(m_visible);
        return;
    }
    m_history.clear();
    m_coalescing = false;
    m_visible = m_bounds;
    m_selection = {};
    m_hasCursor = false;
    Q_EMIT boundsChanged(m_bounds);
    Q_EMIT visibleChanged(m_visible);
    Q_EMIT selectionChanged(m_selection);
    Q_EMIT historyChanged(false);
}

TimeSpan TimeRange::normalised(TimeSpan span) const
{
    if (span.toUs < span.fromUs)
        std::swap(span.fromUs, span.toUs);
    if (span.length() < kMinSpanUs) {
        const qint64 c = span.center();
        span = {c - kMinSpanUs / 2, c - kMinSpanUs / 2 + kMinSpanUs};
    }
    return clampedSpan(span, m_bounds);
}

void TimeRange::pushHistory(HistoryMode mode)
{
    if (mode == NoRecord)
        return;
    if (mode == Coalesce) {
        const bool sameGesture = m_coalescing && m_lastCoalesce.isValid() && m_lastCoalesce.elapsed() < 700;
        m_coalescing = true;
        m_lastCoalesce.start();
        if (sameGesture)
            return;
    } else {
        m_coalescing = false;
    }
    if (!m_history.isEmpty() && m_history.last() == m_visible)
        return;
    m_history.append(m_visible);
    if (m_history.size() > kMaxHistory)
        m_history.removeFirst();
    Q_EMIT historyChanged(true);
}

void TimeRange::setVisible(const TimeSpan &span, HistoryMode mode)
{
    if (!m_bounds.isValid())
        return;
    const TimeSpan s = normalised(span);
    if (s == m_visible)
        return;
    pushHistory(mode);
    m_visible = s;
    Q_EMIT visibleChanged(m_visible);
}

void TimeRange::zoom(double factor, qint64 anchorUs, HistoryMode mode)
{
    setVisible(zoomedSpan(m_visible, factor, anchorUs), mode);
}

void TimeRange::zoomIn()
{
    zoom(0.5, m_hasCursor && m_visible.contains(m_cursor) ? m_cursor : m_visible.center());
}

void TimeRange::zoomOut()
{
    zoom(2.0, m_visible.center());
}

void TimeRange::pan(double fraction, HistoryMode mode)
{
    const qint64 d = qint64(double(m_visible.length()) * fraction);
    setVisible({m_visible.fromUs + d, m_visible.toUs + d}, mode);
}

void TimeRange::back()
{
    m_coalescing = false;
    if (m_history.isEmpty())
        return;
    m_visible = m_history.takeLast();
    Q_EMIT visibleChanged(m_visible);
    Q_EMIT historyChanged(!m_history.isEmpty());
}

void TimeRange::reset()
{
    setVisible(m_bounds, Record);
}

void TimeRange::setSelection(const TimeSpan &span)
{
    TimeSpan s = span;
    if (s.toUs < s.fromUs)
        std::swap(s.fromUs, s.toUs);
    if (s == m_selection)
        return;
    m_selection = s;
    Q_EMIT selectionChanged(m_selection);
}

void TimeRange::clearSelection()
{
    setSelection({});
}

void TimeRange::zoomToSelection()
{
    if (hasSelection())
        setVisible(m_selection, Record);
}

void TimeRange::goTo(qint64 us)
{
    m_cursor = us;
    m_hasCursor = true;
    if (m_bounds.isValid() && !m_visible.contains(us)) {
        const qint64 half = m_visible.length() / 2;
        setVisible({us - half, us - half + m_visible.length()}, Record);
    }
    Q_EMIT cursorChanged(us);
}

void TimeRange::showSpan(const TimeSpan &span, bool select)
{
    if (!span.isValid())
        return;
    const qint64 margin = std::max<qint64>(span.length() / 4, 5 * 1000000);
    setVisible({span.fromUs - margin, span.toUs + margin}, Record);
    if (select)
        setSelection(span);
}

} // namespace gateline
