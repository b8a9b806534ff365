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
#include "report/verdictsummary.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
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

// The columns of a *StudyDraws_data table.
static void studyDrawColumns()
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
}

// The generator options of an accuracy study draw, from the row of a *StudyDraws_data table
// (cause, ingress, shape, rps, minutes, target, skew, replicaSkew, seed), as
// scripts/cause-accuracy.py draws them.
static GeneratorOptions studyDraw()
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
    return testutil::StudyDraw{cause, ingress, shape, rps, minutes, target, skew, replicaSkew, seed}.options();
}

class TestCauses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A failure rate that is the same for every request is no load cause, however the traffic
    // varies: 30 minutes at 4 requests/s then 30 at 16/s, or an hour rising from 1/s to 20/s, every
    // 300th request a 502 whose target never answered. Under high load sit 80% of the step's
    // requests and so 80% of its 502s: no tie to load (against the time's share, 50%, it named
    // connection-pool-exhaustion primary).
    void steadyFailureRateUnderRisingTrafficIsNoLoadCause_data()
    {
        QTest::addColumn<bool>("ramp");
        QTest::addColumn<double>("requestShare");
        QTest::newRow("step 4/s to 16/s") << false << 0.8;
        QTest::newRow("ramp 1/s to 20/s") << true << 0.0;
    }

    void steadyFailureRateUnderRisingTrafficIsNoLoadCause()
    {
        QFETCH(bool, ramp);
        QFETCH(double, requestShare);
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("alb.log")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        const qint64 t0 = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::UTC).toMSecsSinceEpoch();
        qint64 n = 0;
        for (int second = 0; second < 3600; ++second) {
            const int perSecond = ramp ? 1 + second * 19 / 3599 : (second < 1800 ? 4 : 16);
            for (int k = 0; k < perSecond; ++k, ++n) {
                const QByteArray t = QDateTime::fromMSecsSinceEpoch(t0 + second * 1000 + k * 1000 / perSecond, QTimeZone::UTC)
                                         .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz000Z")).toLatin1();
                const bool fail = n % 300 == 299;
                f.write("https " + t + " app/my-alb/abc 192.0.2.10:40000 " + (fail ? "-" : "10.0.3.8:8080")
                        + (fail ? " -1 -1 -1 502 - 0 272" : " 0.000 0.030 0.000 200 200 100 200")
                        + " \"GET https://example.com:443/api/x HTTP/1.1\" \"curl/8\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
                          "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/abc \"-\" \"example.com\" \"-\" 0 "
                        + t + " \"forward\" \"-\" \"-\" \"" + (fail ? "-" : "10.0.3.8:8080") + "\" \"" + (fail ? "-" : "200")
                        + "\" \"-\" \"-\"\n");
            }
        }
        f.close();
        const EventStore store = BundleLoader().load({dir.path()});
        const Analysis a(store, {});
        QCOMPARE(a.counts().status502, n / 300);
        QVERIFY(n / 300 >= 80);
        const Evidence e(a);
        const LoadFeatures &load = e.load();
        QVERIFY2(load.spike(), qPrintable(QString::number(load.peakToBaseline)));
        if (requestShare > 0)
            QVERIFY2(std::abs(load.highLoadRequestShare - requestShare) < 0.05, qPrintable(QString::number(load.highLoadRequestShare)));
        QVERIFY2(load.loadTie() < 0.1, qPrintable(QString::number(load.loadTie())));
        const QList<CauseScore> causes = rankCauses(a);
        for (const CauseScore &c : causes)
            if (c.id == QLatin1String("connection-pool-exhaustion") || c.id == QLatin1String("hpa-too-slow")
                || c.id == QLatin1String("nodeport-busy"))
                QVERIFY2(c.role.isEmpty() && c.score < 0.3, qPrintable(c.id + QLatin1Char(' ') + QString::number(c.score)));
    }

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
        studyDrawColumns();
        QTest::newRow("timeout+graceful: app-made 502s") << QStringLiteral("upstream-timeout+graceful-shutdown")
            << QStringLiteral("traefik-json") << QStringLiteral("kubectl-prefix") << 236.7 << 8 << QStringLiteral("instance")
            << -2.0 << 0.56 << 1264043606u;
        QTest::newRow("graceful+keepalive: steady background") << QStringLiteral("graceful-shutdown+keepalive-mismatch")
            << QStringLiteral("traefik-json") << QStringLiteral("files") << 202.9 << 9 << QStringLiteral("ip") << -2.41
            << 1.46 << 1870669233u;
        QTest::newRow("dns+graceful: lookups by request") << QStringLiteral("dns-failure+graceful-shutdown")
            << QStringLiteral("nginx") << QStringLiteral("docker-json") << 180.1 << 11 << QStringLiteral("instance") << 1.1
            << 0.51 << 1761130008u;
        // Traefik writes a failed lookup in its own line ("'502 Bad Gateway' caused by: dial tcp:
        // lookup NAME on 172.20.0.10:53: server misbehaving", or "... i/o timeout"), never in an
        // NGINX error log: those lines were no evidence, and a lookup timeout read as an upstream
        // timeout (training seeds 1302 and 2004).
        QTest::newRow("dns+graceful/traefik: lookups in Traefik's own lines") << QStringLiteral("dns-failure+graceful-shutdown")
            << QStringLiteral("traefik") << QStringLiteral("loki-logcli") << 60.7 << 32 << QStringLiteral("ip") << 2.56
            << 1.22 << 296253081u;
        QTest::newRow("dns+graceful/traefik-json: lookups in Traefik's own lines") << QStringLiteral("dns-failure+graceful-shutdown")
            << QStringLiteral("traefik-json") << QStringLiteral("cri") << 149.2 << 13 << QStringLiteral("ip") << 1.53
            << 2.9 << 1521443862u;
        // Every 502 the proxies made is the other cause's; the slow endpoint's own errors (the
        // app's 502s, the 504s) were never tested apart from them (study seed 1306).
        QTest::newRow("timeout+graceful: every proxy 502 claimed") << QStringLiteral("upstream-timeout+graceful-shutdown")
            << QStringLiteral("traefik-json") << QStringLiteral("cri") << 15.7 << 14 << QStringLiteral("instance") << -1.56
            << 1.72 << 172691340u;
        QTest::newRow("flapping+timeout: every proxy 502 claimed") << QStringLiteral("health-check-flapping+upstream-timeout")
            << QStringLiteral("traefik-json") << QStringLiteral("docker-json") << 179.3 << 11 << QStringLiteral("ip") << -1.61
            << 1.36 << 820027004u;
        // A keep-alive race next to another cause is judged on the 502s closed on their request too
        // (keepalivecause.h): under a spike its Traefik "caused by: EOF" 502s (3,290 of 52,758); with
        // no ingress log the load balancer's own (target "-") among the OOM kills', the new pods',
        // the rollout's (study seeds 1310 and 1311, where it was never named).
        QTest::newRow("hpa+keepalive/traefik: EOF lines under the spike") << QStringLiteral("hpa-too-slow+keepalive-mismatch")
            << QStringLiteral("traefik") << QStringLiteral("kubectl-prefix") << 276.4 << 7 << QStringLiteral("ip") << -1.83
            << 1.35 << 560315796u;
        QTest::newRow("oom+keepalive/no ingress log: the ALB's own") << QStringLiteral("oom-crash+keepalive-mismatch")
            << QStringLiteral("none") << QStringLiteral("kubectl-timestamps") << 22.5 << 32 << QStringLiteral("ip") << 0.0
            << 0.13 << 897432246u;
        QTest::newRow("pod-not-ready+keepalive/no ingress log") << QStringLiteral("pod-not-ready+keepalive-mismatch")
            << QStringLiteral("none") << QStringLiteral("files") << 9.1 << 57 << QStringLiteral("ip") << 0.0 << 2.29
            << 544113122u;
        // The 502s closed on their request are joined one line to one request, on the same server
        // (tst_closedrequests): before, the spike's refused connects each took another request's
        // "prematurely closed" line, and keep-alive claimed 77% of the 502s, hpa-too-slow none
        // (training study seed 2004).
        QTest::newRow("hpa+keepalive/nginx: refused connects are not closes") << QStringLiteral("hpa-too-slow+keepalive-mismatch")
            << QStringLiteral("nginx") << QStringLiteral("loki-logcli") << 58.0 << 26 << QStringLiteral("instance") << 3.43
            << 0.2 << 1528438122u;
        QTest::newRow("graceful+keepalive/nginx: premature closes off the rollout") << QStringLiteral("graceful-shutdown+keepalive-mismatch")
            << QStringLiteral("nginx") << QStringLiteral("stern-color") << 390.0 << 5 << QStringLiteral("instance") << -3.99
            << 1.61 << 189527516u;
    }

    void mixedCausesStudyDraws()
    {
        QFETCH(QString, cause);
        const GeneratorOptions o = studyDraw();
        checkMixed(cause, rank(o));
    }

    // Single-cause bundles of the accuracy study's draws (scripts/cause-accuracy.py --timings extreme;
    // the reproduce line of --verbose) that named no cause or the wrong one before the fixes they
    // stand for; the generated cause must be the primary one:
    //   - a pool running out under a load that lasts most of the range (the median load was the
    //     high load itself, so nothing was "high");
    //   - one rollout's one burst in a 5-minute range (one coincidence: the timing cannot rule
    //     chance out; the failed servers, answered until the Killing and never after, can);
    //   - equal idle timers at a low request rate (a few seconds' idle is common there, so the
    //     effect of "every failure at one idle time" could not reach the ramp's 20x).
    // All from held-out study seed 1303.
    void singleCauseStudyDraws_data()
    {
        studyDrawColumns();
        QTest::newRow("pool: high load most of the range") << QStringLiteral("connection-pool-exhaustion")
            << QStringLiteral("nginx") << QStringLiteral("stern-color") << 147.7 << 13 << QStringLiteral("instance")
            << 2.51 << 1.41 << 1728298846u;
        QTest::newRow("graceful: one rollout fills 5 minutes") << QStringLiteral("graceful-shutdown")
            << QStringLiteral("nginx") << QStringLiteral("loki-logcli") << 440.1 << 5 << QStringLiteral("ip")
            << 1.3 << 2.52 << 127966308u;
        // Training seed 1301: Traefik JSON names its servers by URL ("http://10.0.0.7:3000") and the
        // burst lasted 3 s past the last answer: the servers' record must read both.
        QTest::newRow("graceful: Traefik JSON, one burst in 9 minutes") << QStringLiteral("graceful-shutdown")
            << QStringLiteral("traefik-json") << QStringLiteral("files") << 202.9 << 9 << QStringLiteral("ip")
            << -2.41 << 1.46 << 1870669233u;
        QTest::newRow("idle race at 3.6 requests/s") << QStringLiteral("idle-timer-race")
            << QStringLiteral("nginx") << QStringLiteral("loki-logcli") << 3.6 << 18 << QStringLiteral("ip")
            << -3.31 << 2.25 << 1371485168u;
        QTest::newRow("idle race at 6.8 requests/s") << QStringLiteral("idle-timer-race")
            << QStringLiteral("nginx") << QStringLiteral("loki-logcli") << 6.8 << 22 << QStringLiteral("instance")
            << 4.47 << 1.66 << 479477748u;
        // Study seed 1311: ALB straight to the pods' ingress with no ingress log; 270 of the 1,612
        // 502s the load balancer's own (keepaliveFromTheLoadBalancer).
        QTest::newRow("keepalive: no ingress log, 250 requests/s") << QStringLiteral("keepalive-mismatch")
            << QStringLiteral("none") << QStringLiteral("files") << 249.9 << 8 << QStringLiteral("ip")
            << 0.0 << 2.84 << 824474747u;
    }

    void singleCauseStudyDraws()
    {
        QFETCH(QString, cause);
        const GeneratorOptions o = studyDraw();
        const Outcome r = rank(o);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const Diagnosis d = diagnose(r.causes);
        QVERIFY2(d.primary == cause, qPrintable(d.text() + QLatin1Char('\n') + causesToText(r.causes)));
    }

    // The generator's truth per cause (truth.json's cause502By, what the accuracy study judges a
    // mixed bundle's second cause on): the 502s each cause made add up to the causes' 502s, a mixed
    // bundle has both causes' own (pods stopped without draining, keep-alive races), and a
    // single-cause bundle only its own.
    void truthPerCause()
    {
        const auto mixed = testutil::generateBundle(options(QStringLiteral("graceful-shutdown+keepalive-mismatch"),
                                                            QStringLiteral("nginx"), 1.0, 301u));
        QVERIFY2(mixed->error.isEmpty(), qPrintable(mixed->error));
        qint64 sum = 0;
        for (qint64 v : mixed->truth.cause502By)
            sum += v;
        QCOMPARE(sum, mixed->truth.cause502);
        // Every cause-made 502 has a mechanism: none is left unlabelled.
        QVERIFY(!mixed->truth.cause502By.contains(QStringLiteral("none")));
        QVERIFY(!mixed->truth.cause502By.contains(QString()));
        QVERIFY2(mixed->truth.cause502By.value(QStringLiteral("pod")) >= 5, qPrintable(QString::number(mixed->truth.cause502By.value(QStringLiteral("pod")))));
        QVERIFY(mixed->truth.cause502By.value(QStringLiteral("keepalive")) >= 5);
        const auto single = testutil::generateBundle(options(QStringLiteral("keepalive-mismatch"), QStringLiteral("nginx"), 1.0, 131u));
        QVERIFY2(single->error.isEmpty(), qPrintable(single->error));
        QVERIFY(single->truth.cause502 > 0);
        QCOMPARE(single->truth.cause502By.keys(), QStringList{QStringLiteral("keepalive")});
        QVERIFY(single->truth.toJson().value(QLatin1String("counts")).toObject().contains(QLatin1String("cause502By")));
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

    // keepalive-mismatch without the proxy's logs: its own evidence (resets, premature closes) cannot
    // exist, and the steady 502s the load balancer logs with a target status (the ingress answered
    // 502) cannot be told from the app's own, so its support stays below one half. It says "cannot
    // tell: load the ingress error logs" instead of a low score (Kubernetes events used to count as
    // enough: it read 0.25). With the ingress logs the same bundle names it. (At 4 requests/s the
    // load balancer's own 502s, the ones it can tell, are 6: too few; keepaliveFromTheLoadBalancer.)
    void keepaliveCannotTellWithoutProxyLogs()
    {
        const GeneratorOptions o = options(QStringLiteral("keepalive-mismatch"), QStringLiteral("nginx"), 1.0, 131u, 4);
        const auto with = testutil::generateBundle(o);
        QVERIFY2(with->error.isEmpty(), qPrintable(with->error));
        const CauseScore *named = with->cause(QStringLiteral("keepalive-mismatch"));
        QVERIFY(named);
        QVERIFY2(!named->cannotTell && named->role == QLatin1String("primary"), qPrintable(with->text()));
        const auto without = testutil::generateBundle(o, QStringLiteral("ingress-nginx/"));
        QVERIFY2(without->error.isEmpty(), qPrintable(without->error));
        const CauseScore *k = without->cause(QStringLiteral("keepalive-mismatch"));
        QVERIFY(k);
        QVERIFY2(k->support < 0.5, qPrintable(without->text()));
        QVERIFY2(k->cannotTell, qPrintable(without->text()));
        QVERIFY2(k->evidence.first().startsWith(QLatin1String("cannot tell: load the ingress error logs")),
                 qPrintable(k->evidence.join(QLatin1Char('\n'))));
        QVERIFY(k->role.isEmpty());
        QCOMPARE(shownScore(*k), QStringLiteral("cannot tell"));
        // Every place says so: the verdict line, the postmortem (its "points most to", category,
        // contributing factors and ranked causes) never name a cause that cannot tell, whatever
        // its score (0.44 here: above the 0.3 from which a cause is named).
        const PlaybookRun run(*without->analysis);
        // Step 4 (keep-alive) suggests neither "a mismatch fits the data" nor "no mismatch": it
        // cannot tell, and its evidence says what to load.
        const StepResult *keepalive = run.step(QStringLiteral("keepalive"));
        QVERIFY(keepalive);
        QVERIFY2(keepalive->undecided && keepalive->verdict.isEmpty(), qPrintable(keepalive->verdict));
        bool says = false;
        for (const EvidenceLine &l : keepalive->evidence)
            says |= l.text.startsWith(QLatin1String("cannot tell: load the ingress error logs"));
        QVERIFY(says);
        const VerdictSummary v = summarizeVerdict(*without->analysis, run.causes());
        QVERIFY2(!v.primary || v.primary->id != QLatin1String("keepalive-mismatch"), qPrintable(v.causeSentence));
        for (const VerdictSummary::Cause &c : v.contributing)
            QVERIFY(c.id != QLatin1String("keepalive-mismatch"));
        QVERIFY2(!v.causeSentence.contains(QLatin1String("Keep-alive")), qPrintable(v.causeSentence));
        const PostmortemInput input = makePostmortemInput(*without->analysis, run);
        const QString md = postmortemMarkdown(input);
        QVERIFY2(!md.contains(QLatin1String("points most to: Keep-alive")), qPrintable(md));
        QVERIFY2(!md.contains(QLatin1String("Intermittent HTTP 502s: Keep-alive")), qPrintable(md));
        QVERIFY2(!md.contains(QLatin1String("Keep-alive timeout mismatch (score")), qPrintable(md));
        bool ranked = false; // the HTML report's ranked causes
        for (const PostmortemLine &l : buildPostmortem(input).rankedCauses)
            ranked = ranked || l.text == QLatin1String("Keep-alive timeout mismatch (cannot tell)");
        QVERIFY(ranked);
    }

    // A verdict the data scores near 0 while another cause is strong: the postmortem says so.
    // The load balancer's own 502s (its target never answered: target status "-") are a keep-alive
    // race's record where no proxy log is loaded: at 20 requests/s the same bundle without the
    // ingress logs has 35 of them, steady over the 30 minutes, tied to no event and no load. They
    // name the cause on their own (their support was left below one half with the 200 502s whose
    // maker cannot be told; study seed 1311's draw at 250 requests/s named nothing).
    void keepaliveFromTheLoadBalancer()
    {
        const GeneratorOptions o = options(QStringLiteral("keepalive-mismatch"), QStringLiteral("nginx"), 1.0, 131u);
        const auto without = testutil::generateBundle(o, QStringLiteral("ingress-nginx/"));
        QVERIFY2(without->error.isEmpty(), qPrintable(without->error));
        const CauseScore *k = without->cause(QStringLiteral("keepalive-mismatch"));
        QVERIFY(k);
        QVERIFY2(!k->cannotTell && k->support >= 0.5 && k->role == QLatin1String("primary"), qPrintable(without->text()));
        QVERIFY2(k->evidence.first().contains(QLatin1String("were closed on their request")), qPrintable(k->evidence.join(QLatin1Char('\n'))));
    }

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
