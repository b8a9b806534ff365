// Root-cause ranking on generated bundles: one bundle per cause, with varied names (seeds), ingress
// types, clock skew and noise; the top cause must be the one the bundle was generated for, and a
// bundle without a cause must leave every cause low.
//
// With GATELINE_CAUSE_SEEDS=N in the environment, the `accuracy` function sweeps N seeds per cause
// over the ingress kinds and prints a table (scripts/cause-accuracy.sh runs it).
#include "analysis/analysis.h"
#include "export/markdownexport.h"
#include "export/postmortem.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "testbundle.h"
#include "testutil.h"
#include "playbook/causeranker.h"
#include "playbook/evidence.h"
#include "playbook/playbookreport.h"
#include "playbook/playbookrun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

using namespace gateline;

namespace {

struct Outcome {
    QList<CauseScore> causes;
    QString error;
};

// dropFiles: leave out the generated files whose path contains this (e.g. the ALB logs).
Outcome rank(const GeneratorOptions &o, const QString &dropFiles = {})
{
    const auto b = testutil::generateBundle(o, dropFiles);
    return {b->causes, b->error};
}

GeneratorOptions options(const QString &cause, const QString &ingress, double skew, quint32 seed, double rps = 20,
                         int minutes = 30)
{
    GeneratorOptions o;
    o.requestsPerSecond = rps;
    o.durationMinutes = minutes;
    o.cause = cause;
    o.ingress = ingress;
    o.ingressSkewSeconds = skew;
    o.seed = seed;
    o.noise = true;
    o.threads = 1;
    return o;
}

// Both causes of a mixed bundle are named (primary and contributing), every named cause acts (a
// calibrated score of at least one half), and the shares and the unexplained rest sum to 100%.
void checkMixed(const QString &cause, const Outcome &r)
{
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const Diagnosis d = diagnose(r.causes);
    QStringList named = d.contributing;
    named << d.primary;
    for (const QString &part : cause.split(QLatin1Char('+')))
        QVERIFY2(named.contains(part), qPrintable(d.text() + QLatin1Char('\n') + causesToText(r.causes)));
    QVERIFY2(d.primaryShare > 0, qPrintable(d.text()));
    double sum = d.primaryShare + d.unexplainedShare;
    for (double share : d.contributingShares) {
        QVERIFY2(share > 0 && share <= d.primaryShare, qPrintable(d.text()));
        sum += share;
    }
    QVERIFY2(std::abs(sum - 1) < 1e-9, qPrintable(d.text()));
    QVERIFY(d.unexplainedShare >= 0 && d.unexplainedShare < 0.5);
    for (const CauseScore &c : r.causes)
        if (!c.role.isEmpty())
            QVERIFY2(c.score >= 0.5, qPrintable(causesToText(r.causes)));
    QVERIFY(causesToText(r.causes).contains(QStringLiteral("contributing")));
}

} // namespace

class TestCauses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void topCause_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<double>("skew");
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<QString>("drop");
        QTest::newRow("graceful-shutdown") << QStringLiteral("graceful-shutdown") << QStringLiteral("nginx") << 2.5 << 101u << QString();
        QTest::newRow("keepalive-mismatch") << QStringLiteral("keepalive-mismatch") << QStringLiteral("traefik") << -3.0 << 102u << QString();
        QTest::newRow("pod-not-ready") << QStringLiteral("pod-not-ready") << QStringLiteral("traefik-json") << 1.5 << 103u << QString();
        QTest::newRow("upstream-timeout") << QStringLiteral("upstream-timeout") << QStringLiteral("nginx") << -1.0 << 104u << QString();
        QTest::newRow("hpa-too-slow") << QStringLiteral("hpa-too-slow") << QStringLiteral("traefik") << 4.0 << 105u << QString();
        QTest::newRow("health-check-flapping") << QStringLiteral("health-check-flapping") << QStringLiteral("nginx") << -2.0 << 106u << QString();
        QTest::newRow("dns-failure") << QStringLiteral("dns-failure") << QStringLiteral("nginx") << 3.0 << 107u << QString();
        QTest::newRow("connection-pool-exhaustion") << QStringLiteral("connection-pool-exhaustion") << QStringLiteral("nginx") << 1.0 << 108u << QString();
        QTest::newRow("oom-crash") << QStringLiteral("oom-crash") << QStringLiteral("traefik-json") << 2.0 << 109u << QString();
        QTest::newRow("graceful-shutdown/no-ingress") << QStringLiteral("graceful-shutdown") << QStringLiteral("none") << 0.0 << 110u << QString();
        QTest::newRow("dns-failure/traefik") << QStringLiteral("dns-failure") << QStringLiteral("traefik-json") << -1.5 << 111u << QString();
        QTest::newRow("oom-crash/nginx") << QStringLiteral("oom-crash") << QStringLiteral("nginx") << 0.5 << 112u << QString();
        // Without the load balancer's logs: the ingress logs and Kubernetes data alone.
        QTest::newRow("graceful-shutdown/no-alb") << QStringLiteral("graceful-shutdown") << QStringLiteral("nginx") << 2.0 << 113u
                                                  << QStringLiteral("AWSLogs/");
        QTest::newRow("keepalive-mismatch/no-alb") << QStringLiteral("keepalive-mismatch") << QStringLiteral("traefik-json") << -2.0
                                                   << 114u << QStringLiteral("AWSLogs/");
    }

    void topCause()
    {
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QFETCH(double, skew);
        QFETCH(quint32, seed);
        QFETCH(QString, drop);
        const Outcome r = rank(options(cause, ingress, skew, seed), drop);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.causes.size(), causeIds().size());
        for (const CauseScore &c : r.causes)
            QVERIFY(c.score >= 0 && c.score <= 1);
        QVERIFY2(r.causes.first().id == cause, qPrintable(causesToText(r.causes)));
        QVERIFY2(r.causes.first().score >= 0.3, qPrintable(causesToText(r.causes)));
        // No two causes tie at the top without the report saying why.
        if (r.causes[0].score == r.causes[1].score)
            QVERIFY2(!r.causes[0].tieNote.isEmpty(), qPrintable(causesToText(r.causes)));
        // The primary cause is the top one, with its share of the 502s; shares and the rest add up.
        const Diagnosis d = diagnose(r.causes);
        QCOMPARE(d.primary, cause);
        QVERIFY(d.primaryShare > 0.2);
        double sum = d.primaryShare + d.unexplainedShare;
        for (double x : d.contributingShares)
            sum += x;
        if (d.unexplainedShare > 0)
            QVERIFY2(std::abs(sum - 1) < 1e-9, qPrintable(d.text()));
    }

    // Two causes at once: graceful-shutdown 502s during rollouts on top of a steady keep-alive
    // rate, and mixes where one cause's 502s far outnumber the other's (passive ejection makes
    // thousands, a rollout a few hundred) or hide its tie (a slow endpoint among rollout 502s).
    // Both are named (primary and contributing); each 502 goes to one cause, so the shares and the
    // unexplained remainder add up to 100%; the primary cause explains the most 502s.
    void mixedCauses_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<QString>("target");
        const QString ip = QStringLiteral("ip");
        QTest::newRow("graceful+keepalive/nginx") << QStringLiteral("graceful-shutdown+keepalive-mismatch") << QStringLiteral("nginx") << 301u << ip;
        QTest::newRow("oom+keepalive/traefik-json") << QStringLiteral("oom-crash+keepalive-mismatch") << QStringLiteral("traefik-json") << 302u << ip;
        QTest::newRow("ejection+graceful/nginx") << QStringLiteral("passive-ejection+graceful-shutdown") << QStringLiteral("nginx") << 303u << ip;
        QTest::newRow("timeout+graceful/nginx") << QStringLiteral("upstream-timeout+graceful-shutdown") << QStringLiteral("nginx") << 304u << ip;
        QTest::newRow("nodeport+oom/no-ingress") << QStringLiteral("nodeport-busy+oom-crash") << QStringLiteral("none") << 305u
                                                 << QStringLiteral("instance");
        QTest::newRow("pool+oom/nginx") << QStringLiteral("connection-pool-exhaustion+oom-crash") << QStringLiteral("nginx") << 306u << ip;
        QTest::newRow("hpa+keepalive/traefik") << QStringLiteral("hpa-too-slow+keepalive-mismatch") << QStringLiteral("traefik") << 307u << ip;
    }

    void mixedCauses()
    {
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QFETCH(quint32, seed);
        QFETCH(QString, target);
        GeneratorOptions o = options(cause, ingress, ingress == QLatin1String("none") ? 0.0 : 1.0, seed);
        o.albTargetType = target;
        checkMixed(cause, rank(o));
    }

    // Bundles of the accuracy study's draws (scripts/cause-accuracy.py, training seed 1301, --timings
    // extreme) that named one cause only before the fixes they stand for:
    //   - upstream-timeout's 502s are ones the slow app made itself: they are attributed with the
    //     others (they were left out, so upstream-timeout explained none next to a rollout's 502s);
    //   - a rollout's 502s on top of a dense steady keep-alive rate (the coincidence core took the
    //     background for one burst);
    //   - failed name lookups are the 502s with their own "could not be resolved" line (a window
    //     around those lines claimed the rollout's 502s of the same minutes too);
    //   - a keep-alive rate outside an HPA's high-load windows is judged on the minutes the load
    //     does not explain (the explained minutes read as "no 502s" and made it look uneven).
    void mixedCausesStudyDraws_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<double>("rps");
        QTest::addColumn<int>("minutes");
        QTest::addColumn<QString>("target");
        QTest::addColumn<double>("skew");
        QTest::addColumn<double>("replicaSkew");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("timeout+graceful: app-made 502s") << QStringLiteral("upstream-timeout+graceful-shutdown")
            << QStringLiteral("traefik-json") << QStringLiteral("kubectl-prefix") << 236.7 << 8 << QStringLiteral("instance")
            << -2.0 << 0.56 << 1264043606u;
        QTest::newRow("graceful+keepalive: steady background") << QStringLiteral("graceful-shutdown+keepalive-mismatch")
            << QStringLiteral("traefik-json") << QStringLiteral("files") << 202.9 << 9 << QStringLiteral("ip") << -2.41
            << 1.46 << 1870669233u;
        QTest::newRow("dns+graceful: lookups by request") << QStringLiteral("dns-failure+graceful-shutdown")
            << QStringLiteral("nginx") << QStringLiteral("docker-json") << 180.1 << 11 << QStringLiteral("instance") << 1.1
            << 0.51 << 1761130008u;
    }

    void mixedCausesStudyDraws()
    {
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QFETCH(QString, shape);
        QFETCH(double, rps);
        QFETCH(int, minutes);
        QFETCH(QString, target);
        QFETCH(double, skew);
        QFETCH(double, replicaSkew);
        QFETCH(quint32, seed);
        GeneratorOptions o = options(cause, ingress, skew, seed, rps, minutes);
        o.ingressShape = shape;
        o.albTargetType = target;
        o.replicaSkewSeconds = replicaSkew;
        o.wideTimings = false;
        o.extremeTimings = true;
        checkMixed(cause, rank(o));
    }

    // Without Kubernetes data the causes that need it say "cannot tell" with what to load.
    void cannotTellWithoutEvents()
    {
        const Outcome r = rank(options(QStringLiteral("graceful-shutdown"), QStringLiteral("traefik"), 0.0, 121u),
                               QStringLiteral("k8s/"));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        int cannot = 0;
        for (const CauseScore &c : r.causes) {
            if (c.id == QLatin1String("pod-not-ready") || c.id == QLatin1String("oom-crash")
                || c.id == QLatin1String("health-check-flapping")) {
                QVERIFY2(c.cannotTell, qPrintable(c.id));
                QVERIFY(c.evidence.first().startsWith(QLatin1String("cannot tell: load Kubernetes events")));
            }
            cannot += c.cannotTell;
        }
        QVERIFY(cannot >= 3);
        const QJsonArray json = causesToJson(r.causes);
        bool sawStatus = false;
        for (const QJsonValue &v : json)
            sawStatus = sawStatus || v.toObject().value(QLatin1String("status")).toString() == QLatin1String("cannot-tell");
        QVERIFY(sawStatus);
    }

    // A verdict the data scores near 0 while another cause is strong: the postmortem says so.
    void overrideAgainstTheData()
    {
        const auto b = testutil::generateBundle(options(QStringLiteral("graceful-shutdown"), QStringLiteral("nginx"), 1.0, 101u));
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Analysis &analysis = *b->analysis;
        const PlaybookRun run(analysis);
        QCOMPARE(run.causes().first().id, QStringLiteral("graceful-shutdown"));
        QVERIFY(overrideWarning(run.causes(), QStringLiteral("graceful-shutdown")).isEmpty());
        const QString w = overrideWarning(run.causes(), QStringLiteral("dns-failure"));
        QVERIFY2(w.startsWith(QLatin1String("accepted by the investigator against the data (score 0.0")), qPrintable(w));
        QVERIFY2(w.contains(QLatin1String("the data favours graceful-shutdown at 0.")), qPrintable(w));
        const QList<SavedVerdict> saved = {{QStringLiteral("dns"), QStringLiteral("dns-failing"), true, {}}};
        const QString md = postmortemMarkdown(makePostmortemInput(analysis, run, {}, saved));
        QVERIFY2(md.contains(QLatin1String("against the data")), qPrintable(md));
        QVERIFY(md.contains(w.left(40)));
    }

    // Real samples five years apart (the ALB corpus): the bins widen instead of growing to
    // millions, and every cause is still ranked.
    void yearsOfSpanStayBounded()
    {
        const EventStore store = BundleLoader().load({testutil::dataPath(QStringLiteral("corpus/alb"))});
        const Analysis analysis(store, AnalysisOptions{});
        const Evidence evidence(analysis);
        const ErrorSeries &series = evidence.series();
        QVERIFY(series.toUs() - series.fromUs() > qint64(365) * 86400 * 1000000);
        QVERIFY(series.binUs() > ErrorSeries::kBinUs);
        QCOMPARE(series.binUs() % ErrorSeries::kBinUs, 0);
        QVERIFY(qint64(series.requestBins().size()) <= ErrorSeries::kMaxBins + 1);
        QCOMPARE(series.requestBins().size(), series.errorBins().size());
        double requests = 0;
        for (double b : series.requestBins())
            requests += b;
        QCOMPARE(qint64(requests), series.requests());
        QCOMPARE(rankCauses(evidence).size(), causeIds().size());
    }

    void noCause_data()
    {
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("nginx") << QStringLiteral("nginx") << 201u;
        QTest::newRow("traefik") << QStringLiteral("traefik") << 202u;
    }

    void noCause()
    {
        QFETCH(QString, ingress);
        QFETCH(quint32, seed);
        const Outcome r = rank(options(QStringLiteral("none"), ingress, 1.0, seed));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.causes.size(), causeIds().size());
        QVERIFY2(r.causes.first().score < 0.5, qPrintable(causesToText(r.causes)));
    }
};

QTEST_GUILESS_MAIN(TestCauses)
#include "tst_causes.moc"
