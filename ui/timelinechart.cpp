#include "timelinechart.h"

#include "models/timeformat.h"
#include "stallprobe.h"
#include "timelinepainter.h"
#include "timerange/timerange.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QDateTime>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QTimeZone>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace gateline {

namespace {
constexpr double kMaxLaneHeight = 15;
// The plot keeps this much height on a short chart: the lanes above it give up theirs first.
constexpr double kMinPlotHeight = 90;
constexpr qint64 kMinBinUs = 100000;

double niceCeil(double v)
{
    if (v <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * p >= v)
            return m * p;
    }
    return 10 * p;
}

// A round top for a count axis and a tick count that gives round steps.
void applyNiceRange(QValueAxis *axis, double max)
{
    if (max <= 5) {
        const int top = std::max(1, int(std::ceil(max)));
        axis->setRange(0, top);
        axis->setTickCount(top + 1);
        return;
    }
    const double top = niceCeil(max);
    const double p = std::pow(10.0, std::floor(std::log10(top)));
    const double m = top / p;
    const int intervals = (m == 2.0) ? 4 : 5;
    axis->setRange(0, top);
    axis->setTickCount(intervals + 1);
}

} // namespace

TimelineChart::TimelineChart(TimeRange *range, QWidget *parent)
    : QChartView(parent)
    , m_range(range)
    , m_chart(new QChart)
    , m_x(new QCategoryAxis)
    , m_yRequests(new QValueAxis)
    , m_y502(new QValueAxis)
    , m_hover(new QLabel(this))
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setShowToolTips(true);
    m_x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_x->setTitleText(QStringLiteral("UTC (aligned to the load balancer clock)"));
    m_yRequests->setLabelFormat(QStringLiteral("%.0f"));
    m_y502->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_yRequests, Qt::AlignLeft);
    m_chart->addAxis(m_y502, Qt::AlignRight);
    setChart(m_chart);
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::NoRubberBand);
    setMouseTracking(true);
    setMinimumHeight(220);
    setFocusPolicy(Qt::StrongFocus);
    m_baseToolTip = QStringLiteral("Wheel: zoom · Drag: zoom to range · Shift+drag: select · Right-drag: pan · "
                                   "Click: go to this moment");
    setToolTip(m_baseToolTip);
    m_hover->setTextFormat(Qt::PlainText);
    m_hover->setAutoFillBackground(true);
    m_hover->setMargin(4);
    m_hover->hide();
    m_hover->setAttribute(Qt::WA_TransparentForMouseEvents);

    connect(m_range, &TimeRange::visibleChanged, this, [this] {
        // A hover box from the last zoom would describe bins that are no longer drawn.
        m_hover->hide();
        rebin();
    });
    connect(m_range, &TimeRange::selectionChanged, viewport(), qOverload<>(&QWidget::update));
    connect(m_range, &TimeRange::cursorChanged, viewport(), qOverload<>(&QWidget::update));
    // Each layout of the chart: lanes and axis titles fitted to the plot it left.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        fitLanes();
        fitAxisTitles();
        // The lanes and their labels are drawn over the scene: a new plot area moves all of them,
        // so repaint the whole view (else the old labels stay where the scene did not change).
        viewport()->update();
    });
    applyColors();
    rebin();
}

void TimelineChart::setData(std::shared_ptr<const TimelineData> data)
{
    const StallProbe probe("chart setData", 5);
    m_data = std::move(data);
    m_highlight.reset();
    rebuildSeries();
    updateLanes();
    rebin();
}

void TimelineChart::setNotes(const QList<PinnedNote> &notes)
{
    m_notes = notes;
    viewport()->update();
}

void TimelineChart::setHighlight(std::optional<std::pair<qint64, qint64>> pair)
{
    m_highlight = pair;
    viewport()->update();
}

void TimelineChart::setPinned(const TimeSpan &pinned)
{
    m_pinned = pinned;
    viewport()->update();
}

void TimelineChart::setDark(bool dark)
{
    m_dark = dark;
    applyColors();
    viewport()->update();
}

void TimelineChart::setLoadingText(const QString &text)
{
    m_loadingText = text;
    viewport()->update();
}

QRectF TimelineChart::plotRect() const
{
    return mapFromScene(m_chart->mapToScene(m_chart->plotArea())).boundingRect();
}

std::vector<double> TimelineChart::drawnCounts(TimelineSeries::Kind kind) const
{
    for (const SeriesItem &s : m_series) {
        if (s.kind == kind)
            return s.counts;
    }
    return {};
}

void TimelineChart::rebuildSeries()
{
    std::vector<const TimelineSeries *> shown;
    if (m_data) {
        for (const TimelineSeries &s : m_data->series) {
            if (s.kind == TimelineSeries::Requests || !s.isEmpty())
                shown.push_back(&s); // nothing to draw: keep the legend to what is there
        }
    }
    // The same series as drawn (a picture while loading, 4 times a second): keep the chart's
    // items, only rebin them; a new QAreaSeries costs the scene a new layout and legend.
    const bool same = shown.size() == m_series.size()
        && std::equal(shown.begin(), shown.end(), m_series.begin(), [](const TimelineSeries *s, const SeriesItem &item) {
               return s->kind == item.kind && s->name == item.area->name();
           });
    if (same)
        return;
    m_chart->removeAllSeries();
    m_series.clear();
    for (const TimelineSeries *sp : shown) {
        const TimelineSeries &s = *sp;
        SeriesItem item;
        item.kind = s.kind;
        // Areas: a 502 series is invisible where it is zero and a solid block where it is not.
        item.line = new QLineSeries;
        item.area = new QAreaSeries(item.line);
        // QAreaSeries does not own its upper series: the area does here, so that removeAllSeries()
        // deletes both (LeakSanitizer found every rebuilt series' line left behind).
        item.line->setParent(item.area);
        item.area->setName(s.name);
        m_chart->addSeries(item.area);
        item.area->attachAxis(m_x);
        item.area->attachAxis(s.kind == TimelineSeries::Requests ? m_yRequests : m_y502);
        m_series.push_back(item);
    }
    applyColors();
}

void TimelineChart::applyColors()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(m_dark ? 90 : 110);
    m_chart->setBackgroundBrush(base);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->legend()->setLabelColor(text);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_x), static_cast<QAbstractAxis *>(m_yRequests),
                                static_cast<QAbstractAxis *>(m_y502)}) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setGridLinePen(QPen(grid, 1));
        axis->setLinePen(QPen(grid, 1));
    }
    m_y502->setGridLineVisible(false);
    m_y502->setTitleBrush(seriesColor(TimelineSeries::Alb502, m_dark));
    m_y502->setLabelsBrush(seriesColor(TimelineSeries::Alb502, m_dark));
    m_hover->setPalette(pal);
    m_hover->setBackgroundRole(QPalette::ToolTipBase);
    m_hover->setForegroundRole(QPalette::ToolTipText);
    for (SeriesItem &s : m_series) {
        const QColor c = seriesColor(s.kind, m_dark);
        QColor fill = c;
        if (s.kind == TimelineSeries::Requests) {
            fill.setAlpha(m_dark ? 70 : 60);
            s.area->setPen(QPen(c, 1));
        } else {
            fill.setAlpha(210);
            s.area->setPen(Qt::NoPen);
        }
        s.area->setBrush(fill);
    }
}

void TimelineChart::updateLanes()
{
    m_lanes.clear();
    if (m_data) {
        bool present[kEventClassCount] = {};
        for (const TimelineMarker &m : m_data->markers)
            present[int(m.cls)] = true;
        for (int k = 0; k < kEventClassCount; ++k) {
            if (present[k])
                m_lanes.append(EventClass(k));
        }
    }
    m_chart->setMargins(QMargins(40, 8 + int(std::ceil(m_laneHeight * double(m_lanes.size()) + laneGap())) + 2, 8, 4));
    askForHeight(); // the lanes may need more height than the chart has
}

void TimelineChart::askForHeight()
{
    const int need = neededHeight();
    if (!isVisible() || need <= height() || need <= m_askedHeight)
        return;
    m_askedHeight = need;
    Q_EMIT needsHeight(need);
}

double TimelineChart::laneGap() const
{
    // The lanes end above the top y label, which is centred on the plot's top edge.
    if (m_lanes.isEmpty())
        return 4;
    return std::ceil(QFontMetricsF(m_yRequests->labelsFont()).height() / 2) + 2;
}

double TimelineChart::minLaneHeight() const
{
    // One line of the lanes' smallest font (timelinepainter.cpp: 85% of the widget's, down to 7 pt
    // when many lanes share a short chart).
    QFont f = font();
    f.setPointSizeF(std::min(7.0, f.pointSizeF()));
    return std::ceil(QFontMetricsF(f).height());
}

int TimelineChart::neededHeight() const
{
    if (m_lanes.isEmpty())
        return minimumHeight();
    const double lanes = std::min(minLaneHeight(), kMaxLaneHeight) * double(m_lanes.size()) + laneGap();
    return std::max(minimumHeight(), int(std::ceil(m_chrome + lanes + kMinPlotHeight)));
}

void TimelineChart::fitLanes()
{
    // Run after a layout, when the chart's size, margins and plot agree: everything but the plot
    // and the lanes (axes, their titles, the legend, margins) is what it is, and the lanes shrink
    // (down to one line of their font) so that the plot keeps kMinPlotHeight where it can.
    const QRectF plot = m_chart->plotArea();
    const double n = double(m_lanes.size());
    if (n <= 0 || plot.height() <= 0)
        return;
    const double chrome = m_chart->size().height() - plot.height() - m_laneHeight * n;
    // What neededHeight() adds: the view's frame and the chart's chrome around the lanes, with the
    // time axis title's line whether it shows now or not (else a chart first laid out short, title
    // hidden, would ask for a plot that never has room to get the title back).
    const double titleLine = std::ceil(QFontMetricsF(m_x->titleFont()).height());
    const double viewChrome = double(height()) - m_chart->size().height() + chrome - laneGap()
                              + (m_x->isTitleVisible() ? 0 : titleLine);
    if (std::abs(viewChrome - m_chrome) >= 1) {
        m_chrome = viewChrome;
        askForHeight();
    }
    const double room = std::floor((m_chart->size().height() - chrome - kMinPlotHeight) / n);
    const double minLane = std::min(minLaneHeight(), kMaxLaneHeight);
    const double lane = std::clamp(room, minLane, kMaxLaneHeight);
    // With every lane at its smallest and the plot still short of kMinPlotHeight (many event kinds
    // on a small screen), the x axis title gives its line to the plot; the chart's tooltip says it.
    // It comes back once that line can be spared (a few pixels of hysteresis against flicker).
    const double chromeWithTitle = chrome + (m_x->isTitleVisible() ? 0 : titleLine);
    const double plotWithTitle = m_chart->size().height() - chromeWithTitle - minLane * n;
    const bool showTitle = m_x->isTitleVisible() ? plotWithTitle >= kMinPlotHeight : plotWithTitle >= kMinPlotHeight + 4;
    if (showTitle != m_x->isTitleVisible())
        m_x->setTitleVisible(showTitle); // fitAxisTitles() then puts it in the tooltip
    if (lane == m_laneHeight)
        return;
    m_laneHeight = lane;
    m_chart->setMargins(QMargins(40, 8 + int(std::ceil(m_laneHeight * n + laneGap())) + 2, 8, 4));
}

void TimelineChart::fitAxisTitles()
{
    // The y-axis titles run along the plot's height, and QtCharts cuts a title that is longer than
    // that mid-word ("req/1…"). So: the whole title where it fits ("requests / 30 s"), else the
    // short one ("req/30 s"), else the bare unit ("req"); a shortened title is said in full in the
    // chart's tooltip (and the status bar states the bin width).
    if (m_binUs <= 0)
        return;
    const double height = m_chart->plotArea().height();
    const QString per = binWidthLabel(m_binUs);
    QStringList shortened;
    const auto fit = [height, &shortened](QValueAxis *axis, const QStringList &forms, const QString &side) {
        const QFontMetrics fm(axis->titleFont());
        QString chosen = forms.last();
        for (const QString &f : forms) {
            if (height <= 0 || fm.horizontalAdvance(f) + 8 <= height) {
                chosen = f;
                break;
            }
        }
        if (axis->titleText() != chosen)
            axis->setTitleText(chosen);
        if (chosen != forms.first())
            shortened << QStringLiteral("%1 axis: %2").arg(side, forms.first());
    };
    fit(m_yRequests, {QStringLiteral("requests / %1").arg(per), QStringLiteral("req/%1").arg(per), QStringLiteral("req")},
        QStringLiteral("left"));
    fit(m_y502, {QStringLiteral("502s / %1").arg(per), QStringLiteral("502/%1").arg(per), QStringLiteral("502")},
        QStringLiteral("right"));
    if (!m_x->isTitleVisible())
        shortened << QStringLiteral("time axis: %1").arg(m_x->titleText());
    const QString tip = shortened.isEmpty() ? m_baseToolTip : m_baseToolTip + QLatin1Char('\n') + shortened.join(QStringLiteral(" · "));
    if (toolTip() != tip)
        setToolTip(tip);
}

void TimelineChart::setExtraSeries(const QString &name, const QList<QPointF> &points)
{
    m_extraPoints = points;
    if (points.isEmpty()) {
        if (m_extra) {
            m_chart->removeSeries(m_extra);
            m_chart->removeAxis(m_yExtra);
            delete m_extra;
            delete m_yExtra;
            m_extra = nullptr;
            m_yExtra = nullptr;
        }
        rebin();
        return;
    }
    if (!m_extra) {
        m_extra = new QLineSeries(this);
        m_yExtra = new QValueAxis(this);
        m_yExtra->setLabelFormat(QStringLiteral("%.3g"));
        m_chart->addSeries(m_extra);
        m_chart->addAxis(m_yExtra, Qt::AlignRight);
        m_extra->attachAxis(m_x);
        m_extra->attachAxis(m_yExtra);
        QPen pen(QColor(0x2a, 0x9d, 0x8f));
        pen.setWidthF(2.0);
        m_extra->setPen(pen);
    }
    m_extra->setName(name);
    m_yExtra->setTitleText(name.size() > 40 ? name.left(39) + QChar(0x2026) : name);
    rebin();
}

void TimelineChart::rebin()
{
    const TimeSpan v = m_range->visible();
    const bool empty = !v.isValid() || !m_data;
    for (QAbstractAxis *axis : m_chart->axes())
        axis->setVisible(!empty);
    m_chart->legend()->setVisible(!empty);
    if (empty) {
        for (SeriesItem &s : m_series)
            s.line->clear();
        m_bins = 0;
        viewport()->update();
        return;
    }
    const double w = std::max(200.0, plotRect().width());
    m_binUs = binWidthFor(v, std::max(10, int(w / 4)), kMinBinUs);
    m_firstBinUs = (v.fromUs >= 0 ? v.fromUs / m_binUs : (v.fromUs - m_binUs + 1) / m_binUs) * m_binUs;
    m_bins = int((v.toUs - m_firstBinUs + m_binUs - 1) / m_binUs);
    double maxReq = 0, max502 = 0;
    for (SeriesItem &s : m_series) {
        const TimelineSeries *src = m_data ? m_data->find(s.kind) : nullptr;
        s.counts = src ? binCounts(*src, m_firstBinUs, m_binUs, m_bins) : std::vector<double>(size_t(m_bins), 0.0);
        QList<QPointF> pts;
        pts.reserve(2 * m_bins);
        for (int b = 0; b < m_bins; ++b) {
            const double x0 = double(m_firstBinUs + qint64(b) * m_binUs) / 1000.0;
            const double c = s.counts[size_t(b)];
            pts.append({x0, c});
            pts.append({x0 + double(m_binUs) / 1000.0, c});
            (s.kind == TimelineSeries::Requests ? maxReq : max502) = std::max(c, s.kind == TimelineSeries::Requests ? maxReq : max502);
        }
        s.line->replace(pts);
    }
    applyNiceRange(m_yRequests, maxReq * 1.05);
    applyNiceRange(m_y502, max502 * 1.05);
    fitAxisTitles();
    if (m_extra) {
        QList<QPointF> visible;
        double maxExtra = 0;
        for (const QPointF &p : std::as_const(m_extraPoints)) {
            if (p.x() * 1000.0 < double(v.fromUs) || p.x() * 1000.0 > double(v.toUs) || !std::isfinite(p.y()))
                continue;
            visible.append(p);
            maxExtra = std::max(maxExtra, p.y());
        }
        m_extra->replace(visible);
        applyNiceRange(m_yExtra, maxExtra * 1.05);
    }
    updateTimeAxis();
    viewport()->update();
    Q_EMIT rebinned(m_binUs, m_bins);
}

void TimelineChart::updateTimeAxis()
{
    const TimeSpan v = m_range->visible();
    for (const QString &label : m_x->categoriesLabels())
        m_x->remove(label);
    if (!v.isValid()) {
        m_x->setRange(0, 1);
        return;
    }
    const double w = std::max(200.0, plotRect().width());
    const qint64 interval = binWidthFor(v, std::max(2, int(w / 120)), 1000000);
    m_x->setStartValue(double(v.fromUs) / 1000.0);
    qint64 t = ((v.fromUs + interval - 1) / interval) * interval;
    for (; t < v.toUs; t += interval)
        m_x->append(formatAxisTick(t, interval, v.length()), double(t) / 1000.0);
    m_x->setRange(double(v.fromUs) / 1000.0, double(v.toUs) / 1000.0);
}

void TimelineChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    rebin();
}

void TimelineChart::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    const QRectF plot = m_chart->mapToScene(m_chart->plotArea()).boundingRect();
    if (!m_data || !m_range->visible().isValid()) {
        painter->save();
        painter->setPen(palette().color(QPalette::PlaceholderText));
        QFont f = painter->font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        painter->setFont(f);
        painter->drawText(plot, Qt::AlignCenter | Qt::TextWordWrap,
                          m_loadingText.isEmpty()
                              ? QStringLiteral("Drop log files, folders or archives here\nor open them with File ▸ Open (Ctrl+O)")
                              : m_loadingText);
        painter->restore();
        return;
    }
    TimelineOverlay o;
    o.plot = plot;
    o.visible = m_range->visible();
    o.data = m_data.get();
    o.lanes = m_lanes;
    o.laneHeight = m_laneHeight;
    o.laneGap = laneGap();
    o.selection = m_range->selection();
    if (m_range->hasCursor())
        o.cursor = m_range->cursor();
    o.notes = &m_notes;
    o.highlight = m_highlight;
    o.pinned = m_pinned;
    o.dark = m_dark;
    o.palette = palette();
    if (m_drag == Drag::Zoom || m_drag == Drag::Select) {
        const QPointF a = mapToScene(m_pressPos.toPoint()), b = mapToScene(m_dragPos.toPoint());
        if (std::abs(a.x() - b.x()) > 4)
            o.dragRect = QRectF(QPointF(std::min(a.x(), b.x()), plot.top()), QPointF(std::max(a.x(), b.x()), plot.bottom()));
        o.dragSelects = m_drag == Drag::Select;
    }
    paintTimelineOverlay(*painter, o);
}

} // namespace gateline
