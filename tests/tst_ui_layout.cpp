// Nothing cut off at 1280x800, offscreen, by geometry: the verdict header, the playbook's buttons
// and matching controls, enough of the step list to use, the Clock offsets' Offset column, pane
// titles that elide (whole in the tooltip) instead of running into their row counts, a hop's
// panes grouped as tabs, and a shortcuts dialog whose columns hold their text.
#include "uitestutil.h"
#include "elidedlabel.h"
#include "investigationsession.h"
#include "mainwindow.h"
#include "matchingpanel.h"
#include "offsetspanel.h"
#include "playbookview.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "verdictheader.h"
#include "workbenchactions.h"

#include <QDialog>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace gateline;
using uitestutil::kBundle;
using uitestutil::load;

namespace {

// Wholly on screen: inside the window, and not cut by any scroll area or parent on the way.
bool wholeOnScreen(QWidget *w, QWidget *window, QString *why)
{
    if (!w->isVisible()) {
        *why = w->objectName() + QStringLiteral(" hidden");
        return false;
    }
    const QRect inWindow(w->mapTo(window, QPoint(0, 0)), w->size());
    if (!window->rect().contains(inWindow)) {
        *why = QStringLiteral("%1 at %2,%3 %4x%5 outside the window").arg(w->objectName()).arg(inWindow.x()).arg(inWindow.y())
                   .arg(inWindow.width()).arg(inWindow.height());
        return false;
    }
    const QRect visible = w->visibleRegion().boundingRect();
    if (visible.size() != w->size()) {
        *why = QStringLiteral("%1 shows %2x%3 of %4x%5").arg(w->objectName()).arg(visible.width()).arg(visible.height())
                   .arg(w->width()).arg(w->height());
        return false;
    }
    return true;
}
} // namespace

class TstUiLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fitsAt1280x800();
    void shortcutsDialogColumns();
    void elidedLabelSaysItAll();
};

void TstUiLayout::initTestCase()
{
    uitestutil::useTestSettings(QStringLiteral("tst_ui_layout"));
}

void TstUiLayout::fitsAt1280x800()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(load(w, {kBundle}));
    QTest::qWait(50);
    QString why;
    QVERIFY2(wholeOnScreen(w.verdictHeader(), &w, &why), qPrintable(why));

    // Step 1: the verdict buttons.
    PlaybookView *pb = w.playbook();
    pb->selectStep(QStringLiteral("locate-hop"));
    QTest::qWait(20);
    pb->acceptButton()->setObjectName(QStringLiteral("accept"));
    QVERIFY2(wholeOnScreen(pb->acceptButton(), &w, &why), qPrintable(why));
    QVERIFY2(wholeOnScreen(pb->showOnTimelineButton(), &w, &why), qPrintable(why));
    // At least three steps of the list in view.
    QListWidget *steps = pb->stepList();
    int whole = 0;
    for (int i = 0; i < steps->count(); ++i)
        whole += steps->viewport()->rect().contains(steps->visualItemRect(steps->item(i))) ? 1 : 0;
    QVERIFY2(whole >= 3, qPrintable(QString::number(whole)));

    // Step 2: the matching controls and the chance sentence, without scrolling sideways.
    pb->selectStep(QStringLiteral("deployments"));
    QTest::qWait(20);
    MatchingPanel *m = w.matching();
    m->runButton()->setObjectName(QStringLiteral("run"));
    QScrollArea *scroll = nullptr;
    for (QWidget *p = m->parentWidget(); p && !scroll; p = p->parentWidget())
        scroll = qobject_cast<QScrollArea *>(p);
    if (scroll)
        scroll->ensureWidgetVisible(m->runButton());
    QTest::qWait(20);
    QVERIFY2(wholeOnScreen(m->runButton(), &w, &why), qPrintable(why));
    QLabel *result = m->findChild<QLabel *>(QStringLiteral("matchingResult"));
    QVERIFY(result);
    if (scroll)
        scroll->ensureWidgetVisible(result);
    QTest::qWait(20);
    QVERIFY(result->text().contains(QLatin1String("Chance alone")));
    QVERIFY2(result->width() >= 200 && wholeOnScreen(result, &w, &why), qPrintable(why));

    // Clock offsets: the Offset column is on screen.
    QDockWidget *offsetsDock = w.findChild<QDockWidget *>(QStringLiteral("offsetsDock"));
    offsetsDock->raise();
    QTest::qWait(20);
    QTableView *offsets = w.offsets()->findChild<QTableView *>(QStringLiteral("offsets"));
    QVERIFY(offsets);
    const int x = offsets->columnViewportPosition(OffsetsModel::OffsetColumn);
    QVERIFY(x >= 0);
    QVERIFY2(x + offsets->columnWidth(OffsetsModel::OffsetColumn) <= offsets->viewport()->width(),
             qPrintable(QStringLiteral("%1 + %2 > %3").arg(x).arg(offsets->columnWidth(OffsetsModel::OffsetColumn)).arg(offsets->viewport()->width())));
    // Its text fits its column (an edited offset must not read "+30…0 s").
    for (int r = 0; r < offsets->model()->rowCount(); ++r) {
        const QString t = offsets->model()->index(r, OffsetsModel::OffsetColumn).data().toString();
        QVERIFY2(offsets->fontMetrics().horizontalAdvance(t) <= offsets->columnWidth(OffsetsModel::OffsetColumn), qPrintable(t));
    }

    // Pane titles: elided with the whole title in the tooltip, never under the row count.
    for (SourcePane *p : w.panes()->panes()) {
        auto *title = p->findChild<ElidedLabel *>(QStringLiteral("paneTitle"));
        QVERIFY(title);
        QCOMPARE(title->text(), p->model()->title());
        if (title->isElided())
            QVERIFY(title->toolTip().contains(p->model()->title().toHtmlEscaped()));
        if (title->isVisible()) {
            const QRect tr(title->mapTo(p, QPoint(0, 0)), title->size());
            for (QLabel *l : p->findChildren<QLabel *>())
                if (l->isVisible() && l->text().endsWith(QLatin1String("rows")))
                    QVERIFY2(!tr.intersects(QRect(l->mapTo(p, QPoint(0, 0)), l->size())), qPrintable(p->model()->title()));
        }
    }
}

void TstUiLayout::shortcutsDialogColumns()
{
    MainWindow w;
    std::unique_ptr<QDialog> d(w.actions()->makeShortcutsDialog(&w));
    d->show();
    QVERIFY(QTest::qWaitForWindowExposed(d.get()));
    auto *table = d->findChild<QTableWidget *>(QStringLiteral("shortcutsTable"));
    QVERIFY(table);
    QVERIFY(table->rowCount() >= 10);
    const QFontMetrics fm = table->fontMetrics();
    for (int r = 0; r < table->rowCount(); ++r) {
        QVERIFY2(fm.horizontalAdvance(table->item(r, 0)->text()) < table->columnWidth(0), qPrintable(table->item(r, 0)->text()));
        QVERIFY2(fm.horizontalAdvance(table->item(r, 1)->text()) < table->columnWidth(1), qPrintable(table->item(r, 1)->text()));
    }
    // The whole table shows: no column off the dialog's edge.
    QVERIFY(table->columnViewportPosition(1) + table->columnWidth(1) <= table->viewport()->width());
}

void TstUiLayout::elidedLabelSaysItAll()
{
    ElidedLabel l;
    l.setText(QStringLiteral("ingress-nginx access log (3 files) <b>not bold</b>"));
    l.resize(60, 20);
    l.show();
    QVERIFY(l.isElided());
    QVERIFY(l.shownText().endsWith(QStringLiteral("…")));
    // The whole text in the tooltip, escaped: log text is never markup.
    QVERIFY(l.toolTip().contains(QStringLiteral("&lt;b&gt;not bold&lt;/b&gt;")));
    l.resize(2000, 20);
    QVERIFY(!l.isElided());
    QVERIFY(l.toolTip().isEmpty());
    QCOMPARE(l.shownText(), l.text());
}

QTEST_MAIN(TstUiLayout)
#include "tst_ui_layout.moc"
