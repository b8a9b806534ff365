// A Prometheus result drawn on the timeline: its own series and axis, only the visible points,
// and removed again with an empty list.
#include "testutil.h"

#include "ingest/bundleloader.h"
#include "timelinechart.h"
#include "timelinedata.h"
#include "timerange/timerange.h"

#include <QChart>
#include <QLineSeries>
#include <QTest>

using namespace gateline;

class TestUiExtraSeries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void drawsVisiblePointsOnItsOwnAxis()
    {
        const EventStore store = BundleLoader().load({testutil::dataPath(QStringLiteral("corpus/alb/crowdsec-hub-aws-alb-logs.log"))});
        QVERIFY(store.sourceCount() == 1);
        const auto data = buildTimelineData(store, nullptr);
        TimeRange range;
        range.setBounds(data->bounds);
        TimelineChart chart(&range);
        chart.resize(1000, 400);
        chart.setData(data);
        const int seriesBefore = int(chart.chart()->series().size());
        const int axesBefore = int(chart.chart()->axes().size());

        const TimeSpan v = range.visible();
        QList<QPointF> points;
        const double from = double(v.fromUs) / 1000.0, to = double(v.toUs) / 1000.0;
        points << QPointF(from - 60000, 9.0)                     // before the visible range
               << QPointF(from + (to - from) * 0.25, 0.5)
               << QPointF(from + (to - from) * 0.75, 2.0)
               << QPointF(to + 60000, 9.0);                      // after it
        chart.setExtraSeries(QStringLiteral("sum(rate(http_requests_total{status=\"502\"}[1m]))"), points);
        QCOMPARE(int(chart.chart()->series().size()), seriesBefore + 1);
        QCOMPARE(int(chart.chart()->axes().size()), axesBefore + 1);
        auto *line = qobject_cast<QLineSeries *>(chart.chart()->series().last());
        QVERIFY(line);
        QCOMPARE(line->count(), 2);
        QCOMPARE(line->at(1).y(), 2.0);

        chart.setExtraSeries({}, {});
        QCOMPARE(int(chart.chart()->series().size()), seriesBefore);
        QCOMPARE(int(chart.chart()->axes().size()), axesBefore);
    }
};

QTEST_MAIN(TestUiExtraSeries)
#include "tst_ui_extraseries.moc"
