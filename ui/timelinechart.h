// The timeline: request rate and 502 rate per hop (Qt Charts), binned from the visible range, with
// the Kubernetes events in labelled lanes above the plot and as lines through it, the selection,
// the cursor, pinned notes and a highlighted 502 <-> event pair. Follows the shared TimeRange.
// Mouse: wheel zooms at the pointer, drag zooms to a rubber band, Shift+drag selects a range,
// right/middle drag pans, click puts the cursor ("go to this moment" in every pane).
#pragma once

#include "investigation/investigation.h"
#include "timelinedata.h"

#include <QChartView>

#include <memory>
#include <optional>

class QLabel;
class QLineSeries;
class QAreaSeries;
class QCategoryAxis;
class QValueAxis;

namespace gateline {

class TimeRange;

class TimelineChart : public QChartView
{
    Q_OBJECT
public:
    explicit TimelineChart(TimeRange *range, QWidget *parent = nullptr);

    void setData(std::shared_ptr<const TimelineData> data);
    void setNotes(const QList<PinnedNote> &notes);
    // A matched pair to show (the 502 and its event), or none.
    void setHighlight(std::optional<std::pair<qint64, qint64>> pair);
    // The range the source panes are pinned to (drawn as a bracket over the plot), or invalid.
    void setPinned(const TimeSpan &pinned);
    TimeSpan pinned() const { return m_pinned; }
    void setDark(bool dark);
    void setLoadingText(const QString &text); // shown while nothing is drawn yet
    // An extra series (a Prometheus query) over the timeline on its own right-hand axis: points are
    // (UTC milliseconds, value). An empty list removes it.
    void setExtraSeries(const QString &name, const QList<QPointF> &points);

    // The plot area in viewport coordinates.
    QRectF plotRect() const;
    qint64 binWidthUs() const { return m_binUs; }
    int drawnBins() const { return m_bins; }
    // Bin counts currently drawn for a series (tests).
    std::vector<double> drawnCounts(TimelineSeries::Kind kind) const;
    // The hover box (what the pointer is over), for tests.
    QWidget *hoverBox() const;
    // Tall enough for every event lane at its smallest and a readable plot (with the time axis
    // title): what needsHeight() asks the window for. The widget's own minimum stays fixed.
    int neededHeight() const;

Q_SIGNALS:
    void hovered(const QString &summary);
    // A right click without a drag: the window offers its menu at this moment.
    void contextMenuRequested(qint64 us, const QPoint &globalPos);
    void rebinned(qint64 binUs, int bins);
    // The chart is shorter than neededHeight() (more event lanes than it has room for), and needs
    // more than it ever asked for: the window's splitter gives it that height from the source
    // panes where they can spare it. Asking only for more keeps a height the user dragged.
    void needsHeight(int height);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    enum class Drag { None, Zoom, Select, Pan };
    void rebuildSeries();
    void rebin();
    void updateTimeAxis();
    void updateLanes();
    void fitLanes();
    void fitAxisTitles();
    double minLaneHeight() const;
    void askForHeight(); // needsHeight() if the chart is too short
    double laneGap() const;
    void applyColors();
    QString summaryAt(qint64 us) const;
    qint64 timeAt(double viewX) const;

    TimeRange *m_range;
    QChart *m_chart;
    QCategoryAxis *m_x;
    QValueAxis *m_yRequests;
    QValueAxis *m_y502;
    struct SeriesItem {
        TimelineSeries::Kind kind;
        QLineSeries *line = nullptr;
        QAreaSeries *area = nullptr;
        std::vector<double> counts;
    };
    std::vector<SeriesItem> m_series;
    QLineSeries *m_extra = nullptr;
    QValueAxis *m_yExtra = nullptr;
    QList<QPointF> m_extraPoints;
    std::shared_ptr<const TimelineData> m_data;
    QList<PinnedNote> m_notes;
    std::optional<std::pair<qint64, qint64>> m_highlight;
    TimeSpan m_pinned;
    QList<EventClass> m_lanes;
    double m_laneHeight = 15; // shrinks on a short chart (fitLanes)
    double m_chrome = 110;    // the view's height outside the plot and the lanes, with the time title
    int m_askedHeight = 0;    // the most needsHeight() asked for
    QString m_baseToolTip;
    QLabel *m_hover;
    QString m_loadingText;
    bool m_dark = false;
    qint64 m_binUs = 0;
    qint64 m_firstBinUs = 0;
    int m_bins = 0;
    Drag m_drag = Drag::None;
    QPointF m_pressPos;
    QPointF m_dragPos;
    TimeSpan m_pressVisible;
};

} // namespace gateline
