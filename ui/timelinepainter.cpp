#include "timelinepainter.h"

#include "models/timeformat.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace gateline {

namespace {
constexpr qint64 kRolloutGapUs = 120 * 1000000LL; // rollout events closer than this form one band

double xOf(const TimelineOverlay &o, qint64 us)
{
    return timeToPixel(us, o.visible, o.plot.left(), o.plot.width());
}

void paintRolloutBands(QPainter &p, const TimelineOverlay &o)
{
    QColor band = eventClassColor(EventClass::Rollout, o.dark);
    band.setAlpha(o.dark ? 40 : 28);
    qint64 from = 0, to = 0;
    bool open = false;
    auto flush = [&] {
        if (!open)
            return;
        const double x0 = std::max(o.plot.left(), xOf(o, from));
        const double x1 = std::min(o.plot.right(), std::max(xOf(o, to), x0 + 3));
        if (x1 > o.plot.left() && x0 < o.plot.right())
            p.fillRect(QRectF(x0, o.plot.top(), x1 - x0, o.plot.height()), band);
        open = false;
    };
    for (const TimelineMarker &m : o.data->markers) {
        if (m.cls != EventClass::Rollout)
            continue;
        if (open && m.us - to <= kRolloutGapUs) {
            to = m.us;
            continue;
        }
        flush();
        from = to = m.us;
        open = true;
    }
    flush();
}

void paintLanes(QPainter &p, const TimelineOverlay &o)
{
    // 85% of the widget's font; smaller, down to 7 pt, where many lanes share a short chart and
    // their rows got lower than that font's line (TimelineChart::fitLanes).
    QFont f = p.font();
    f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.85));
    while (f.pointSizeF() > 7.0 && QFontMetricsF(f).height() > o.laneHeight + 0.5)
        f.setPointSizeF(std::max(7.0, f.pointSizeF() - 0.5));
    p.setFont(f);
    const QFontMetricsF fm(f);
    const double top = o.plot.top() - o.laneHeight * double(o.lanes.size()) - o.laneGap;
    for (int lane = 0; lane < o.lanes.size(); ++lane) {
        const EventClass kind = o.lanes[lane];
        const QColor c = eventClassColor(kind, o.dark);
        const QRectF row(o.plot.left(), top + lane * o.laneHeight, o.plot.width(), o.laneHeight);
        QColor stripe = o.palette.color(QPalette::AlternateBase);
        if (lane % 2)
            p.fillRect(row, stripe);
        // The lane's name, right-aligned left of the plot.
        p.setPen(c);
        const QRectF label(0, row.top(), o.plot.left() - 6, row.height());
        p.drawText(label, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(eventClassPlural(kind), Qt::ElideRight, label.width()));
        // Markers, one per pixel column at most.
        QColor line = c;
        line.setAlpha(kind == EventClass::Rollout ? 70 : 110);
        double lastX = -1e9;
        for (const TimelineMarker &m : o.data->markers) {
            if (m.cls != kind || !o.visible.contains(m.us))
                continue;
            const double x = xOf(o, m.us);
            if (x - lastX < 2)
                continue;
            lastX = x;
            p.setPen(QPen(line, 1));
            if (kind != EventClass::Rollout)
                p.drawLine(QPointF(x, o.plot.top()), QPointF(x, o.plot.bottom()));
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            const double h = row.height() - 5;
            p.drawRoundedRect(QRectF(x - 2.5, row.top() + 2.5, 5, h), 1.5, 1.5);
        }
    }
}

void paintNotes(QPainter &p, const TimelineOverlay &o)
{
    if (!o.notes)
        return;
    const QColor c = o.dark ? QColor(0xf2, 0xcc, 0x60) : QColor(0xbf, 0x87, 0x00);
    for (const PinnedNote &n : *o.notes) {
        if (!o.visible.contains(n.us))
            continue;
        const double x = xOf(o, n.us);
        p.setPen(QPen(c, 1, Qt::DotLine));
        p.drawLine(QPointF(x, o.plot.top()), QPointF(x, o.plot.bottom()));
        QPainterPath flag;
        flag.moveTo(x, o.plot.bottom());
        flag.lineTo(x - 6, o.plot.bottom() + 9);
        flag.lineTo(x + 6, o.plot.bottom() + 9);
        flag.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPath(flag);
    }
}

void paintHighlight(QPainter &p, const TimelineOverlay &o)
{
    if (!o.highlight)
        return;
    const auto [errorUs, eventUs] = *o.highlight;
    const double xe = xOf(o, errorUs), xv = xOf(o, eventUs);
    const QColor red = seriesColor(TimelineSeries::Alb502, o.dark);
    const QColor ev = o.palette.color(QPalette::Text);
    p.setPen(QPen(red, 2));
    p.drawLine(QPointF(xe, o.plot.top()), QPointF(xe, o.plot.bottom()));
    p.setPen(QPen(ev, 2, Qt::DashLine));
    p.drawLine(QPointF(xv, o.plot.top()), QPointF(xv, o.plot.bottom()));
    const double y = o.plot.top() + o.plot.height() * 0.2;
    p.setPen(QPen(ev, 1));
    p.drawLine(QPointF(xe, y), QPointF(xv, y));
    const QString label = QStringLiteral("502 ↔ event  %1").arg(formatSeconds(double(eventUs - errorUs) / 1e6, 1));
    const QFontMetricsF fm(p.font());
    QRectF box(std::min(xe, xv) + 4, y - fm.height() - 4, fm.horizontalAdvance(label) + 8, fm.height() + 2);
    if (box.right() > o.plot.right())
        box.moveRight(std::min(xe, xv) - 4);
    p.fillRect(box, o.palette.color(QPalette::ToolTipBase));
    p.setPen(o.palette.color(QPalette::ToolTipText));
    p.drawText(box, Qt::AlignCenter, label);
}
} // namespace

void paintTimelineOverlay(QPainter &p, const TimelineOverlay &o)
{
    if (!o.visible.isValid() || o.plot.width() <= 0)
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    // Selection band.
    if (o.selection.isValid()) {
        const double x0 = std::max(o.plot.left(), xOf(o, o.selection.fromUs));
        const double x1 = std::min(o.plot.right(), xOf(o, o.selection.toUs));
        if (x1 > x0) {
            QColor sel = o.palette.color(QPalette::Highlight);
            sel.setAlpha(45);
            p.fillRect(QRectF(x0, o.plot.top(), x1 - x0, o.plot.height()), sel);
            sel.setAlpha(160);
            p.setPen(QPen(sel, 1));
            p.drawLine(QPointF(x0, o.plot.top()), QPointF(x0, o.plot.bottom()));
            p.drawLine(QPointF(x1, o.plot.top()), QPointF(x1, o.plot.bottom()));
        }
    }
    // The pinned range: a bracket along the plot's top edge, labelled, with dashed ends.
    if (o.pinned.isValid() && o.pinned.toUs > o.visible.fromUs && o.pinned.fromUs < o.visible.toUs) {
        const double x0 = std::max(o.plot.left(), xOf(o, o.pinned.fromUs));
        const double x1 = std::min(o.plot.right(), std::max(xOf(o, o.pinned.toUs), x0 + 2));
        const QColor pin = o.palette.color(QPalette::Link);
        p.fillRect(QRectF(x0, o.plot.top(), x1 - x0, 4), pin);
        p.setPen(QPen(pin, 1, Qt::DashLine));
        p.drawLine(QPointF(x0, o.plot.top()), QPointF(x0, o.plot.bottom()));
        p.drawLine(QPointF(x1, o.plot.top()), QPointF(x1, o.plot.bottom()));
        p.setPen(pin);
        p.drawText(QRectF(x0 + 3, o.plot.top() + 5, std::max(60.0, x1 - x0 - 6), 14), Qt::AlignLeft | Qt::AlignTop,
                   QStringLiteral("pinned"));
    }
    if (o.data) {
        p.setClipRect(QRectF(0, 0, o.plot.right() + 1, o.plot.bottom() + 12));
        paintRolloutBands(p, o);
        paintLanes(p, o);
    }
    p.setClipRect(QRectF(o.plot.left() - 7, 0, o.plot.width() + 14, o.plot.bottom() + 12));
    paintNotes(p, o);
    if (o.cursor && o.visible.contains(*o.cursor)) {
        const double x = xOf(o, *o.cursor);
        p.setPen(QPen(o.palette.color(QPalette::Text), 1, Qt::DashLine));
        p.drawLine(QPointF(x, o.plot.top()), QPointF(x, o.plot.bottom()));
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    paintHighlight(p, o);
    if (!o.dragRect.isEmpty()) {
        QColor c = o.palette.color(QPalette::Highlight);
        c.setAlpha(o.dragSelects ? 60 : 35);
        p.fillRect(o.dragRect, c);
        c.setAlpha(200);
        p.setPen(QPen(c, 1, o.dragSelects ? Qt::SolidLine : Qt::DashLine));
        p.drawRect(o.dragRect);
    }
    p.restore();
}

std::vector<const TimelineMarker *> markersNear(const TimelineData &data, const TimeSpan &visible, const QRectF &plot,
                                                double x, double radiusPx)
{
    std::vector<const TimelineMarker *> out;
    const qint64 from = pixelToTime(x - radiusPx, visible, plot.left(), plot.width());
    const qint64 to = pixelToTime(x + radiusPx, visible, plot.left(), plot.width());
    auto it = std::lower_bound(data.markers.begin(), data.markers.end(), from,
                               [](const TimelineMarker &m, qint64 us) { return m.us < us; });
    for (; it != data.markers.end() && it->us <= to; ++it)
        out.push_back(&*it);
    return out;
}

} // namespace gateline
