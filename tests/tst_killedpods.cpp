// Graceful-shutdown's "the server ended the connection" evidence (playbook/evidenceends.h): a
// server that stopped answering after a Killing counts only when it is the killed pod, resolved
// from pod status; on a generated rollout bundle, and on stores built here (events without a
// namespace, addresses two pods share).
#include "analysis/analysis.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "playbook/playbookreport.h"
#include "playbook/causeranker.h"
#include "playbook/evidenceseries.h"
#include "playbook/evidence.h"
#include "playbook/evidenceends.h"
#include "playbook/evidenceevents.h"
#include "testbundle.h"
#include "testutil.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

// A graceful-shutdown rollout behind ingress-nginx (30 minutes at 20 requests/s, with noise).
GeneratorOptions rolloutOptions()
{
    GeneratorOptions o;
    o.requestsPerSecond = 20;
    o.durationMinutes = 30;
    o.cause = QStringLiteral("graceful-shutdown");
    o.ingress = QStringLiteral("nginx");
    o.seed = 131;
    o.noise = true;
    o.threads = 1;
    return o;
}

// resolveEndsToKilledPods() on a store built here: 10 minutes of ALB requests (one a second, to
// 10.0.0.9:8080), five 502s at 100..104 s to errorHost:8080 after which it answers nothing; a
// `kubectl get events` table without -A (no NAMESPACE column: ns empty) with the Killings; pod
// status, which always names the namespace ("shop"), with the pods (first started at startS).
struct PodRow {
    QByteArray name, ip;
    qint64 startS;
};
struct KillRow {
    QByteArray object;
    qint64 atS;
    QByteArray ns = {}; // the events table without -A has none
};
KilledServerEnds killedEndsOf(const QByteArray &errorHost, const QList<PodRow> &podRows, const QList<KillRow> &killRows)
{
    constexpr qint64 t0 = 1709287200000000, sec = 1000000;
    const auto make = testutil::emptySource;
    EventStore store;
    auto alb = make(SourceFormat::Alb, "/b/alb.log");
    const QByteArray bad = errorHost + ":8080";
    for (int i = 0; i < 600; ++i) {
        Record r;
        r.time = Timestamp{t0 + i * sec};
        const bool err = i >= 100 && i < 105;
        r.status = err ? 502 : 200;
        r.upstreamStatus = err ? kUpstreamDash : 200;
        r.upstream = err ? QByteArrayView(bad) : QByteArrayView("10.0.0.9:8080");
        r.client = "203.0.113.9";
        r.method = "GET";
        r.path = "/api/cart";
        alb->append(r);
    }
    auto events = make(SourceFormat::K8sEvents, "/b/k8s/events.txt");
    for (const KillRow &k : killRows) {
        Record r;
        r.kind = EventKind::K8sEvent;
        r.time = Timestamp{t0 + k.atS * sec};
        r.reason = "Killing";
        r.text = "Stopping container web";
        r.object = k.object;
        r.ns = k.ns;
        events->append(r);
    }
    auto pods = make(SourceFormat::K8sPods, "/b/k8s/pods.json");
    for (const PodRow &p : podRows) {
        Record r;
        r.kind = EventKind::PodStart;
        r.time = Timestamp{t0 + p.startS * sec};
        r.reason = "Started";
        const QByteArray object = "Pod/" + p.name;
        r.object = object;
        r.ns = "shop";
        r.upstream = p.ip;
        pods->append(r);
    }
    store.add(std::move(alb));
    store.add(std::move(events));
    store.add(std::move(pods));
    const Analysis analysis(store, AnalysisOptions{});
    const ErrorSeries series(analysis);
    const EventSignals signals(analysis);
    BranchFeatures branches;
    branches.endedAfter.assign(series.errors().size(), 1);
    return resolveEndsToKilledPods(series, signals, PodAddressHistory(analysis.timeline()), branches,
                                   std::vector<char>(series.errors().size(), 1), 30);
}

} // namespace

class TestKilledPods : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // graceful-shutdown's "servers' own record" (evidenceends.h) counts a 502 to a server that stopped
    // answering after a Killing only when that server is the killed pod: on a rollout bundle the
    // ended servers resolve to killed pods that pod status no longer lists; when pod status says a
    // pod that was never killed had those addresses all along, none resolves (it counted before:
    // any server that ended after any Killing did); without pod status none can, and the evidence
    // says what to load.
    void endedServersAreTheKilledPods()
    {
        const auto b = testutil::generateBundle(rolloutOptions());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        QStringList hosts;
        qint64 resolved = 0;
        qint64 firstError = 0;
        {
            const Evidence e(*b->analysis);
            const KilledServerEnds &ends = e.killedEnds();
            resolved = ends.resolved;
            QVERIFY2(ends.resolved >= Coincidence::kMinErrors, qPrintable(causesToText(b->causes)));
            QVERIFY(ends.killedPods >= 1);
            QVERIFY2(ends.example.contains(QLatin1String("no longer in pod status")), qPrintable(ends.example));
            firstError = e.errorTimes().front();
            for (size_t i = 0; i < ends.onKilledPod.size(); ++i) {
                if (!ends.onKilledPod[i])
                    continue;
                QString host = e.series().errors()[i].upstream.section(QLatin1Char(','), -1).trimmed();
                host.truncate(host.lastIndexOf(QLatin1Char(':')));
                QVERIFY2(!e.signals().podIps().contains(host), qPrintable(host));
                if (!hosts.contains(host))
                    hosts << host;
            }
        }
        auto reload = [&]() {
            b->store = std::make_unique<EventStore>(BundleLoader().load({b->path()}));
            b->analysis = std::make_unique<Analysis>(*b->store, AnalysisOptions{});
        };
        const QString podsPath = b->path() + QStringLiteral("/k8s/pods.json");
        QJsonObject list = QJsonDocument::fromJson(testutil::readAll(podsPath)).object();
        QJsonArray items = list.value(QLatin1String("items")).toArray();
        const QString since = QDateTime::fromMSecsSinceEpoch(firstError / 1000 - 3600 * 1000, QTimeZone::UTC).toString(Qt::ISODate);
        for (qsizetype i = 0; i < hosts.size(); ++i) {
            const QJsonObject running{{QStringLiteral("startedAt"), since}};
            const QJsonObject status{{QStringLiteral("name"), QStringLiteral("app")},
                                     {QStringLiteral("restartCount"), 0},
                                     {QStringLiteral("state"), QJsonObject{{QStringLiteral("running"), running}}}};
            items.append(QJsonObject{
                {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("long-lived-%1").arg(i)},
                                                         {QStringLiteral("namespace"), QStringLiteral("default")}}},
                {QStringLiteral("status"), QJsonObject{{QStringLiteral("podIP"), hosts[i]},
                                                       {QStringLiteral("containerStatuses"), QJsonArray{status}}}}});
        }
        list.insert(QStringLiteral("items"), items);
        {
            QFile f(podsPath);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(QJsonDocument(list).toJson());
        }
        reload();
        {
            const Evidence e(*b->analysis);
            QCOMPARE(e.killedEnds().resolved, 0);
            QVERIFY(e.killedEnds().unresolved >= resolved);
        }
        QVERIFY(QFile::remove(podsPath));
        reload();
        const Evidence e(*b->analysis);
        QCOMPARE(e.killedEnds().resolved, 0);
        QVERIFY(!e.killedEnds().podStatusLoaded);
        QVERIFY(e.killedEnds().unresolved >= resolved);
        bool says = false;
        for (const CauseScore &c : rankCauses(e))
            if (c.id == QLatin1String("graceful-shutdown"))
                for (const QString &line : c.evidence)
                    says = says || line.contains(QLatin1String("load pod status"));
        QVERIFY(says);
    }

    // The ALB straight to the app's pods (the AWS Load Balancer Controller's ingress class alb, no
    // ingress controller: generator target type pod): the ALB's own 502s carry the killed pods'
    // addresses as their targets, and those resolve to the killed pods. With target-type ip to
    // ingress pods whose logs are missing, the same rollout gives no server that ended: the
    // ingress pods kept answering.
    void albTargetsAreTheKilledPods()
    {
        GeneratorOptions o = rolloutOptions();
        o.ingress = QStringLiteral("none");
        o.albTargetType = QStringLiteral("pod");
        const auto b = testutil::generateBundle(o);
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        QVERIFY(b->truth.missingUpstream502 >= Coincidence::kMinErrors);
        QCOMPARE(b->truth.origin502Ingress, 0);
        const Evidence e(*b->analysis);
        const KilledServerEnds &ends = e.killedEnds();
        QVERIFY2(ends.resolved >= Coincidence::kMinErrors, qPrintable(causesToText(b->causes)));
        QVERIFY(ends.killedPods >= 1);
        // Each resolved 502's target is an app pod's address and port, not an ingress pod's (port 80).
        for (size_t i = 0; i < ends.onKilledPod.size(); ++i)
            if (ends.onKilledPod[i])
                QVERIFY2(!e.series().errors()[i].upstream.endsWith(QLatin1String(":80")), qPrintable(e.series().errors()[i].upstream));
        QVERIFY(!b->causes.empty());
        QCOMPARE(b->causes.front().id, QStringLiteral("graceful-shutdown"));

        o.albTargetType = QStringLiteral("ip");
        const auto viaIngress = testutil::generateBundle(o);
        QVERIFY2(viaIngress->error.isEmpty(), qPrintable(viaIngress->error));
        QCOMPARE(Evidence(*viaIngress->analysis).killedEnds().resolved, 0);
    }

    // Pods are one pod by name when one side has no namespace (the kubectl events table): a pod
    // pod status lists and a Killing names resolves directly; a pod pod status still lists (a
    // liveness-probe Killing) is not "the killed pod" of a server that is gone; a gone pod is.
    void killedPodsWithoutNamespace()
    {
        const KilledServerEnds listed = killedEndsOf("10.0.0.5", {{"web-1", "10.0.0.5", -3600}}, {{"Pod/web-1", 99}});
        QCOMPARE(listed.endedOnKilling, 5);
        QCOMPARE(listed.resolved, 5);
        QCOMPARE(listed.killedPods, 1);
        QCOMPARE(listed.example, QStringLiteral("10.0.0.5 = Pod/web-1"));
        const KilledServerEnds probe = killedEndsOf("10.0.0.7", {{"web-1", "10.0.0.5", -3600}}, {{"Pod/web-1", 99}});
        QCOMPARE(probe.resolved, 0);
        QCOMPARE(probe.unresolved, 5);
        const KilledServerEnds gone = killedEndsOf("10.0.0.7", {{"web-1", "10.0.0.5", -3600}}, {{"pod/web-3", 99}});
        QCOMPARE(gone.resolved, 5);
        QCOMPARE(gone.example, QStringLiteral("10.0.0.7 = Pod/web-3, no longer in pod status"));
    }

    // Two pods with the address since the same time (hostNetwork pods on one node IP): which one
    // the server was is unknown, not whichever the hash (seeded per process) gives first.
    void sharedAddressIsUnresolved()
    {
        const QList<PodRow> both = {{"web-1", "10.0.0.5", -3600}, {"web-2", "10.0.0.5", -3600}};
        const QList<QList<KillRow>> killings = {{{"Pod/web-1", 99}},
                                                {{"Pod/web-2", 99, "shop"}},
                                                {{"Pod/web-1", 99, "shop"}, {"Pod/web-2", 98, "shop"}}};
        for (const QList<KillRow> &k : killings) {
            const KilledServerEnds ends = killedEndsOf("10.0.0.5", both, k);
            QCOMPARE(ends.resolved, 0);
            QCOMPARE(ends.unresolved, 5);
        }
        // the later of two pods on the address is its owner
        const KilledServerEnds later =
            killedEndsOf("10.0.0.5", {{"web-1", "10.0.0.5", -3600}, {"web-2", "10.0.0.5", -60}}, {{"Pod/web-2", 99}});
        QCOMPARE(later.resolved, 5);
    }
};

QTEST_GUILESS_MAIN(TestKilledPods)
#include "tst_killedpods.moc"
