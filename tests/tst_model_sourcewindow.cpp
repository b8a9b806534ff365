// SourceTableModel's window (core/models/sourcetablemodel.h): the view sees at most windowRows()
// rows of the shown rows; finding a time moves the window there, fetchMore() grows it, and every
// row number of the model's API is the window's. With 1,000 rows and a window of 64. The window
// slides both ways (extendBefore/extendAfter, at most two windows long, windowShifted telling by
// how much the rows moved), and a sort of many rows runs on the job helper and can be cancelled,
// as does a filter (the same rows as at once; cancelled or superseded: no half result ever shown)
// and the nearest row of a pane sorted by another column than time.
#include "jobs/jobrunner.h"
#include "models/sourcetablemodel.h"

#include <QAbstractItemModelTester>
#include <QList>
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
        // (It may already have slid on, cut at its front, while QTRY_VERIFY ran the event loop.)
        QTRY_VERIFY(model.rowCount() > 64);
        QVERIFY(model.rowCount() % 16 == 0 && model.rowCount() <= 128); // by a quarter window, at most two
        for (int r = 1; r < model.rowCount(); ++r)
            QCOMPARE(model.alignedUs(r), model.alignedUs(r - 1) - 1000000);
        QCOMPARE(model.alignedUs(model.rowCount() - 1),
                 kT0 + qint64(kRows - model.windowStart() - model.rowCount()) * 1000000);
    }


private:
    static std::shared_ptr<SourceTableModel::Orders> ordersOf(const EventStore &store)
    {
        auto orders = std::make_shared<SourceTableModel::Orders>();
        for (qsizetype i = 0; i < store.sourceCount(); ++i)
            orders->push_back(timeOrder(store.source(SourceId{int(i)})));
        return orders;
    }

private Q_SLOTS:
    void windowSlidesBothWays()
    {
        auto store = makeStore();
        SourceTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWindowRows(64);
        model.setSources(store, {SourceId{0}, SourceId{1}}, ordersOf(*store), {0, 0});
        QCOMPARE(model.rowCount(), 64);
        QVERIFY(!model.canExtendBefore());
        QCOMPARE(model.extendBefore(), 0);
        // The tester asks for more after every change: the window grows to two windows, then
        // slides on (cut at its front), never longer.
        QTRY_VERIFY(model.windowStart() > 0);
        QCOMPARE(model.rowCount(), 128);

        // Jump to a row outside the window: a quarter window before the row. The window slid on
        // for as long as QTRY_VERIFY ran the event loop, so pick a row it has not reached or has
        // already left (a fixed row 700 was inside it on some runs, and then nothing moved).
        const qsizetype target = model.windowStart() > 400 ? 300 : 700;
        QVERIFY(target < model.windowStart() || target >= model.windowStart() + model.rowCount());
        const int row = model.firstRowAtOrAfter(kT0 + target * 1000000);
        QCOMPARE(model.windowStart(), target - 16);
        QCOMPARE(model.windowStart() + row, target);
        QSignalSpy shifted(&model, &SourceTableModel::windowShifted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // Scrolling up: earlier rows come in at the top, a quarter window at a time, without a
        // reset; the rows that were shown are delta rows further down.
        const qint64 topBefore = model.alignedUs(0);
        QCOMPARE(model.extendBefore(), 16);
        QCOMPARE(shifted.count(), 1);
        QCOMPARE(shifted.last().at(0).toInt(), 16);
        QCOMPARE(model.alignedUs(16), topBefore);
        QCOMPARE(model.alignedUs(0), kT0 + qint64(target - 32) * 1000000);
        while (model.canExtendBefore())
            QVERIFY(model.extendBefore() > 0);
        QCOMPARE(model.windowStart(), qsizetype(0));
        QCOMPARE(model.alignedUs(0), kT0);
        QVERIFY(model.rowCount() <= 128); // cut at the far end
        for (int r = 1; r < model.rowCount(); ++r)
            QCOMPARE(model.alignedUs(r), model.alignedUs(r - 1) + 1000000);

        // Scrolling down to the end: later rows at the end, the window cut at its front, which
        // moves the rows shown up by as many (a negative shift).
        shifted.clear();
        while (model.canExtendAfter())
            QVERIFY(model.extendAfter() > 0);
        QCOMPARE(model.windowStart() + model.rowCount(), qsizetype(kRows));
        QCOMPARE(model.rowCount(), 128);
        QVERIFY(!shifted.isEmpty());
        int removed = 0;
        for (const auto &args : shifted) {
            QVERIFY(args.at(0).toInt() < 0);
            removed -= args.at(0).toInt();
        }
        QCOMPARE(qsizetype(removed), model.windowStart());
        QCOMPARE(model.alignedUs(model.rowCount() - 1), kT0 + qint64(kRows - 1) * 1000000);
        QCOMPARE(reset.count(), 0);

        // Home and End: any shown row, the window moved to it.
        const int first = model.rowOfShown(0);
        QCOMPARE(model.windowStart() + first, qsizetype(0));
        QCOMPARE(model.alignedUs(first), kT0);
        const int last = model.rowOfShown(kRows - 1);
        QCOMPARE(model.alignedUs(last), kT0 + qint64(kRows - 1) * 1000000);
    }

    void sortRunsOnTheJobHelper()
    {
        auto store = makeStore();
        const auto orders = ordersOf(*store);
        JobRunner runner;
        SourceTableModel model, reference;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWindowRows(2000); // every row in the window: compare them all
        reference.setWindowRows(2000);
        model.setJobRunner(&runner, QStringLiteral("sort"));
        model.setSyncSortRows(10);
        model.setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
        reference.setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
        const int status = model.columnOf(SourceTableModel::StatusColumn);
        QSignalSpy sorting(&model, &SourceTableModel::sortingChanged);
        QSignalSpy progress(&model, &SourceTableModel::sortProgress);

        model.sort(status, Qt::DescendingOrder);
        QVERIFY(model.isSorting());
        QCOMPARE(sorting.count(), 1);
        QCOMPARE(sorting.last().at(0).toBool(), true);
        QCOMPARE(model.sortColumn(), status);
        QVERIFY(model.isTimeOrdered());             // the rows stay until the sorted ones are in
        QCOMPARE(model.alignedUs(0), kT0);
        QTRY_VERIFY(!model.isSorting());
        QCOMPARE(sorting.last().at(0).toBool(), false);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 100);
        QVERIFY(!model.isTimeOrdered());
        QCOMPARE(model.sortColumn(), status);
        QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
        // The same order as the synchronous sort (stable, then reversed).
        reference.sort(status, Qt::DescendingOrder);
        QCOMPARE(model.rowCount(), reference.rowCount());
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.rowRef(r), reference.rowRef(r));
        QCOMPARE(model.index(0, status).data().toInt(), 502);

        // Cancelled at once: the rows and the sort stay as they were, the late result is dropped.
        model.sort(model.columnOf(SourceTableModel::PathColumn), Qt::AscendingOrder);
        QVERIFY(model.isSorting());
        model.cancelSort();
        QVERIFY(!model.isSorting());
        QCOMPARE(sorting.last().at(0).toBool(), false);
        QCOMPARE(model.sortColumn(), status);
        runner.waitForDone();
        QTest::qWait(50);
        QCOMPARE(model.sortColumn(), status);
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.rowRef(r), reference.rowRef(r));

        // A filter while sorted: filtered, then sorted again on the job helper.
        SourceFilter f;
        f.status = SourceFilter::Only502;
        model.setFilter(f);
        QVERIFY(model.isSorting());
        QTRY_VERIFY(!model.isSorting());
        QCOMPARE(model.shownRows(), qsizetype(100));
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.index(r, status).data().toInt(), 502);
        // Back to time order: at once, no job.
        model.sort(model.columnOf(SourceTableModel::TimeColumn), Qt::AscendingOrder);
        QVERIFY(!model.isSorting());
        QVERIFY(model.isTimeOrdered());
    }

    void filterRunsOnTheJobHelper()
    {
        auto store = makeStore();
        const auto orders = ordersOf(*store);
        JobRunner runner;
        SourceTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWindowRows(2000);
        model.setJobRunner(&runner, QStringLiteral("rows"));
        model.setSyncFilterRows(10); // as if these were millions
        model.setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
        const auto reference = [&](const SourceFilter &f, int column = -1, Qt::SortOrder order = Qt::AscendingOrder) {
            auto m = std::make_unique<SourceTableModel>();
            m->setWindowRows(2000);
            m->setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
            m->setFilter(f);
            if (column >= 0)
                m->sort(column, order);
            return m;
        };
        const auto sameRows = [](const SourceTableModel &a, const SourceTableModel &b) {
            if (a.rowCount() != b.rowCount() || a.shownRows() != b.shownRows())
                return false;
            for (int r = 0; r < a.rowCount(); ++r)
                if (!(a.rowRef(r) == b.rowRef(r)))
                    return false;
            return true;
        };
        QSignalSpy filtering(&model, &SourceTableModel::filteringChanged);
        QSignalSpy progress(&model, &SourceTableModel::filterProgress);
        QSignalSpy changed(&model, &SourceTableModel::filterChanged);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        // A text filter (a status code) completes on the job helper with the rows a synchronous
        // filter gives; until then the rows shown and their filter stay.
        SourceFilter f502;
        f502.text = QStringLiteral("502");
        model.setFilter(f502);
        QVERIFY(model.isFiltering());
        QCOMPARE(filtering.count(), 1);
        QCOMPARE(filtering.last().at(0).toBool(), true);
        QCOMPARE(model.filter(), f502);
        QCOMPARE(model.shownFilter(), SourceFilter{});
        QCOMPARE(model.filteringRows(), qsizetype(kRows));
        QCOMPARE(model.shownRows(), qsizetype(kRows));
        QCOMPARE(resets.count(), 0);
        QTRY_VERIFY(!model.isFiltering());
        QCOMPARE(filtering.last().at(0).toBool(), false);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(resets.count(), 1);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 100);
        QCOMPARE(model.shownFilter(), f502);
        QCOMPARE(model.shownRows(), qsizetype(100));
        QVERIFY(sameRows(model, *reference(f502)));

        // Cancelled: no half result, the rows and the filter stay as they were, the late result
        // is dropped.
        SourceFilter span502 = f502;
        span502.span = TimeSpan{kT0 + 100 * 1000000, kT0 + 400 * 1000000};
        model.setFilter(span502);
        QVERIFY(model.isFiltering());
        model.cancelFilter();
        QVERIFY(!model.isFiltering());
        QCOMPARE(filtering.last().at(0).toBool(), false);
        QCOMPARE(model.filter(), f502);
        runner.waitForDone();
        QTest::qWait(50);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.filter(), f502);
        QVERIFY(sameRows(model, *reference(f502)));

        // Typing on supersedes the running filter: only the last one's rows are ever shown.
        SourceFilter only502;
        only502.status = SourceFilter::Only502;
        only502.span = span502.span;
        model.setFilter(span502);
        model.setFilter(only502);
        QVERIFY(model.isFiltering());
        QCOMPARE(model.filter(), only502);
        QTRY_VERIFY(!model.isFiltering());
        runner.waitForDone();
        QTest::qWait(50);
        QCOMPARE(resets.count(), 2);
        QCOMPARE(model.shownFilter(), only502);
        QCOMPARE(model.shownRows(), qsizetype(30));
        QVERIFY(sameRows(model, *reference(only502)));

        // Filtered while sorted: the sort runs after the filter, in the same job.
        model.setSyncSortRows(10);
        const int path = model.columnOf(SourceTableModel::PathColumn);
        const int status = model.columnOf(SourceTableModel::StatusColumn);
        model.sort(status, Qt::DescendingOrder);
        QTRY_VERIFY(!model.isSorting());
        model.setFilter(f502);
        QVERIFY(model.isFiltering());
        QVERIFY(model.isSorting());
        QCOMPARE(model.sortColumn(), status);
        QTRY_VERIFY(!model.isFiltering() && !model.isSorting());
        QCOMPARE(model.sortColumn(), status);
        QVERIFY(sameRows(model, *reference(f502, status, Qt::DescendingOrder)));
        // A sort asked while the filter runs follows it.
        model.setFilter(only502);
        model.sort(path, Qt::AscendingOrder);
        QVERIFY(model.isFiltering());
        QTRY_VERIFY(!model.isFiltering() && !model.isSorting());
        QCOMPARE(model.sortColumn(), path);
        QVERIFY(sameRows(model, *reference(only502, path, Qt::AscendingOrder)));

        // New sources while a filter is asked: no rows until they are filtered; cancelled then,
        // every row with no filter (never a half-filtered set).
        model.setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
        QVERIFY(model.isFiltering());
        QCOMPARE(model.shownRows(), qsizetype(0));
        model.cancelFilter();
        QCOMPARE(model.filter(), SourceFilter{});
        QCOMPARE(model.shownRows(), qsizetype(kRows));
        QVERIFY(model.isTimeOrdered());
    }

    void nearestRowOnASortedPaneRunsOnTheJobHelper()
    {
        auto store = makeStore();
        const auto orders = ordersOf(*store);
        JobRunner runner;
        SourceTableModel model, reference;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWindowRows(64);
        reference.setWindowRows(2000);
        model.setJobRunner(&runner, QStringLiteral("rows"));
        model.setSyncSortRows(10);
        model.setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
        reference.setSources(store, {SourceId{0}, SourceId{1}}, orders, {0, 0});
        const int status = model.columnOf(SourceTableModel::StatusColumn);
        model.sort(status, Qt::DescendingOrder);
        QTRY_VERIFY(!model.isSorting());
        reference.sort(status, Qt::DescendingOrder);

        QObject context;
        QList<RowRef> answers; // taken when answered: the window may slide later (fetchMore)
        const auto answer = [&answers, &model](int row) { answers << model.rowRef(row); };
        const qint64 us = kT0 + 702 * 1000000 + 100;
        model.findRowNearest(kT0 + 5 * 1000000, &context, answer);
        model.findRowNearest(us, &context, answer); // supersedes
        QVERIFY(answers.isEmpty()); // not on this thread's stack: on the job helper
        QTRY_COMPARE(answers.size(), 1);
        runner.waitForDone();
        QTest::qWait(50);
        QCOMPARE(answers.size(), 1); // the first question's answer was dropped
        const int expected = reference.rowNearest(us);
        QCOMPARE(answers.first(), reference.rowRef(expected));
        QCOMPARE(answers.first(), (RowRef{0, 351})); // 702 s: the first source's 351st row

        // In time order: answered at once (a binary search).
        model.sort(-1);
        answers.clear();
        model.findRowNearest(us, &context, answer);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.first(), (RowRef{0, 351}));
    }

    void rowSortMergesChunksStably()
    {
        // More rows than one sorting chunk (262,144), so the merge passes run.
        auto store = std::make_shared<EventStore>();
        auto s = std::make_unique<SourceData>();
        s->locator.filePath = QStringLiteral("/b/big.log");
        s->format = SourceFormat::Alb;
        const int n = 700000;
        for (int i = 0; i < n; ++i) {
            Record r;
            r.time = Timestamp{kT0 + qint64(i) * 1000};
            r.offset = LineOffset{i};
            r.status = qint16(200 + (qint64(i) * 7919) % 400); // scattered, with many equal keys
            s->append(r);
        }
        store->add(std::move(s));
        std::vector<RowRef> rows(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            rows[size_t(i)] = RowRef{0, i};
        std::vector<RowRef> expected = rows;
        const SourceData &src = store->source(SourceId{0});
        std::stable_sort(expected.begin(), expected.end(),
                         [&src](const RowRef &a, const RowRef &b) { return src.status(a.row) < src.status(b.row); });
        RowSortSpec spec;
        spec.key = RowSortSpec::Status;
        std::vector<int> percents;
        std::vector<RowRef> sorted = rows;
        QVERIFY(sortRows(*store, sorted, spec, [&percents](int p) { percents.push_back(p); }));
        QVERIFY(sorted == expected);
        QVERIFY(std::is_sorted(percents.begin(), percents.end()));
        QCOMPARE(percents.back(), 100);
        QVERIFY(percents.size() > 3);
        // Cancelled at the third step: false, and it stopped there.
        int asked = 0;
        sorted = rows;
        QVERIFY(!sortRows(*store, sorted, spec, {}, [&asked] { return ++asked >= 3; }));
        QCOMPARE(asked, 3);
    }
};

QTEST_MAIN(TstModelSourceWindow)
#include "tst_model_sourcewindow.moc"
