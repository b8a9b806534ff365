// The matching step's panel: the error-kind selector (missing-upstream / ingress-made / all gateway
// 502s) reaches the analysis, and the panel shows the one statistical core's effect size, interval
// and "too few to tell" with the same words and numbers as `gateline analyze` (text and JSON) and
// the postmortem draft.
#include "export/postmortem.h"
#include "generator/bundlegenerator.h"
#include "matchingpanel.h"
#include "playbook/playbookrun.h"
#include "playbooksteps.h"
#include "playbookview.h"
#include "report/jsonreport.h"
#include "report/textreport.h"
#include "report/verdictsummary.h"
#include "testbundle.h"
#include "uitestutil.h"

#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

QString postmortemText(const Analysis &a, const PlaybookRun &run)
{
    const PostmortemDocument doc = buildPostmortem(makePostmortemInput(a, run));
    QString out;
    for (const PostmortemLine &l : doc.summary)
        out += l.text + QLatin1Char('\n');
    return out;
}

// A generated bundle of one cause (testutil's), or null with the failure said.
std::unique_ptr<testutil::GeneratedBundle> causeBundle(const QString &cause, quint32 seed, int minutes, const QString &ingress = {})
{
    GeneratorOptions o;
    o.cause = cause;
    o.seed = seed;
    o.durationMinutes = minutes;
    if (!ingress.isEmpty())
        o.ingress = ingress;
    auto b = testutil::generateBundle(o);
    if (!b || !b->error.isEmpty()) {
        qWarning("no bundle: %s", b ? qPrintable(b->error) : "generator failed");
        return nullptr;
    }
    return b;
}

// Step 2 of the panel's steps built from the run, or null.
const PlaybookStepView *deploymentsStepOf(const QList<PlaybookStepView> &steps)
{
    const auto it = std::find_if(steps.cbegin(), steps.cend(), [](const PlaybookStepView &s) { return s.id == QLatin1String("deployments"); });
    return it == steps.cend() ? nullptr : &*it;
}

} // namespace

class TstUiMatching : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { uitestutil::useTestSettings(QStringLiteral("tst_ui_matching")); }

    void sameNumbersEverywhere()
    {
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.show();
        QVERIFY(uitestutil::load(w, {uitestutil::kBundle}));
        InvestigationSession *s = w.session();
        MatchingPanel *m = w.matching();
        w.playbook()->selectStep(QStringLiteral("deployments"));
        QVERIFY(m->isVisible());

        QComboBox *kinds = m->errorsBox();
        QCOMPARE(kinds->count(), 3);
        QCOMPARE(kinds->itemText(0), matchErrorsLabel(MatchErrors::MissingUpstream));
        QCOMPARE(kinds->itemText(1), matchErrorsLabel(MatchErrors::IngressMade));
        QCOMPARE(kinds->itemText(2), matchErrorsLabel(MatchErrors::AllGateway));
        QCOMPARE(MatchErrors(kinds->currentData().toInt()), s->analysis()->matching().errors);

        QLabel *stats = m->findChild<QLabel *>(QStringLiteral("matchingStats"));
        QVERIFY(stats);
        qint64 previous = -1;
        for (MatchErrors kind : {MatchErrors::MissingUpstream, MatchErrors::IngressMade, MatchErrors::AllGateway}) {
            kinds->setCurrentIndex(kinds->findData(int(kind)));
            QSignalSpy matched(s, &InvestigationSession::matchingFinished);
            QTest::mouseClick(m->runButton(), Qt::LeftButton);
            QVERIFY(matched.wait(uitestutil::kJobWaitMs));
            const auto a = s->analysis();
            const MatchingResult &r = a->matching();
            QCOMPARE(r.errors, kind);
            QCOMPARE(a->options().matching.errors, kind);
            QCOMPARE(MatchErrors(kinds->currentData().toInt()), kind);
            const QString summary = r.stats.summary();
            QCOMPARE(m->statsText(), summary);
            if (r.missingUpstream502 == 0)
                continue;
            // The panel, analyze (text and JSON) and the postmortem: the same core, the same words.
            QVERIFY2(stats->text().endsWith(summary), qPrintable(stats->text()));
            QVERIFY2(m->resultText().contains(QStringLiteral("of %1 %2").arg(r.missingUpstream502).arg(matchErrorsLabel(kind))),
                     qPrintable(m->resultText()));
            QVERIFY(m->resultText().contains(QLatin1String("Chance alone")));
            QVERIFY2(analysisToText(*a).contains(summary), qPrintable(analysisToText(*a)));
            const QJsonObject json = analysisToJson(*a);
            QCOMPARE(json.value(QStringLiteral("matching")).toObject().value(QStringLiteral("summary")).toString(), summary);
            const PlaybookRun run(*a);
            const QString pm = postmortemText(*a, run);
            QVERIFY2(pm.contains(summary), qPrintable(pm));
            QVERIFY2(pm.contains(matchErrorsLabel(kind)), qPrintable(pm));
            if (r.stats.tooFew)
                QVERIFY(m->resultText().contains(QLatin1String("Too few to tell")));
            else
                QVERIFY(summary.contains(QLatin1String("x (95% CI")) || summary.contains(QLatin1String("one burst")));
            // All gateway 502s include the missing-upstream ones.
            if (kind == MatchErrors::AllGateway)
                QVERIFY(r.missingUpstream502 >= previous);
            if (kind == MatchErrors::MissingUpstream)
                previous = r.missingUpstream502;
        }
    }

    // A bundle whose ingress made the 502s (ALB -> ingress-nginx -> app, rollouts): until the user
    // picks a kind, the step matches the ingress-made 502s the hop verdict points at, says so, and
    // does not show "nothing to match". A kind the user picks then stays picked.
    void kindFollowsTheHopVerdict()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        GeneratorOptions o;
        o.cause = QStringLiteral("graceful-shutdown");
        o.ingress = QStringLiteral("nginx");
        o.seed = 5;
        o.durationMinutes = 30;
        GeneratorTruth truth;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &truth, &error), qPrintable(error));
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.show();
        QVERIFY(uitestutil::load(w, {dir.path()}));
        InvestigationSession *s = w.session();
        MatchingPanel *m = w.matching();
        w.playbook()->selectStep(QStringLiteral("deployments"));
        const auto a = s->analysis();
        QCOMPARE(a->origin().verdict, QStringLiteral("ingress"));
        QVERIFY(a->matching().errorsFromVerdict);
        QCOMPARE(a->matching().errors, MatchErrors::IngressMade);
        QCOMPARE(MatchErrors(m->errorsBox()->currentData().toInt()), MatchErrors::IngressMade);
        QVERIFY(a->matching().missingUpstream502 > 0);
        QVERIFY2(!m->resultText().contains(QLatin1String("nothing to match")), qPrintable(m->resultText()));
        const auto *intro = m->findChild<QLabel *>(QStringLiteral("matchingIntro"));
        QVERIFY(intro);
        QVERIFY2(intro->text().contains(QLatin1String("Preselected: the ingress-made 502s")), qPrintable(intro->text()));
        QVERIFY(analysisToText(*a).contains(QLatin1String("the kind the hop verdict points at")));
        QCOMPARE(analysisToJson(*a).value(QStringLiteral("matching")).toObject().value(QStringLiteral("errorsFrom")).toString(),
                 QStringLiteral("verdict"));

        // The user's pick stays: missing-upstream, chosen, and the intro no longer says preselected.
        m->errorsBox()->setCurrentIndex(m->errorsBox()->findData(int(MatchErrors::MissingUpstream)));
        QSignalSpy matched(s, &InvestigationSession::matchingFinished);
        QTest::mouseClick(m->runButton(), Qt::LeftButton);
        QVERIFY(matched.wait(uitestutil::kJobWaitMs));
        QVERIFY(!s->analysis()->matching().errorsFromVerdict);
        QCOMPARE(s->analysis()->matching().errors, MatchErrors::MissingUpstream);
        QCOMPARE(MatchErrors(m->errorsBox()->currentData().toInt()), MatchErrors::MissingUpstream);
        QVERIFY(!intro->text().contains(QLatin1String("Preselected")));
        QCOMPARE(analysisToJson(*s->analysis()).value(QStringLiteral("matching")).toObject().value(QStringLiteral("errorsFrom")).toString(),
                 QStringLiteral("chosen"));
    }

    // Step 2 on two bursts: every ingress-made 502 of a 30-minute rollout bundle sits on its two
    // rollouts (p = 0.008), but two bursts cannot rule chance out (the interval reaches below 1x).
    // The evidence says why, and the suggestion follows the cause evidence (graceful-shutdown here)
    // or, with none, there is no suggestion; never "not correlated".
    void fewBurstsFollowTheCauseEvidence()
    {
        const auto b = causeBundle(QStringLiteral("graceful-shutdown"), 5, 30, QStringLiteral("nginx"));
        QVERIFY(b);
        AnalysisOptions opt;
        opt.matching.errors = MatchErrors::IngressMade;
        opt.matching.errorsChosen = true;
        const Analysis a(*b->store, opt);
        const MatchingResult &m = a.matching();
        QVERIFY2(!m.stats.tooFew && m.stats.pValue < 0.05 && !m.aboveChance(), qPrintable(m.stats.summary()));
        // Decided once, in the playbook run that analyze and the export read; the panel shows it.
        const PlaybookRun run(a);
        const StepResult *fromRun = run.step(QStringLiteral("deployments"));
        QVERIFY(fromRun);
        QVERIFY(fromRun->verdict != QLatin1String("not-correlated"));
        QCOMPARE(fromRun->undecided, fromRun->verdict.isEmpty());
        const QList<PlaybookStepView> steps = buildPlaybookSteps(a, &run, {});
        const PlaybookStepView *step = deploymentsStepOf(steps);
        QVERIFY(step);
        QCOMPARE(step->suggested, fromRun->verdict);
        QCOMPARE(fromRun->verdict, QStringLiteral("after-killing")); // graceful-shutdown's evidence decides
        // The matching line gives the one statistical answer, its chance once (not a second,
        // rounded chance figure beside it: "chance alone gives 9% (19% vs 9.1% by chance").
        bool matchLine = false;
        for (const PlaybookEvidenceView &e : step->evidence)
            if (e.text.contains(QLatin1String("have an event within"))) {
                QVERIFY2(e.text.endsWith(QStringLiteral(": ") + m.stats.summary()), qPrintable(e.text));
                QCOMPARE(e.text.count(QLatin1String("chance")), m.stats.summary().count(QLatin1String("chance")));
                matchLine = true;
            }
        QVERIFY(matchLine);
        bool said = false;
        for (const PlaybookEvidenceView &e : step->evidence)
            said |= e.text.contains(QLatin1String("cannot rule chance out"))
                    && e.text.contains(QLatin1String("follows the cause evidence (graceful-shutdown at"));
        QVERIFY(said);
    }

    // Step 2's suggestion is decided once (PlaybookRun::decideDeployments), and right for each
    // cause: the matching picks the family, the cause scores choose among the deployment verdicts
    // (a pod-not-ready rollout is "after-started", not "after-killing" because its 502s sit on
    // rollout events), an HPA's scale-up (events the matching does not test) is "during-scaling",
    // and keep-alive 502s are "not-correlated". The panel shows the run's verdict.
    void stepTwoIsDecidedOnce_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("expected");
        QTest::newRow("graceful-shutdown") << QStringLiteral("graceful-shutdown") << QStringLiteral("after-killing");
        QTest::newRow("pod-not-ready") << QStringLiteral("pod-not-ready") << QStringLiteral("after-started");
        QTest::newRow("hpa-too-slow") << QStringLiteral("hpa-too-slow") << QStringLiteral("during-scaling");
        QTest::newRow("oom-crash") << QStringLiteral("oom-crash") << QStringLiteral("after-crash");
        QTest::newRow("keepalive-mismatch") << QStringLiteral("keepalive-mismatch") << QStringLiteral("not-correlated");
    }
    void stepTwoIsDecidedOnce()
    {
        QFETCH(QString, cause);
        QFETCH(QString, expected);
        const auto b = causeBundle(cause, 3, 40);
        QVERIFY(b);
        AnalysisOptions opt;
        opt.matching.errors = MatchErrors::AllGateway;
        opt.matching.errorsChosen = true;
        const Analysis a(*b->store, opt);
        const PlaybookRun run(a);
        const StepResult *fromRun = run.step(QStringLiteral("deployments"));
        QVERIFY(fromRun);
        const QList<PlaybookStepView> steps = buildPlaybookSteps(a, &run, {});
        const PlaybookStepView *step = deploymentsStepOf(steps);
        QVERIFY(step);
        QCOMPARE(step->suggested, fromRun->verdict);
        QVERIFY2(fromRun->verdict == expected, qPrintable(fromRun->verdict + QLatin1String(" / ") + a.matching().stats.summary()));
        // A deployment-family tie names the best-scoring deployment cause when one stands out.
        const MatchingResult &m = a.matching();
        if (m.aboveChance() && fromRun->verdict != QLatin1String("after-crash")) {
            double best = 0;
            QString bestCause;
            for (const CauseScore &c : run.causes())
                if ((c.id == QLatin1String("graceful-shutdown") || c.id == QLatin1String("pod-not-ready")
                     || c.id == QLatin1String("hpa-too-slow")) && c.score > best) {
                    best = c.score;
                    bestCause = c.id;
                }
            const PlaybookVerdict *v = run.playbook().step(QStringLiteral("deployments"))->verdict(fromRun->verdict);
            QVERIFY(v);
            if (best >= 0.3)
                QCOMPARE(v->cause, bestCause);
        }
    }

    // One family decision for step 2 and the verdict header (review: the header named the single
    // largest group, step 2 compared families: restart 300 against Killing 200 + rollout 150 gave
    // "sit on restarts" above "after-killing").
    void familyIsDecidedOnce()
    {
        MatchingResult m;
        const auto set = [&m](qint64 restart, qint64 oom, qint64 killing, qint64 rollout) {
            m.byKind = {restart, oom, killing, rollout};
        };
        set(0, 0, 0, 0);
        QCOMPARE(m.dominantFamily(), QString());
        QCOMPARE(m.mainGroup(), QString());
        set(300, 0, 200, 150);
        QCOMPARE(m.dominantFamily(), QStringLiteral("deployment"));
        QCOMPARE(m.mainGroup(), QStringLiteral("killing"));
        set(300, 100, 200, 150);
        QCOMPARE(m.dominantFamily(), QStringLiteral("crash"));
        QCOMPARE(m.mainGroup(), QStringLiteral("restart"));
        set(10, 90, 0, 60);
        QCOMPARE(m.mainGroup(), QStringLiteral("oomKill"));
        set(5, 5, 3, 7);
        QCOMPARE(m.dominantFamily(), QStringLiteral("deployment")); // a tie is a deployment's
        QCOMPARE(m.mainGroup(), QStringLiteral("rollout"));
    }

    // The header's three cases are step 2's: a few bursts unlikely by chance but not enough to
    // rule it out say so, with step 2's p-value, never "no more than chance" (graceful-shutdown and
    // oom-crash at once, seed 1: 3 bursts, p < 0.002, interval down to 0.9x).
    void headerSaysTooFewBurstsLikeStepTwo()
    {
        const auto b = causeBundle(QStringLiteral("graceful-shutdown+oom-crash"), 1, 30);
        QVERIFY(b);
        const Analysis a(*b->store, {});
        const MatchingResult &m = a.matching();
        QVERIFY2(!m.stats.tooFew && m.stats.pValue < 0.05 && !m.aboveChance(), qPrintable(m.stats.summary()));
        const PlaybookRun run(a);
        const VerdictSummary v = summarizeVerdict(a, run.causes());
        QVERIFY2(v.eventsSentence.contains(QLatin1String("too few to rule chance out")), qPrintable(v.eventsSentence));
        QVERIFY2(v.eventsSentence.contains(m.stats.pText()), qPrintable(v.eventsSentence));
        QVERIFY(!v.eventsSentence.contains(QLatin1String("no more than chance")));
        // The bursts that sit on the events, not every burst of the range (a steady background
        // makes many bursts of which few sit on an event).
        QVERIFY(m.stats.matchedBursts > 0 && m.stats.matchedBursts <= m.stats.bursts);
        // "1 burst of them sits", "3 bursts of them sit": the noun and the verb in the right number
        const QString bursts = m.stats.matchedBursts == 1 ? QStringLiteral("1 burst of them sits ")
                                                          : QString::number(m.stats.matchedBursts) + QStringLiteral(" bursts of them sit ");
        const QString stepBursts = m.stats.matchedBursts == 1 ? QStringLiteral("1 burst of 502s sits ")
                                                              : QString::number(m.stats.matchedBursts) + QStringLiteral(" bursts of 502s sit ");
        QVERIFY2(v.eventsSentence.startsWith(bursts), qPrintable(v.eventsSentence));
        bool stepSays = false;
        for (const EvidenceLine &l : run.step(QStringLiteral("deployments"))->evidence)
            stepSays |= l.text.contains(QLatin1String("cannot rule chance out")) && l.text.contains(m.stats.pText())
                        && l.text.startsWith(stepBursts);
        QVERIFY(stepSays);
    }

    // Step 2 on OOM kills: the 502s sit on the events, clearly above chance, but the events are
    // crashes, not deployments. Step 2 says so ("after-crash", the oom-crash cause), never "No tie
    // between the 502s and deployments" under a result that says they sit on the events, in the
    // panel and in the playbook run that the export and analyze read.
    void crashesAreNotNoTie()
    {
        const auto b = causeBundle(QStringLiteral("oom-crash"), 1, 40, QStringLiteral("nginx"));
        QVERIFY(b);
        AnalysisOptions opt;
        opt.matching.errors = MatchErrors::AllGateway;
        opt.matching.errorsChosen = true;
        const Analysis a(*b->store, opt);
        const MatchingResult &m = a.matching();
        QVERIFY2(m.aboveChance(), qPrintable(m.stats.summary()));
        QVERIFY(m.byGroup(QStringLiteral("oomKill")) > m.byGroup(QStringLiteral("killing")) + m.byGroup(QStringLiteral("rollout")));
        const PlaybookRun run(a);
        const StepResult *fromRun = run.step(QStringLiteral("deployments"));
        QVERIFY(fromRun);
        QCOMPARE(fromRun->verdict, QStringLiteral("after-crash"));
        const QList<PlaybookStepView> steps = buildPlaybookSteps(a, &run, {});
        const PlaybookStepView *step = deploymentsStepOf(steps);
        QVERIFY(step);
        QCOMPARE(step->suggested, QStringLiteral("after-crash"));
        const auto option = std::find_if(step->verdicts.cbegin(), step->verdicts.cend(),
                                         [](const PlaybookVerdictOption &v) { return v.id == QLatin1String("after-crash"); });
        QVERIFY(option != step->verdicts.cend());
        QVERIFY2(option->label.contains(QLatin1String("OOM kills")), qPrintable(option->label));
        // One count of the kills: the verdict's "sit on N OOM kills" and the evidence's "N OOM kills"
        // (a kill the node reports as OOMKilling and the pod status as OOMKilled is one).
        const VerdictSummary v = summarizeVerdict(a, run.causes());
        QCOMPARE(v.eventGroup, QStringLiteral("oomKill"));
        QVERIFY(v.eventCount > 0);
        const auto oom = std::find_if(run.causes().cbegin(), run.causes().cend(), [](const CauseScore &c) { return c.id == QLatin1String("oom-crash"); });
        QVERIFY(oom != run.causes().cend());
        bool counted = false;
        for (const EvidenceLine &l : oom->lines)
            counted |= l.text.startsWith(QStringLiteral("%1 OOM kills (").arg(v.eventCount))
                       && l.text.endsWith(QStringLiteral("%1 with 502s around them").arg(v.eventCount));
        QVERIFY2(counted, qPrintable(v.text()));
    }

    // Pictures of step 2 for looking at, not a check: only with GATELINE_SCREENSHOT_DIR set (run it
    // under Xvfb with QT_QPA_PLATFORM=xcb). The demo bundle by default (GATELINE_SCREENSHOT_BUNDLE).
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("GATELINE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("GATELINE_SCREENSHOT_DIR not set");
        const QString bundle = qEnvironmentVariable("GATELINE_SCREENSHOT_BUNDLE",
                                                    QStringLiteral(GATELINE_SOURCE_DIR "/resources/demo/gateline-demo-bundle.tar.gz"));
        for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
            MainWindow w;
            w.setAskBeforeDiscarding(false);
            w.resize(size);
            w.show();
            QVERIFY(uitestutil::load(w, {bundle}));
            w.playbook()->selectStep(QStringLiteral("deployments"));
            MatchingPanel *m = w.matching();
            m->errorsBox()->setCurrentIndex(2);
            QSignalSpy matched(w.session(), &InvestigationSession::matchingFinished);
            QTest::mouseClick(m->runButton(), Qt::LeftButton);
            QVERIFY(matched.wait(uitestutil::kJobWaitMs));
            QTest::qWait(300);
            QVERIFY(w.grab().save(QStringLiteral("%1/matching-%2x%3.png").arg(dir).arg(size.width()).arg(size.height())));
        }
    }
};

QTEST_MAIN(TstUiMatching)
#include "tst_ui_matching.moc"
