// The matching step's panel: the error-kind selector (missing-upstream / ingress-made / all gateway
// 502s) reaches the analysis, and the panel shows the one statistical core's effect size, interval
// and "too few to tell" with the same words and numbers as `gateline analyze` (text and JSON) and
// the postmortem draft.
#include "export/postmortem.h"
#include "matchingpanel.h"
#include "playbook/playbookrun.h"
#include "playbooksteps.h"
#include "playbookview.h"
#include "report/jsonreport.h"
#include "report/textreport.h"
#include "testbundle.h"
#include "uitestutil.h"

#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
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
            QVERIFY(matched.wait(30000));
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

    // Step 2 on two bursts: every ingress-made 502 of a 30-minute rollout bundle sits on its two
    // rollouts (p = 0.008), but two bursts cannot rule chance out (the interval reaches below 1x).
    // No suggestion, and the evidence says why; never "not correlated".
    void fewBurstsGetNoSuggestion()
    {
        GeneratorOptions o;
        o.cause = QStringLiteral("graceful-shutdown");
        o.ingress = QStringLiteral("nginx");
        o.seed = 5;
        o.durationMinutes = 30;
        const auto b = testutil::generateBundle(o);
        QVERIFY2(b && b->error.isEmpty(), b ? qPrintable(b->error) : "no bundle");
        AnalysisOptions opt;
        opt.matching.errors = MatchErrors::IngressMade;
        const Analysis a(*b->store, opt);
        const MatchingResult &m = a.matching();
        QVERIFY2(!m.stats.tooFew && m.stats.pValue < 0.05 && !m.aboveChance(), qPrintable(m.stats.summary()));
        const QList<PlaybookStepView> steps = buildPlaybookSteps(a, nullptr, {});
        const auto step = std::find_if(steps.cbegin(), steps.cend(), [](const PlaybookStepView &s) { return s.id == QLatin1String("deployments"); });
        QVERIFY(step != steps.cend());
        QVERIFY2(step->suggested.isEmpty(), qPrintable(step->suggested));
        bool said = false;
        for (const PlaybookEvidenceView &e : step->evidence)
            said |= e.text.contains(QLatin1String("cannot rule chance out"));
        QVERIFY(said);
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
            QVERIFY(matched.wait(30000));
            QTest::qWait(300);
            QVERIFY(w.grab().save(QStringLiteral("%1/matching-%2x%3.png").arg(dir).arg(size.width()).arg(size.height())));
        }
    }
};

QTEST_MAIN(TstUiMatching)
#include "tst_ui_matching.moc"
