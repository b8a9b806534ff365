// The Kubernetes events as kubectl prints them (`kubectl get events -A [-o wide]`, `kubectl events
// -A`, `kubectl describe pods`), written by the generator from the same seed as its JSON, give the
// analysis what the JSON gives: counts and origin exact (they do not depend on events), the same
// events at the times kubectl's ages keep, the same matching step and the same primary cause.
//
// What the text loses, and so the only tolerance allowed here: kubectl prints an age, not a time
// (duration.HumanDuration): whole seconds below 10 minutes ("9m59s"), whole minutes below 3 hours
// ("10m" for 10m29s), whole hours below 2 days, days beyond. Ages count back from the capture second
// (truth capturedAt, also the files' modification time, which Gateline reads when no --captured-at
// is given). So an event of the JSON at time T reads back at C - floor_unit(C - T), later by less
// than the unit; the test computes that time exactly for every event and compares. The plain `get
// events` table has no COUNT and no FIRST SEEN: folded repeats read back as one occurrence there;
// the wide table's FIRST SEEN and COUNT give the span as "(xN over M)" does (the reader took only
// the count until these bundles showed the span missing).
// Where every event in the load balancer's range is under 10 minutes old the times are exact, and
// the matching step (±30 s window) must match exactly the same 502s; where older events lose up to
// 59 s, a 502 may cross the window's edge, and the test bounds the difference by the 502s whose
// distance to an event plus that event's exact shift stays within the window.
#include "testutil.h"
#include "testbundle.h"

#include "analysis/lifecycleevent.h"
#include "formats/k8stextcells.h"
#include "generator/kubetabwriter.h"

#include <QDateTime>
#include <QFile>
#include <QTest>
#include <QTimeZone>
#include <map>

using namespace gateline;
using testutil::GeneratedBundle;
using testutil::checkCounts;

namespace {

// The unit kubectl's age keeps at an age of s seconds (duration.HumanDuration): seconds below
// 10 minutes, minutes below 8 hours ("179m", "3h5m"), hours below 8 days ("47h", "2d1h"), days
// below 8 years ("729d", "2y1d"), years beyond.
qint64 ageUnit(qint64 s)
{
    if (s < 600)
        return 1;
    if (s < 8 * 3600)
        return 60;
    if (s < 8 * 86400)
        return 3600;
    if (s < 8 * 365 * 86400)
        return 86400;
    return 365 * 86400;
}
qint64 keptAge(qint64 s)
{
    return s - s % ageUnit(s);
}

struct EventKey {
    QString object, reason, text;
    qint64 timeUs;
    qint32 count;
    qint64 spanSec;
    bool operator<(const EventKey &o) const
    {
        return std::tie(object, reason, text, timeUs, count, spanSec) < std::tie(o.object, o.reason, o.text, o.timeUs, o.count, o.spanSec);
    }
};
QString show(const EventKey &k)
{
    return QStringLiteral("%1 %2 @%3 x%4 over %5 s: %6")
        .arg(k.object, k.reason, QDateTime::fromMSecsSinceEpoch(k.timeUs / 1000, QTimeZone::UTC).toString(Qt::ISODate))
        .arg(k.count)
        .arg(k.spanSec)
        .arg(k.text.left(60));
}

bool isEventSource(const SourceData &s)
{
    return s.format == SourceFormat::K8sEvents || s.format == SourceFormat::K8sDescribe;
}

std::map<EventKey, int> events(const EventStore &store)
{
    std::map<EventKey, int> out;
    for (qsizetype i = 0; i < store.sourceCount(); ++i) {
        const SourceData &s = store.source(SourceId{int(i)});
        if (!isEventSource(s))
            continue;
        for (qsizetype r = 0; r < s.size(); ++r)
            if (s.kind(r) == EventKind::K8sEvent)
                ++out[{s.string(SourceData::Object, r), s.string(SourceData::Reason, r), s.string(SourceData::Text, r),
                       s.time(r).us, s.count(r), qint64(std::llround(double(s.durationMs(r)) / 1000))}];
    }
    return out;
}

// Pod starts and terminations (pods.json or describe).
QStringList podRecords(const EventStore &store)
{
    QStringList out;
    for (qsizetype i = 0; i < store.sourceCount(); ++i) {
        const SourceData &s = store.source(SourceId{int(i)});
        if (s.format != SourceFormat::K8sPods && s.format != SourceFormat::K8sDescribe)
            continue;
        for (qsizetype r = 0; r < s.size(); ++r)
            if (s.kind(r) == EventKind::PodStart || s.kind(r) == EventKind::PodTermination)
                out << QStringLiteral("%1 %2 %3 %4 status=%5 count=%6 ip=%7 node=%8")
                           .arg(int(s.kind(r)))
                           .arg(s.string(SourceData::Object, r), s.string(SourceData::Reason, r))
                           .arg(s.time(r).us)
                           .arg(s.status(r))
                           .arg(s.count(r))
                           .arg(s.string(SourceData::Upstream, r), s.string(SourceData::Host, r));
    }
    out.sort();
    return out;
}


GeneratorOptions options(const QString &cause, const QString &ingress, int minutes, uint seed)
{
    GeneratorOptions o;
    o.cause = cause;
    o.ingress = ingress;
    o.durationMinutes = minutes;
    o.ingressSkewSeconds = 1.2;
    o.seed = seed;
    return o;
}

} // namespace

class TestK8sShapesAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // kubectl's duration.HumanDuration, on both sides of each of its bounds.
    void kubectlAges()
    {
        const std::pair<qint64, const char *> cases[] = {
            {-2, "<invalid>"}, {-1, "0s"}, {0, "0s"}, {5, "5s"}, {119, "119s"}, {120, "2m"}, {150, "2m30s"},
            {599, "9m59s"}, {600, "10m"}, {629, "10m"}, {10799, "179m"}, {10800, "3h"}, {11100, "3h5m"},
            {28799, "7h59m"}, {28800, "8h"}, {172799, "47h"}, {172800, "2d"}, {176400, "2d1h"}, {691199, "7d23h"},
            {691200, "8d"}, {63071999, "729d"}, {63072000, "2y"}, {63158400, "2y1d"}, {252288000, "8y"}};
        for (const auto &[seconds, text] : cases) {
            QCOMPARE(gen::kubectlAge(seconds), QByteArray(text));
            qint64 back = -1;
            if (seconds >= 0) { // what the reader takes it for: the age with kubectl's resolution
                QVERIFY(k8s::parseAge(gen::kubectlAge(seconds), &back));
                QCOMPARE(back, keptAge(seconds));
            }
        }
    }

    // Go's text/tabwriter as kubectl sets it up: blocks of consecutive lines align per column.
    void tabWriter()
    {
        gen::TabWriter w(0, 2);
        w.line("Name:\tweb-1");
        w.line("Service Account:\tdefault");
        w.line("IPs:");
        w.line("  IP:\t10.0.0.1");
        w.line("Controlled By:\tReplicaSet/web");
        QByteArray out;
        w.flush(&out);
        QCOMPARE(out, QByteArray("Name:             web-1\nService Account:  default\nIPs:\n  IP:           10.0.0.1\n"
                                 "Controlled By:  ReplicaSet/web\n"));
        gen::TabWriter t(6, 3);
        t.line("NAMESPACE\tLAST SEEN\tTYPE\tMESSAGE");
        t.line("shop\t5m\tNormal\tStopping container app");
        out.clear();
        t.flush(&out);
        QCOMPARE(out, QByteArray("NAMESPACE   LAST SEEN   TYPE     MESSAGE\nshop        5m          Normal   Stopping container app\n"));
    }

    void sameAnalysis_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<int>("minutes");
        QTest::addColumn<uint>("seed");
        for (const QString &shape : GeneratorOptions::k8sEventsShapes()) {
            if (shape == QLatin1String("json"))
                continue;
            // 6 minutes: every event in the load balancer's range is under 10 minutes old at the
            // capture (1 to 3 minutes after the end): ages in whole seconds, times exact.
            QTest::newRow(qPrintable(shape + QStringLiteral(" graceful-shutdown 6m")))
                << shape << QStringLiteral("graceful-shutdown") << QStringLiteral("nginx") << 6 << 601u;
            QTest::newRow(qPrintable(shape + QStringLiteral(" oom-crash 6m")))
                << shape << QStringLiteral("oom-crash") << QStringLiteral("traefik-json") << 6 << 602u;
            // 20 minutes: the older events are in whole minutes.
            QTest::newRow(qPrintable(shape + QStringLiteral(" oom-crash 20m")))
                << shape << QStringLiteral("oom-crash") << QStringLiteral("nginx") << 20 << 603u;
            QTest::newRow(qPrintable(shape + QStringLiteral(" pod-not-ready 20m")))
                << shape << QStringLiteral("pod-not-ready") << QStringLiteral("nginx") << 20 << 604u;
        }
    }
    void sameAnalysis()
    {
        QFETCH(QString, shape);
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QFETCH(int, minutes);
        QFETCH(uint, seed);
        GeneratorOptions o = options(cause, ingress, minutes, seed);
        const auto json = testutil::generateBundle(o);
        QVERIFY2(json->error.isEmpty(), qPrintable(json->error));
        o.k8sEventsShape = shape;
        const auto text = testutil::generateBundle(o);
        QVERIFY2(text->error.isEmpty(), qPrintable(text->error));
        const GeneratorTruth &t = text->truth;
        QCOMPARE(t.k8sEventsShape, shape);
        QVERIFY(t.capturedAt.isValid());
        QCOMPARE(t.k8sEvents, json->truth.k8sEvents);
        QCOMPARE(t.pods, json->truth.pods);
        QVERIFY(!t.filesByKind.value(QStringLiteral("k8s-events")).isEmpty());
        for (const QString &f : t.filesByKind.value(QStringLiteral("k8s-events")))
            QVERIFY2(f.endsWith(QLatin1String(".txt")), qPrintable(f));

        // Counts and origin: exact, on both.
        checkCounts(*json->analysis, json->truth);
        checkCounts(*text->analysis, t);
        QCOMPARE(text->store->totalRejected(), 0);

        // Every event source says which time its ages count back from: the files' time, the capture second.
        const QString captured = t.capturedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        int eventSources = 0;
        for (qsizetype i = 0; i < text->store->sourceCount(); ++i) {
            const SourceData &s = text->store->source(SourceId{int(i)});
            if (!isEventSource(s))
                continue;
            ++eventSources;
            QVERIFY2(s.notes.join(QLatin1Char('\n')).contains(QStringLiteral("ages counted back from %1 UTC (file modification time").arg(captured)),
                     qPrintable(s.notes.join(QLatin1Char('\n'))));
        }
        QCOMPARE(eventSources, t.filesByKind.value(QStringLiteral("k8s-events")).size());

        // The events: each JSON event at the time its kubectl age keeps, with its count and span
        // where the shape prints them.
        const qint64 c = t.capturedAt.toSecsSinceEpoch();
        const bool counted = shape != QLatin1String("get-events");
        const bool spanned = shape != QLatin1String("get-events"); // the wide table's FIRST SEEN, or "(xN over M)"
        std::map<EventKey, int> expected;
        for (const auto &[k, n] : events(*json->store)) {
            EventKey e = k;
            const qint64 last = k.timeUs / 1000000;
            QCOMPARE(last * 1000000, k.timeUs); // the JSON has whole seconds
            e.timeUs = (c - keptAge(c - last)) * 1000000;
            e.count = counted ? k.count : 1;
            e.spanSec = spanned && k.count > 1 ? keptAge(c - (last - k.spanSec)) - keptAge(c - last) : 0;
            expected[e] += n;
        }
        const std::map<EventKey, int> got = events(*text->store);
        QStringList diff;
        for (const auto &[k, n] : expected)
            if (got.count(k) == 0 || got.at(k) != n)
                diff << QStringLiteral("missing: ") + show(k);
        for (const auto &[k, n] : got)
            if (expected.count(k) == 0 || expected.at(k) != n)
                diff << QStringLiteral("unexpected: ") + show(k);
        QVERIFY2(diff.isEmpty(), qPrintable(diff.mid(0, 12).join(QLatin1Char('\n'))));
        QCOMPARE(qint64(expected.size()) > 0, true);

        // describe replaces pods.json: the same starts and terminations (whole seconds both).
        if (shape == QLatin1String("describe"))
            QCOMPARE(podRecords(*text->store), podRecords(*json->store));

        // The matching step and the primary cause.
        const MatchingResult &mj = json->analysis->matching();
        const MatchingResult &mt = text->analysis->matching();
        QCOMPARE(mt.errors, mj.errors);
        QCOMPARE(mt.missingUpstream502, mj.missingUpstream502);
        // The oldest event the matching step can use: the load balancer's range starts at the
        // bundle's start (less the window).
        const qint64 oldest = c - (t.start.toSecsSinceEpoch() - qint64(mj.windowSeconds));
        const qint64 unit = ageUnit(oldest) == 1 ? 1 : 60;
        if (unit == 1) {
            // Times exact: exactly the same pairs.
            QCOMPARE(mt.matched, mj.matched);
            QCOMPARE(mt.samePod, mj.samePod);
            // The same 502s paired with an event at the same time. Two events of the same second
            // tie on distance; the matcher takes the first in the store's order, and kubectl lists
            // events in another order than the API's JSON (by last seen), so the class of a tied
            // pair may differ: allowed only where both classes have an event at that very time.
            QCOMPARE(mt.pairs.size(), mj.pairs.size());
            const std::vector<LifecycleEvent> all = collectLifecycleEvents(text->analysis->timeline());
            int ties = 0;
            for (size_t i = 0; i < mj.pairs.size(); ++i) {
                const MatchedPair &pj = mj.pairs[i];
                const MatchedPair &pt = mt.pairs[i];
                QCOMPARE(pt.errorRow, pj.errorRow);
                QCOMPARE(pt.errorUs, pj.errorUs);
                QCOMPARE(pt.event.us, pj.event.us);
                QCOMPARE(pt.deltaSeconds, pj.deltaSeconds);
                QCOMPARE(pt.samePod, pj.samePod);
                if (pt.event.cls == pj.event.cls)
                    continue;
                bool hasJ = false, hasT = false;
                for (const LifecycleEvent &e : all) {
                    hasJ = hasJ || (e.us == pj.event.us && e.cls == pj.event.cls);
                    hasT = hasT || (e.us == pt.event.us && e.cls == pt.event.cls);
                }
                QVERIFY2(hasJ && hasT, qPrintable(QStringLiteral("pair %1: a class without a tie").arg(i)));
                ++ties;
            }
            if (ties == 0)
                QCOMPARE(mt.byKind, mj.byKind);
        } else {
            // An event of the events list read back δ later (0 <= δ < its age's unit, computed
            // exactly from its JSON time) keeps its 502 when |delta + δ| is still within the window;
            // pod status times (pods.json, or describe's absolute dates) do not move. So the text
            // matches at least the JSON pairs that stay in the window, and at most every 502.
            qint64 kept = 0;
            for (const MatchedPair &p : mj.pairs) {
                double shift = 0;
                if (json->store->source(p.event.source).format == SourceFormat::K8sEvents) {
                    const qint64 at = p.event.us / 1000000;
                    shift = double(c - keptAge(c - at) - at);
                }
                if (std::abs(p.deltaSeconds + shift) <= mj.windowSeconds)
                    ++kept;
            }
            // (oom-crash 20 min, seed 603: 249 of 279 in every text shape against 279 of 279 from the
            // JSON, the OOM kills' events 17 minutes old read back up to 59 s late; pod-not-ready:
            // 254 of 254 on both.)
            qInfo("matched: text %lld, json %lld of %lld; %lld JSON pairs stay within the window",
                  mt.matched, mj.matched, mj.missingUpstream502, kept);
            QVERIFY2(mt.matched >= kept && mt.matched <= mj.missingUpstream502,
                     qPrintable(QStringLiteral("text %1, json %2 (%3 pairs stay in the window)").arg(mt.matched).arg(mj.matched).arg(kept)));
        }
        const Diagnosis dj = diagnose(json->causes);
        const Diagnosis dt = diagnose(text->causes);
        QVERIFY2(dt.primary == dj.primary, qPrintable(QStringLiteral("json:\n%1\ntext:\n%2").arg(json->text(), text->text())));
        if (!dj.primary.isEmpty())
            QCOMPARE(json->causes.first().id, text->causes.first().id);
    }
};

QTEST_GUILESS_MAIN(TestK8sShapesAnalysis)
#include "tst_k8sshapes_analysis.moc"
