// Bursts over a dense steady background (issue 12; evidencebursts.cpp, denseBursts()).
// A keep-alive race at hundreds of requests a second puts a 502 within 8 s of the next all the
// time, so "runs of 502s no more than 8 s apart" made the whole series one run, no burst was ever
// found, and keep-alive's steady remainder claimed a rollout's burst on top of it as well (study
// seed 1316: graceful-shutdown + keepalive-mismatch at 492 rps, keep-alive credited with 100% of
// the 502s, a quarter of which were one burst after a Killing).
//   - a store built here: a steady per-request rate of 502s, with and without a burst on top, and
//     with ten times the traffic (and so the 502s) for a while: the burst is found and keep-alive
//     does not claim its 502s; steady 502s, in time or per request, make no burst;
//   - the study draw: keep-alive no longer takes every 502.
#include "analysis/analysis.h"
#include "playbook/causeranker.h"
#include "playbook/evidence.h"
#include "playbook/tablecauses.h"
#include "testbundle.h"
#include "testutil.h"

#include <QRandomGenerator>
#include <QTest>

using namespace gateline;

namespace {

constexpr qint64 t0 = 1709287200000000, sec = 1000000;
constexpr qint64 kSpanS = 600;
constexpr qint64 kBurstFromS = 400, kBurstToS = 430; // the burst: [from, to)

struct Shape {
    bool burst = false;      // 30% of the requests fail in [kBurstFromS, kBurstToS)
    bool busy = false;       // ten times the traffic from 200 s to 320 s
};

// 50 requests a second (500 while busy), 2% of them failing at random: a 502 the target returned
// (no ingress log: its maker cannot be told), a steady rate per request of about one a second.
std::unique_ptr<EventStore> steadyStore(Shape shape)
{
    auto store = std::make_unique<EventStore>();
    auto alb = testutil::emptySource(SourceFormat::Alb, "/b/alb.log");
    QRandomGenerator rng(1316);
    for (qint64 s = 0; s < kSpanS; ++s) {
        const int perSecond = shape.busy && s >= 200 && s < 320 ? 500 : 50;
        const double failing = shape.burst && s >= kBurstFromS && s < kBurstToS ? 0.3 : 0.02;
        for (int j = 0; j < perSecond; ++j) {
            const bool err = rng.generateDouble() < failing;
            Record r;
            r.time = Timestamp{t0 + s * sec + j * (sec / perSecond)};
            r.status = err ? 502 : 200;
            r.upstreamStatus = err ? 502 : 200;
            r.upstream = "10.0.0.9:80";
            r.client = "203.0.113.9";
            r.method = "GET";
            r.path = "/api/cart";
            alb->append(r);
        }
    }
    store->add(std::move(alb));
    return store;
}

qint64 inBurstSpan(const std::vector<qint64> &t, const std::vector<char> &flags, bool flagged)
{
    qint64 n = 0;
    for (size_t i = 0; i < t.size(); ++i)
        if (t[i] >= t0 + kBurstFromS * sec && t[i] < t0 + kBurstToS * sec && i < flags.size() && bool(flags[i]) == flagged)
            ++n;
    return n;
}

QString burstsText(const BurstFeatures &b)
{
    QStringList out;
    for (const Burst &x : b.bursts)
        out << QStringLiteral("%1-%2 s: %3").arg((x.fromUs - t0) / 1e6, 0, 'f', 1).arg((x.toUs - t0) / 1e6, 0, 'f', 1).arg(x.errors);
    return QStringLiteral("%1 bursts (%2)").arg(b.bursts.size()).arg(out.join(QStringLiteral(", ")));
}

} // namespace

class TestDenseBursts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A steady rate per request, with steady traffic and with ten times the traffic for two minutes
    // (the 502s follow it: far above their rate in time, not above their rate per request): no burst.
    void steadyMakesNoBurst_data()
    {
        QTest::addColumn<bool>("busy");
        QTest::newRow("steady traffic") << false;
        QTest::newRow("traffic ten times higher for two minutes") << true;
    }

    void steadyMakesNoBurst()
    {
        QFETCH(bool, busy);
        const auto store = steadyStore({false, busy});
        const Analysis analysis(*store, AnalysisOptions{});
        const Evidence e(analysis);
        QVERIFY(e.errorTimes().size() > 500); // dense: several 502s in every 8 s
        QVERIFY2(e.bursts().bursts.empty(), qPrintable(burstsText(e.bursts())));
        QCOMPARE(e.bursts().burstShare, 0.0);
    }

    // The burst on top is found, and keep-alive's steady remainder leaves its 502s out.
    void burstOverBackground()
    {
        const auto store = steadyStore({true, false});
        const Analysis analysis(*store, AnalysisOptions{});
        const Evidence e(analysis);
        const BurstFeatures &b = e.bursts();
        QVERIFY2(b.bursts.size() == 1, qPrintable(burstsText(b)));
        const Burst &x = b.bursts.front();
        // It covers the burst (its first and last seconds may read as background) and no more.
        QVERIFY2(x.fromUs >= t0 + (kBurstFromS - 2) * sec && x.fromUs <= t0 + (kBurstFromS + 3) * sec, qPrintable(burstsText(b)));
        QVERIFY2(x.toUs >= t0 + (kBurstToS - 3) * sec && x.toUs <= t0 + (kBurstToS + 2) * sec, qPrintable(burstsText(b)));
        const std::vector<qint64> &t = e.errorTimes();
        std::vector<char> all(t.size(), 1);
        const qint64 inSpan = inBurstSpan(t, all, true);
        QVERIFY2(x.errors >= inSpan * 8 / 10 && x.errors <= inSpan + 10, qPrintable(burstsText(b)));

        const std::vector<char> ka = tableClaims(QStringLiteral("keepalive-mismatch"), e);
        QCOMPARE(ka.size(), t.size());
        QVERIFY2(inBurstSpan(t, ka, false) >= inSpan * 8 / 10,
                 qPrintable(QStringLiteral("%1 of %2 502s in the burst unclaimed").arg(inBurstSpan(t, ka, false)).arg(inSpan)));
        // The steady 502s outside it stay keep-alive's.
        qint64 outside = 0, claimedOutside = 0;
        for (size_t i = 0; i < t.size(); ++i)
            if (t[i] < x.fromUs || t[i] > x.toUs) {
                ++outside;
                claimedOutside += ka[i] != 0;
            }
        QCOMPARE(claimedOutside, outside);
    }

    // Study seed 1316's draw (graceful-shutdown + keepalive-mismatch, 492 rps, no ingress log):
    // keep-alive made 3316 of the 4487 502s (74%), the rollout's burst after one Killing 1153. The
    // burst is found and keep-alive no longer takes it: at most the steady 502s' share (with the
    // background inside the burst left unexplained too, as nothing tells which of them are whose).
    // graceful-shutdown is not named: one burst after one of five Killings is one coincidence
    // (Coincidence::strength()), and with the load balancer's targets the ingress pods the killed
    // pod's address is not in the data.
    void studyDrawKeepAliveShare()
    {
        const testutil::StudyDraw draw{QStringLiteral("graceful-shutdown+keepalive-mismatch"), QStringLiteral("none"),
                                       QStringLiteral("loki-json"), 492.0, 5, QStringLiteral("ip"), 0.0, 2.88, 1671740277u};
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Diagnosis d = diagnose(b->causes);
        const QString why = b->why(d);
        QCOMPARE(d.primary, QStringLiteral("keepalive-mismatch"));
        QVERIFY2(d.primaryShare > 0.5 && d.primaryShare <= 0.8, qPrintable(why));
        QVERIFY2(d.unexplainedShare >= 0.2, qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestDenseBursts)
#include "tst_densebursts.moc"
