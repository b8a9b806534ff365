// Accuracy-study draws (scripts/cause-accuracy.py --timings extreme, training study seeds) that
// named no cause, the wrong one, or scored the acting cause below one half, before the fixes they
// stand for (issue 12, diagnosis accuracy):
//   - an OOM kill's outage lasts until the kubelet restarts the container (a crash loop's back-off),
//     not a fixed 30 s: with the window ending at 30 s, most of a 67 s outage in a 7-minute bundle
//     sat on no kill and oom-crash was not named (Evidence::oom(), EventSignals::outageEnds());
//   - one flap of a passive health check is one burst of failures and one of "no live upstreams"
//     lines: weighed as one coincidence it scored 0.48 (passiveEjectionTie());
//   - a CronJob's pod and a monitoring agent starting near two OOM kills made pod-not-ready the
//     primary cause of an OOM crash loop: pods no request went to take no traffic
//     (EventSignals::servingStarts()).
//   - routine Killing events of background workloads (kube-state-metrics, a batch job's rollout)
//     on another cause's bursts made graceful-shutdown the primary cause: only the Killing of pods
//     of the workloads that served the logged requests is its evidence (EventSignals::servingKills()).
//   - a graceful-shutdown burst beside a keep-alive race went to the race (seen study seed 1316):
//     keep-alive's steady remainder leaves the bursts over a dense background out (keepalivecause.h).
//   - health-check-flapping rescored on the few 502s a no-backend outage leaves read that outage's
//     readiness failures as its own (BranchFeatures::bundleNoBackendShare).
#include "generator/bundlegenerator.h"
#include "playbook/causeranker.h"
#include "testbundle.h"
#include "testutil.h"

#include <QTest>

using namespace gateline;

using Draw = testutil::StudyDraw;
Q_DECLARE_METATYPE(Draw)

class TestDrawFixes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void primaryActs_data()
    {
        QTest::addColumn<Draw>("draw");
        // Training study seed 2001's draws; the first is issue 12's "58 502s, no cause named".
        QTest::newRow("oom: 3 kills in 7 minutes, one outage 67 s, CloudFront in front")
            << Draw{QStringLiteral("oom-crash"), QStringLiteral("none"), QStringLiteral("files"), 2.1, 7,
                    QStringLiteral("instance"), 0.0, 1.75, 527676926u, QStringLiteral("cloudfront")};
        QTest::newRow("passive-ejection: one flap, Cloudflare in front")
            << Draw{QStringLiteral("passive-ejection"), QStringLiteral("nginx"), QStringLiteral("kubectl"), 331.7, 6,
                    QStringLiteral("instance"), -1.74, 2.99, 1907347927u, QStringLiteral("cloudflare")};
        QTest::newRow("passive-ejection: one flap in 5 minutes")
            << Draw{QStringLiteral("passive-ejection"), QStringLiteral("nginx"), QStringLiteral("stern"), 402.8, 5,
                    QStringLiteral("instance"), 0.93, 1.23, 479343364u};
    }

    // The generated cause is the primary one, and acts (a calibrated score of at least one half).
    void primaryActs()
    {
        QFETCH(Draw, draw);
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Diagnosis d = diagnose(b->causes);
        QVERIFY2(d.primary == draw.cause, qPrintable(d.text() + QLatin1Char('\n') + b->text()));
        const CauseScore *c = b->cause(draw.cause);
        QVERIFY(c);
        QVERIFY2(c->score >= 0.5, qPrintable(b->text()));
    }

    // Training study seed 2001: an OOM crash loop of the Traefik pods (two kills, the second
    // outage 25 s of back-off) beside a keep-alive race. A CronJob's pod started 5 s after the
    // second kill and kube-state-metrics 21 s before the first; with their starts, 78 of the 86
    // 502s sat "within 48 s after a container started" and pod-not-ready was named primary.
    void crashLoopIsNotNewPods()
    {
        const Draw draw{QStringLiteral("oom-crash+keepalive-mismatch"), QStringLiteral("traefik"), QStringLiteral("kubectl"),
                        3.2, 16, QStringLiteral("instance"), -4.44, 2.37, 2016321054u};
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Diagnosis d = diagnose(b->causes);
        QStringList named = d.contributing;
        named << d.primary;
        QVERIFY2(named.contains(QStringLiteral("oom-crash")) && named.contains(QStringLiteral("keepalive-mismatch")),
                 qPrintable(d.text() + QLatin1Char('\n') + b->text()));
        QVERIFY2(!named.contains(QStringLiteral("pod-not-ready")), qPrintable(d.text() + QLatin1Char('\n') + b->text()));
    }

    void backgroundKillingIsNotAShutdown_data()
    {
        QTest::addColumn<Draw>("draw");
        QTest::addColumn<QString>("acting");
        // Training study seed 2007: graceful-shutdown 0.86 ranked above the acting cause (0.69).
        QTest::newRow("connection-pool, Traefik, 5 minutes")
            << Draw{QStringLiteral("connection-pool-exhaustion"), QStringLiteral("traefik"), QStringLiteral("stern-color"),
                    17.9, 5, QStringLiteral("instance"), -3.62, 0.07, 1617985336u}
            << QStringLiteral("connection-pool-exhaustion");
        // Training study seed 2002: graceful-shutdown 0.95 primary over both acting causes.
        QTest::newRow("connection-pool + oom, Traefik JSON, 27 minutes")
            << Draw{QStringLiteral("connection-pool-exhaustion+oom-crash"), QStringLiteral("traefik-json"),
                    QStringLiteral("loki-json"), 46.6, 27, QStringLiteral("instance"), 0.22, 1.57, 206411673u}
            << QStringLiteral("connection-pool-exhaustion");
        // Training study seed 2003: graceful-shutdown 0.92 beside the acting keep-alive race.
        QTest::newRow("keep-alive, NGINX, 45 minutes")
            << Draw{QStringLiteral("keepalive-mismatch"), QStringLiteral("nginx"), QStringLiteral("stern-color"), 40.7, 45,
                    QStringLiteral("ip"), -2.4, 0.13, 1814753274u}
            << QStringLiteral("keepalive-mismatch");
    }

    // The acting cause is primary, graceful-shutdown is not named, and the report says which
    // Killing events it left out.
    void backgroundKillingIsNotAShutdown()
    {
        QFETCH(Draw, draw);
        QFETCH(QString, acting);
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Diagnosis d = diagnose(b->causes);
        QVERIFY2(d.primary == acting, qPrintable(d.text() + QLatin1Char('\n') + b->text()));
        QVERIFY2(!d.contributing.contains(QStringLiteral("graceful-shutdown")), qPrintable(d.text()));
        const CauseScore *g = b->cause(QStringLiteral("graceful-shutdown"));
        QVERIFY(g);
        QVERIFY2(g->score < 0.3, qPrintable(b->text()));
        bool said = false;
        for (const QString &line : g->evidence)
            said = said || line.contains(QLatin1StringView("workloads that served none of the logged requests are left out"));
        QVERIFY2(said, qPrintable(g->evidence.join(QLatin1Char('\n'))));
    }

    // Study seed 1316 (seen): a keep-alive race at 492 rps (3,316 502s, steady) beside one
    // graceful-shutdown burst (1,153 502s, 10:04:14-10:04:32, 1 s after the Killing of one app pod)
    // behind an unlogged ingress. The run the lead's study recorded gave keepalive-mismatch 100% of
    // the 502s: the burst went to the steady race. The burst is not keep-alive's: keepalive-mismatch
    // is the primary cause and leaves the burst's 502s out (its share stays under what the steady
    // remainder holds), and no cause but graceful-shutdown takes them.
    // graceful-shutdown is not named here, and the data cannot tell it: the load balancer's targets
    // are the two ingress pods, no ingress log names the app pod a 502 went to, and the killed pod
    // is gone from pod status, so no 502 resolves to it (Evidence::killedEnds()); the five Killing
    // events in range (three of a second workload's rollout, one of kube-state-metrics) all stay in
    // the test (servingKills(): no log names the served pods), and of the 1,279 502s keep-alive
    // leaves, all in the burst and all within 23 s after the Killing, random shifts put as many in
    // a Killing window 14% of the time (p = 0.14): one coincidence, which weighs at most 0.5
    // (Coincidence::strength()), below acting even at the shifts' smallest p. If later evidence
    // names a cause for the burst, it must be graceful-shutdown.
    void burstAfterOneKillingIsNotKeepalive()
    {
        const Draw draw{QStringLiteral("graceful-shutdown+keepalive-mismatch"), QStringLiteral("none"),
                        QStringLiteral("loki-json"), 492.0, 5, QStringLiteral("ip"), 0.0, 2.88, 1671740277u};
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const qint64 burst = b->truth.cause502By.value(QStringLiteral("pod"));
        const qint64 all = b->truth.status502;
        QVERIFY2(burst > 1000 && all > burst, qPrintable(QStringLiteral("%1 of %2").arg(burst).arg(all)));
        const Diagnosis d = diagnose(b->causes);
        const QString why = b->why(d);
        QVERIFY2(d.primary == QLatin1StringView("keepalive-mismatch"), qPrintable(why));
        // At most the 502s outside the burst (the race's, and the noise's).
        QVERIFY2(d.primaryShare <= double(all - burst) / double(all), qPrintable(why));
        double gracefulShare = 0;
        for (qsizetype i = 0; i < d.contributing.size(); ++i) {
            QVERIFY2(d.contributing[i] == QLatin1StringView("graceful-shutdown"), qPrintable(why));
            gracefulShare = d.contributingShares.value(i);
        }
        // The burst's 502s are unexplained or graceful-shutdown's (all but a tenth of them: the race
        // goes on through the burst, and some of its 502s fall in it).
        QVERIFY2(d.unexplainedShare + gracefulShare >= 0.9 * double(burst) / double(all), qPrintable(why));
    }

    // Training seed 1302: every pod of the workload failed readiness at once and the GCP load
    // balancer answered failed_to_pick_backend (11,178 of 11,200 502s). Rescored on the 22 502s
    // made behind the load balancer, health-check-flapping read the same readiness failures as its
    // own probe tie (13 of 21 probe events with 502s around them) and was named contributing at
    // 0.67 (six such training draws, none acting): there the no-backend share of those 22 is 0,
    // so the all-at-once discount fell away. It now rests on the whole bundle's share
    // (BranchFeatures::bundleNoBackendShare).
    void allAtOnceIsNotFlappingOnTheRest()
    {
        const Draw draw{QStringLiteral("no-ready-backend"), QStringLiteral("nginx"), QStringLiteral("stern-color"),
                        411.3, 5, QStringLiteral("instance"), 3.96, 0.63, 596543940u};
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Diagnosis d = diagnose(b->causes);
        const QString why = b->why(d);
        QCOMPARE(d.primary, QStringLiteral("no-ready-backend"));
        QVERIFY2(d.contributing.isEmpty(), qPrintable(why));
        const CauseScore *flap = b->cause(QStringLiteral("health-check-flapping"));
        QVERIFY2(flap && flap->score < 0.2, qPrintable(why));
    }

    // Logs collected for the incident's minutes only may all be under high load: here the rate is
    // high over the whole 4 minutes (peak 620/s, nothing at the baseline), with Traefik's access
    // log and no error log. A load cause then has nothing to compare its 502s with: it says it
    // cannot tell and what would tell (a wider range), instead of a score of 0 (held-out study
    // seeds 1319 and 1320 each had such a draw, pool exhaustion read "no cause named").
    void loadCoveringTheRangeCannotTell()
    {
        const Draw draw{QStringLiteral("connection-pool-exhaustion"), QStringLiteral("traefik-json"),
                        QStringLiteral("kubectl"), 100, 4, QStringLiteral("instance"), 0.5, 0.5, 25u};
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const QString why = b->why(diagnose(b->causes));
        for (const QString &id : {QStringLiteral("connection-pool-exhaustion"), QStringLiteral("hpa-too-slow")}) {
            const CauseScore *c = b->cause(id);
            QVERIFY2(c && c->cannotTell, qPrintable(id + QLatin1Char('\n') + why));
            QVERIFY2(c->evidence.first().startsWith(QStringLiteral("cannot tell: load logs from before or after the high load")),
                     qPrintable(c->evidence.first()));
        }
        // Where the range holds time outside the high load, the same cause is scored (and named).
        const Draw wider{QStringLiteral("connection-pool-exhaustion"), QStringLiteral("traefik-json"),
                         QStringLiteral("kubectl"), 100, 4, QStringLiteral("instance"), 0.5, 0.5, 24u};
        const auto w = testutil::generateBundle(wider.options());
        const CauseScore *c = w->cause(QStringLiteral("connection-pool-exhaustion"));
        QVERIFY2(c && !c->cannotTell && c->score >= 0.5, qPrintable(w->why(diagnose(w->causes))));
    }
};

QTEST_GUILESS_MAIN(TestDrawFixes)
#include "tst_drawfixes.moc"
