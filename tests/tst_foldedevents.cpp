// Folded Kubernetes events and what the playbook makes of them (issue 12):
//   - the parsers keep the span of a folded event (count > 1): lastTimestamp - firstTimestamp in an
//     events JSON list, "10m (x5 over 34m)" in `kubectl get events` / `kubectl events` tables and
//     `kubectl describe` (kubectl prints the first timestamp's age after "over"), in durationMs;
//   - EventSignals (playbook/evidenceevents.h) spreads the repeats evenly over that span instead of
//     stacking them on the last time;
//   - oom-crash's outages past the fixed window (playbook/tablecauses.h, oomOutages): the 502s go on
//     while the data shows the outage going on, and no longer.
#include "testutil.h"

#include "analysis/analysis.h"
#include "formats/k8stextcells.h"
#include "formats/parserregistry.h"
#include "ingest/sourcereader.h"
#include "playbook/evidence.h"
#include "playbook/evidenceevents.h"
#include "playbook/tablecauses.h"
#include "store/eventstore.h"
#include "testbundle.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {

constexpr qint64 kSec = 1000000;

QDateTime utc(const char *iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeZone(QTimeZone::UTC);
    return t;
}

void parse(SourceFormat format, const QByteArray &bytes, SourceData *out)
{
    ParseOptions options;
    options.captureTime = utc("2024-06-02T10:30:00Z");
    ParseContext ctx{options, *out, {}, nullptr};
    MemoryStream in(bytes);
    ParserRegistry::create(format)->parse(in, ctx);
}

qsizetype find(const SourceData &s, QByteArrayView reason)
{
    for (qsizetype i = 0; i < s.size(); ++i)
        if (s.bytes(SourceData::Reason, i) == reason)
            return i;
    return -1;
}

const QByteArray kEventsJson = R"({"apiVersion": "v1", "kind": "List", "items": [
 {"kind": "Event", "metadata": {"name": "web-2.1", "namespace": "shop"}, "reason": "BackOff", "type": "Warning",
  "involvedObject": {"kind": "Pod", "name": "web-2", "namespace": "shop"}, "message": "Back-off restarting failed container",
  "count": 5, "firstTimestamp": "2024-06-02T09:56:00Z", "lastTimestamp": "2024-06-02T10:20:00Z"},
 {"kind": "Event", "metadata": {"name": "web-1.1", "namespace": "shop"}, "reason": "Killing", "type": "Normal",
  "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "shop"}, "message": "Stopping container app",
  "count": 1, "firstTimestamp": "2024-06-02T10:25:00Z", "lastTimestamp": "2024-06-02T10:25:00Z"}
]})";

// An ALB log of one request a second over [0, seconds) from t0, 502 (target '-') where err says.
template<typename Err>
std::unique_ptr<SourceData> albLog(qint64 t0, int seconds, Err err)
{
    auto alb = testutil::emptySource(SourceFormat::Alb, "/b/alb.log");
    for (int i = 0; i < seconds; ++i)
        for (int k = 0; k < 4; ++k) { // four requests a second, 250 ms apart
            const bool bad = err(i, k);
            Record r;
            r.time = Timestamp{t0 + i * kSec + k * 250000};
            r.status = bad ? 502 : 200;
            r.upstreamStatus = bad ? kUpstreamDash : 200;
            r.upstream = bad ? QByteArrayView("-") : QByteArrayView("10.0.0.9:8080");
            r.client = "203.0.113.9";
            r.method = "GET";
            r.path = "/api/cart";
            r.durationMs = bad ? 1 : 30;
            alb->append(r);
        }
    return alb;
}

std::unique_ptr<SourceData> oomEvent(qint64 at)
{
    auto ev = testutil::emptySource(SourceFormat::K8sEvents, "/b/k8s/events.json");
    Record r;
    r.kind = EventKind::K8sEvent;
    r.time = Timestamp{at};
    r.reason = "OOMKilling";
    r.object = "Node/ip-10-0-0-1";
    r.text = "Memory cgroup out of memory: Killed process 4242 (node)";
    r.flags = FlagWarning;
    ev->append(r);
    return ev;
}

} // namespace

class TestFoldedEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ageCellSpan()
    {
        k8s::AgeCell a;
        QVERIFY(k8s::parseAgeCell("10m (x5 over 34m)", &a));
        QCOMPARE(a.seconds, qint64(600));
        QCOMPARE(a.repeat, qint64(5));
        QCOMPARE(a.overSeconds, qint64(34 * 60));
        QCOMPARE(a.spanSeconds(), qint64(24 * 60));
        QVERIFY(k8s::parseAgeCell("5m", &a));
        QCOMPARE(a.spanSeconds(), qint64(0));
        QCOMPARE(a.overSeconds, qint64(-1));
        // Rounded ages can print the same age twice ("3m (x2 over 3m)"): no span to spread over.
        QVERIFY(k8s::parseAgeCell("3m (x2 over 3m)", &a));
        QCOMPARE(a.spanSeconds(), qint64(0));
    }

    void parsersKeepTheSpan_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<qint64>("spanSeconds");
        QTest::newRow("events json") << int(SourceFormat::K8sEvents) << kEventsJson << qint64(24 * 60);
        // events.k8s.io/v1 (kubectl get events.v1.events.k8s.io -o json): a core event converted
        // keeps its count and times under deprecated* names.
        QTest::newRow("events.k8s.io json")
            << int(SourceFormat::K8sEvents)
            << QByteArray(R"({"apiVersion": "v1", "kind": "List", "items": [
 {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"name": "web-2.1", "namespace": "shop"},
  "reason": "BackOff", "type": "Warning", "regarding": {"kind": "Pod", "name": "web-2", "namespace": "shop"},
  "note": "Back-off restarting failed container", "eventTime": null, "deprecatedCount": 5,
  "deprecatedFirstTimestamp": "2024-06-02T09:56:00Z", "deprecatedLastTimestamp": "2024-06-02T10:20:00Z"},
 {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"name": "web-1.1", "namespace": "shop"},
  "reason": "Killing", "type": "Normal", "regarding": {"kind": "Pod", "name": "web-1", "namespace": "shop"},
  "note": "Stopping container app", "eventTime": null, "deprecatedCount": 1,
  "deprecatedFirstTimestamp": "2024-06-02T10:25:00Z", "deprecatedLastTimestamp": "2024-06-02T10:25:00Z"}
]})")
            << qint64(24 * 60);
        QTest::newRow("get events table")
            << int(SourceFormat::K8sEvents)
            << QByteArray("LAST SEEN           TYPE      REASON    OBJECT        MESSAGE\n"
                          "5m                  Normal    Killing   pod/web-1     Stopping container app\n"
                          "10m (x5 over 34m)   Warning   BackOff   pod/web-2     Back-off restarting failed container\n")
            << qint64(24 * 60);
        QTest::newRow("describe") << int(SourceFormat::K8sDescribe)
                                  << QByteArray("Name:         web-2\n"
                                                "Namespace:    shop\n"
                                                "Events:\n"
                                                "  Type     Reason   Age                From     Message\n"
                                                "  ----     ------   ----               ----     -------\n"
                                                "  Normal   Killing  5m                 kubelet  Stopping container app\n"
                                                "  Warning  BackOff  2m (x5 over 34m)   kubelet  Back-off restarting failed container\n")
                                  << qint64(32 * 60);
    }
    void parsersKeepTheSpan()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, input);
        QFETCH(qint64, spanSeconds);
        SourceData out;
        parse(SourceFormat(format), input, &out);
        const qsizetype backOff = find(out, "BackOff"), killing = find(out, "Killing");
        QVERIFY(backOff >= 0 && killing >= 0);
        QCOMPARE(out.count(backOff), 5);
        QCOMPARE(double(out.durationMs(backOff)), double(spanSeconds * 1000));
        // One occurrence has no span.
        QCOMPARE(out.count(killing), 1);
        QVERIFY(out.durationMs(killing) < 0);
    }

    // A container restarted 5 times over 40 s (Started x5): five restarts 10 s apart, ending at the
    // event's time, the count kept; a single event stays one point.
    void repeatsAreSpreadOverTheSpan()
    {
        constexpr qint64 t0 = 1709287200000000;
        EventStore store;
        store.add(albLog(t0, 120, [](int, int) { return false; }));
        auto ev = testutil::emptySource(SourceFormat::K8sEvents, "/b/k8s/events.json");
        Record r;
        r.kind = EventKind::K8sEvent;
        r.time = Timestamp{t0 + 100 * kSec};
        r.reason = "Started";
        r.object = "Pod/web-2";
        r.ns = "shop";
        r.text = "Started container app";
        r.count = 5;
        r.durationMs = 40000;
        ev->append(r);
        r.time = Timestamp{t0 + 110 * kSec};
        r.reason = "Killing";
        r.object = "Pod/web-1";
        r.text = "Stopping container app";
        r.count = 1;
        r.durationMs = -1;
        ev->append(r);
        store.add(std::move(ev));
        const Analysis analysis(store, AnalysisOptions{});
        const EventSignals k(analysis);
        QCOMPARE(k.times(EventClass::Restart),
                 (std::vector<qint64>{t0 + 60 * kSec, t0 + 70 * kSec, t0 + 80 * kSec, t0 + 90 * kSec, t0 + 100 * kSec}));
        QCOMPARE(k.total(EventClass::Restart), qint64(5));
        QCOMPARE(k.times(EventClass::Killing), (std::vector<qint64>{t0 + 110 * kSec}));
    }

    // Hundreds of repeats share kMaxSpreadPoints points; the count is kept.
    void manyRepeatsShareThePoints()
    {
        constexpr qint64 t0 = 1709287200000000;
        EventStore store;
        store.add(albLog(t0, 60, [](int, int) { return false; }));
        auto ev = testutil::emptySource(SourceFormat::K8sEvents, "/b/k8s/events.json");
        Record r;
        r.kind = EventKind::K8sEvent;
        r.time = Timestamp{t0 + 3600 * kSec};
        r.reason = "BackOff";
        r.object = "Pod/web-2";
        r.ns = "shop";
        r.text = "Back-off restarting failed container";
        r.count = 1000;
        r.durationMs = 3600000;
        r.flags = FlagWarning;
        ev->append(r);
        store.add(std::move(ev));
        const Analysis analysis(store, AnalysisOptions{});
        const EventSignals k(analysis);
        qint64 points = 0, total = 0;
        for (const SignalEvent &e : k.events())
            if (e.cls == EventClass::Restart) {
                ++points;
                total += e.count;
            }
        QCOMPARE(points, qint64(EventSignals::kMaxSpreadPoints));
        QCOMPARE(total, qint64(1000));
    }

    // An OOM kill at 100 s whose 502s (half the requests) go on for 70 s, after a minute without:
    // oom-crash's outage runs past the 30 s window to the end of the last bin with the outage's
    // rate (170 s), not into the clean minute after it.
    void oomOutageFollowsTheData()
    {
        constexpr qint64 t0 = 1709287200000000;
        EventStore store;
        store.add(albLog(t0, 300, [](int i, int k) { return i >= 100 && i < 170 && k % 2 == 0; }));
        store.add(oomEvent(t0 + 100 * kSec));
        const Analysis analysis(store, AnalysisOptions{});
        const Evidence e(analysis);
        const std::vector<OomOutage> spans = oomOutages(e);
        QCOMPARE(spans.size(), size_t(1));
        QCOMPARE(spans[0].killUs, t0 + 100 * kSec);
        QCOMPARE(spans[0].endUs, t0 + 170 * kSec - 1);
        // Its claims: every 502 of the outage, not only the 30 s window's.
        const std::vector<char> claimed = tableClaims(QStringLiteral("oom-crash"), e);
        QCOMPARE(qint64(std::count(claimed.begin(), claimed.end(), char(1))), qint64(e.errorTimes().size()));
    }

    // The same kill when the 502s stop within the window, and when a rate already as high before
    // the kill goes on after it (an overload, not the outage): no outage past the window.
    void oomOutageNotPastItsRate()
    {
        constexpr qint64 t0 = 1709287200000000;
        {
            EventStore store;
            store.add(albLog(t0, 300, [](int i, int k) { return i >= 100 && i < 120 && k % 2 == 0; }));
            store.add(oomEvent(t0 + 100 * kSec));
            const Analysis analysis(store, AnalysisOptions{});
            QVERIFY(oomOutages(Evidence(analysis)).empty());
        }
        {
            EventStore store;
            // one in four from 30 s on; one in two for the first 30 s after the kill
            store.add(albLog(t0, 300, [](int i, int k) { return (i >= 30 && k == 0) || (i >= 100 && i < 130 && k == 2); }));
            store.add(oomEvent(t0 + 100 * kSec));
            const Analysis analysis(store, AnalysisOptions{});
            QVERIFY(oomOutages(Evidence(analysis)).empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestFoldedEvents)
#include "tst_foldedevents.moc"
