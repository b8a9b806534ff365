// Screenshots of the workbench for review, not a check: runs only with GATELINE_SCREENSHOT_DIR set.
//   GATELINE_SCREENSHOT_DIR=/tmp/shots [GATELINE_SCREENSHOT_BUNDLE=path] tests/tst_ui_screenshots
#include "investigationsession.h"
#include "mainwindow.h"
#include "matchingpanel.h"
#include "playbookview.h"
#include "rawlineview.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "themes.h"
#include "timelinechart.h"

#include <QDir>
#include <QDockWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

class TstUiScreenshots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shots();

private:
    void shoot(QWidget *w, const QString &name);
    QString m_dir;
};

void TstUiScreenshots::shoot(QWidget *w, const QString &name)
{
    QTest::qWait(200);
    QVERIFY(w->grab().save(QDir(m_dir).filePath(name)));
}

void TstUiScreenshots::shots()
{
    // GATELINE_SCREENSHOT_DIR keeps the pictures (for the README and for looking at them);
    // without it they go to a temporary folder and the test still checks that they are drawn.
    QTemporaryDir scratch;
    m_dir = qEnvironmentVariable("GATELINE_SCREENSHOT_DIR", scratch.path());
    QDir().mkpath(m_dir);
    QStandardPaths::setTestModeEnabled(true);
    const QString bundle = qEnvironmentVariable("GATELINE_SCREENSHOT_BUNDLE", QStringLiteral(GATELINE_TEST_DATA "/ui/bundle"));

    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.setTheme(ThemeChoice::Light);
    w.resize(1440, 900);
    w.show();
    QSignalSpy finished(w.session(), &InvestigationSession::loadFinished);
    w.openPaths({bundle});
    QVERIFY(finished.wait(120000));
    shoot(&w, QStringLiteral("1-overview.png"));

    // Zoom on the first 502 burst, select it, show a 502's raw line.
    const auto data = w.session()->timelineData();
    qint64 first502 = -1;
    for (const TimelineSeries &s : data->series) {
        if (s.kind != TimelineSeries::Requests && !s.times.empty() && (first502 < 0 || s.times.front() < first502))
            first502 = s.times.front();
    }
    if (first502 > 0) {
        TimeRange *r = w.session()->timeRange();
        r->setVisible({first502 - 240000000LL, first502 + 360000000LL});
        r->setSelection({first502 - 20000000LL, first502 + 60000000LL});
        for (SourcePane *p : w.panes()->panes()) {
            if (isLoadBalancerFormat(p->model()->format())) {
                p->setStatusFilter(SourceFilter::Only502);
                QSignalSpy shown(w.rawLines(), &RawLineView::shown);
                p->view()->setCurrentIndex(p->model()->index(0, 0));
                p->view()->setFocus();
                shown.wait(10000);
            }
        }
    }
    shoot(&w, QStringLiteral("2-burst-selected.png"));

    // The matching step, run by the user, with a pair selected.
    w.playbook()->selectStep(QStringLiteral("deployments"));
    QSignalSpy matched(w.session(), &InvestigationSession::matchingFinished);
    w.matching()->run();
    matched.wait(60000);
    if (w.matching()->pairsView()->model()->rowCount() > 0)
        w.matching()->pairsView()->setCurrentIndex(w.matching()->pairsView()->model()->index(0, 0));
    shoot(&w, QStringLiteral("3-matching.png"));

    w.findChild<QDockWidget *>(QStringLiteral("offsetsDock"))->raise();
    w.findChild<QDockWidget *>(QStringLiteral("sourcesDock"))->raise();
    shoot(&w, QStringLiteral("4-offsets-sources.png"));

    w.setTheme(ThemeChoice::Dark);
    w.findChild<QDockWidget *>(QStringLiteral("playbookDock"))->raise();
    w.findChild<QDockWidget *>(QStringLiteral("rawDock"))->raise();
    w.session()->timeRange()->reset();
    shoot(&w, QStringLiteral("5-dark.png"));
}

QTEST_MAIN(TstUiScreenshots)
#include "tst_ui_screenshots.moc"
