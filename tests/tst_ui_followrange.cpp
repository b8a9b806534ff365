// One shared time range that every view follows, offscreen: a zoom moves every source pane (to
// the first row in range, with a line saying which range it shows) and the raw lines; a
// selection left outside the zoom stops filtering; the matching step keeps its own range through
// pair clicks and tabbing, shows it, undoes it and starts over with a new bundle; a reopened
// investigation brings the panes back to its range; the hover box does not outlive a zoom;
// times carry their date across midnight and their year across a new year.
#include "uitestutil.h"
#include "investigationsession.h"
#include "mainwindow.h"
#include "matchingpanel.h"
#include "playbookview.h"
#include "rawlineview.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "timelinechart.h"
#include "workbenchstatus.h"

#include <QComboBox>
#include <QPushButton>
#include <QFile>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace gateline;
using uitestutil::kBundle;
using uitestutil::load;

namespace {
constexpr qint64 kT0 = 1709287200000000; // 2024-03-01T10:00:00Z
constexpr qint64 kS = 1000000;

SourcePane *paneOf(MainWindow &w, SourceFormat f)
{
    for (SourcePane *p : w.panes()->panes())
        if (p->model()->format() == f)
            return p;
    return nullptr;
}

// An ALB log of the test bundle's first line at the given times (RFC 3339, UTC).
bool writeAlb(const QString &path, const QStringList &times)
{
    QFile in(kBundle + QStringLiteral("/alb-access.log"));
    if (!in.open(QIODevice::ReadOnly))
        return false;
    const QString line = QString::fromUtf8(in.readLine()).trimmed();
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    for (const QString &t : times) {
        QString l = line;
        l.replace(QStringLiteral("2024-03-01T10:00:00.123000Z"), t);
        l.replace(QStringLiteral("2024-03-01T10:00:00.083000Z"), t);
        out.write(l.toUtf8() + '\n');
    }
    return true;
}
} // namespace

class TstUiFollowRange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void zoomMovesEveryPane();
    void selectionOutsideTheZoomIsCleared();
    void matchingStepOwnsItsRange();
    void reopenedInvestigationRestoresThePanes();
    void hoverBoxGoesWithTheZoom();
    void evidenceJumpIsVisible();
    void datesAcrossMidnightAndYears();
};

void TstUiFollowRange::initTestCase()
{
    uitestutil::useTestSettings(QStringLiteral("tst_ui_followrange"));
}

void TstUiFollowRange::zoomMovesEveryPane()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {kBundle}));
    SourcePane *alb = paneOf(w, SourceFormat::Alb);
    QVERIFY(alb);
    // A row before the zoom is current: the raw lines show it.
    QSignalSpy shown(w.rawLines(), &RawLineView::shown);
    alb->view()->setCurrentIndex(alb->model()->index(0, 0));
    QVERIFY(shown.wait(10000));
    const QString rawBefore = w.rawLines()->text();
    QVERIFY(alb->rangeHint().contains(QLatin1String("Chart (all)")));

    // Zoom on 10:03:00 - 10:04:00 (as the wheel or a drag would): every pane follows.
    w.session()->timeRange()->setVisible({kT0 + 180 * kS, kT0 + 240 * kS});
    for (SourcePane *p : w.panes()->panes()) {
        QVERIFY2(p->rangeHint().contains(QStringLiteral("Chart (zoomed): 10:03:00 – 10:04:00")), qPrintable(p->rangeHint()));
        if (p->model()->rowsBetween(kT0 + 180 * kS, kT0 + 240 * kS) <= 0)
            continue;
        const QModelIndex cur = p->view()->currentIndex();
        QVERIFY(cur.isValid());
        const qint64 us = p->model()->alignedUs(cur.row());
        QVERIFY2(us >= kT0 + 180 * kS && us < kT0 + 240 * kS, qPrintable(p->model()->title()));
        // Scrolled to it: the row is on screen.
        QVERIFY(p->view()->viewport()->rect().intersects(p->view()->visualRect(cur)));
    }
    QCOMPARE(alb->model()->rowCount(), alb->model()->totalRows()); // followed, not filtered
    // The ALB pane has twelve rows in that minute (see tst_ui_mainwindow).
    QVERIFY2(alb->rangeHint().endsWith(QLatin1String(": 12 rows")), qPrintable(alb->rangeHint()));
    // The raw lines follow the pane in use.
    QVERIFY(shown.wait(10000));
    QVERIFY(w.rawLines()->text() != rawBefore);
    QVERIFY(w.rawLines()->text().contains(QLatin1String("2024-03-01T10:03:")));
}

void TstUiFollowRange::selectionOutsideTheZoomIsCleared()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {kBundle}));
    TimeRange *r = w.session()->timeRange();
    SourcePane *alb = paneOf(w, SourceFormat::Alb);
    r->setSelection({kT0 + 180 * kS, kT0 + 240 * kS});
    QCOMPARE(alb->model()->rowCount(), 12);
    QVERIFY(alb->rangeHint().startsWith(QLatin1String("Filtered to the selection")));
    // Zooming into the selection keeps it; zooming elsewhere no longer filters unseen.
    r->setVisible({kT0 + 170 * kS, kT0 + 250 * kS});
    QVERIFY(r->hasSelection());
    r->setVisible({kT0 + 400 * kS, kT0 + 500 * kS});
    QVERIFY(!r->hasSelection());
    QCOMPARE(alb->model()->rowCount(), alb->model()->totalRows());
    QVERIFY(alb->rangeHint().startsWith(QLatin1String("Chart (zoomed)")));
    QVERIFY(w.findChild<WorkbenchStatus *>()->message().contains(QLatin1String("selection")));
}

void TstUiFollowRange::matchingStepOwnsItsRange()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {kBundle}));
    InvestigationSession *s = w.session();
    TimeRange *r = s->timeRange();
    MatchingPanel *m = w.matching();
    w.playbook()->selectStep(QStringLiteral("deployments"));
    QVERIFY(m->isVisible());
    QVERIFY(m->rangeText().contains(QLatin1String("whole load-balancer range")));
    // The user selects 10:02 - 10:06 and runs the step on the selected range.
    const TimeSpan chosen{kT0 + 120 * kS, kT0 + 360 * kS};
    r->setSelection(chosen);
    m->setRangeChoice(MatchingPanel::SelectedRange);
    QCOMPARE(m->chosenRange(), chosen);
    QSignalSpy matched(s, &InvestigationSession::matchingFinished);
    QTest::mouseClick(m->runButton(), Qt::LeftButton);
    QVERIFY(matched.wait(uitestutil::kJobWaitMs));
    QCOMPARE(s->analysis()->options().matching.from.us, chosen.fromUs);
    QCOMPARE(s->analysis()->options().matching.to.us, chosen.toUs);
    QVERIFY2(m->rangeText().contains(QStringLiteral("10:02:00 – 10:06:00")), qPrintable(m->rangeText()));
    QVERIFY(m->pairsView()->model()->rowCount() > 0);

    // Clicking a pair zooms to it but leaves the selection and the step's range alone.
    m->pairsView()->setCurrentIndex(m->pairsView()->model()->index(0, 0));
    QVERIFY(r->hasCursor());
    QCOMPARE(r->selection(), chosen);
    QCOMPARE(m->chosenRange(), chosen);
    // Tabbing into the table neither: focus alone selects nothing.
    m->pairsView()->clearSelection();
    m->pairsView()->setFocus(Qt::TabFocusReason);
    QCOMPARE(r->selection(), chosen);
    // Another selection later does not change the step's range until the user chooses again.
    r->setSelection({kT0 + 400 * kS, kT0 + 420 * kS});
    QCOMPARE(m->chosenRange(), chosen);
    m->run();
    QVERIFY(matched.wait(uitestutil::kJobWaitMs));
    QCOMPARE(s->analysis()->options().matching.from.us, chosen.fromUs);

    // Undo: the whole range again.
    s->undoStack()->undo();
    QVERIFY(matched.wait(uitestutil::kJobWaitMs));
    QCOMPARE(s->analysis()->options().matching.from.us, qint64(0));
    QVERIFY(m->rangeText().startsWith(QLatin1String("Range used: the whole load-balancer range")));

    // A new bundle starts with the whole range, whatever was chosen for the last one.
    s->undoStack()->redo();
    QVERIFY(matched.wait(uitestutil::kJobWaitMs));
    QVERIFY(load(w, {kBundle}));
    QCOMPARE(m->rangeBox()->currentIndex(), int(MatchingPanel::WholeRange));
    QVERIFY(!m->chosenRange().isValid());
    QCOMPARE(s->analysis()->options().matching.from.us, qint64(0));
    QCOMPARE(s->analysis()->options().matching.to.us, qint64(0));
}

void TstUiFollowRange::reopenedInvestigationRestoresThePanes()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("case.gateline"));
    const TimeSpan zoom{kT0 + 300 * kS, kT0 + 360 * kS};
    {
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        QVERIFY(load(w, {kBundle}));
        w.session()->timeRange()->setVisible(zoom);
        QVERIFY(w.saveInvestigation(file));
    }
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {file}));
    QCOMPARE(w.session()->timeRange()->visible(), zoom);
    SourcePane *alb = paneOf(w, SourceFormat::Alb);
    QVERIFY(alb);
    QVERIFY2(alb->rangeHint().contains(QStringLiteral("10:05:00 – 10:06:00")),
             qPrintable(alb->rangeHint() + QStringLiteral(" / %1 panes").arg(w.panes()->panes().size())));
    QVERIFY(alb->view()->currentIndex().isValid());
    const qint64 us = alb->model()->alignedUs(alb->view()->currentIndex().row());
    QVERIFY(zoom.contains(us));
}

void TstUiFollowRange::hoverBoxGoesWithTheZoom()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(load(w, {kBundle}));
    QWidget *vp = w.chart()->viewport();
    QWidget *box = w.chart()->hoverBox();
    // Over the plot, somewhere with data: the hover box describes the bin.
    for (int x = vp->width() / 4; x < vp->width() * 3 / 4 && !box->isVisible(); x += 10)
        QTest::mouseMove(vp, QPoint(x, vp->height() / 2));
    QTRY_VERIFY(box->isVisible());
    w.session()->timeRange()->zoomIn();
    QVERIFY(!box->isVisible());
}

void TstUiFollowRange::evidenceJumpIsVisible()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {kBundle}));
    TimeRange *r = w.session()->timeRange();
    w.playbook()->selectStep(QStringLiteral("locate-hop"));
    QListWidget *ev = w.playbook()->evidenceList();
    QListWidgetItem *item = nullptr;
    for (int i = 0; i < ev->count() && !item; ++i)
        if (ev->item(i)->text().startsWith(QStringLiteral("▶ ALB made")))
            item = ev->item(i);
    QVERIFY(item);
    const TimeSpan before = r->visible();
    Q_EMIT ev->itemActivated(item);
    // Something visibly changes: the range (zoom or marks), the cursor in every pane, and the
    // status bar says what is shown.
    QVERIFY(r->hasCursor());
    QVERIFY(r->visible() != before || r->hasSelection() || !w.findChild<WorkbenchStatus *>()->message().isEmpty());
    QVERIFY2(w.findChild<WorkbenchStatus *>()->message().contains(QLatin1String("evidence")),
             qPrintable(w.findChild<WorkbenchStatus *>()->message()));
}

void TstUiFollowRange::datesAcrossMidnightAndYears()
{
    QTemporaryDir dir;
    const QString day = dir.filePath(QStringLiteral("midnight.log"));
    QVERIFY(writeAlb(day, {QStringLiteral("2024-03-01T23:59:50.000000Z"), QStringLiteral("2024-03-02T00:00:10.000000Z")}));
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {day}));
    SourcePane *alb = paneOf(w, SourceFormat::Alb);
    QVERIFY(alb);
    QCOMPARE(alb->model()->rowCount(), 2);
    QCOMPARE(alb->model()->index(0, 0).data().toString(), QStringLiteral("03-01 23:59:50.000"));
    QCOMPARE(alb->model()->index(1, 0).data().toString(), QStringLiteral("03-02 00:00:10.000"));
    const QModelIndex state = w.session()->sourcesModel()->index(0, SourcesModel::StateColumn);
    QVERIFY2(state.data().toString().contains(QLatin1String("03-01 23:59:50")), qPrintable(state.data().toString()));
    QVERIFY(alb->rangeHint().contains(QLatin1String("03-01 ")));

    const QString year = dir.filePath(QStringLiteral("newyear.log"));
    QVERIFY(writeAlb(year, {QStringLiteral("2024-12-31T23:59:50.000000Z"), QStringLiteral("2025-01-01T00:00:10.000000Z")}));
    QVERIFY(load(w, {year}));
    alb = paneOf(w, SourceFormat::Alb);
    QCOMPARE(alb->model()->index(0, 0).data().toString(), QStringLiteral("2024-12-31 23:59:50.000"));
    QCOMPARE(alb->model()->index(1, 0).data().toString(), QStringLiteral("2025-01-01 00:00:10.000"));

    // One day only: the time alone.
    const QString one = dir.filePath(QStringLiteral("oneday.log"));
    QVERIFY(writeAlb(one, {QStringLiteral("2024-03-01T10:00:00.000000Z"), QStringLiteral("2024-03-01T11:00:00.000000Z")}));
    QVERIFY(load(w, {one}));
    QCOMPARE(paneOf(w, SourceFormat::Alb)->model()->index(0, 0).data().toString(), QStringLiteral("10:00:00.000"));
}

QTEST_MAIN(TstUiFollowRange)
#include "tst_ui_followrange.moc"
