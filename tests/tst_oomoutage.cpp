// oom-crash's outage windows (issue 12): an OOM kill's window runs to the return of the killed
// pod's own container (EventSignals::outageEnds), not to the next restart of any pod; and the
// evidence says which window the tie used, with the statistical core's numbers (coincidence.h).
// Stores built here: 20 minutes of ALB requests (one a second), pod status records for the kills
// and the restarts, and 502s while the killed pod is down.
#include "analysis/analysis.h"
#include "playbook/evidence.h"
#include "playbook/evidenceevents.h"
#include "playbook/tablecauses.h"
#include "testbundle.h"
#include "testutil.h"

#include <QTest>

using namespace gateline;

namespace {

constexpr qint64 t0 = 1709287200000000, sec = 1000000;

struct PodRow {
    QByteArray object;   // "Pod/web-a", or "Node/..." for a node's OOMKilling event
    qint64 atS;
    bool kill;           // an OOM kill (else a container restart: the container back)
};

// ALB requests every second for 1200 s to 10.0.0.9:8080; the requests at errorSeconds are 502s
// that the target never answered. rows: pod status OOMKilled terminations and "Restarted" starts,
// namespace "shop"; a "Node/" kill is a node-problem-detector OOMKilling event instead.
std::unique_ptr<EventStore> storeOf(const QList<PodRow> &rows, const std::vector<qint64> &errorSeconds)
{
    const auto make = testutil::emptySource;
    auto store = std::make_unique<EventStore>();
    auto alb = make(SourceFormat::Alb, "/b/alb.log");
    for (qint64 i = 0; i < 1200; ++i) {
        Record r;
        r.time = Timestamp{t0 + i * sec};
        const bool err = std::binary_search(errorSeconds.begin(), errorSeconds.end(), i);
        r.status = err ? 502 : 200;
        r.upstreamStatus = err ? kUpstreamDash : 200;
        r.upstream = "10.0.0.9:8080";
        r.client = "203.0.113.9";
        r.method = "GET";
        r.path = "/api/cart";
        alb->append(r);
    }
    auto pods = make(SourceFormat::K8sPods, "/b/k8s/pods.json");
    auto events = make(SourceFormat::K8sEvents, "/b/k8s/events.json");
    for (const PodRow &p : rows) {
        Record r;
        r.time = Timestamp{t0 + p.atS * sec};
        r.object = p.object;
        if (p.object.startsWith("Node/")) {
            r.kind = EventKind::K8sEvent;
            r.reason = "OOMKilling";
            r.text = "Memory cgroup out of memory: Killed process 4242 (java)";
            r.flags |= FlagWarning;
            events->append(r);
            continue;
        }
        r.ns = "shop";
        if (p.kill) {
            r.kind = EventKind::PodTermination;
            r.reason = "OOMKilled";
            r.status = 137;
            r.text = "app";
        } else {
            r.kind = EventKind::PodStart;
            r.reason = "Restarted";
            r.text = "app";
        }
        pods->append(r);
    }
    store->add(std::move(alb));
    store->add(std::move(pods));
    if (events->size() > 0)
        store->add(std::move(events));
    return store;
}

// The kill times of the three-kill store: irregular, so that the events have no steady period
// (coincidence.h leaves a steady period's multiples out of the shifts).
const QList<qint64> kKills{200, 470, 930};

// Pod web-a OOM-killed at each of kKills, back returnS later; pod batch-b (unrelated) restarting
// 10 s after each kill; 502s every other second while web-a is down.
QList<PodRow> twoPods(qint64 returnS)
{
    QList<PodRow> rows;
    for (qint64 k : kKills) {
        rows.append({"Pod/web-a", k, true});
        rows.append({"Pod/batch-b", k + 10, false});
        if (returnS > 0)
            rows.append({"Pod/web-a", k + returnS, false});
    }
    return rows;
}

std::vector<qint64> errorsDuring(qint64 fromS, qint64 toS)
{
    std::vector<qint64> out;
    for (qint64 k : kKills)
        for (qint64 s = k + fromS; s <= k + toS; s += 2)
            out.push_back(s);
    return out;
}

const CauseScore *causeOf(const QList<CauseScore> &causes, const QString &id)
{
    for (const CauseScore &c : causes)
        if (c.id == id)
            return &c;
    return nullptr;
}

} // namespace

class TestOomOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Each kill's outage ends when the killed pod's own container is back (+ the start-up given),
    // not at another pod's restart 10 s after the kill.
    void outageRunsToTheKilledPodsReturn()
    {
        const auto store = storeOf(twoPods(90), {});
        const Analysis analysis(*store, AnalysisOptions{});
        const EventSignals signals(analysis);
        const std::vector<SignalEvent> kills = signals.eventsOf(EventClass::OomKill);
        QCOMPARE(kills.size(), size_t(3));
        const std::vector<qint64> ends = signals.outageEnds(kills, 30);
        QCOMPARE(ends.size(), kills.size());
        for (size_t i = 0; i < kills.size(); ++i)
            QCOMPARE((ends[i] - kills[i].us) / sec, qint64(90 + 30));
    }

    // The killed pod never back within the kubelet's back-off limit: no outage end (the fixed
    // window applies), however many other pods restart. A kill that names no pod (a node's
    // OOMKilling) keeps to the first restart of any pod.
    void unknownOrAbsentPod()
    {
        const auto gone = storeOf(twoPods(0), {});
        const Analysis a(*gone, AnalysisOptions{});
        const EventSignals s(a);
        const std::vector<SignalEvent> kills = s.eventsOf(EventClass::OomKill);
        QCOMPARE(kills.size(), size_t(3));
        for (qint64 end : s.outageEnds(kills, 30))
            QCOMPARE(end, qint64(0));

        // Back only after the back-off limit (kCrashLoopBackOffMaxS): no end either.
        const auto late = storeOf({{"Pod/web-a", 200, true}, {"Pod/batch-b", 210, false},
                                   {"Pod/web-a", 200 + qint64(params::kCrashLoopBackOffMaxS) + 20, false}},
                                  {});
        const Analysis al(*late, AnalysisOptions{});
        const EventSignals sl(al);
        const std::vector<SignalEvent> lateKills = sl.eventsOf(EventClass::OomKill);
        QCOMPARE(lateKills.size(), size_t(1));
        QCOMPARE(sl.outageEnds(lateKills, 30).front(), qint64(0));

        const auto node = storeOf({{"Node/ip-10-0-1-7", 300, true}, {"Pod/batch-b", 312, false}, {"Pod/web-a", 400, false}}, {});
        const Analysis an(*node, AnalysisOptions{});
        const EventSignals sn(an);
        const std::vector<SignalEvent> nodeKills = sn.eventsOf(EventClass::OomKill);
        QCOMPARE(nodeKills.size(), size_t(1));
        QCOMPARE((sn.outageEnds(nodeKills, 30).front() - nodeKills.front().us) / sec, qint64(12 + 30));
    }

    // The 502s of web-a's outages (1..89 s after each kill) all sit on the outage windows, and the
    // evidence says the window ran to the container's return, with the core's own numbers.
    void evidenceSaysTheOutageWindow()
    {
        const auto store = storeOf(twoPods(90), errorsDuring(1, 89));
        const Analysis analysis(*store, AnalysisOptions{});
        const Evidence e(analysis);
        const Alignment &a = e.oom();
        QCOMPARE(a.errors, qint64(3 * 45));
        QCOMPARE(a.events, qint64(3));
        QCOMPARE(a.ownEnds, qint64(3));
        QCOMPARE(a.ownEndMedianSeconds, 120.0);
        // 60..89 s after a kill: past batch-b's return + 30 s, before web-a's.
        QCOMPARE(a.matched, a.errors);
        QVERIFY2(a.tied(), qPrintable(a.summary()));

        QList<CauseScore> causes;
        scoreTableCauses(e, causes);
        const CauseScore *oom = causeOf(causes, QStringLiteral("oom-crash"));
        QVERIFY(oom);
        const QString expected = QStringLiteral("%1 of %2 502s (100%) come from 5 s before an OOM kill until its container "
                                                "was back (+30 s; 3 of 3 kills, windows of 120 s median): %3")
                                     .arg(a.matched)
                                     .arg(a.errors)
                                     .arg(a.summary());
        QVERIFY2(oom->evidence.contains(expected), qPrintable(oom->evidence.join(QLatin1Char('\n')) + QStringLiteral("\nexpected: ") + expected));
        if (qEnvironmentVariableIsSet("GATELINE_TEST_VERBOSE"))
            qInfo().noquote() << oom->evidence.join(QLatin1Char('\n'));
        for (const QString &line : oom->evidence)
            QVERIFY2(!line.contains(QLatin1String("around OOM kills")), qPrintable(line));
    }

    // When web-a never comes back within the back-off, only the fixed window is tested, and the
    // evidence says so: "from 5 s before to 30 s after an OOM kill".
    void evidenceSaysTheFixedWindow()
    {
        const auto store = storeOf(twoPods(0), errorsDuring(1, 29));
        const Analysis analysis(*store, AnalysisOptions{});
        const Evidence e(analysis);
        const Alignment &a = e.oom();
        QCOMPARE(a.ownEnds, qint64(0));
        QCOMPARE(a.matched, a.errors);
        QList<CauseScore> causes;
        scoreTableCauses(e, causes);
        const CauseScore *oom = causeOf(causes, QStringLiteral("oom-crash"));
        QVERIFY(oom);
        const QString expected = QStringLiteral("%1 of %2 502s (100%) come from 5 s before to 30 s after an OOM kill: %3")
                                     .arg(a.matched)
                                     .arg(a.errors)
                                     .arg(a.summary());
        QVERIFY2(oom->evidence.contains(expected), qPrintable(oom->evidence.join(QLatin1Char('\n')) + QStringLiteral("\nexpected: ") + expected));
    }
};

QTEST_GUILESS_MAIN(TestOomOutage)
#include "tst_oomoutage.moc"
