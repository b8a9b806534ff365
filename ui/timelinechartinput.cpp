// TimelineChart, how the user drives it: the wheel zooms at the pointer, a drag zooms to a rubber
// band, Shift+drag selects, right or middle drag pans, a click puts the cursor, the arrows pan,
// and the hover box says what is under the pointer. What the chart draws (series, axes, lanes,
// the overlay) is in timelinechart.cpp.
#include "timelinechart.h"

#include "models/timeformat.h"
#include "timelinepainter.h"
#include "timerange/timerange.h"

#include <QChart>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>

#include <cmath>

namespace gateline {

qint64 TimelineChart::timeAt(double viewX) const
{
    const QRectF plot = plotRect();
    return pixelToTime(viewX, m_range->visible(), plot.left(), plot.width());
}

QWidget *TimelineChart::hoverBox() const
{
    return m_hover;
}

QString TimelineChart::summaryAt(qint64 us) const
{
    if (!m_data || m_bins <= 0 || m_binUs <= 0)
        return {};
    const int b = int((us - m_firstBinUs) / m_binUs);
    if (b < 0 || b >= m_bins)
        return {};
    const qint64 from = m_firstBinUs + qint64(b) * m_binUs;
    QStringList parts;
    const TimeSpan bounds = m_range->bounds();
    parts << formatTimeInSpan(from, bounds.fromUs, bounds.toUs) + QStringLiteral(" – ")
                 + formatTimeInSpan(from + m_binUs, bounds.fromUs, bounds.toUs) + QStringLiteral(" UTC");
    const QLocale loc;
    for (const SeriesItem &s : m_series) {
        const double c = s.counts[size_t(b)];
        if (s.kind == TimelineSeries::Requests || c > 0) {
            const TimelineSeries *src = m_data->find(s.kind);
            parts << QStringLiteral("%1 %2").arg(loc.toString(qint64(c)), src ? src->name : QString());
        }
    }
    const QRectF plot = plotRect();
    const auto near = markersNear(*m_data, m_range->visible(), plot, timeToPixel(us, m_range->visible(), plot.left(), plot.width()));
    int shown = 0;
    for (const TimelineMarker *m : near) {
        if (++shown > 6) {
            parts << QStringLiteral("… and %1 more events").arg(near.size() - 6);
            break;
        }
        parts << QStringLiteral("%1 at %2%3").arg(eventClassShortLabel(m->cls), formatTimeInSpan(m->us, bounds.fromUs, bounds.toUs),
                                                  m->count > 1 ? QStringLiteral(" (×%1)").arg(m->count) : QString());
    }
    return parts.join(QLatin1Char('\n'));
}

void TimelineChart::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0 || !m_range->visible().isValid())
        return;
    if (event->modifiers() & Qt::ShiftModifier) {
        m_range->pan(-0.1 * steps);
    } else {
        m_range->zoom(std::pow(0.8, steps), timeAt(event->position().x()), TimeRange::Coalesce);
    }
    event->accept();
}

void TimelineChart::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = m_dragPos = event->position();
    m_pressVisible = m_range->visible();
    if (event->button() == Qt::LeftButton)
        m_drag = (event->modifiers() & Qt::ShiftModifier) ? Drag::Select : Drag::Zoom;
    else if (event->button() == Qt::RightButton || event->button() == Qt::MiddleButton)
        m_drag = Drag::Pan;
    event->accept();
}

void TimelineChart::mouseMoveEvent(QMouseEvent *event)
{
    const QRectF plot = plotRect();
    if (m_drag == Drag::Pan && plot.width() > 0) {
        const double dx = event->position().x() - m_pressPos.x();
        const qint64 d = qint64(-dx * double(m_pressVisible.length()) / plot.width());
        m_range->setVisible({m_pressVisible.fromUs + d, m_pressVisible.toUs + d}, TimeRange::Coalesce);
    } else if (m_drag != Drag::None) {
        m_dragPos = event->position();
        viewport()->update();
    }
    const QString s = plot.contains(event->position()) ? summaryAt(timeAt(event->position().x())) : QString();
    if (s.isEmpty()) {
        m_hover->hide();
    } else {
        m_hover->setText(s);
        m_hover->adjustSize();
        QPointF pos = event->position() + QPointF(16, 16);
        if (pos.x() + m_hover->width() > plot.right())
            pos.setX(event->position().x() - m_hover->width() - 16);
        if (pos.y() + m_hover->height() > plot.bottom())
            pos.setY(std::max(plot.top(), event->position().y() - m_hover->height() - 16));
        m_hover->move(pos.toPoint());
        m_hover->show();
        m_hover->raise();
    }
    Q_EMIT hovered(s);
}

void TimelineChart::mouseReleaseEvent(QMouseEvent *event)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    const double x0 = std::min(m_pressPos.x(), event->position().x());
    const double x1 = std::max(m_pressPos.x(), event->position().x());
    if ((drag == Drag::Zoom || drag == Drag::Select) && x1 - x0 > 4) {
        const TimeSpan span{timeAt(x0), timeAt(x1)};
        if (drag == Drag::Zoom)
            m_range->setVisible(span, TimeRange::Record);
        else
            m_range->setSelection(span);
    } else if (drag == Drag::Zoom && plotRect().contains(event->position())) {
        m_range->goTo(timeAt(event->position().x()));
    } else if (drag == Drag::Pan && event->button() == Qt::RightButton && x1 - x0 < 3
               && plotRect().contains(event->position())) {
        if (m_range->visible() != m_pressVisible) // a pan that came back: no menu
            return;
        Q_EMIT contextMenuRequested(timeAt(event->position().x()), event->globalPosition().toPoint());
    }
    viewport()->update();
    event->accept();
}

void TimelineChart::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && plotRect().contains(event->position()))
        m_range->zoom(0.5, timeAt(event->position().x()));
}

void TimelineChart::keyPressEvent(QKeyEvent *event)
{
    // Arrows pan by a tenth of the view (a half with Shift).
    const double step = (event->modifiers() & Qt::ShiftModifier) ? 0.5 : 0.1;
    if (event->key() == Qt::Key_Left) {
        m_range->pan(-step);
    } else if (event->key() == Qt::Key_Right) {
        m_range->pan(step);
    } else {
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimelineChart::leaveEvent(QEvent *event)
{
    m_hover->hide();
    QChartView::leaveEvent(event);
}

} // namespace gateline
