// The one resolver of an upstream address to the pod that had it (analysis/podaddresshistory.h),
// which the matching step (restartmatcher.h) and graceful-shutdown's killed-pod evidence
// (playbook/evidenceends.h) both use: its rules on histories built here, and on a generated
// rollout bundle, that the matching step's pods are the ones the evidence's history gives.
#include "analysis/analysis.h"
#include "analysis/podaddresshistory.h"
#include "analysis/restartmatcher.h"
#include "generator/bundlegenerator.h"
#include "playbook/evidence.h"
#include "playbook/evidenceevents.h"
#include "testbundle.h"
#include "testutil.h"

#include <QTest>

using namespace gateline;

class TestPodAddressHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The last server tried, when it is an address: NGINX lists every attempt.
    void lastServerIsTheAddress_data()
    {
        QTest::addColumn<QString>("upstream");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("host");
        QTest::newRow("one") << "10.1.4.7:8080" << "10.1.4.7" << "10.1.4.7";
        QTest::newRow("retried") << "10.1.4.7:8080, 10.1.4.8:8080" << "10.1.4.8" << "10.1.4.8";
        QTest::newRow("groups") << "10.1.4.7:8080 : 10.1.4.9:8080" << "10.1.4.9" << "10.1.4.9";
        QTest::newRow("url") << "http://10.1.2.3:8080/x" << "10.1.2.3" << "10.1.2.3";
        QTest::newRow("ipv6") << "[fd00::1]:80" << "fd00::1" << "fd00::1";
        QTest::newRow("name") << "svc.ns.svc.cluster.local:80" << "" << "svc.ns.svc.cluster.local";
        QTest::newRow("group") << "upstream_balancer" << "" << "upstream_balancer";
        QTest::newRow("none") << "-" << "" << "-";
    }
    void lastServerIsTheAddress()
    {
        QFETCH(QString, upstream);
        QFETCH(QString, ip);
        QFETCH(QString, host);
        QCOMPARE(lastServerIp(upstream), ip);
        QCOMPARE(lastServer(upstream), host);
    }

    // The pod holding an address at a time is the one holding it since the latest time at or
    // before it; before every holder's start, none; a pod with no start known has had it always.
    void latestHolderOwnsTheAddress()
    {
        PodAddressHistory h;
        h.add(QStringLiteral("10.0.0.5"), QStringLiteral("shop"), QStringLiteral("web-a"), 1000);
        h.add(QStringLiteral("10.0.0.5"), QStringLiteral("shop"), QStringLiteral("web-b"), 5000);
        QVERIFY(!h.at(QStringLiteral("10.0.0.5"), 999).found());
        QVERIFY(!h.at(QStringLiteral("10.0.0.5"), 999).shared);
        QCOMPARE(h.at(QStringLiteral("10.0.0.5"), 1000).name, QStringLiteral("web-a"));
        QCOMPARE(h.at(QStringLiteral("10.0.0.5"), 4999).key(), QStringLiteral("shop/web-a"));
        QCOMPARE(h.at(QStringLiteral("10.0.0.5"), 5000).name, QStringLiteral("web-b"));
        QVERIFY(!h.at(QStringLiteral("10.0.0.6"), 5000).found());
        // A restart or a termination only says the pod had it: since always, and the earliest
        // time given for one pod counts.
        h.add(QStringLiteral("10.0.0.7"), QStringLiteral("shop"), QStringLiteral("api-1"), 9000);
        h.add(QStringLiteral("10.0.0.7"), QStringLiteral("shop"), QStringLiteral("api-1"), PodAddressHistory::kSinceAlways);
        QCOMPARE(h.at(QStringLiteral("10.0.0.7"), 0).name, QStringLiteral("api-1"));
    }

    // Two pods holding an address since the same time (hostNetwork pods on one node IP) resolve to
    // neither, whichever was added first; a later holder of its own still resolves.
    void sharedAddressIsNoPod()
    {
        for (const bool swap : {false, true}) {
            PodAddressHistory h;
            const QString a = QStringLiteral("node-exporter-x"), b = QStringLiteral("fluentd-y");
            h.add(QStringLiteral("10.0.9.1"), QStringLiteral("kube-system"), swap ? b : a, 100);
            h.add(QStringLiteral("10.0.9.1"), QStringLiteral("kube-system"), swap ? a : b, 100);
            const PodAddressHistory::Owner o = h.at(QStringLiteral("10.0.9.1"), 200);
            QVERIFY(!o.found());
            QVERIFY(o.shared);
            h.add(QStringLiteral("10.0.9.1"), QStringLiteral("shop"), QStringLiteral("web-c"), 300);
            QCOMPARE(h.at(QStringLiteral("10.0.9.1"), 300).name, QStringLiteral("web-c"));
        }
    }

    // A node's address (hostNetwork pods) held by two pods at a time resolves to neither, whenever
    // each started: they run side by side, the later did not take it over. Before the second
    // started, the first holds it alone. A pod address of its own passes to the later holder.
    void nodeAddressOfTwoIsNoPod()
    {
        PodAddressHistory h;
        h.add(QStringLiteral("10.0.0.5"), QStringLiteral("ingress"), QStringLiteral("ingress-nginx-a"), 100, true);
        QCOMPARE(h.at(QStringLiteral("10.0.0.5"), 150).name, QStringLiteral("ingress-nginx-a"));
        h.add(QStringLiteral("10.0.0.5"), QStringLiteral("monitoring"), QStringLiteral("node-exporter-b"), 200, true);
        QCOMPARE(h.at(QStringLiteral("10.0.0.5"), 150).name, QStringLiteral("ingress-nginx-a"));
        const PodAddressHistory::Owner o = h.at(QStringLiteral("10.0.0.5"), 250);
        QVERIFY(!o.found());
        QVERIFY(o.shared);
        h.add(QStringLiteral("10.1.4.7"), QStringLiteral("shop"), QStringLiteral("web-a"), 100);
        h.add(QStringLiteral("10.1.4.7"), QStringLiteral("shop"), QStringLiteral("web-b"), 200);
        QCOMPARE(h.at(QStringLiteral("10.1.4.7"), 250).name, QStringLiteral("web-b"));
        QVERIFY(!h.at(QStringLiteral("10.1.4.7"), 250).shared);
    }

    // Events name a pod without its namespace, pod status with it: one pod, one holder, with the
    // namespace and the earliest start either gave (two holders since one time would be "shared").
    void namespaceOrNotIsOnePod()
    {
        for (const bool bareFirst : {false, true}) {
            PodAddressHistory h;
            const QString ip = QStringLiteral("10.1.4.8");
            h.add(ip, bareFirst ? QString() : QStringLiteral("shop"), QStringLiteral("web-1"), 1000);
            h.add(ip, bareFirst ? QStringLiteral("shop") : QString(), QStringLiteral("web-1"), 1000);
            const PodAddressHistory::Owner o = h.at(ip, 1500);
            QVERIFY(!o.shared);
            QCOMPARE(o.key(), QStringLiteral("shop/web-1"));
            h.add(ip, QString(), QStringLiteral("web-1"), 400);
            QCOMPARE(h.at(ip, 500).key(), QStringLiteral("shop/web-1"));
        }
        // Two namespaces' pods of one name: a bare name is neither (its own holder), in either order.
        for (const bool aFirst : {false, true}) {
            PodAddressHistory h;
            const QString ip = QStringLiteral("10.1.4.9");
            h.add(ip, aFirst ? QStringLiteral("a") : QStringLiteral("b"), QStringLiteral("redis-0"), 1000);
            h.add(ip, aFirst ? QStringLiteral("b") : QStringLiteral("a"), QStringLiteral("redis-0"), 3000);
            h.add(ip, QString(), QStringLiteral("redis-0"), PodAddressHistory::kSinceAlways);
            QCOMPARE(h.at(ip, 2000).key(), (aFirst ? QStringLiteral("a") : QStringLiteral("b")) + QStringLiteral("/redis-0"));
            QCOMPARE(h.at(ip, 500).key(), QStringLiteral("/redis-0")); // not since always for either
        }
    }

    void podNameDropsTheKind()
    {
        QCOMPARE(PodAddressHistory::podName(QStringLiteral("Pod/web-1")), QStringLiteral("web-1"));
        QCOMPARE(PodAddressHistory::podName(QStringLiteral("web-1")), QStringLiteral("web-1"));
        QCOMPARE(PodAddressHistory::podName(QStringLiteral("ReplicaSet/web")), QStringLiteral("ReplicaSet/web"));
    }

    // On generated bundles with pod status loaded: each pair of the matching step names the pod the
    // history built from the timeline gives its upstream at its time; the evidence builds the same
    // history (evidence.cpp: PodAddressHistory(analysis.timeline())), so there is no second path.
    // A rollout's 502s go to killed pods the status snapshot no longer lists (no pod), and the
    // evidence resolves their servers to those killed pods; an OOM-killed pod restarts and keeps
    // its address (its pod).
    void matchingAndEvidenceResolveAlike_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<bool>("listed");
        // Behind ingress-nginx the ingress's upstream is the app pod (the ALB's target is the
        // ingress); with no ingress, the ALB's target (type ip) is.
        QTest::newRow("rollout") << "graceful-shutdown" << "nginx" << false;
        QTest::newRow("oom") << "oom-crash" << "none" << true;
    }
    void matchingAndEvidenceResolveAlike()
    {
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QFETCH(bool, listed);
        GeneratorOptions o;
        o.requestsPerSecond = 20;
        o.durationMinutes = 30;
        o.cause = cause;
        o.ingress = ingress;
        o.albTargetType = QStringLiteral("ip");
        o.seed = 131;
        o.noise = true;
        o.threads = 1;
        const auto b = testutil::generateBundle(o);
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Timeline &timeline = b->analysis->timeline();
        const PodAddressHistory fromTimeline(timeline);
        QVERIFY(!fromTimeline.isEmpty());

        MatchOptions mo;
        mo.errors = ingress == QLatin1String("none") ? MatchErrors::MissingUpstream : MatchErrors::IngressMade;
        mo.errorsChosen = true;
        const MatchingResult r = matchErrors(timeline, nullptr, mo);
        QVERIFY(!r.pairs.empty());
        qint64 named = 0, gone = 0;
        for (const MatchedPair &p : r.pairs) {
            const QString ip = lastServerIp(p.upstream);
            const PodAddressHistory::Owner t = fromTimeline.at(ip, p.errorUs);
            QVERIFY(!t.shared);
            QCOMPARE(p.pod, t.found() ? QStringLiteral("Pod/") + t.name : QString());
            QCOMPARE(lastServer(p.upstream), p.upstream); // the address kept is the one resolved: one host
            named += t.found();
            gone += !ip.isEmpty() && !t.found();
        }
        const QString counts = QStringLiteral("%1 pairs, %2 named, %3 gone").arg(r.pairs.size()).arg(named).arg(gone);
        QVERIFY2(listed ? named > 0 : gone > 0, qPrintable(counts));
        if (listed) { // the restarted pod's own restart is the nearest event
            QVERIFY2(r.samePod > 0, qPrintable(counts));
            // The step's sentence names a pod that had the 502's address, with the address.
            const QString said = r.samePodSummary();
            QVERIFY2(said.startsWith(QStringLiteral("%1 of them went to the pod the event is about").arg(readableCount(r.samePod))),
                     qPrintable(said));
            bool namesOne = false;
            for (const MatchedPair &p : r.pairs)
                namesOne |= p.samePod && said.contains(QStringLiteral(" %1 (%2) around its ").arg(p.upstream, p.pod.mid(4)));
            QVERIFY2(namesOne, qPrintable(said));
        } else {
            QCOMPARE(r.samePodSummary().isEmpty(), r.samePod == 0);
        }
        const Evidence evidence(*b->analysis);
        QVERIFY(evidence.killedEnds().podStatusLoaded);
        if (!listed) // the servers that stopped answering resolve to the killed, no longer listed pods
            QVERIFY2(evidence.killedEnds().resolved > 0 && evidence.killedEnds().killedPods > 0,
                     qPrintable(QStringLiteral("%1 resolved, %2 unresolved").arg(evidence.killedEnds().resolved)
                                    .arg(evidence.killedEnds().unresolved)));
    }
};

QTEST_GUILESS_MAIN(TestPodAddressHistory)
#include "tst_podaddresshistory.moc"
