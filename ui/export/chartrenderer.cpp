#include "chartrenderer.h"

#include "models/timeformat.h"
#include "timelinedata.h"
#include "timerange/timemapping.h"

#include <QBuffer>
#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QSvgGenerator>
#include <QTimeZone>
#include <cmath>

namespace gateline {

namespace {

QColor seriesColor(const QString &id)
{
    if (id == QLatin1String("alb"))
        return QColor(0xd6, 0x27, 0x28);
    if (id == QLatin1String("ingress") || id == QLatin1String("ingress-log"))
        return QColor(0xff, 0x7f, 0x0e);
    if (id == QLatin1String("app"))
        return QColor(0x1f, 0x77, 0xb4);
    return QColor(0x9e, 0x9e, 0x9e);
}

// The timeline's palette (ui/timelinedata), so that a marker has one colour everywhere; notes
// keep their own.
QColor markerColor(const ChartMarker &m)
{
    return m.cls ? eventClassColor(*m.cls, false) : QColor(0x17, 0xbe, 0xcf);
}

struct LegendEntry {
    QColor color;
    QString label;
    bool line;
};

// Legend rows: entries wrap onto a new row when the width is used up.
QList<QList<LegendEntry>> legendRows(const QList<LegendEntry> &entries, const QFontMetricsF &fm, qreal width)
{
    QList<QList<LegendEntry>> rows(1);
    qreal x = 0;
    for (const LegendEntry &e : entries) {
        const qreal w = (e.line ? 6 : 16) + fm.horizontalAdvance(e.label) + 18;
        if (x > 0 && x + w > width) {
            rows.append(QList<LegendEntry>());
            x = 0;
        }
        rows.last().append(e);
        x += w;
    }
    return rows;
}

// 1, 2, 5 x 10^n at or above v.
double niceCeil(double v)
{
    if (v <= 1)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= v)
            return m * p;
    return 10 * p;
}


void drawLegendEntry(QPainter &p, qreal &x, qreal y, const QColor &c, const QString &label, bool line)
{
    const QFontMetricsF fm(p.font());
    if (line) {
        p.setPen(QPen(c, 2));
        p.drawLine(QPointF(x, y - 8), QPointF(x, y + 4));
    } else {
        p.fillRect(QRectF(x, y - 8, 12, 12), c);
    }
    x += line ? 6 : 16;
    p.setPen(QColor(0x33, 0x33, 0x33));
    p.drawText(QPointF(x, y + 2), label);
    x += fm.horizontalAdvance(label) + 18;
}

} // namespace

void paintChart(QPainter &p, const QRectF &rect, const ChartData &data)
{
    p.save();
    p.fillRect(rect, Qt::white);
    p.setRenderHint(QPainter::Antialiasing, true);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(12);
    p.setFont(font);
    const QFontMetricsF fm(font);

    // Title and subtitle.
    QFont titleFont = font;
    titleFont.setPixelSize(15);
    titleFont.setBold(true);
    p.setFont(titleFont);
    p.setPen(QColor(0x1d, 0x1d, 0x1f));
    p.drawText(QPointF(rect.left() + 12, rect.top() + 22), data.title);
    p.setFont(font);
    p.setPen(QColor(0x55, 0x55, 0x55));
    p.drawText(QPointF(rect.left() + 12, rect.top() + 40), data.subtitle);

    const double yMax = niceCeil(std::max(1.0, data.maxStack()));
    const QString yMaxText = QString::number(qint64(yMax));
    const qreal left = rect.left() + 16 + fm.horizontalAdvance(yMaxText) + 8;
    // The legend: the series, then one entry per marker class present (in class order), then notes.
    QList<LegendEntry> legend;
    for (const ChartSeries &s : data.series)
        legend.append({seriesColor(s.id), s.label, false});
    bool present[kEventClassCount] = {};
    bool notes = false;
    for (const ChartMarker &m : data.markers)
        (m.cls ? present[int(*m.cls)] : notes) = true;
    for (int k = 0; k < kEventClassCount; ++k)
        if (present[k])
            legend.append({eventClassColor(EventClass(k), false), eventClassShortLabel(EventClass(k)), true});
    if (notes)
        legend.append({markerColor(ChartMarker{}), chartMarkerLabel(ChartMarker{}), true});
    const QList<QList<LegendEntry>> rows = legendRows(legend, fm, rect.right() - 16 - left);
    const qreal extraRows = 18.0 * qreal(rows.size() - 1);
    const QRectF plot(left, rect.top() + 58, rect.right() - 16 - left, rect.height() - 58 - 72 - extraRows);
    if (plot.width() < 20 || plot.height() < 20 || data.bins <= 0) {
        p.restore();
        return;
    }

    // Y grid and labels.
    const int ySteps = yMax <= 5 ? int(yMax) : 5;
    for (int i = 0; i <= ySteps; ++i) {
        const double v = yMax * i / ySteps;
        const qreal y = plot.bottom() - plot.height() * v / yMax;
        p.setPen(QPen(QColor(0xe4, 0xe4, 0xe8), 1));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(QColor(0x55, 0x55, 0x55));
        const QString label = QString::number(qint64(std::llround(v)));
        p.drawText(QRectF(rect.left(), y - 8, plot.left() - rect.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter, label);
    }

    // Stacked bars.
    p.setRenderHint(QPainter::Antialiasing, false);
    const TimeSpan &span = data.span;
    for (qsizetype b = 0; b < data.bins; ++b) {
        const qint64 from = span.fromUs + b * data.binUs;
        const qreal x0 = timeToPixel(from, span, plot.left(), plot.width());
        const qreal x1 = timeToPixel(from + data.binUs, span, plot.left(), plot.width());
        const qreal w = std::max<qreal>(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0));
        double stack = 0;
        for (const ChartSeries &s : data.series) {
            const double v = s.values[size_t(b)];
            if (v <= 0)
                continue;
            const qreal yTop = plot.bottom() - plot.height() * (stack + v) / yMax;
            const qreal yBottom = plot.bottom() - plot.height() * stack / yMax;
            p.fillRect(QRectF(x0, yTop, w, yBottom - yTop), seriesColor(s.id));
            stack += v;
        }
    }

    // Markers: one line per pixel column and class; a small triangle on top (notes a bit higher).
    std::vector<int> lastX(size_t(kEventClassCount) + 1, -1); // the last slot: notes
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const ChartMarker &m : data.markers) {
        const qreal x = timeToPixel(m.us, span, plot.left(), plot.width());
        const size_t slot = m.cls ? size_t(*m.cls) : size_t(kEventClassCount);
        if (int(x) == lastX[slot])
            continue;
        lastX[slot] = int(x);
        QColor c = markerColor(m);
        c.setAlpha(150);
        p.setPen(QPen(c, 1, m.isNote() ? Qt::DashLine : Qt::SolidLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        QPainterPath tri;
        const qreal ty = plot.top() - 2 - 6.0 * int(m.isNote());
        tri.moveTo(x - 4, ty - 6);
        tri.lineTo(x + 4, ty - 6);
        tri.lineTo(x, ty);
        tri.closeSubpath();
        p.fillPath(tri, markerColor(m));
    }

    // Axes.
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());

    // X ticks.
    const qint64 step = binWidthFor(span, std::max(2, int(plot.width() / 110)));
    p.setPen(QColor(0x55, 0x55, 0x55));
    for (qint64 t = span.fromUs - (((span.fromUs % step) + step) % step); t <= span.toUs; t += step) {
        if (t < span.fromUs)
            continue;
        const qreal x = timeToPixel(t, span, plot.left(), plot.width());
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        const QString label = formatAxisTick(t, step, span.length());
        const qreal w = fm.horizontalAdvance(label);
        if (x - w / 2 >= rect.left() && x + w / 2 <= rect.right())
            p.drawText(QPointF(x - w / 2, plot.bottom() + 18), label);
    }
    const QString axis = QStringLiteral("UTC, %1").arg(QDateTime::fromMSecsSinceEpoch(span.fromUs / 1000, QTimeZone::UTC)
                                                          .toString(QStringLiteral("yyyy-MM-dd")));
    p.drawText(QPointF(plot.right() - fm.horizontalAdvance(axis), plot.bottom() + 34), axis);

    // Legend.
    for (qsizetype r = 0; r < rows.size(); ++r) {
        qreal x = plot.left();
        const qreal y = rect.bottom() - 14 - 18.0 * qreal(rows.size() - 1 - r);
        for (const LegendEntry &e : rows[r])
            drawLegendEntry(p, x, y, e.color, e.label, e.line);
    }
    p.restore();
}

QImage renderChartImage(const ChartData &data, const QSize &size, double scale)
{
    scale = std::clamp(scale, 0.25, 4.0);
    QImage img(QSize(qRound(size.width() * scale), qRound(size.height() * scale)), QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(scale);
    img.fill(Qt::white);
    QPainter p(&img);
    paintChart(p, QRectF(QPointF(0, 0), QSizeF(size)), data);
    p.end();
    return img;
}

QByteArray renderChartPng(const ChartData &data, const QSize &size, double scale)
{
    QByteArray bytes;
    QBuffer buf(&bytes);
    buf.open(QIODevice::WriteOnly);
    renderChartImage(data, size, scale).save(&buf, "PNG");
    return bytes;
}

QByteArray renderChartSvg(const ChartData &data, const QSize &size)
{
    QByteArray bytes;
    QBuffer buf(&bytes);
    buf.open(QIODevice::WriteOnly);
    QSvgGenerator gen;
    gen.setOutputDevice(&buf);
    gen.setSize(size);
    gen.setResolution(96); // CSS pixels: the SVG is as large as the PNG
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setTitle(data.title);
    gen.setDescription(data.subtitle);
    QPainter p(&gen);
    paintChart(p, QRectF(QPointF(0, 0), QSizeF(size)), data);
    p.end();
    return bytes;
}

} // namespace gateline
