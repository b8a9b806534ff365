// The source panes' two remaining points of the workbench at 3 a.m., offscreen: a hop with many
// sources stays readable (tabs while their whole labels fit, else a selector of whole titles;
// never a label cut mid-word), and a range pinned on purpose is the one exception to "every view
// follows the chart": visible in every pane, on the chart and in the menu, unpinned with the same
// button or Ctrl+Shift+P, saved with the investigation and reset by a new bundle.
#include "uitestutil.h"
#include "hopcolumn.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "timelinechart.h"
#include "workbenchactions.h"

#include <QAction>
#include <QComboBox>
#include <QSplitter>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace gateline;
using uitestutil::kBundle;
using uitestutil::load;

namespace {
constexpr qint64 kT0 = 1709287200000000; // 2024-03-01T10:00:00Z (the UI test bundle)
constexpr qint64 kS = 1000000;
const QString kCorpus = QStringLiteral(GATELINE_TEST_DATA "/corpus");

SourcePane *paneOf(MainWindow &w, SourceFormat f)
{
    for (SourcePane *p : w.panes()->panes())
        if (p->model()->format() == f)
            return p;
    return nullptr;
}

// Every label of the column is whole: the tabs' (all of them side by side within the column), or
// the selector's current title (whole, else elided with the whole title as its tooltip).
bool labelsWhole(HopColumn *c, QString *why)
{
    if (!c->usesSelector()) {
        QTabBar *t = c->tabBar();
        for (int i = 0; i < t->count(); ++i) {
            const int need = t->fontMetrics().horizontalAdvance(t->tabText(i));
            if (t->tabRect(i).width() < need || t->tabRect(i).right() > c->width()) {
                *why = QStringLiteral("tab \"%1\" clipped: %2 px for %3 px of text, ends at %4 of %5")
                           .arg(t->tabText(i)).arg(t->tabRect(i).width()).arg(need).arg(t->tabRect(i).right()).arg(c->width());
                return false;
            }
        }
        return true;
    }
    ElidingComboBox *s = c->selector();
    if (s->shownText() != s->currentText() && s->toolTip() != s->currentText()) {
        *why = QStringLiteral("selector shows \"%1\" with tooltip \"%2\"").arg(s->shownText(), s->toolTip());
        return false;
    }
    return true;
}
} // namespace

class TstUiHopPanes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { uitestutil::useTestSettings(QStringLiteral("tst_ui_hoppanes")); }
    void columnSwitchesBetweenTabsAndSelector();
    void crowdedCorpusHopIsReadableAt1280();
    void pinKeepsThePanesOnARange();
    void pinIsSavedAndResetByANewBundle();
};

void TstUiHopPanes::columnSwitchesBetweenTabsAndSelector()
{
    InvestigationSession session;
    HopColumn column;
    const QStringList labels{QStringLiteral("ingress-nginx"), QStringLiteral("NGINX access"), QStringLiteral("Traefik"),
                             QStringLiteral("Traefik JSON"), QStringLiteral("Envoy"), QStringLiteral("NGINX errors"),
                             QStringLiteral("Controller")};
    QList<SourcePane *> panes;
    for (const QString &l : labels) {
        panes << new SourcePane(&session);
        column.addPane(panes.last(), l, l + QStringLiteral(" log (2 files, one per replica)"));
    }
    QCOMPARE(column.count(), 7);
    column.resize(1600, 300);
    column.show();
    QVERIFY(QTest::qWaitForWindowExposed(&column));
    QString why;
    // Wide: every tab with its whole label.
    QVERIFY(!column.usesSelector());
    QVERIFY(column.tabBar()->isVisible());
    QVERIFY2(labelsWhole(&column, &why), qPrintable(why));
    column.tabBar()->setCurrentIndex(3);
    QCOMPARE(column.currentPane(), panes[3]);

    // Narrow: the selector, listing every whole title (with its tooltip), on the same pane.
    column.resize(380, 300);
    QTest::qWait(10);
    QVERIFY(column.usesSelector());
    QVERIFY(!column.tabBar()->isVisible());
    ElidingComboBox *s = column.selector();
    QCOMPARE(s->count(), 7);
    QCOMPARE(s->currentIndex(), 3);
    for (int i = 0; i < s->count(); ++i) {
        QCOMPARE(s->itemText(i), labels[i] + QStringLiteral(" log (2 files, one per replica)"));
        QCOMPARE(s->itemData(i, Qt::ToolTipRole).toString(), s->itemText(i));
    }
    QVERIFY2(labelsWhole(&column, &why), qPrintable(why));
    s->setCurrentIndex(5);
    QCOMPARE(column.currentPane(), panes[5]);
    QCOMPARE(s->toolTip(), s->itemText(5));
    // Very narrow: the title elides, whole in the tooltip; the column never asks for the labels' width.
    column.resize(150, 300);
    QTest::qWait(10);
    QVERIFY(s->shownText() != s->currentText());
    QVERIFY2(labelsWhole(&column, &why), qPrintable(why));
    QVERIFY(column.minimumSizeHint().width() < 300);
    // Wide again: tabs, still on the chosen pane.
    column.resize(1600, 300);
    QTest::qWait(10);
    QVERIFY(!column.usesSelector());
    QCOMPARE(column.tabBar()->currentIndex(), 5);
}

void TstUiHopPanes::crowdedCorpusHopIsReadableAt1280()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(load(w, {kCorpus}));
    QTest::qWait(50);
    const QList<HopColumn *> columns = w.panes()->findChildren<HopColumn *>();
    QVERIFY(!columns.isEmpty());
    HopColumn *ingress = w.panes()->findChild<HopColumn *>(QStringLiteral("hopTabs-%1").arg(int(SourcePanes::IngressHop)));
    QVERIFY(ingress);
    QVERIFY2(ingress->count() >= 5, qPrintable(QString::number(ingress->count())));
    // Several formats in a third of 1280 px: they do not fit as tabs, the selector shows instead.
    QVERIFY(ingress->usesSelector());
    QString why;
    for (HopColumn *c : columns)
        QVERIFY2(labelsWhole(c, &why), qPrintable(c->objectName() + QStringLiteral(": ") + why));
    // Every pane of the hop is one choice away, and picking it shows it.
    for (int i = 0; i < ingress->count(); ++i) {
        ingress->selector()->setCurrentIndex(i);
        QCOMPARE(ingress->currentPane(), ingress->pane(i));
        QVERIFY(ingress->pane(i)->isVisible());
        QCOMPARE(ingress->selector()->currentText(), ingress->pane(i)->model()->title());
    }
    // showPane brings a pane forward whichever way the column shows.
    SourcePane *first = ingress->pane(0);
    w.panes()->showPane(first);
    QCOMPARE(ingress->currentPane(), first);
    QCOMPARE(ingress->selector()->currentIndex(), 0);
}

void TstUiHopPanes::pinKeepsThePanesOnARange()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {kBundle}));
    InvestigationSession *s = w.session();
    TimeRange *r = s->timeRange();
    SourcePane *alb = paneOf(w, SourceFormat::Alb);
    QVERIFY(alb);
    QVERIFY(!s->isPinned());
    QVERIFY(w.actions()->pinRange->isEnabled());
    QVERIFY(!w.actions()->pinRange->isChecked());

    // Zoom on 10:03-10:04 and pin it (Ctrl+Shift+P): every pane is filtered to it and says so.
    const TimeSpan minute{kT0 + 180 * kS, kT0 + 240 * kS};
    r->setVisible(minute);
    w.actions()->pinRange->trigger();
    QCOMPARE(s->pinnedRange(), minute);
    QVERIFY(w.actions()->pinRange->isChecked());
    QCOMPARE(w.chart()->pinned(), minute);
    for (SourcePane *p : w.panes()->panes()) {
        QVERIFY2(p->rangeHint().startsWith(QStringLiteral("Pinned to 10:03:00 – 10:04:00")), qPrintable(p->rangeHint()));
        QVERIFY(p->pinButton()->isChecked());
    }
    QCOMPARE(alb->model()->rowCount(), 12); // the twelve ALB rows of that minute

    // The chart moves elsewhere: the pinned panes stay (no selection needed, none is cleared).
    r->setVisible({kT0 + 400 * kS, kT0 + 500 * kS});
    QCOMPARE(alb->model()->rowCount(), 12);
    const QModelIndex cur = alb->view()->currentIndex();
    QVERIFY(cur.isValid());
    QVERIFY(minute.contains(alb->model()->alignedUs(cur.row())));
    QVERIFY(alb->rangeHint().startsWith(QStringLiteral("Pinned to")));
    r->reset();
    QCOMPARE(alb->model()->rowCount(), 12);

    // Unpinned with a pane's Pin button: every pane follows the chart again.
    r->setVisible({kT0 + 400 * kS, kT0 + 500 * kS});
    QTest::mouseClick(alb->pinButton(), Qt::LeftButton);
    QVERIFY(!s->isPinned());
    QVERIFY(!w.actions()->pinRange->isChecked());
    QVERIFY(!w.chart()->pinned().isValid());
    QCOMPARE(alb->model()->rowCount(), alb->model()->totalRows());
    QVERIFY2(alb->rangeHint().startsWith(QStringLiteral("Chart (zoomed): 10:06:40")), qPrintable(alb->rangeHint()));
    for (SourcePane *p : w.panes()->panes())
        QVERIFY(!p->pinButton()->isChecked());

    // With a selection, the selection is what gets pinned; pinning wins over the selection filter.
    const TimeSpan sel{kT0 + 120 * kS, kT0 + 200 * kS};
    r->reset();
    r->setSelection(sel);
    QTest::mouseClick(alb->pinButton(), Qt::LeftButton);
    QCOMPARE(s->pinnedRange(), sel);
    r->clearSelection();
    QVERIFY(s->isPinned());
    QCOMPARE(alb->model()->rowCount(), qsizetype(alb->model()->rowsBetween(sel.fromUs, sel.toUs)));
    w.actions()->pinRange->trigger();
    QVERIFY(!s->isPinned());
}

void TstUiHopPanes::pinIsSavedAndResetByANewBundle()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("pinned.gateline"));
    const TimeSpan minute{kT0 + 180 * kS, kT0 + 240 * kS};
    {
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        QVERIFY(load(w, {kBundle}));
        w.session()->setPinnedRange(minute);
        QVERIFY(w.saveInvestigation(file));
    }
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    QVERIFY(load(w, {file}));
    InvestigationSession *s = w.session();
    QCOMPARE(s->pinnedRange(), minute);
    QVERIFY(w.actions()->pinRange->isChecked());
    SourcePane *alb = paneOf(w, SourceFormat::Alb);
    QCOMPARE(alb->model()->rowCount(), 12);
    QVERIFY(alb->rangeHint().startsWith(QStringLiteral("Pinned to 10:03:00 – 10:04:00")));
    QVERIFY(alb->pinButton()->isChecked());
    // A new bundle starts unpinned.
    QVERIFY(load(w, {kBundle}));
    QVERIFY(!s->isPinned());
    QVERIFY(!w.actions()->pinRange->isChecked());
    alb = paneOf(w, SourceFormat::Alb);
    QCOMPARE(alb->model()->rowCount(), alb->model()->totalRows());
    QVERIFY(!alb->pinButton()->isChecked());
    QVERIFY(!alb->rangeHint().startsWith(QStringLiteral("Pinned")));
}

QTEST_MAIN(TstUiHopPanes)
#include "tst_ui_hoppanes.moc"
