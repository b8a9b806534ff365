// Evidence::build() computes its independent features side by side on the parallel pool
// (jobs/parallelfor.h): on generated bundles of several causes, mixed ones among them, the
// evidence and the ranked causes are the same as when it computes them one after another
// (Evidence::setConcurrentBuild(false)), and the same from one concurrent build to the next.
#include "testbundle.h"
#include "testutil.h"

#include "playbook/causeranker.h"
#include "playbook/evidence.h"

#include <QTest>
#include <QTextStream>
#include <algorithm>

using namespace gateline;

namespace {

// Everything the ranking reads from the evidence that a test can print, and the ranking itself.
QString describe(const Evidence &e)
{
    QString out;
    QTextStream s(&out);
    s.setRealNumberPrecision(17);
    s << "errors " << e.errorTimes().size() << " certain " << e.certainShare() << " k8s " << e.haveKubernetes() << '\n';
    s << "windows " << e.killingWindowSeconds() << ' ' << e.startedWindowSeconds() << ' ' << e.killingLagSeconds()
      << ' ' << e.startedLagSeconds() << " startedOnly " << e.startedOnlyShare() << " readyGap " << e.readyGapSeconds()
      << ' ' << e.readyGapSamples() << '\n';
    const std::vector<char> on = e.onPodEvents(false), tied = e.onPodEvents(true);
    s << "onPod " << std::count(on.begin(), on.end(), 1) << " tied " << std::count(tied.begin(), tied.end(), 1) << '\n';
    for (const Alignment *a : {&e.killing(), &e.started(), &e.oom(), &e.restarts(), &e.rollouts(), &e.dnsTrouble(),
                               &e.probes(), &e.oomUpstreamErrors(), &e.reloads(), &e.noEndpoints(), &e.proxyPanics()})
        s << "tie " << a->strength() << ' ' << std::count(a->hits.begin(), a->hits.end(), 1) << '\n';
    s << "served " << e.branches().servedHosts.size() << '\n';
    for (const CauseScore &c : rankCauses(e)) {
        s << c.id << ' ' << c.score << ' ' << c.support << ' ' << c.role << ' ' << c.share << ' ' << c.explained << ' '
          << c.cannotTell << ' ' << c.missing << ' ' << c.tieNote << '\n';
        for (const QString &line : c.evidence)
            s << "  " << line << '\n';
    }
    return out;
}

} // namespace

class TestEvidenceConcurrent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { Evidence::setConcurrentBuild(true); }

    void sameAsSerial_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("graceful+keepalive") << QStringLiteral("graceful-shutdown+keepalive-mismatch") << 11u;
        QTest::newRow("oom+idle") << QStringLiteral("oom-crash+idle-timer-race") << 12u;
        QTest::newRow("pod-not-ready+ejection") << QStringLiteral("pod-not-ready+passive-ejection") << 13u;
        QTest::newRow("none") << QStringLiteral("none") << 14u;
    }

    void sameAsSerial()
    {
        QFETCH(QString, cause);
        QFETCH(quint32, seed);
        GeneratorOptions o;
        o.cause = cause;
        o.seed = seed;
        o.requestsPerSecond = 20;
        o.durationMinutes = 30;
        o.threads = 1;
        const auto b = testutil::generateBundle(o);
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        Evidence::setConcurrentBuild(false);
        const QString serial = describe(Evidence(*b->analysis));
        Evidence::setConcurrentBuild(true);
        QVERIFY(serial.contains(QLatin1String("tie ")));
        for (int round = 0; round < 3; ++round)
            QCOMPARE(describe(Evidence(*b->analysis)), serial);
    }
};

QTEST_GUILESS_MAIN(TestEvidenceConcurrent)
#include "tst_evidenceconcurrent.moc"
