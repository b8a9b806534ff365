// SourceTableModel: rows of several sources merged on the aligned timeline, read on demand;
// filters (status, text, time span), sorting, "go to this moment", realignment.
#include "models/sourcetablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace gateline;

namespace {
constexpr qint64 kT0 = 1709287200000000; // 2024-03-01T10:00:00Z

std::unique_ptr<SourceData> albSource(const QString &path, int n, qint64 firstUs, qint64 stepUs)
{
    auto s = std::make_unique<SourceData>();
    s->locator.filePath = path;
    s->format = SourceFormat::Alb;
    for (int i = 0; i < n; ++i) {
        Record r;
        // Slightly out of order, as ALB files are.
        const int j = (i % 2 == 0 && i + 1 < n) ? i + 1 : (i % 2 == 1 ? i - 1 : i);
        r.time = Timestamp{firstUs + j * stepUs};
        r.offset = LineOffset{i * 100};
        r.status = (i % 10 == 3) ? 502 : 200;
        r.upstreamStatus = (i % 20 == 3) ? kUpstreamDash : r.status;
        r.durationMs = float(i);
        const QByteArray client = "10.0.0." + QByteArray::number(i % 5);
        const QByteArray path = i % 3 ? "/api/cart" : "/checkout?x=<b>bold</b>";
        r.client = client;
        r.method = "GET";
        r.path = path;
        r.upstream = "10.1.0.7:8080";
        s->append(r);
    }
    return s;
}

struct Fixture {
    std::shared_ptr<EventStore> store = std::make_shared<EventStore>();
    std::shared_ptr<SourceTableModel::Orders> orders = std::make_shared<SourceTableModel::Orders>();
    Fixture()
    {
        store->add(albSource(QStringLiteral("/b/alb-a.log"), 40, kT0, 1000000));
        store->add(albSource(QStringLiteral("/b/alb-b.log"), 30, kT0 + 500000, 1000000));
        for (qsizetype i = 0; i < store->sourceCount(); ++i)
            orders->push_back(timeOrder(store->source(SourceId{int(i)})));
    }
};

bool timeOrdered(const SourceTableModel &m)
{
    for (int r = 1; r < m.rowCount(); ++r) {
        if (m.alignedUs(r - 1) > m.alignedUs(r))
            return false;
    }
    return true;
}
} // namespace

class TstModelSourceTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mergedAndReadOnDemand();
    void filters();
    void sorting();
    void nearestRow();
    void realign();
    void shiftsKeepTheRows();
    void datesOffTheMainDay();
};

void TstModelSourceTable::mergedAndReadOnDemand()
{
    Fixture f;
    SourceTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setSources(f.store, {SourceId{0}, SourceId{1}}, f.orders, {0, 0});
    QCOMPARE(model.rowCount(), 70);
    QCOMPARE(model.totalRows(), 70);
    QVERIFY(timeOrdered(model));
    QCOMPARE(model.format(), SourceFormat::Alb);
    QVERIFY(model.title().contains(QLatin1String("2 files")));
    const int statusCol = model.columnOf(SourceTableModel::StatusColumn);
    const int upCol = model.columnOf(SourceTableModel::UpstreamStatusColumn);
    QVERIFY(statusCol >= 0 && upCol >= 0);
    QCOMPARE(model.headerData(upCol, Qt::Horizontal).toString(), QStringLiteral("Target"));
    // Row 0 is alb-a's second record (time kT0), row 1 alb-b's (kT0 + 0.5 s).
    QCOMPARE(model.data(model.index(0, 0), SourceTableModel::TimeUsRole).toLongLong(), kT0);
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("10:00:00.000"));
    QCOMPARE(model.data(model.index(1, 0), SourceTableModel::SourceIdRole).toInt(), 1);
    // A missing-upstream 502 is critical and shows '-'.
    bool sawDash = false;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.data(model.index(r, upCol)).toString() == QLatin1String("-")) {
            sawDash = true;
            QCOMPARE(model.data(model.index(r, 0), SourceTableModel::SeverityRole).toInt(), int(SourceTableModel::Critical));
        }
    }
    QVERIFY(sawDash);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TstModelSourceTable::filters()
{
    Fixture f;
    SourceTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSources(f.store, {SourceId{0}, SourceId{1}}, f.orders, {0, 0});
    QSignalSpy changed(&model, &SourceTableModel::filterChanged);
    SourceFilter only502;
    only502.status = SourceFilter::Only502;
    model.setFilter(only502);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.rowCount(), 4 + 3); // i % 10 == 3 in 40 and 30 rows
    const int statusCol = model.columnOf(SourceTableModel::StatusColumn);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.data(model.index(r, statusCol)).toInt(), 502);
    SourceFilter missing;
    missing.status = SourceFilter::MissingUpstream502;
    model.setFilter(missing);
    QCOMPARE(model.rowCount(), 2 + 2); // i % 20 == 3
    SourceFilter text;
    text.text = QStringLiteral("CHECKOUT"); // case-insensitive substring
    model.setFilter(text);
    QCOMPARE(model.rowCount(), 14 + 10);
    text.text = QStringLiteral("502"); // a status code matches the status
    model.setFilter(text);
    QCOMPARE(model.rowCount(), 7);
    SourceFilter span;
    span.span = TimeSpan{kT0 + 10000000, kT0 + 20000000}; // [10 s, 20 s)
    model.setFilter(span);
    QCOMPARE(model.rowCount(), 20);
    QVERIFY(timeOrdered(model));
    for (int r = 0; r < model.rowCount(); ++r)
        QVERIFY(span.span.contains(model.alignedUs(r)));
    model.setFilter({});
    QCOMPARE(model.rowCount(), 70);
}

void TstModelSourceTable::sorting()
{
    Fixture f;
    SourceTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSources(f.store, {SourceId{0}}, f.orders, {0, 0});
    const int dur = model.columnOf(SourceTableModel::DurationColumn);
    model.sort(dur, Qt::DescendingOrder);
    QCOMPARE(model.data(model.index(0, dur)).toString(), QStringLiteral("39"));
    const int path = model.columnOf(SourceTableModel::PathColumn);
    model.sort(path, Qt::AscendingOrder);
    QCOMPARE(model.data(model.index(0, path)).toString(), QStringLiteral("/api/cart"));
    QCOMPARE(model.data(model.index(39, path)).toString(), QStringLiteral("/checkout?x=<b>bold</b>"));
    model.sort(0, Qt::AscendingOrder);
    QVERIFY(timeOrdered(model));
}

void TstModelSourceTable::nearestRow()
{
    Fixture f;
    SourceTableModel model;
    model.setSources(f.store, {SourceId{0}}, f.orders, {0, 0});
    QCOMPARE(model.rowNearest(kT0 - 1000000000), 0);
    QCOMPARE(model.rowNearest(kT0 + 5000000), 5);
    QCOMPARE(model.rowNearest(kT0 + 5000001), 5);
    QCOMPARE(model.rowNearest(kT0 + 5600000), 6);
    QCOMPARE(model.rowNearest(kT0 + 1000000000), 39);
    model.sort(model.columnOf(SourceTableModel::DurationColumn), Qt::DescendingOrder);
    const int r = model.rowNearest(kT0 + 5000000);
    QCOMPARE(model.alignedUs(r), kT0 + 5000000);
}

void TstModelSourceTable::realign()
{
    Fixture f;
    SourceTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSources(f.store, {SourceId{0}, SourceId{1}}, f.orders, {0, 0});
    // Source 1 moved 2 s earlier: its first row now leads.
    model.setShifts({0, -2000000});
    QVERIFY(timeOrdered(model));
    QCOMPARE(model.data(model.index(0, 0), SourceTableModel::SourceIdRole).toInt(), 1);
    QCOMPARE(model.alignedUs(0), kT0 + 500000 - 2000000);
}



// The smallest signals for new clock offsets, so that a view keeps its selection and scroll: none
// when no row of the table moved, dataChanged when all moved by one amount, a layout change (the
// persistent indexes following their rows) when they moved apart, a reset only where a time
// filter takes other rows.
void TstModelSourceTable::shiftsKeepTheRows()
{
    Fixture f;
    SourceTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSources(f.store, {SourceId{0}, SourceId{1}}, f.orders, {0, 0, 0});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const int rows = model.rowCount();
    QCOMPARE(rows, 70);

    // Another table's source moved: nothing here.
    QVERIFY(!model.setShifts({0, 0, 7000000}));
    QCOMPARE(resets.count() + layouts.count() + changed.count(), 0);

    // Both moved 3 s later: the same rows in the same order, their times changed.
    const QPersistentModelIndex held(model.index(10, 2));
    const RowRef heldRef = model.rowRef(10);
    const qint64 heldUs = model.alignedUs(10);
    QVERIFY(!model.setShifts({3000000, 3000000, 7000000}));
    QCOMPARE(resets.count() + layouts.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(0, 0));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.index(rows - 1, model.columnCount() - 1));
    QCOMPARE(held.row(), 10);
    QCOMPARE(model.rowRef(10), heldRef);
    QCOMPARE(model.alignedUs(10), heldUs + 3000000);
    QCOMPARE(model.data(model.index(10, 0), SourceTableModel::TimeUsRole).toLongLong(), heldUs + 3000000);

    // Source 1 moved 2 s earlier: a new order, the held row follows to its new place.
    QVERIFY(!model.setShifts({3000000, 1000000, 7000000}));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(layouts.count(), 1);
    QCOMPARE(model.rowCount(), rows);
    QVERIFY(timeOrdered(model));
    QVERIFY(held.isValid());
    QVERIFY(held.row() != 10);
    QCOMPARE(held.column(), 2);
    QCOMPARE(model.rowRef(held.row()), heldRef);
    QCOMPARE(model.data(model.index(0, 0), SourceTableModel::SourceIdRole).toInt(), 1);

    // A time filter: rows come and go as they move, so the table starts anew.
    model.setFilter({SourceFilter::AnyStatus, QString(), TimeSpan{kT0 + 5000000, kT0 + 20000000}});
    const int filtered = model.rowCount();
    resets.clear();
    QVERIFY(model.setShifts({3000000, 9000000, 7000000}));
    QCOMPARE(resets.count(), 1);
    QVERIFY(model.rowCount() != filtered);
    QVERIFY(timeOrdered(model));
    for (int r = 0; r < model.rowCount(); ++r)
        QVERIFY(model.alignedUs(r) >= kT0 + 5000000 && model.alignedUs(r) <= kT0 + 20000000);
    // ... unless none of its rows moved.
    resets.clear();
    layouts.clear();
    changed.clear();
    QVERIFY(!model.setShifts({3000000, 9000000, 0}));
    QCOMPARE(resets.count() + layouts.count() + changed.count(), 0);
}

// Pods started yesterday in a bundle of today's requests: the requests' day reads as the time of
// day alone (the title names the day), a row of another day carries its date; across a new year,
// the year too. A bundle of one day has no date anywhere.
void TstModelSourceTable::datesOffTheMainDay()
{
    Fixture f;
    auto older = std::make_unique<SourceData>();
    older->locator.filePath = QStringLiteral("/b/pods.json");
    older->format = SourceFormat::K8sPods;
    Record r;
    r.kind = EventKind::PodStart;
    r.time = Timestamp{kT0 - 86'400'000'000LL - 3'600'000'000LL}; // 2024-02-29T09:00:00Z
    older->append(r);
    f.store->add(std::move(older));
    f.orders->push_back(timeOrder(f.store->source(SourceId{2})));
    SourceTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSources(f.store, {SourceId{0}, SourceId{1}}, f.orders, {0, 0, 0});
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("10:00:00.000"));
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("03-01 UTC"));
    QCOMPARE(model.data(model.index(0, 0), Qt::ToolTipRole).toString(), QStringLiteral("2024-03-01 10:00:00.000 UTC"));

    SourceTableModel pods;
    QAbstractItemModelTester podsTester(&pods, QAbstractItemModelTester::FailureReportingMode::QtTest);
    pods.setSources(f.store, {SourceId{2}}, f.orders, {0, 0, 0});
    QCOMPARE(pods.data(pods.index(0, 0)).toString(), QStringLiteral("02-29 09:00:00.000"));
    QCOMPARE(pods.headerData(0, Qt::Horizontal).toString(), QStringLiteral("03-01 UTC"));

    // Realigned by a year back: the requests' day now carries the year in the title.
    pods.setShifts({0, 0, -qint64(366) * 86'400'000'000LL});
    QCOMPARE(pods.data(pods.index(0, 0)).toString(), QStringLiteral("2023-02-28 09:00:00.000"));
    QCOMPARE(pods.headerData(0, Qt::Horizontal).toString(), QStringLiteral("2024-03-01 UTC"));

    // One day: no date, the plain title.
    Fixture oneDay;
    SourceTableModel plain;
    plain.setSources(oneDay.store, {SourceId{0}}, oneDay.orders, {0, 0});
    QCOMPARE(plain.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Time (UTC)"));
    QCOMPARE(plain.data(plain.index(0, 0)).toString(), QStringLiteral("10:00:00.000"));
}

QTEST_GUILESS_MAIN(TstModelSourceTable)
#include "tst_model_sourcetable.moc"
