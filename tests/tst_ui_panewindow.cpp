// A source pane over more rows than its window (SourceTableModel shows 64 here), offscreen: End
// and Home reach the pane's last and first rows, PageUp and PageDown walk across the window's
// edges to either end, scrolling up past the window's first row brings the earlier rows in while
// what is on screen stays put, and a sort runs on the job helper (the Stop button shows while it
// runs, Esc stops it and the header goes back to the order the rows are in). So does a filter
// (Esc: the rows and the filter field as they were; typed text: the same rows as at once), and the
// scroll bar beside the table spans the whole source, not the window.
#include "uitestutil.h"
#include "mainwindow.h"
#include "sourcepane.h"
#include "sourcepanes.h"

#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QFile>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTest>
#include <QToolButton>

using namespace gateline;
using uitestutil::kBundle;
using uitestutil::load;

namespace {
constexpr qint64 kT0 = 1709287200000000; // 2024-03-01T10:00:00Z
constexpr qint64 kS = 1000000;
constexpr int kRows = 3000;

SourcePane *albPane(MainWindow &w)
{
    for (SourcePane *p : w.panes()->panes())
        if (p->model()->format() == SourceFormat::Alb)
            return p;
    return nullptr;
}

// The window at 1280x800 with dir/alb.log loaded, and its ALB pane (null if any step failed).
SourcePane *openAlbPane(MainWindow &w, const QTemporaryDir &dir)
{
    w.setAskBeforeDiscarding(false);
    w.resize(1280, 800);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w) || !load(w, {dir.filePath(QStringLiteral("alb.log"))}))
        return nullptr;
    return albPane(w);
}

qint64 usOf(const QModelIndex &i)
{
    return i.data(SourceTableModel::TimeUsRole).toLongLong();
}
} // namespace

class TstUiPaneWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        uitestutil::useTestSettings(QStringLiteral("tst_ui_panewindow"));
        QVERIFY(m_dir.isValid());
        // The UI bundle's first ALB line, a second apart; one in seven a missing-upstream 502.
        QFile in(kBundle + QStringLiteral("/alb-access.log"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QString line = QString::fromUtf8(in.readLine()).trimmed();
        QFile out(m_dir.filePath(QStringLiteral("alb.log")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        for (int i = 0; i < kRows; ++i) {
            const QString t = QDateTime::fromMSecsSinceEpoch((kT0 + i * kS) / 1000, QTimeZone::UTC).toString(Qt::ISODateWithMs);
            QString l = line;
            l.replace(QStringLiteral("2024-03-01T10:00:00.123000Z"), t);
            l.replace(QStringLiteral("2024-03-01T10:00:00.083000Z"), t);
            if (i % 7 == 3)
                l.replace(QStringLiteral(" 200 200 "), QStringLiteral(" 502 - "));
            out.write(l.toUtf8() + '\n');
        }
    }

    void keysAndScrollingReachEveryRow()
    {
        MainWindow w;
        SourcePane *pane = openAlbPane(w, m_dir);
        QVERIFY(pane);
        SourceTableModel *model = pane->model();
        model->setWindowRows(64);
        pane->setSources(model->sources());
        QCOMPARE(model->shownRows(), qsizetype(kRows));
        QTableView *view = pane->view();
        view->setFocus();
        QCOMPARE(model->windowStart(), qsizetype(0));

        // End and Home: the pane's last and first rows, current and on screen.
        QTest::keyClick(view, Qt::Key_End);
        QCOMPARE(usOf(view->currentIndex()), kT0 + (kRows - 1) * kS);
        QVERIFY(view->viewport()->rect().intersects(view->visualRect(view->currentIndex())));
        QTest::keyClick(view, Qt::Key_Home);
        QCOMPARE(usOf(view->currentIndex()), kT0);
        QVERIFY(view->viewport()->rect().intersects(view->visualRect(view->currentIndex())));

        // PageUp from the last row walks back past the window's first row to the pane's first;
        // PageDown from there to the last. Every press moves.
        QTest::keyClick(view, Qt::Key_End);
        qint64 at = usOf(view->currentIndex());
        for (int i = 0; i < kRows && at > kT0; ++i) {
            QTest::keyClick(view, Qt::Key_PageUp);
            const qint64 now = usOf(view->currentIndex());
            QVERIFY2(now < at, qPrintable(QStringLiteral("PageUp stuck at row %1").arg((at - kT0) / kS)));
            at = now;
        }
        QCOMPARE(at, kT0);
        for (int i = 0; i < kRows && at < kT0 + (kRows - 1) * kS; ++i) {
            QTest::keyClick(view, Qt::Key_PageDown);
            QTRY_VERIFY(usOf(view->currentIndex()) > at); // later rows may come on the event loop
            at = usOf(view->currentIndex());
        }
        QCOMPARE(at, kT0 + (kRows - 1) * kS);
        QVERIFY(model->rowCount() <= 128); // the window slid; it did not grow to every row

        // Scrolling up from the middle: each step shows rows 5 s earlier at the top, across the
        // window's first row (earlier rows come in above, nothing on screen jumps), down to the first.
        pane->scrollToTime(kT0 + 1500 * kS);
        QVERIFY(model->windowStart() > 0);
        QScrollBar *bar = view->verticalScrollBar();
        const auto topUs = [view] { return usOf(view->indexAt(QPoint(2, 2))); };
        bar->setValue(bar->value()); // settle
        qint64 top = topUs();
        int steps = 0;
        while (top > kT0 && steps++ < kRows) {
            const int v0 = bar->value();
            const qsizetype w0 = model->windowStart();
            bar->setValue(bar->value() - 5);
            const qint64 now = topUs();
            if (now != std::max(kT0, top - 5 * kS))
                qWarning() << "value" << v0 << "->" << bar->value() << "window" << w0 << "->" << model->windowStart()
                           << "rows" << model->rowCount() << "page" << bar->pageStep() << "max" << bar->maximum() << "top row"
                           << (top - kT0) / kS << "->" << (now - kT0) / kS;
            QCOMPARE(now, std::max(kT0, top - 5 * kS));
            top = now;
        }
        QCOMPARE(top, kT0);
        QCOMPARE(model->windowStart(), qsizetype(0));
    }

    void sortRunsOnTheJobHelper()
    {
        MainWindow w;
        SourcePane *pane = openAlbPane(w, m_dir);
        QVERIFY(pane);
        SourceTableModel *model = pane->model();
        model->setSyncSortRows(10); // as if these were millions
        QTableView *view = pane->view();
        QHeaderView *header = view->horizontalHeader();
        auto *stop = pane->findChild<QToolButton *>(QStringLiteral("stopSort"));
        QVERIFY(stop);
        QVERIFY(!stop->isVisible());
        const int status = model->columnOf(SourceTableModel::StatusColumn);
        const QPoint onStatus(header->sectionViewportPosition(status) + 5, header->height() / 2);

        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, onStatus);
        QVERIFY(model->isSorting());
        QVERIFY(stop->isVisible());
        QTRY_VERIFY(!model->isSorting());
        QVERIFY(!stop->isVisible());
        QCOMPARE(model->sortColumn(), status);
        QCOMPARE(header->sortIndicatorSection(), status);
        const Qt::SortOrder order = model->sortOrder();
        QCOMPARE(header->sortIndicatorOrder(), order);
        for (int r = 1; r < model->rowCount(); ++r) {
            const int a = model->index(r - 1, status).data().toInt(), b = model->index(r, status).data().toInt();
            QVERIFY(order == Qt::AscendingOrder ? a <= b : a >= b);
        }
        QVERIFY(model->index(0, status).data().toInt() != model->index(model->rowCount() - 1, status).data().toInt());
        const RowRef first = model->rowRef(0);

        // The other order, stopped with Esc: the rows and the header stay as they were.
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, onStatus);
        QVERIFY(model->isSorting());
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Escape);
        QVERIFY(!model->isSorting());
        QVERIFY(!stop->isVisible());
        QCOMPARE(header->sortIndicatorOrder(), order);
        QCOMPARE(model->sortOrder(), order);
        w.session()->jobs()->waitForDone();
        QTest::qWait(50);
        QCOMPARE(model->rowRef(0), first);
        QCOMPARE(model->sortOrder(), order);
    }

    void filterRunsOnTheJobHelper()
    {
        MainWindow w;
        SourcePane *pane = openAlbPane(w, m_dir);
        QVERIFY(pane);
        SourceTableModel *model = pane->model();
        model->setSyncFilterRows(10); // as if these were millions
        auto *stop = pane->findChild<QToolButton *>(QStringLiteral("stopSort"));
        auto *count = pane->findChild<QLabel *>(QStringLiteral("paneCount"));
        auto *status = pane->findChild<QComboBox *>();
        QVERIFY(stop && count && status);
        const qsizetype all = model->shownRows();
        QCOMPARE(all, qsizetype(kRows));
        const RowRef first = model->rowRef(0);

        // A status class: the filter starts on the job helper; Esc stops it, and the rows and the
        // field stay as they were (no half result, now or later).
        pane->setStatusFilter(SourceFilter::Only502);
        QVERIFY(model->isFiltering());
        QVERIFY(stop->isVisible());
        QVERIFY2(count->text().startsWith(QStringLiteral("Filtering ")), qPrintable(count->text()));
        pane->view()->setFocus();
        QTest::keyClick(pane->view(), Qt::Key_Escape);
        QVERIFY(!model->isFiltering());
        QVERIFY(!stop->isVisible());
        QCOMPARE(status->currentData().toInt(), int(SourceFilter::AnyStatus));
        QCOMPARE(model->filter(), SourceFilter{});
        w.session()->jobs()->waitForDone();
        QTest::qWait(50);
        QCOMPARE(model->shownRows(), all);
        QCOMPARE(model->rowRef(0), first);

        // Typed text: filtered on the job helper, with the rows a synchronous filter gives.
        QTest::keyClicks(pane->filterEdit(), QStringLiteral("502"));
        QTRY_COMPARE(model->shownFilter().text, QStringLiteral("502"));
        QVERIFY(!model->isFiltering());
        QVERIFY(!stop->isVisible());
        SourceTableModel reference;
        reference.setSources(w.session()->store(), model->sources(), w.session()->orders(), w.session()->shifts());
        reference.setFilter(model->shownFilter());
        QCOMPARE(model->shownRows(), reference.shownRows());
        QVERIFY(model->shownRows() >= qsizetype(kRows / 7) && model->shownRows() < all);
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->rowRef(r), reference.rowRef(r));
        QVERIFY2(count->text().contains(QStringLiteral(" of ")), qPrintable(count->text()));
    }

    void scrollBarSpansTheWholeSource()
    {
        MainWindow w;
        SourcePane *pane = openAlbPane(w, m_dir);
        QVERIFY(pane);
        SourceTableModel *model = pane->model();
        model->setWindowRows(64);
        pane->setSources(model->sources()); // the window of 64 rows
        QTableView *view = pane->view();
        QScrollBar *bar = pane->rowsBar();
        QVERIFY(bar->isVisible());
        QVERIFY(!view->verticalScrollBar()->isVisible());
        QCOMPARE(model->rowCount(), 64);
        // The bar spans every row, not the window's 64.
        const int page = bar->pageStep();
        QVERIFY(page > 1 && page < 64);
        QCOMPARE(bar->maximum(), kRows - page);

        // Dragging the thumb to the middle shows the middle of the source.
        bar->setValue(kRows / 2);
        QCOMPARE(model->windowStart() + view->rowAt(0), qsizetype(kRows / 2));
        QCOMPARE(usOf(model->index(view->rowAt(0), 0)), kT0 + (kRows / 2) * kS);
        bar->setValue(bar->maximum()); // the source's last row on screen
        QCOMPARE(model->windowStart() + model->rowCount(), qsizetype(kRows));
        QVERIFY(view->viewport()->rect().intersects(view->visualRect(model->index(model->rowCount() - 1, 0))));

        // Moving in the table moves the thumb.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Home);
        QCOMPARE(bar->value(), 0);
        QTest::keyClick(view, Qt::Key_End);
        QVERIFY2(bar->value() >= bar->maximum() - 1, qPrintable(QString::number(bar->value())));
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(view, Qt::Key_PageUp);
        QCOMPARE(qsizetype(bar->value()), model->windowStart() + view->rowAt(0));
        QVERIFY(bar->value() < bar->maximum() - 3 * page);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TstUiPaneWindow)
#include "tst_ui_panewindow.moc"
