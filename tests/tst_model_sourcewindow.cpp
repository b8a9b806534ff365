// SourceTableModel's window (core/models/sourcetablemodel.h): the view sees at most windowRows()
// rows of the shown rows; finding a time moves the window there, fetchMore() grows it, and every
// row number of the model's API is the window's. With 1,000 rows and a window of 64.
#include "models/sourcetablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace gateline;

namespace {
constexpr qint64 kT0 = 1709287200000000; // 2024-03-01T10:00:00Z
constexpr int kRows = 1000;

std::shared_ptr<EventStore> makeStore()
{
    auto store = std::make_shared<EventStore>();
    for (int part = 0; part < 2; ++part) {
        auto s = std::make_unique<SourceData>();
        s->locator.filePath = QStringLiteral("/b/alb-%1.log").arg(part);
        s->format = SourceFormat::Alb;
        for (int i = 0; i < kRows / 2; ++i) {
            Record r;
            r.time = Timestamp{kT0 + qint64(2 * i + part) * 1000000}; // the two interleave, a second apart
            r.offset = LineOffset{i * 100};
            r.status = (i % 10 == 3) ? 502 : 200;
            r.method = "GET";
            r.path = "/api/cart";
            s->append(r);
        }
        store->add(std::move(s));
    }
    return store;
}
} // namespace

class TstModelSourceWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void windowMovesToTheRowsAskedFor()
    {
        auto store = makeStore();
        auto orders = std::make_shared<SourceTableModel::Orders>();
        for (qsizetype i = 0; i < store->sourceCount(); ++i)
            orders->push_back(timeOrder(store->source(SourceId{int(i)})));
        SourceTableModel model; // QAbstractItemModelTester: below (it fetches more after every reset)
        model.setWindowRows(64);
        model.setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
        QCOMPARE(model.rowCount(), 64);
        QCOMPARE(model.shownRows(), qsizetype(kRows));
        QCOMPARE(model.totalRows(), qsizetype(kRows));
        QCOMPARE(model.windowStart(), qsizetype(0));
        QCOMPARE(model.alignedUs(0), kT0);
        QCOMPARE(model.alignedUs(63), kT0 + 63 * 1000000);

        // A time far past the window: the window moves (a reset) and the row is its.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const int row = model.firstRowAtOrAfter(kT0 + 700 * 1000000 + 1);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.windowStart() + row, qsizetype(701));
        QCOMPARE(model.alignedUs(row), kT0 + 701 * 1000000);
        QCOMPARE(model.index(row, 0).data(SourceTableModel::TimeUsRole).toLongLong(), kT0 + 701 * 1000000);
        QCOMPARE(model.rowRef(row).source, 1);
        QCOMPARE(model.rowCount(), 64);
        // Inside the window: no reset.
        QCOMPARE(model.rowNearest(kT0 + 702 * 1000000 + 100), row + 1);
        QCOMPARE(reset.count(), 1);
        // Counting rows never moves the window.
        QCOMPARE(model.rowsBetween(kT0, kT0 + 500 * 1000000), qsizetype(500));
        QCOMPARE(reset.count(), 1);
        // Past the last row: rowCount(), the window ending with the last row.
        const int end = model.firstRowAtOrAfter(kT0 + 5000 * qint64(1000000));
        QCOMPARE(end, model.rowCount());
        QCOMPARE(model.windowStart() + model.rowCount(), qsizetype(kRows));
        QCOMPARE(model.alignedUs(end - 1), kT0 + qint64(kRows - 1) * 1000000);
        QVERIFY(!model.canFetchMore({}));
        // Back to the start, then scrolled down: fetchMore grows the window by a quarter of it.
        QCOMPARE(model.rowNearest(kT0 - 1000000000), 0);
        QCOMPARE(model.windowStart(), qsizetype(0));
        QVERIFY(model.canFetchMore({}));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore({});
        model.fetchMore({}); // asked twice before the event loop: grown once
        QCOMPARE(model.rowCount(), 64); // the rows come on the event loop
        QTRY_COMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 80);
        QCOMPARE(model.alignedUs(79), kT0 + 79 * 1000000);
    }

    void filterAndSortStartAtTheTop()
    {
        auto store = makeStore();
        auto orders = std::make_shared<SourceTableModel::Orders>();
        for (qsizetype i = 0; i < store->sourceCount(); ++i)
            orders->push_back(timeOrder(store->source(SourceId{int(i)})));
        SourceTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWindowRows(64);
        model.setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
        model.firstRowAtOrAfter(kT0 + 900 * 1000000);
        QVERIFY(model.windowStart() > 0);
        SourceFilter f;
        f.status = SourceFilter::Only502;
        model.setFilter(f);
        QCOMPARE(model.windowStart(), qsizetype(0));
        QCOMPARE(model.shownRows(), qsizetype(100)); // one in ten of each source's rows is a 502
        QCOMPARE(model.rowCount(), 64);
        model.setFilter({});
        model.sort(model.columnOf(SourceTableModel::TimeColumn), Qt::DescendingOrder);
        QCOMPARE(model.windowStart(), qsizetype(0));
        QCOMPARE(model.alignedUs(0), kT0 + qint64(kRows - 1) * 1000000);
        QCOMPARE(model.rowCount(), 64);
        // The tester asks for more after each reset: the window grows on the event loop, by a
        // quarter at a time, and stays in order.
        QTRY_VERIFY(model.rowCount() > 64);
        QCOMPARE(model.alignedUs(model.rowCount() - 1), kT0 + qint64(kRows - model.rowCount()) * 1000000);
    }
};

QTEST_MAIN(TstModelSourceWindow)
#include "tst_model_sourcewindow.moc"
