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
