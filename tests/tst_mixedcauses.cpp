// Mixed-cause draws of the accuracy study (scripts/cause-accuracy.py --timings extreme) that named
// only one cause, or none, before the fixes they stand for (issue 12: primary and contributing both
// named on mixed bundles):
//   - nodeport-busy + oom-crash (study seeds 1313 and 1301): the traffic spikes overlapped the OOM
//     outages, so the load balancer's own 502s (every one under high load) sat in the OOM windows
//     too, and that tie (73%) discounted nodeport-busy to 0.08. The pod events now weigh only on
//     the 502s the load does not explain (branchcauses.cpp, LoadFeatures::loadExplained()); and
//     oom-crash, scored on the 502s made behind the load balancer (its killed app pods'), claims
//     only those (causeranker.cpp, rescoreByHop());
//   - nodeport-busy + oom-crash with a 1.2x rise (study seed 1314): 610 NodePort drops, all in the
//     busier minutes, but no 1.5x spike, so the load's tie was 0. Without a spike the busier bins
//     stand for it when the 502s follow them (LoadFeatures::followTie(), a shift test);
//   - connection-pool-exhaustion + oom-crash behind Traefik at 9.1 requests/s (study seed 1313):
//     the OOM-killed Traefik pods' 502s (the load balancer's own, target '-') and the exhausted
//     pool's (Traefik's) diluted each other's tie, neither reached one half and nothing was named.
//     Each cause is now also scored on the 502s of each hop alone (rescoreByHop()).
//   - dns-failure + graceful-shutdown, NGINX at 475 rps (study seed 1320): 751 of 15,780 502s were
//     failed lookups, 4.8% of the upstream-error lines. That share was the bundle's, the same on the
//     5,453 502s the rollout leaves, so below 5% the DNS failure's support stayed 0.500 (calibrated
//     0.13). It is now measured on the 502s scored too: those with a lookup line of their own
//     (LogFeatures::unresolvedRequest), 13% of the rest. Training seed 2008's draw (142 of 2,626,
//     share 5.4%) passed by a hair (0.508).
//   - passive-ejection + graceful-shutdown, NGINX (training seeds 2004 and 2005): passive-ejection
//     claimed only the 502s at "no live upstreams" lines, so the failed attempts that set off each
//     ejection stayed in the 502s it leaves (123, most of them its own), and graceful-shutdown's
//     15 read as a minority there (support 0.35 and 0.38). It now claims those triggers too: the
//     502s the proxy made on a server that had not gone, within the ejection time before a no-live
//     line (branchcauses.cpp, branchClaims()); a killed pod's 502s stay unclaimed.
#include "generator/bundlegenerator.h"
#include "playbook/causeranker.h"
#include "playbook/playbookreport.h"
#include "testbundle.h"
#include "testutil.h"

#include <QTest>

using namespace gateline;

using Draw = testutil::StudyDraw;
Q_DECLARE_METATYPE(Draw)

namespace {

// Every generated cause is named (primary or contributing), with a calibrated score of at least
// one half.
void checkBothNamed(const Draw &draw)
{
    const auto b = testutil::generateBundle(draw.options());
    QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
    const Diagnosis d = diagnose(b->causes);
    const QString why = d.text() + QLatin1Char('\n') + causesToText(b->causes);
    if (qEnvironmentVariableIsSet("GATELINE_TEST_VERBOSE"))
        qInfo().noquote() << why;
    QStringList named = d.contributing;
    named << d.primary;
    for (const QString &part : draw.cause.split(QLatin1Char('+'))) {
        QVERIFY2(named.contains(part), qPrintable(why));
        const CauseScore *c = b->cause(part);
        QVERIFY(c);
        QVERIFY2(c->score >= 0.5, qPrintable(why));
    }
}

} // namespace

class TestMixedCauses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bothNamed_data()
    {
        QTest::addColumn<Draw>("draw");
        QTest::newRow("nodeport+oom: a spike over the OOM outages, 372 rps")
            << Draw{QStringLiteral("nodeport-busy+oom-crash"), QStringLiteral("none"), QStringLiteral("stern-color"), 372.4, 5,
                    QStringLiteral("instance"), 0.0, 2.89, 1597087103u};
        QTest::newRow("nodeport+oom: a spike over the OOM outages, 64 rps")
            << Draw{QStringLiteral("nodeport-busy+oom-crash"), QStringLiteral("none"), QStringLiteral("cri"), 64.2, 31,
                    QStringLiteral("instance"), 0.0, 0.41, 66409007u};
        QTest::newRow("nodeport+oom: a 1.2x rise, no spike, 54.5 rps")
            << Draw{QStringLiteral("nodeport-busy+oom-crash"), QStringLiteral("none"), QStringLiteral("loki-logcli"), 54.5, 7,
                    QStringLiteral("instance"), 0.0, 0.34, 871416302u};
        QTest::newRow("pool+oom/traefik: 9.1 rps")
            << Draw{QStringLiteral("connection-pool-exhaustion+oom-crash"), QStringLiteral("traefik"), QStringLiteral("cri"), 9.1,
                    20, QStringLiteral("instance"), 2.11, 1.59, 517622728u};
        QTest::newRow("dns+graceful: 4.8% failed lookups, 475 rps")
            << Draw{QStringLiteral("dns-failure+graceful-shutdown"), QStringLiteral("nginx"), QStringLiteral("loki-logcli"),
                    474.9, 5, QStringLiteral("ip"), -1.48, 2.69, 618421963u};
        QTest::newRow("dns+graceful: 5.4% failed lookups, 23.5 rps")
            << Draw{QStringLiteral("dns-failure+graceful-shutdown"), QStringLiteral("nginx"), QStringLiteral("files"), 23.5, 60,
                    QStringLiteral("instance"), 2.19, 0.74, 1583171735u};
        QTest::newRow("passive+graceful: 370 flap 502s, 15 of a shutdown, 2.4 rps")
            << Draw{QStringLiteral("passive-ejection+graceful-shutdown"), QStringLiteral("nginx"), QStringLiteral("kubectl-prefix"),
                    2.4, 33, QStringLiteral("instance"), -1.25, 2.91, 963987027u};
        QTest::newRow("passive+graceful: 382 flap 502s, 30 of a shutdown, 7.5 rps")
            << Draw{QStringLiteral("passive-ejection+graceful-shutdown"), QStringLiteral("nginx"), QStringLiteral("files"), 7.5, 12,
                    QStringLiteral("ip"), -1.16, 1.29, 1167131343u};
    }

    void bothNamed()
    {
        QFETCH(Draw, draw);
        checkBothNamed(draw);
    }

    // hpa-too-slow + keepalive-mismatch behind Traefik (JSON), 262 rps (study seed 1314): the
    // spike's 502s under the high load were every minute's, so keep-alive's steady rule claimed
    // them with its own closed-on-request ones (100% of the 502s), and hpa-too-slow (0.48) had
    // nothing left to be re-scored on. Keep-alive now claims the 502s not closed on their request
    // only when they pass its test themselves (keepalivecause.h, knownUnclosedNotKeepalive()).
    void keepaliveLeavesTheSpike()
    {
        checkBothNamed(Draw{QStringLiteral("hpa-too-slow+keepalive-mismatch"), QStringLiteral("traefik-json"),
                            QStringLiteral("kubectl-prefix"), 261.8, 7, QStringLiteral("instance"), 4.18, 0.77, 258356949u});
    }
};

QTEST_GUILESS_MAIN(TestMixedCauses)
#include "tst_mixedcauses.moc"
