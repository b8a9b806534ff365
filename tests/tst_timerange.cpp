// The shared time range and the pure time <-> pixel mapping.
#include "timerange/timemapping.h"
#include "timerange/timerange.h"

#include <QSignalSpy>
#include <QTest>

using namespace gateline;

class TstTimeRange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void binWidthLabels()
    {
        const qint64 s = 1000000, day = 86400 * s;
        QCOMPARE(binWidthLabel(15 * s), QStringLiteral("15 s"));
        QCOMPARE(binWidthLabel(300 * s), QStringLiteral("5 min"));
        QCOMPARE(binWidthLabel(day), QStringLiteral("1 day"));
        QCOMPARE(binWidthLabel(7 * day), QStringLiteral("7 days"));
        QCOMPARE(binWidthLabel(3 * day / 2), QStringLiteral("1.5 days"));
        QCOMPARE(binWidthLabel(7 * s), QStringLiteral("7 s"));
    }

    void mappingRoundTrip_data();
    void mappingRoundTrip();
    void mappingEdges();
    void binWidths_data();
    void binWidths();
    void zoomKeepsAnchor();
    void clamping();
    void zoomHistory();
    void wheelBurstIsOneHistoryEntry();
    void selectionAndCursor();
    void keepViewOnNewBounds();
};

void TstTimeRange::mappingRoundTrip_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<double>("left");
    QTest::addColumn<double>("width");
    QTest::newRow("10 min over 1000 px") << qint64(1709287200000000) << qint64(1709287800000000) << 50.0 << 1000.0;
    QTest::newRow("1 s over 333 px") << qint64(1000000) << qint64(2000000) << 0.0 << 333.0;
    QTest::newRow("one day over 1920 px") << qint64(0) << qint64(86400000000) << 10.5 << 1920.0;
    QTest::newRow("negative times") << qint64(-5000000) << qint64(5000000) << 0.0 << 100.0;
}

void TstTimeRange::mappingRoundTrip()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(double, left);
    QFETCH(double, width);
    const TimeSpan v{from, to};
    QCOMPARE(timeToPixel(from, v, left, width), left);
    QCOMPARE(timeToPixel(to, v, left, width), left + width);
    QCOMPARE(pixelToTime(left, v, left, width), from);
    QCOMPARE(pixelToTime(left + width, v, left, width), to);
    const qint64 usPerPx = v.length() / qint64(width);
    for (int i = 0; i <= 10; ++i) {
        const qint64 us = from + v.length() * i / 10;
        const double x = timeToPixel(us, v, left, width);
        QVERIFY(x >= left - 1e-9 && x <= left + width + 1e-9);
        QVERIFY(std::abs(pixelToTime(x, v, left, width) - us) <= std::max<qint64>(1, usPerPx / 1000));
    }
    // Monotonic.
    QVERIFY(timeToPixel(from + 1000, v, left, width) > timeToPixel(from, v, left, width));
}

void TstTimeRange::mappingEdges()
{
    const TimeSpan empty{5, 5};
    QCOMPARE(timeToPixel(7, empty, 3, 100), 3.0);
    QCOMPARE(pixelToTime(50, empty, 0, 100), qint64(5));
    QCOMPARE(pixelToTime(50, TimeSpan{0, 100}, 0, 0), qint64(0));
    // Outside the visible range maps outside the plot.
    QVERIFY(timeToPixel(-10, TimeSpan{0, 100}, 0, 100) < 0);
    QVERIFY(timeToPixel(200, TimeSpan{0, 100}, 0, 100) > 100);
}

void TstTimeRange::binWidths_data()
{
    QTest::addColumn<qint64>("spanSeconds");
    QTest::addColumn<int>("maxBins");
    QTest::addColumn<qint64>("expectedUs");
    QTest::newRow("10 min, 300 bins -> 2 s") << qint64(600) << 300 << qint64(2000000);
    QTest::newRow("10 min, 60 bins -> 10 s") << qint64(600) << 60 << qint64(10000000);
    QTest::newRow("1 h, 250 bins -> 15 s") << qint64(3600) << 250 << qint64(15000000);
    QTest::newRow("1 day, 300 bins -> 5 min") << qint64(86400) << 300 << qint64(300000000);
    QTest::newRow("10 s, 1000 bins -> 1 s floor") << qint64(10) << 1000 << qint64(1000000);
    QTest::newRow("30 days, 10 bins -> 3 days") << qint64(30 * 86400) << 10 << qint64(3 * 86400000000LL);
}

void TstTimeRange::binWidths()
{
    QFETCH(qint64, spanSeconds);
    QFETCH(int, maxBins);
    QFETCH(qint64, expectedUs);
    const TimeSpan v{0, spanSeconds * 1000000};
    const qint64 w = binWidthFor(v, maxBins);
    QCOMPARE(w, expectedUs);
    QVERIFY((v.length() + w - 1) / w <= maxBins || w == 1000000);
}

void TstTimeRange::zoomKeepsAnchor()
{
    const TimeSpan v{0, 1000000000};
    const qint64 anchor = 250000000;
    const TimeSpan z = zoomedSpan(v, 0.5, anchor);
    QCOMPARE(z.length(), qint64(500000000));
    // The anchor stays at the same relative position (a quarter in).
    QCOMPARE(z.fromUs + z.length() / 4, anchor);
}

void TstTimeRange::clamping()
{
    const TimeSpan bounds{0, 1000};
    QCOMPARE(clampedSpan({-100, 100}, bounds), (TimeSpan{0, 200}));
    QCOMPARE(clampedSpan({950, 1150}, bounds), (TimeSpan{800, 1000}));
    QCOMPARE(clampedSpan({-5000, 5000}, bounds), bounds);
    QCOMPARE(clampedSpan({100, 200}, bounds), (TimeSpan{100, 200}));
}

void TstTimeRange::zoomHistory()
{
    TimeRange r;
    QSignalSpy visible(&r, &TimeRange::visibleChanged);
    const TimeSpan b{0, 600000000};
    r.setBounds(b);
    QCOMPARE(r.visible(), b);
    QVERIFY(!r.canGoBack());
    r.setVisible({100000000, 200000000});
    r.zoomIn();
    QCOMPARE(r.visible().length(), qint64(50000000));
    QVERIFY(r.canGoBack());
    r.back();
    QCOMPARE(r.visible(), (TimeSpan{100000000, 200000000}));
    r.back();
    QCOMPARE(r.visible(), b);
    QVERIFY(!r.canGoBack());
    r.zoomOut(); // already everything: clamped, no change
    QCOMPARE(r.visible(), b);
    r.setVisible({10, 20}); // below the minimum span
    QCOMPARE(r.visible().length(), TimeRange::kMinSpanUs);
    r.reset();
    QCOMPARE(r.visible(), b);
    QVERIFY(visible.count() >= 5);
}

void TstTimeRange::wheelBurstIsOneHistoryEntry()
{
    TimeRange r;
    r.setBounds({0, 600000000});
    for (int i = 0; i < 5; ++i)
        r.zoom(0.8, 300000000, TimeRange::Coalesce);
    QVERIFY(r.visible().length() < 600000000 / 2);
    r.back();
    QCOMPARE(r.visible(), (TimeSpan{0, 600000000}));
}

void TstTimeRange::selectionAndCursor()
{
    TimeRange r;
    r.setBounds({0, 600000000});
    QSignalSpy sel(&r, &TimeRange::selectionChanged);
    QSignalSpy cur(&r, &TimeRange::cursorChanged);
    r.setSelection({300, 100}); // reversed: normalised
    QCOMPARE(r.selection(), (TimeSpan{100, 300}));
    QVERIFY(r.hasSelection());
    QCOMPARE(sel.count(), 1);
    r.setSelection({100, 300});
    QCOMPARE(sel.count(), 1); // unchanged: no signal
    r.clearSelection();
    QVERIFY(!r.hasSelection());
    r.setVisible({0, 60000000});
    r.goTo(500000000); // outside: brought into view, centred
    QCOMPARE(cur.count(), 1);
    QVERIFY(r.visible().contains(500000000));
    QCOMPARE(r.visible().length(), qint64(60000000));
    r.showSpan({200000000, 210000000});
    QCOMPARE(r.selection(), (TimeSpan{200000000, 210000000}));
    QVERIFY(r.visible().fromUs < 200000000 && r.visible().toUs > 210000000);
}

void TstTimeRange::keepViewOnNewBounds()
{
    TimeRange r;
    r.setBounds({0, 600000000});
    r.setVisible({100000000, 200000000});
    r.setBounds({1000000, 601000000}, true);
    QCOMPARE(r.visible(), (TimeSpan{100000000, 200000000}));
    // Not zoomed: follows the new bounds.
    TimeRange s;
    s.setBounds({0, 600000000});
    s.setBounds({1000000, 601000000}, true);
    QCOMPARE(s.visible(), (TimeSpan{1000000, 601000000}));
}

QTEST_GUILESS_MAIN(TstTimeRange)
#include "tst_timerange.moc"
