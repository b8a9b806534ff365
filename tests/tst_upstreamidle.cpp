// The upstream connections' idle times and the servers' last answers (playbook/upstreamidle.h),
// on two ingress replicas' requests stored by hand: a retried request (an upstream list, which
// parsers that keep the whole field store), a failed attempt, a line out of time order, an upstream
// group (" : "), and the values worked out here line by line.
#include "analysis/analysis.h"
#include "playbook/upstreamidle.h"

#include <QDateTime>
#include <QTimeZone>
#include <QTest>

using namespace gateline;

namespace {

qint64 at(int minute, int second, int ms = 0)
{
    return QDateTime(QDate(2026, 11, 21), QTime(10, minute, second, ms), QTimeZone::utc()).toMSecsSinceEpoch() * 1000;
}

struct Request {
    qint64 end;
    int status;
    int upstreamStatus;
    float ms;
    const char *upstream;
};

// One replica's access log as a parser stores it (NGINX: the line's time is the request's end).
std::unique_ptr<SourceData> replica(const QString &name, const std::vector<Request> &requests)
{
    auto s = std::make_unique<SourceData>();
    s->format = SourceFormat::NginxIngress;
    s->locator.filePath = name;
    qint64 offset = 0;
    for (const Request &q : requests) {
        Record r;
        r.time = Timestamp{q.end};
        r.offset = LineOffset{offset += 100};
        r.status = qint16(q.status);
        r.upstreamStatus = qint16(q.upstreamStatus);
        r.durationMs = q.ms;
        r.method = "GET";
        r.path = "/api";
        r.upstream = QByteArrayView(q.upstream);
        s->append(r);
    }
    return s;
}

// Replica A. Ends (the line's time) and starts (end - request time):
//  1 10:00:00  .7            answered; .7 never used before: no gap
//  2 10:00:05  .7 (1 s)      answered; starts 10:00:04, .7 last used 10:00:00: 4 s
//  3 10:00:20  .7 then .8    the first attempt failed (a list); .8 answered; starts 10:00:19.5,
//                            .7 last used 10:00:05: 14.5 s, failed too
//  4 10:00:30  .8 (2 ms)     502 from .8: not answered; starts 10:00:29.998, .8 last used 10:00:20:
//                            9.998 s, failed too
//  5 10:00:12  .9            stored last, ends between 2 and 3 (read in order of ends): answered;
//                            .9 never used before
//  6 10:00:50  group         "10.1.0.7:8080 : 10.1.0.10:8080", one item (no ','): not .7, never
//                            used before; answered by its last server, .10
//  7 10:00:55  no upstream   not a request to a server: nothing
const std::vector<Request> kReplicaA = {
    {at(0, 0), 200, 200, 100, "10.1.0.7:8080"},
    {at(0, 5), 200, 200, 1000, "10.1.0.7:8080"},
    {at(0, 20), 200, 200, 500, "10.1.0.7:8080, 10.1.0.8:8080"},
    {at(0, 30), 502, 502, 2, "10.1.0.8:8080"},
    {at(0, 12), 200, 200, 0, "10.1.0.9:8080"},
    {at(0, 50), 200, 200, 0, "10.1.0.7:8080 : 10.1.0.10:8080"},
    {at(0, 55), 404, kNoUpstreamStatus, 0, ""},
};
// Replica B, its own connections: .7 answers it later than any of A's requests, idle 0.5 s; a
// 500 from .8 (the server's own error: an answer), then a 504 (a gateway's code: not an answer,
// nor a failed attempt, which only a 502 is) after 13 s idle.
const std::vector<Request> kReplicaB = {
    {at(0, 40), 200, 200, 100, "10.1.0.7:8080"},
    {at(0, 41), 200, 200, 500, "10.1.0.7:8080"},
    {at(0, 45), 500, 500, 0, "10.1.0.8:8080"},
    {at(0, 58), 504, 504, 0, "10.1.0.8:8080"},
};

} // namespace

class TestUpstreamIdle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lastListedServer_data()
    {
        QTest::addColumn<QByteArray>("upstream");
        QTest::addColumn<QByteArray>("server");
        QTest::newRow("one") << QByteArray("10.1.0.7:8080") << QByteArray("10.1.0.7:8080");
        QTest::newRow("list") << QByteArray("10.1.0.7:8080, 10.1.0.8:8080") << QByteArray("10.1.0.8:8080");
        QTest::newRow("group") << QByteArray("10.1.0.7:8080 : 10.1.0.10:8080") << QByteArray("10.1.0.10:8080");
        QTest::newRow("both") << QByteArray("a:1, b:2 : c:3") << QByteArray("c:3");
        QTest::newRow("IPv6, no space after ':'") << QByteArray("[fd00::1]:80") << QByteArray("[fd00::1]:80");
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }
    void lastListedServer()
    {
        QFETCH(QByteArray, upstream);
        QFETCH(QByteArray, server);
        QCOMPARE(gateline::lastListedServer(upstream).toByteArray(), server);
    }

    void gapsAndLastAnswers()
    {
        EventStore store;
        store.add(replica(QStringLiteral("ingress-nginx-controller-6d8f7c9b5-aaaaa.log"), kReplicaA));
        store.add(replica(QStringLiteral("ingress-nginx-controller-6d8f7c9b5-bbbbb.log"), kReplicaB));
        const Analysis analysis(store, AnalysisOptions{});
        // The replicas in store order, each with its shift onto the common timeline.
        std::vector<double> all, failed;
        qint64 shiftA = 0, shiftB = 0;
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceData &s = store.source(SourceId{int(id)});
            const bool isA = s.locator.filePath.contains(QLatin1String("aaaaa"));
            (isA ? shiftA : shiftB) = analysis.timeline().shiftUs(SourceId{int(id)});
            if (isA) {
                all.insert(all.end(), {4.0, 14.5, 9.998});
                failed.insert(failed.end(), {14.5, 9.998});
            } else {
                all.insert(all.end(), {0.5, 13.0});
            }
        }
        QHash<QByteArray, qint64> lastAnswered;
        lastAnswered.insert("10.1.0.9:8080", at(59, 0)); // later than any line: kept
        const IdleGaps gaps = upstreamIdleGaps(analysis, lastAnswered);
        QCOMPARE(gaps.all.size(), all.size());
        for (size_t i = 0; i < all.size(); ++i)
            QCOMPARE(gaps.all[i], all[i]);
        QCOMPARE(gaps.failed.size(), failed.size());
        for (size_t i = 0; i < failed.size(); ++i)
            QCOMPARE(gaps.failed[i], failed[i]);
        QHash<QByteArray, qint64> expected;
        expected.insert("10.1.0.7:8080", std::max(at(0, 5) + shiftA, at(0, 41) + shiftB));
        expected.insert("10.1.0.8:8080", std::max(at(0, 20) + shiftA, at(0, 45) + shiftB));
        expected.insert("10.1.0.9:8080", at(59, 0));
        expected.insert("10.1.0.10:8080", at(0, 50) + shiftA);
        QCOMPARE(lastAnswered, expected);
    }
};

QTEST_GUILESS_MAIN(TestUpstreamIdle)
#include "tst_upstreamidle.moc"
