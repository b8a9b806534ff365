// The playbook's branches beyond the nine table rows (issue 12 item 5): each is the top cause on
// its own generated bundle (with its evidence and the playbook's fix), and is not named on the
// bundles of the other causes.
#include "testbundle.h"
#include "testutil.h"

#include "analysis/analysis.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "playbook/branchcauses.h"
#include "playbook/causeranker.h"
#include "playbook/evidence.h"
#include "playbook/playbook.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace gateline;

namespace {

GeneratorOptions options(const QString &cause, quint32 seed, double rps = 20)
{
    GeneratorOptions o;
    o.cause = cause;
    o.seed = seed;
    o.requestsPerSecond = rps;
    o.durationMinutes = 30;
    o.threads = 1;
    if (cause == QLatin1String("nodeport-busy")) {
        o.ingress = QStringLiteral("none");
        o.albTargetType = QStringLiteral("instance");
    }
    return o;
}

} // namespace

class TestBranches : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void playbookHasTheBranches()
    {
        const Playbook &pb = Playbook::builtin();
        for (const QString &id : branchCauseIds()) {
            const PlaybookCause *c = pb.cause(id);
            QVERIFY2(c, qPrintable(id));
            QVERIFY(!c->fixes.isEmpty());
            QVERIFY(!c->indicator.isEmpty());
            QVERIFY(causeIds().contains(id));
            QVERIFY(GeneratorOptions::causes().contains(id));
        }
    }

    void portRange()
    {
        QCOMPARE(portOf(u"10.0.3.7:31380"), 31380);
        QCOMPARE(portOf(u"10.0.3.7"), 0);
        QCOMPARE(portOf(u"[2001:db8::1]"), 0);
        QVERIFY(isNodePort(30000) && isNodePort(32767));
        QVERIFY(!isNodePort(29999) && !isNodePort(32768) && !isNodePort(80) && !isNodePort(8080));
    }

    // Each branch is the top cause and the primary one on its own bundle, at two seeds.
    void diagnosedOnItsBundle_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<double>("rps");
        QTest::addColumn<QString>("evidence");
        for (quint32 seed : {3u, 41u}) {
            QTest::addRow("nodeport-busy/%u", seed) << QStringLiteral("nodeport-busy") << seed << 20.0 << QStringLiteral("to a NodePort target");
            QTest::addRow("no-ready-backend/%u", seed) << QStringLiteral("no-ready-backend") << seed << 20.0 << QStringLiteral("failed_to_pick_backend");
            QTest::addRow("passive-ejection/%u", seed) << QStringLiteral("passive-ejection") << seed << 20.0 << QStringLiteral("no live upstreams");
            QTest::addRow("idle-timer-race/%u", seed) << QStringLiteral("idle-timer-race") << seed << 8.0 << QStringLiteral("reused a connection idle for");
        }
    }

    void diagnosedOnItsBundle()
    {
        QFETCH(QString, cause);
        QFETCH(quint32, seed);
        QFETCH(double, rps);
        QFETCH(QString, evidence);
        const auto b = testutil::generateBundle(options(cause, seed, rps));
        const testutil::GeneratedBundle &r = *b;
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.causes.size(), causeIds().size());
        QVERIFY2(r.causes.first().id == cause, qPrintable(r.text()));
        QVERIFY2(r.causes.first().score >= 0.6, qPrintable(r.text()));
        QCOMPARE(r.causes.first().role, QStringLiteral("primary"));
        QVERIFY2(r.causes.first().evidence.join(QLatin1Char('\n')).contains(evidence),
                 qPrintable(r.causes.first().evidence.join(QLatin1Char('\n'))));
        if (cause == QLatin1String("no-ready-backend")) {
            // GKE: the GCP load balancer's log, no ALB, no ingress.
            QVERIFY(r.truth.files.filter(QStringLiteral("gcp-lb/requests/")).size() >= 1);
            QVERIFY(r.truth.files.filter(QStringLiteral("AWSLogs/")).isEmpty());
            QVERIFY(r.truth.files.filter(QStringLiteral("ingress")).isEmpty());
        }
    }

    // The GKE bundle's GCP load balancer log reads whole, with the truth's counts.
    void gcpBundleParsesWithTruthCounts()
    {
        const auto b = testutil::generateBundle(options(QStringLiteral("no-ready-backend"), 5u));
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const EventStore &store = *b->store;
        const GeneratorTruth &truth = b->truth;
        qint64 records = 0, rejected = 0, s502 = 0, noBackend = 0;
        int gcpSources = 0;
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceData &s = store.source(SourceId{int(id)});
            if (s.format != SourceFormat::GcpLb)
                continue;
            ++gcpSources;
            records += s.size();
            rejected += s.rejected.total;
            for (qsizetype i = 0; i < s.size(); ++i) {
                s502 += s.status(i) == 502;
                noBackend += s.bytes(SourceData::Reason, i) == "failed_to_pick_backend";
            }
        }
        QVERIFY(gcpSources >= 1);
        QCOMPARE(rejected, 0);
        QCOMPARE(records, truth.requests);
        QCOMPARE(s502, truth.status502);
        QVERIFY(noBackend > 0 && noBackend <= s502);
    }

    // On the other causes' bundles no branch is the primary cause, nor scores as if acting.
    // The equal-timers race is decided by a test, not by fixed effect sizes: most failed attempts at
    // one idle time AND more of them there than chance puts there when failing does not depend on
    // the idle time (binomial against the share of all requests' idle times in the band, times the
    // bands the densest was picked among). Columns: failed attempts with an idle time, share of
    // them in the densest band, share of all requests there, bands, a race?
    void idleRaceIsATest_data()
    {
        QTest::addColumn<qint64>("samples");
        QTest::addColumn<double>("share");
        QTest::addColumn<double>("base");
        QTest::addColumn<int>("bands");
        QTest::addColumn<bool>("race");
        QTest::newRow("one idle time, rare among requests") << qint64(20) << 0.9 << 0.02 << 10 << true;
        // 28 of 40 where 12 are expected: a clear race the old fixed rule refused (2.3x, under the
        // 3.2x it asked for when a band holds 30% of the requests)
        QTest::newRow("crowded band, far above it") << qint64(40) << 0.7 << 0.3 << 5 << true;
        // failures spread like the requests at a low request rate: half of them in the band that
        // holds half of the requests is chance
        QTest::newRow("spread like the requests") << qint64(40) << 0.55 << 0.5 << 5 << false;
        QTest::newRow("too few") << qint64(4) << 1.0 << 0.01 << 1 << false;
        QTest::newRow("three of five, not most") << qint64(5) << 0.6 << 0.2 << 10 << false;
        QTest::newRow("a minority at one time") << qint64(100) << 0.4 << 0.01 << 10 << false;
    }

    void idleRaceIsATest()
    {
        QFETCH(qint64, samples);
        QFETCH(double, share);
        QFETCH(double, base);
        QFETCH(int, bands);
        QFETCH(bool, race);
        BranchFeatures f;
        f.idleSamples = samples;
        f.idleModeSeconds = 60;
        f.idleModeShare = share;
        f.idleBaseShare = base;
        f.idleEffect = share / base;
        f.idleBands = bands;
        QCOMPARE(f.idleRace(), race);
        // no race, no strength: a minority at one time far above chance included
        QCOMPARE(f.idleRaceStrength() > 0, race);
        if (!f.idleRace())
            QCOMPARE(f.idleRaceStrength(), 0.0);
    }

    // The bands the densest one is picked among are the bands that hold a failure, not the span of
    // the idle times: 12 of 20 failures at 60 s idle where a quarter of all requests are (p 0.00094
    // in one band) stay a race next to one failure after an hour's idle (10 occupied bands, not
    // 1,800), and a gap of 300 years (untrusted timestamps) is one more band, no overflow.
    void idleRaceBandsAreTheOccupiedOnes_data()
    {
        QTest::addColumn<double>("longGap");
        QTest::newRow("an hour") << 3600.0;
        QTest::newRow("300 years") << 300 * 365.25 * 86400;
    }

    void idleRaceBandsAreTheOccupiedOnes()
    {
        QFETCH(double, longGap);
        std::vector<double> failed, all;
        for (int k = 0; k < 12; ++k)
            failed.push_back(60 + 0.1 * k); // two bands from 1 s: [59, 61) and [61, 63)
        for (int k = 1; k <= 7; ++k)
            failed.push_back(5.0 * k); // seven more bands
        failed.push_back(longGap);     // and one
        all = failed;
        all.insert(all.end(), 38, 60.5); // 50 of 200 requests in [60, 62]
        all.insert(all.end(), 142, 3.0);
        BranchFeatures f;
        findIdleMode(f, failed, all);
        QCOMPARE(f.idleSamples, qint64(20));
        QCOMPARE(f.idleModeSeconds, 60.0);
        QCOMPARE(f.idleModeShare, 0.6);
        QCOMPARE(f.idleBaseShare, 0.25);
        QCOMPARE(f.idleBands, 10);
        QVERIFY2(std::isfinite(f.idlePValue()) && f.idlePValue() < 0.05, qPrintable(QString::number(f.idlePValue())));
        QVERIFY(f.idleRace());
        QVERIFY(f.idleRaceStrength() > 0);
        // without the long gap: one band fewer, the same race
        failed.pop_back();
        BranchFeatures without;
        findIdleMode(without, failed, all);
        QCOMPARE(without.idleBands, 9);
        QVERIFY(without.idleRace());
        // failures all in one band: one band, however wide the span of all requests
        BranchFeatures one;
        findIdleMode(one, std::vector<double>(12, 60.0), all);
        QCOMPARE(one.idleBands, 1);
    }

    // The p-value is the binomial upper tail times the bands: all 10 failures in a band that holds
    // half of the requests is 0.5^10, in one of 3 bands three times that; the strength grows with
    // the evidence (more failures at the same shares).
    void idleRacePValue()
    {
        BranchFeatures f;
        f.idleSamples = 10;
        f.idleModeSeconds = 5;
        f.idleModeShare = 1;
        f.idleBaseShare = 0.5;
        f.idleBands = 1;
        QVERIFY(qAbs(f.idlePValue() - std::pow(0.5, 10)) < 1e-12);
        f.idleBands = 3;
        QVERIFY(qAbs(f.idlePValue() - 3 * std::pow(0.5, 10)) < 1e-12);
        // 6 of 10 with p = 0.5: P(X >= 6) = (210 + 120 + 45 + 10 + 1) / 1024
        f.idleBands = 1;
        f.idleModeShare = 0.6;
        QVERIFY(qAbs(f.idlePValue() - 386.0 / 1024) < 1e-12);
        BranchFeatures few = f, many = f;
        few.idleSamples = 8;
        few.idleModeShare = many.idleModeShare = 0.75;
        few.idleBaseShare = many.idleBaseShare = 0.3;
        many.idleSamples = 16;
        QVERIFY(many.idlePValue() < few.idlePValue());
        QVERIFY(many.idleRaceStrength() > few.idleRaceStrength());
    }

    // A rollout next to a flap (accuracy study draws, --timings extreme): the rollout's
    // connection-refused failures, to pods that answered nothing after them, are not ejections; as
    // failure events they added windows where no "no live upstreams" followed (44-48% of the range
    // instead of 32-39%), the no-live bursts shifted onto those windows by chance, and
    // passive-ejection, with 10,982 of the 11,340 502s, was not named (study seed 1311, "no cause
    // scores high enough to name"; training seed 2001 likewise).
    void ejectionNextToARollout_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<double>("rps");
        QTest::addColumn<int>("minutes");
        QTest::addColumn<double>("skew");
        QTest::addColumn<double>("replicaSkew");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("study 1311: 80.8 rps, 10 min") << QStringLiteral("loki-logcli") << 80.8 << 10 << -4.96 << 1.31 << 24536336u;
        QTest::newRow("training 2001: 6.5 rps, 8 min") << QStringLiteral("stern-color") << 6.5 << 8 << 3.2 << 1.64 << 1534666583u;
    }

    void ejectionNextToARollout()
    {
        QFETCH(QString, shape);
        QFETCH(double, rps);
        QFETCH(int, minutes);
        QFETCH(double, skew);
        QFETCH(double, replicaSkew);
        QFETCH(quint32, seed);
        GeneratorOptions o = options(QStringLiteral("passive-ejection+graceful-shutdown"), seed, rps);
        o.durationMinutes = minutes;
        o.ingress = QStringLiteral("nginx");
        o.ingressShape = shape;
        o.ingressSkewSeconds = skew;
        o.replicaSkewSeconds = replicaSkew;
        o.albTargetType = QStringLiteral("ip");
        o.noise = true;
        o.extremeTimings = true;
        const auto b = testutil::generateBundle(o);
        const testutil::GeneratedBundle &r = *b;
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const Evidence e(*r.analysis);
        QVERIFY2(e.branches().endedFailures > 0, qPrintable(r.text()));
        const Diagnosis d = diagnose(r.causes);
        const QStringList named = d.contributing + QStringList{d.primary};
        QVERIFY2(named.contains(QStringLiteral("passive-ejection")) && named.contains(QStringLiteral("graceful-shutdown")),
                 qPrintable(d.text() + QLatin1Char('\n') + r.text()));
    }

    void notNamedOnOtherBundles_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<QString>("target");
        const QStringList nine = causeIds().mid(0, 9);
        int k = 0;
        for (const QString &c : nine) {
            const QString ingress = (k % 3 == 0) ? QStringLiteral("nginx") : (k % 3 == 1 ? QStringLiteral("traefik") : QStringLiteral("nginx"));
            const QString target = k % 2 ? QStringLiteral("instance") : QStringLiteral("ip");
            QTest::addRow("%s", qPrintable(c)) << c << ingress << target;
            ++k;
        }
        // An ALB on NodePorts with no ingress log, for causes that are not a NodePort drop.
        QTest::addRow("keepalive-mismatch/nodeport") << QStringLiteral("keepalive-mismatch") << QStringLiteral("none") << QStringLiteral("instance");
        QTest::addRow("hpa-too-slow/nodeport") << QStringLiteral("hpa-too-slow") << QStringLiteral("none") << QStringLiteral("instance");
        QTest::addRow("none") << QStringLiteral("none") << QStringLiteral("nginx") << QStringLiteral("ip");
    }

    void notNamedOnOtherBundles()
    {
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QFETCH(QString, target);
        GeneratorOptions o = options(cause, 77u);
        o.ingress = ingress;
        o.albTargetType = target;
        const auto b = testutil::generateBundle(o);
        const testutil::GeneratedBundle &r = *b;
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        for (const QString &id : branchCauseIds()) {
            const CauseScore *c = r.cause(id);
            QVERIFY(c);
            QVERIFY2(c->role != QLatin1String("primary"), qPrintable(r.text()));
            QVERIFY2(c->score < 0.5, qPrintable(id + QStringLiteral(" on ") + cause + QLatin1Char('\n') + r.text()));
        }
    }
};

QTEST_GUILESS_MAIN(TestBranches)
#include "tst_branches.moc"
