// The shares two causes' support rests on, tested on their own (stores built here, no generator):
//   - graceful-shutdown's "share among exposed" (playbook/evidenceends.h,
//     killedServerSupportAmongExposed): of the 502s within the Killing windows, the ones the
//     resolved servers explain, but no more than the windows hold beyond what the background rate
//     outside them would put there by chance (the attributable fraction 1 - 1/rateRatio);
//   - pod-not-ready's servers' own record (playbook/tablecauses.h, newPodSupport, and the chance it is
//     measured against, EndpointFeatures::newPodChance): the 502s to pods in their first minute beyond
//     what those pods' first minutes give;
//   - upstream-timeout's longOnSlowShare (playbook/evidenceendpoints.h): of the long gateway errors
//     (>= 5 s and >= 5x the endpoint's normal time), the share on the slow endpoint, which is the
//     endpoint with most of them once there are enough to tell, however many fast 502s another
//     endpoint has.
#include "analysis/analysis.h"
#include "playbook/evidenceendpoints.h"
#include "playbook/evidenceends.h"
#include "playbook/evidenceevents.h"
#include "playbook/evidenceseries.h"
#include "playbook/tablecauses.h"
#include "store/eventstore.h"
#include "testbundle.h"
#include "testutil.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <tuple>

using namespace gateline;

namespace {

KilledServerEnds ends(qint64 resolved, qint64 killedPods)
{
    KilledServerEnds e;
    e.podStatusLoaded = true;
    e.endedOnKilling = resolved;
    e.resolved = resolved;
    e.killedPods = killedPods;
    return e;
}

Coincidence killing(qint64 errors, qint64 matched, double rateRatio)
{
    Coincidence c;
    c.errors = errors;
    c.matched = matched;
    c.events = 3;
    c.rateRatio = rateRatio;
    c.tooFew = errors < Coincidence::kMinErrors;
    return c;
}

// One ALB request a row: endpoint path, status, target status (kUpstreamDash: the target never
// answered) and the request time.
struct Req {
    const char *path;
    qint16 status;
    qint16 target;
    float ms;
};

// An ALB log of the rows, one every `spacingMs` from a fixed start; its features.
EndpointFeatures endpointsOf(const QList<Req> &rows, qint64 spacingMs = 500)
{
    constexpr qint64 t0 = 1709287200000000;
    auto alb = std::make_unique<SourceData>();
    alb->format = SourceFormat::Alb;
    alb->locator.filePath = QStringLiteral("/b/alb.log");
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const Req &q = rows[i];
        Record r;
        r.time = Timestamp{t0 + i * spacingMs * 1000};
        r.status = q.status;
        r.upstreamStatus = q.target;
        r.durationMs = q.ms;
        r.upstream = q.target == kUpstreamDash ? QByteArrayView("-") : QByteArrayView("10.0.0.9:8080");
        r.client = "203.0.113.9";
        r.method = "GET";
        r.path = q.path;
        alb->append(r);
    }
    EventStore store;
    store.add(std::move(alb));
    const Analysis analysis(store, AnalysisOptions{});
    return computeEndpointFeatures(ErrorSeries(analysis), EventSignals(analysis));
}

// n rows of one kind.
void add(QList<Req> &rows, int n, const Req &r)
{
    for (int i = 0; i < n; ++i)
        rows << r;
}

QString endpoint(const char *path)
{
    return ErrorSeries::endpointOf("GET", path);
}

} // namespace

class TestCauseShares : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Windows that hold 502s only (nothing outside: no background) leave the resolved share as it
    // is: 16 of 20 502s to three killed pods.
    void exposedShareWithoutBackground()
    {
        QCOMPARE(killedServerSupportAmongExposed(ends(16, 3), killing(20, 20, Coincidence::kMaxEffect)), 16.0 / 20.0);
        // Weighed like independent coincidences: two pods 0.75, one 0.5.
        QCOMPARE(killedServerSupportAmongExposed(ends(16, 2), killing(20, 20, Coincidence::kMaxEffect)), 0.75 * 16 / 20);
        QCOMPARE(killedServerSupportAmongExposed(ends(16, 1), killing(20, 20, Coincidence::kMaxEffect)), 0.5 * 16 / 20);
    }

    // A background twice as dense inside the windows as outside: chance alone puts half of the
    // 20 502s there, so the resolved servers explain at most the other 10 (it was 16 of 20, 0.8).
    void exposedShareSubtractsChance()
    {
        const double s = killedServerSupportAmongExposed(ends(16, 3), killing(200, 20, 2));
        QCOMPARE(s, 10.0 / 20.0);
        // Fewer resolved than the excess: all of them count.
        QCOMPARE(killedServerSupportAmongExposed(ends(8, 3), killing(200, 20, 2)), 8.0 / 20.0);
        // Rising with the rate inside the windows over the rate outside.
        QVERIFY(killedServerSupportAmongExposed(ends(16, 3), killing(200, 20, 4)) > s);
        QCOMPARE(killedServerSupportAmongExposed(ends(16, 3), killing(200, 20, 4)), 15.0 / 20.0);
    }

    // Windows no denser than the rest of the range: whatever resolves there is chance.
    void exposedShareIsNothingAtChance()
    {
        QCOMPARE(killedServerSupportAmongExposed(ends(16, 3), killing(400, 20, 1)), 0.0);
        QCOMPARE(killedServerSupportAmongExposed(ends(16, 3), killing(400, 20, 0.6)), 0.0);
    }

    // Too few resolved (the statistical core's minimum) or no killed pod: nothing; and the 502s
    // within the windows are at least the resolved ones.
    void exposedShareNeedsEnough()
    {
        QCOMPARE(killedServerSupportAmongExposed(ends(4, 3), killing(20, 20, Coincidence::kMaxEffect)), 0.0);
        QCOMPARE(killedServerSupportAmongExposed(ends(16, 0), killing(20, 20, Coincidence::kMaxEffect)), 0.0);
        const double all = killedServerSupportAmongExposed(ends(16, 3), killing(20, 10, Coincidence::kMaxEffect));
        QVERIFY2(std::abs(all - 1) < 0.002, qPrintable(QString::number(all)));
    }

    // 100 502s with a pod address, all to pods of known start, 90 of them to pods in their first
    // minute, where chance gives 10%: 80 beyond chance, of all 100 (or of 200, when as many have no
    // address).
    void newPodShareBeyondChance()
    {
        EndpointFeatures ep;
        ep.errorsWithIp = 100;
        ep.errorsToStartedPods = 100;
        ep.newPodErrors = 90;
        ep.newPodShare = 0.9;
        ep.newPodChance = 0.1;
        ep.newPodsHit = 3;
        QCOMPARE(newPodSupport(ep, 100), 0.8);
        QCOMPARE(newPodSupport(ep, 200), 0.4);
        ep.newPodsHit = 2;
        QCOMPARE(newPodSupport(ep, 100), 0.75 * 0.8);
        ep.newPodsHit = 1;
        QCOMPARE(newPodSupport(ep, 100), 0.5 * 0.8);
        // At chance (the failed pods were new as often as their time up was), nothing.
        ep.newPodsHit = 3;
        ep.newPodChance = 0.9;
        QCOMPARE(newPodSupport(ep, 100), 0.0);
        // Fewer 502s to new pods than the statistical core's minimum, or no new pod: nothing.
        ep.newPodChance = 0;
        ep.newPodErrors = 4;
        QCOMPARE(newPodSupport(ep, 100), 0.0);
        ep.newPodErrors = 90;
        ep.newPodsHit = 0;
        QCOMPARE(newPodSupport(ep, 100), 0.0);
        // Exactly the minimum counts, whatever share of the 502s with an address it is (a share
        // times a count gave 4.999... for 5 of 77).
        ep.newPodsHit = 3;
        ep.errorsWithIp = 77;
        ep.errorsToStartedPods = 5;
        ep.newPodErrors = 5;
        ep.newPodShare = 5.0 / 77.0;
        QCOMPARE(newPodSupport(ep, 77), 5.0 / 77.0);
    }

    // Chance is taken over the 502s to the pods it is measured over: a rollout's 60 502s to killed
    // (gone) pods and 40 to new pods, chance 0.3: 40 - 0.3 x 40 = 28 beyond chance, of 100 (not
    // 40 - 0.3 x 100 = 10).
    void newPodChanceOverStartedPodsOnly()
    {
        EndpointFeatures ep;
        ep.errorsWithIp = 100;
        ep.errorsToStartedPods = 40;
        ep.newPodErrors = 40;
        ep.newPodShare = 0.4;
        ep.goneShare = 0.6;
        ep.newPodChance = 0.3;
        ep.newPodsHit = 3;
        QVERIFY2(std::abs(newPodSupport(ep, 100) - 0.28) < 1e-12, qPrintable(QString::number(newPodSupport(ep, 100))));
    }

    // The chance on a store: 10 minutes of requests (one a second) to an old pod, a new pod started at
    // 300 s that pod status lists, ten 502s to it at 305-314 s and two to the old pod. Of the two pods'
    // time up within the range (599 s and 599 - 295 s) the new pod's first minute (-5 s to +60 s) is
    // 65 s: chance 65 / 903.
    void newPodChanceOnAStore()
    {
        constexpr qint64 t0 = 1709287200000000, sec = 1000000;
        const auto make = testutil::emptySource;
        auto alb = make(SourceFormat::Alb, "/b/alb.log");
        for (int i = 0; i < 600; ++i) {
            const bool toNew = i >= 305 && i < 315;
            const bool err = toNew || i == 100 || i == 500;
            Record r;
            r.time = Timestamp{t0 + i * sec};
            r.status = err ? 502 : 200;
            r.upstreamStatus = err ? kUpstreamDash : 200;
            r.upstream = toNew ? QByteArrayView("10.0.0.7:8080") : QByteArrayView("10.0.0.9:8080");
            r.client = "203.0.113.9";
            r.method = "GET";
            r.path = "/api/cart";
            r.durationMs = err ? 1 : 30;
            alb->append(r);
        }
        auto pods = make(SourceFormat::K8sPods, "/b/k8s/pods.json");
        for (const auto &[name, ip, startS] : {std::tuple<const char *, const char *, qint64>{"web-old", "10.0.0.9", -1000},
                                               {"web-new", "10.0.0.7", 300}}) {
            Record r;
            r.kind = EventKind::PodStart;
            r.time = Timestamp{t0 + startS * sec};
            r.reason = "Started";
            const QByteArray object = QByteArray("Pod/") + name;
            r.object = object;
            r.ns = "shop";
            r.upstream = ip;
            pods->append(r);
        }
        EventStore store;
        store.add(std::move(alb));
        store.add(std::move(pods));
        const Analysis analysis(store, AnalysisOptions{});
        const EndpointFeatures ep = computeEndpointFeatures(ErrorSeries(analysis), EventSignals(analysis));
        QCOMPARE(ep.errorsWithIp, qint64(12));
        QCOMPARE(ep.newPodsHit, qint64(1));
        QCOMPARE(ep.newPodShare, 10.0 / 12.0);
        QVERIFY2(std::abs(ep.newPodChance - 65.0 / 903.0) < 1e-3, qPrintable(QString::number(ep.newPodChance)));
        QCOMPARE(qint64(std::count(ep.toNewPod.begin(), ep.toNewPod.end(), char(1))), qint64(10));
        QCOMPARE(ep.newPodErrors, qint64(10));
        QCOMPARE(ep.errorsToStartedPods, qint64(12)); // the old pod has a start too
        // One new pod: one coincidence (0.5), 10 - 12 x 65/903 beyond chance, of the 12 502s.
        QVERIFY2(std::abs(newPodSupport(ep, 12) - 0.380676) < 1e-3, qPrintable(QString::number(newPodSupport(ep, 12))));
    }

    // Fast 502s on one endpoint (a rollout's) outnumber the long ones a slow backend gives on
    // another: the slow endpoint is the one with most long errors, and longOnSlowShare their share.
    // A 9 s error on an export endpoint that normally takes 8 s is not long (under 5x its normal time).
    void longOnSlowShare()
    {
        QList<Req> rows;
        add(rows, 300, {"/api/cart", 200, 200, 30});
        add(rows, 30, {"/api/cart", 502, kUpstreamDash, 2});
        add(rows, 1, {"/api/cart", 502, 502, 20000});
        add(rows, 200, {"/api/search", 200, 200, 50});
        add(rows, 6, {"/api/search", 502, 502, 30000});
        add(rows, 100, {"/api/export", 200, 200, 8000});
        add(rows, 3, {"/api/export", 502, 502, 9000});
        const EndpointFeatures f = endpointsOf(rows);
        QCOMPARE(f.gatewayErrors, qint64(40));
        QCOMPARE(f.longErrors, qint64(7));
        QCOMPARE(f.slowEndpoint, endpoint("/api/search"));
        QCOMPARE(f.longOnSlowShare, 6.0 / 7.0);
        QCOMPARE(f.slowEndpointShare, 6.0 / 40.0);
        QCOMPARE(f.longShare, 1.0);
    }

    // Fewer long errors than the statistical core's minimum: the slow endpoint stays the one with
    // most gateway errors, and longOnSlowShare is the share of the long ones on it (here none).
    void longOnSlowShareTooFewLong()
    {
        QList<Req> rows;
        add(rows, 300, {"/api/cart", 200, 200, 30});
        add(rows, 30, {"/api/cart", 502, kUpstreamDash, 2});
        add(rows, 200, {"/api/search", 200, 200, 50});
        add(rows, 3, {"/api/search", 502, 502, 30000});
        const EndpointFeatures f = endpointsOf(rows);
        QCOMPARE(f.longErrors, qint64(3));
        QCOMPARE(f.slowEndpoint, endpoint("/api/cart"));
        QCOMPARE(f.longOnSlowShare, 0.0);
        // With no long error at all the share is 0, not undefined.
        QList<Req> fast;
        add(fast, 300, {"/api/cart", 200, 200, 30});
        add(fast, 30, {"/api/cart", 502, kUpstreamDash, 2});
        QCOMPARE(endpointsOf(fast).longOnSlowShare, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestCauseShares)
#include "tst_causeshares.moc"
