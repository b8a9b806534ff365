// The answer first, and every statement in the window agreeing with every other: the verdict
// header says what `gateline analyze` says (one VerdictSummary), the status bar and the
// playbook's first step state the same counts, the postmortem states the finding in plain words,
// and the Causes tab (step 9 points to it) exists, with a snippet box that never shows a stale fix.
#include "uitestutil.h"
#include "causesview.h"
#include "investigationsession.h"
#include "mainwindow.h"
#include "playbookview.h"
#include "timelinechart.h"
#include "verdictheader.h"
#include "workbenchstatus.h"

#include "export/postmortem.h"
#include "playbook/playbookreport.h"
#include "playbook/playbookrun.h"
#include "report/textreport.h"
#include "report/verdictsummary.h"
#include "analysis/podaddresshistory.h"

#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTreeWidget>

using namespace gateline;
using uitestutil::kBundle;
using uitestutil::load;

namespace {

QStringList sentences(const VerdictSummary &v)
{
    QStringList out;
    for (const QString &s : {v.countsSentence, v.eventsSentence, v.causeSentence, v.missingSentence})
        if (!s.isEmpty())
            out << s;
    return out;
}
} // namespace

class TstUiVerdict : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void headerSaysWhatAnalyzeSays();
    void headerFollowsTheSession();
    void oneCountEverywhereOnTheCorpus();
    void wholeCorpusDrawsTheLoadBalancers502sByHop();
    void postmortemStatesTheFinding();
    void workloadOfPod();
    void causesTabAndSnippet();
};

void TstUiVerdict::initTestCase()
{
    uitestutil::useTestSettings(QStringLiteral("tst_ui_verdict"));
}

void TstUiVerdict::headerSaysWhatAnalyzeSays()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.resize(1280, 800);
    w.show();
    QVERIFY(load(w, {kBundle}));
    const auto a = w.session()->analysis();
    QVERIFY(a);
    // One file of the bundle is not read (its README.txt): "1 file", not "1 files".
    QCOMPARE(w.session()->store()->unrecognised.size(), 1);
    auto *summary = w.findChild<QLabel *>(QStringLiteral("sourcesSummary"));
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(QLatin1String(" read, 1 file not recognised, ")), qPrintable(summary->text()));
    const VerdictSummary v = summarizeVerdict(*a, rankCauses(*a));
    // The bundle: 5 ALB 502s whose target never answered, all right after the Killing of pods.
    QCOMPARE(v.counted, VerdictSummary::Counted::LoadBalancer);
    QCOMPARE(v.hop, QStringLiteral("alb"));
    QVERIFY2(v.countsSentence.contains(QLatin1String("made by the ALB (target never answered)")), qPrintable(v.countsSentence));
    const QString header = w.verdictHeader()->text();
    for (const QString &s : sentences(v))
        QVERIFY2(header.contains(s), qPrintable(header + QStringLiteral(" lacks: ") + s));
    // `gateline analyze` (text) opens with the very same words.
    QVERIFY(analysisToText(*a).startsWith(QStringLiteral("Verdict: ") + v.text() + QLatin1Char('\n')));
    // The status bar's counts are the same numbers.
    auto *status = w.findChild<WorkbenchStatus *>();
    QVERIFY(status);
    QVERIFY2(status->counts().contains(v.shortCounts()), qPrintable(status->counts()));
    {
        // The target-never-answered count only when there is one ("(0 target never answered)" read
        // as a fault of its own).
        VerdictSummary c;
        c.counted = VerdictSummary::Counted::LoadBalancer;
        c.status502 = 1234;
        c.missingUpstream502 = 0;
        QCOMPARE(c.shortCounts(), QStringLiteral("1,234 × 502 at the load balancer"));
        c.missingUpstream502 = 12;
        QCOMPARE(c.shortCounts(), QStringLiteral("1,234 × 502 at the load balancer (12 target never answered)"));
    }
    // The header is at the top, above the chart, across the window, and the headline fits at 1280 px.
    QWidget *h = w.verdictHeader();
    QVERIFY(h->isVisible());
    const QRect r(h->mapTo(&w, QPoint(0, 0)), h->size());
    QVERIFY(r.top() < w.chart()->mapTo(&w, QPoint(0, 0)).y());
    QVERIFY2(r.width() > w.width() * 9 / 10, qPrintable(QString::number(r.width())));
    // Narrow: the cause moves to the start of the second line instead of being cut off the first;
    // wide again: both on the first line. Every sentence is in the header at every width.
    QVERIFY(!v.causeSentence.isEmpty());
    w.resize(700, 800);
    QTRY_VERIFY(w.verdictHeader()->detail().startsWith(v.causeSentence));
    QVERIFY(!w.verdictHeader()->headline().contains(v.causeSentence));
    for (const QString &s : sentences(v))
        QVERIFY(w.verdictHeader()->text().contains(s));
    w.resize(2400, 800);
    QTRY_VERIFY(w.verdictHeader()->headline().endsWith(v.causeSentence));
}

void TstUiVerdict::headerFollowsTheSession()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(w.verdictHeader()->headline().contains(QLatin1String("No bundle")));
    QVERIFY(load(w, {kBundle}));
    const QString before = w.verdictHeader()->text();
    QVERIFY(before.contains(QLatin1String("502s")));
    // A narrower matching window changes the matching: the header says so once the result is in.
    QSignalSpy matched(w.session(), &InvestigationSession::matchingFinished);
    MatchOptions o = w.session()->matchOptions();
    o.windowSeconds = 1;
    w.session()->requestMatching(o);
    QVERIFY(matched.wait(uitestutil::kJobWaitMs));
    const auto v = w.session()->verdictSummary();
    QVERIFY(v);
    QCOMPARE(v->windowSeconds, 1.0);
    for (const QString &s : sentences(*v))
        QVERIFY(w.verdictHeader()->text().contains(s));
    // Clicking the header goes to the evidence: the Causes tab with the top cause selected.
    QTest::mouseClick(w.verdictHeader(), Qt::LeftButton);
    QDockWidget *causes = w.findChild<QDockWidget *>(QStringLiteral("causesDock"));
    QVERIFY(causes && causes->isVisible());
    QVERIFY(w.causes()->tree()->currentItem());
    QCOMPARE(w.causes()->tree()->currentItem(), w.causes()->tree()->topLevelItem(0));
    w.session()->close();
    QVERIFY(w.verdictHeader()->headline().contains(QLatin1String("No bundle")));
}

void TstUiVerdict::oneCountEverywhereOnTheCorpus()
{
    // The real corpus without its one ALB sample that holds 502s: load-balancer logs with no 502
    // and ingress logs that hold some. The chart draws the ingress's 502s; the header, the status
    // bar and step 1 must all say so too.
    const QDir corpus(QStringLiteral(GATELINE_TEST_DATA "/corpus"));
    const QString alb502 = QStringLiteral("alb/awslb-log-viewer-examples-alb-502.log");
    QVERIFY(corpus.exists(alb502));
    QStringList paths;
    for (const QString &entry : corpus.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (entry != QLatin1String("alb")) {
            paths << corpus.filePath(entry);
            continue;
        }
        for (const QString &f : QDir(corpus.filePath(entry)).entryList(QDir::Files))
            if (entry + QLatin1Char('/') + f != alb502)
                paths << corpus.filePath(entry + QLatin1Char('/') + f);
    }
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, paths));
    const auto v = w.session()->verdictSummary();
    QVERIFY(v);
    // "Sources and problems" counts in words that agree with the number ("1 files" read wrong).
    {
        auto *summary = w.findChild<QLabel *>(QStringLiteral("sourcesSummary"));
        QVERIFY(summary);
        const qsizetype sources = w.session()->store()->sourceCount(), unread = w.session()->store()->unrecognised.size();
        const QString expected = QStringLiteral("%1 %2 read, %3 %4 not recognised, ")
                                     .arg(sources)
                                     .arg(sources == 1 ? QStringLiteral("source") : QStringLiteral("sources"))
                                     .arg(unread)
                                     .arg(unread == 1 ? QStringLiteral("file") : QStringLiteral("files"));
        QVERIFY2(summary->text().startsWith(expected), qPrintable(summary->text() + QStringLiteral(" / ") + expected));
        QVERIFY(unread > 0);
    }
    // Every suggestion reads as a sentence, never as a bare id (the corpus' CDN-made 502s showed
    // "suggested: cdn" at step 1).
    for (const PlaybookStepView &s : w.playbook()->steps()) {
        if (s.suggested.isEmpty())
            continue;
        const auto option = std::find_if(s.verdicts.cbegin(), s.verdicts.cend(),
                                         [&](const PlaybookVerdictOption &o) { return o.id == s.suggested; });
        QVERIFY2(option != s.verdicts.cend() && !option->label.isEmpty(), qPrintable(s.id + QLatin1Char(' ') + s.suggested));
    }
    const auto data = w.session()->timelineData();
    qint64 drawnIngress502 = 0;
    if (const TimelineSeries *s = data->find(TimelineSeries::IngressLogged502))
        drawnIngress502 = qint64(s->times.size());
    QCOMPARE(v->ingressLogged502, drawnIngress502);
    QVERIFY(v->ingressLogged502 > 0);
    const QString n = readableCount(v->ingressLogged502);
    QVERIFY2(w.verdictHeader()->text().contains(n), qPrintable(w.verdictHeader()->text()));
    QVERIFY2(w.findChild<WorkbenchStatus *>()->counts().contains(n + QStringLiteral(" × 502")),
             qPrintable(w.findChild<WorkbenchStatus *>()->counts()));
    const PlaybookStepView &step1 = w.playbook()->steps().first();
    QCOMPARE(step1.id, QStringLiteral("locate-hop"));
    QVERIFY2(step1.suggested != QLatin1String("none"), "step 1 must not claim 'no 502s' while the chart draws some");
    bool stated = false;
    for (const PlaybookEvidenceView &e : step1.evidence)
        stated = stated || e.text.contains(QLocale().toString(v->ingressLogged502));
    QVERIFY(stated);
}

void TstUiVerdict::wholeCorpusDrawsTheLoadBalancers502sByHop()
{
    // The whole corpus: its ALB samples hold 502s (target "-"), so the header counts the load
    // balancer's 502s, and the chart draws exactly those, by the hop that made them.
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {QStringLiteral(GATELINE_TEST_DATA "/corpus")}));
    const auto v = w.session()->verdictSummary();
    QVERIFY(v);
    QCOMPARE(v->counted, VerdictSummary::Counted::LoadBalancer);
    QVERIFY(v->status502 > 0);
    const auto data = w.session()->timelineData();
    qint64 drawn = 0;
    for (auto kind : {TimelineSeries::Alb502, TimelineSeries::Ingress502, TimelineSeries::App502,
                      TimelineSeries::Undetermined502, TimelineSeries::Sidecar502, TimelineSeries::Cdn502})
        if (const TimelineSeries *s = data->find(kind))
            drawn += qint64(s->times.size());
    QCOMPARE(drawn, v->status502);
    QVERIFY(!data->find(TimelineSeries::Lb502));
    QVERIFY2(w.verdictHeader()->text().contains(readableCount(v->status502)), qPrintable(w.verdictHeader()->text()));
    // Every suggestion reads as a sentence from the playbook's data, never as a bare id.
    for (const PlaybookStepView &s : w.playbook()->steps()) {
        if (s.suggested.isEmpty())
            continue;
        const auto option = std::find_if(s.verdicts.cbegin(), s.verdicts.cend(),
                                         [&](const PlaybookVerdictOption &o) { return o.id == s.suggested; });
        QVERIFY2(option != s.verdicts.cend() && !option->label.isEmpty(), qPrintable(s.id + QLatin1Char(' ') + s.suggested));
    }
}

void TstUiVerdict::postmortemStatesTheFinding()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    QVERIFY(load(w, {kBundle}));
    const auto a = w.session()->analysis();
    const auto run = w.session()->playbookRun();
    QVERIFY(a && run);
    const PostmortemDocument doc = buildPostmortem(makePostmortemInput(*a, *run));
    const auto v = w.session()->verdictSummary();
    QVERIFY(!v->finding.isEmpty());
    QVERIFY(!doc.summary.isEmpty());
    QCOMPARE(doc.summary.first().text, QStringLiteral("In short: ") + v->finding);
    QVERIFY2(v->finding.contains(QLatin1String("made by the ALB")), qPrintable(v->finding));

    // The demo incident: ingress-nginx controller pods OOM-killed under the ALB. Plain words: who
    // failed, and how; and the header counts the OOM kills as incidents, not as event records.
    QVERIFY(load(w, {QStringLiteral(GATELINE_SOURCE_DIR "/resources/demo/gateline-demo-bundle.tar.gz")}));
    const auto demo = w.session()->verdictSummary();
    QCOMPARE(demo->finding, QStringLiteral("Ingress-nginx-controller pods were OOM-killed; the ALB's in-flight requests to them "
                                           "failed (the target never answered)."));
    QCOMPARE(demo->eventGroup, QStringLiteral("oomKill"));
    QCOMPARE(demo->eventCount, 3); // 10:07, 10:20, 10:34
    QVERIFY2(demo->eventsSentence.startsWith(QLatin1String("They sit on 3 OOM kills of ingress-nginx-controller pods")),
             qPrintable(demo->eventsSentence));
    QCOMPARE(demo->primary->id, QStringLiteral("oom-crash"));
    QCOMPARE(readableCount(1234567), QStringLiteral("1,234,567"));
}

void TstUiVerdict::workloadOfPod()
{
    QCOMPARE(gateline::workloadOfPod(u"Pod/ingress-nginx-controller-m89lp9tzg6-k7q6r"), QStringLiteral("ingress-nginx-controller"));
    QCOMPARE(gateline::workloadOfPod(u"web-7d9f5c6b8-x2k4p"), QStringLiteral("web"));
    QCOMPARE(gateline::workloadOfPod(u"redis-0"), QStringLiteral("redis"));
    QCOMPARE(gateline::workloadOfPod(u"fluentd-x2k4p"), QStringLiteral("fluentd"));
    // Words that are no random suffix stay.
    QCOMPARE(gateline::workloadOfPod(u"ingress-nginx"), QStringLiteral("ingress-nginx"));
    QCOMPARE(gateline::workloadOfPod(u"api"), QStringLiteral("api"));
}

void TstUiVerdict::causesTabAndSnippet()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    QVERIFY(load(w, {kBundle}));
    // Step 9's pointer names a tab that exists.
    QDockWidget *dock = w.findChild<QDockWidget *>(QStringLiteral("causesDock"));
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), QStringLiteral("Causes"));
    for (const PlaybookStepView &s : w.playbook()->steps())
        for (const PlaybookEvidenceView &e : s.evidence)
            if (e.text.contains(QLatin1String(" tab")))
                QVERIFY2(e.text.contains(QLatin1String("Causes tab")), qPrintable(e.text));
    QTreeWidget *tree = w.causes()->tree();
    QPlainTextEdit *snippet = w.causes()->snippet();
    QVERIFY(tree->topLevelItemCount() >= 1);
    // The score's meaning, and that it is calibrated on generated bundles only, reads the same in
    // the tab's tooltip and in the postmortem's report.
    const QString meaning = tree->headerItem()->toolTip(1);
    QVERIFY2(meaning.contains(QLatin1String("not on real incidents")), qPrintable(meaning));
    const QString md = playbookToMarkdown(*w.session()->playbookRun());
    QVERIFY2(md.contains(QLatin1String("Score: ") + meaning.left(1).toLower() + meaning.mid(1)), qPrintable(md.left(600)));
    // The first cause with a fix: selecting the fix shows it; selecting a cause without a fix, or a
    // new ranking, leaves no stale snippet behind.
    QTreeWidgetItem *withFix = nullptr, *fix = nullptr, *noFix = nullptr;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *c = tree->topLevelItem(i);
        QTreeWidgetItem *f = nullptr;
        for (int k = 0; k < c->childCount(); ++k)
            if (c->child(k)->text(0).startsWith(QLatin1String("Fix: ")))
                f = f ? f : c->child(k);
        if (f && !withFix) {
            withFix = c;
            fix = f;
        }
        if (!f && !noFix)
            noFix = c;
    }
    QVERIFY(withFix && fix);
    tree->setCurrentItem(fix);
    QVERIFY(!snippet->toPlainText().isEmpty());
    const QString shown = snippet->toPlainText();
    if (noFix) {
        tree->setCurrentItem(noFix);
        QVERIFY(snippet->toPlainText().isEmpty());
    }
    tree->setCurrentItem(fix);
    QCOMPARE(snippet->toPlainText(), shown);
    w.causes()->setCauses({});
    QVERIFY(snippet->toPlainText().isEmpty());
}

QTEST_MAIN(TstUiVerdict)
#include "tst_ui_verdict.moc"
