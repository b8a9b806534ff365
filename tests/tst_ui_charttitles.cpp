// The timeline's y-axis titles at 1280x800 on bundles with many event lanes (the real corpus has
// eight): never longer than the plot is tall (QtCharts would cut them mid-word, "req/1…"), the
// whole title in the chart's tooltip whenever a shorter one is shown, and a plot that keeps room
// to read because the lanes above it give up height first, without running into the top y label.
#include "uitestutil.h"

#include "mainwindow.h"
#include "timelinechart.h"

#include <QChart>
#include <QFontMetrics>
#include <QTest>
#include <QValueAxis>

using namespace gateline;

class TstUiChartTitles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { uitestutil::useTestSettings(QStringLiteral("tst_ui_charttitles")); }

    void titlesFitThePlot_data()
    {
        QTest::addColumn<QString>("bundle");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("minLanes");
        const QString corpus = QStringLiteral(GATELINE_TEST_DATA "/corpus");
        QTest::newRow("corpus 1280x800") << corpus << QSize(1280, 800) << 6;
        QTest::newRow("corpus 1600x1000") << corpus << QSize(1600, 1000) << 6;
        QTest::newRow("ui bundle 1280x800") << uitestutil::kBundle << QSize(1280, 800) << 0;
    }

    void titlesFitThePlot()
    {
        QFETCH(QString, bundle);
        QFETCH(QSize, size);
        QFETCH(int, minLanes);
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(uitestutil::load(w, {bundle}));
        QTest::qWait(100); // the chart's layout passes
        TimelineChart *chart = w.chart();
        const QRectF plot = chart->chart()->plotArea();
        const double lanesHeight = chart->chart()->margins().top();
        QVERIFY2(lanesHeight >= minLanes * 11, qPrintable(QString::number(lanesHeight)));
        // Room to read the bars: the lanes shrank before the plot went under 90 px (where the
        // chart has that much to give).
        QVERIFY2(plot.height() >= 60, qPrintable(QStringLiteral("plot %1 px tall").arg(plot.height())));
        const QList<QAbstractAxis *> axes = chart->chart()->axes(Qt::Vertical);
        QCOMPARE(axes.size(), 2);
        int shortened = 0;
        for (QAbstractAxis *axis : axes) {
            const QString title = axis->titleText();
            QVERIFY(!title.isEmpty());
            QVERIFY2(!title.contains(QChar(0x2026)), qPrintable(title));
            const int advance = QFontMetrics(axis->titleFont()).horizontalAdvance(title);
            QVERIFY2(advance + 8 <= plot.height(),
                     qPrintable(QStringLiteral("%1: %2 px along a %3 px plot").arg(title).arg(advance).arg(plot.height())));
            const bool whole = title.startsWith(QLatin1String("requests / ")) || title.startsWith(QLatin1String("502s / "));
            if (!whole) {
                ++shortened;
                const QString full = title.startsWith(QLatin1String("req")) ? QStringLiteral("left axis: requests / ")
                                                                            : QStringLiteral("right axis: 502s / ");
                QVERIFY2(chart->toolTip().contains(full), qPrintable(title + QStringLiteral(" | ") + chart->toolTip()));
            }
        }
        if (shortened == 0)
            QVERIFY(!chart->toolTip().contains(QLatin1String("axis:")));
    }
};

QTEST_MAIN(TstUiChartTitles)
#include "tst_ui_charttitles.moc"
