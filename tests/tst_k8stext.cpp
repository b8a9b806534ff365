// kubectl's text output: the `kubectl get events` / `kubectl events` tables and `kubectl describe`.
// Mostly the capture-time rule for relative ages: a given capture time (--captured-at) wins, then a
// capture-time line in the file, then the file's modification time; the note names the source.
#include "archivewriter.h"
#include "testutil.h"

#include "formats/parserregistry.h"
#include "ingest/sourcereader.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {

const QByteArray kTable = "LAST SEEN           TYPE      REASON    OBJECT        MESSAGE\n"
                          "5m                  Normal    Killing   pod/web-1     Stopping container app\n"
                          "10m (x5 over 34m)   Warning   BackOff   pod/web-2     Back-off restarting failed container\n";

const QByteArray kDescribe = "Name:         web-2\n"
                             "Namespace:    shop\n"
                             "Start Time:   Sun, 02 Jun 2024 09:00:00 +0000\n"
                             "Containers:\n"
                             "  app:\n"
                             "    State:          Running\n"
                             "      Started:      Sun, 02 Jun 2024 10:20:00 +0000\n"
                             "    Restart Count:  3\n"
                             "Events:\n"
                             "  Type     Reason   Age                From     Message\n"
                             "  ----     ------   ----               ----     -------\n"
                             "  Warning  BackOff  2m (x5 over 34m)   kubelet  Back-off restarting failed container\n";

QDateTime utc(const char *iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeZone(QTimeZone::UTC);
    return t;
}

qint64 us(const char *iso)
{
    return utc(iso).toMSecsSinceEpoch() * 1000;
}

void parse(SourceFormat format, const QByteArray &bytes, const ParseOptions &options, SourceData *out)
{
    ParseContext ctx{options, *out, {}, nullptr};
    MemoryStream in(bytes);
    ParserRegistry::create(format)->parse(in, ctx);
}

// The record whose reason is reason (the first one).
qsizetype find(const SourceData &s, QByteArrayView reason)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s.bytes(SourceData::Reason, i) == reason)
            return i;
    }
    return -1;
}

} // namespace

class TestK8sText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void capturedAtWins_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("reason");
        QTest::addColumn<qint64>("ageSeconds");
        QTest::addColumn<int>("count");
        QTest::newRow("table") << int(SourceFormat::K8sEvents) << kTable << QByteArray("BackOff") << qint64(600) << 5;
        QTest::newRow("describe") << int(SourceFormat::K8sDescribe) << kDescribe << QByteArray("BackOff") << qint64(120)
                                  << 5;
        // A capture-time line in the file loses to the given time too.
        QTest::newRow("table with time line") << int(SourceFormat::K8sEvents)
                                              << QByteArray("2020-01-01T00:00:00Z\n") + kTable << QByteArray("BackOff")
                                              << qint64(600) << 5;
    }
    void capturedAtWins()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, reason);
        QFETCH(qint64, ageSeconds);
        QFETCH(int, count);
        ParseOptions options;
        options.captureTime = utc("2024-06-02T10:30:00Z");
        options.fileTime = utc("2024-06-03T00:00:00Z");
        SourceData out;
        parse(SourceFormat(format), input, options, &out);
        const qsizetype i = find(out, reason);
        QVERIFY(i >= 0);
        QCOMPARE(out.time(i).us, us("2024-06-02T10:30:00Z") - ageSeconds * 1000000);
        QCOMPARE(out.count(i), count);
        QCOMPARE(out.kind(i), EventKind::K8sEvent);
        QVERIFY(out.flags(i) & FlagWarning);
        QVERIFY2(out.notes.contains(QStringLiteral("ages counted back from 2024-06-02 10:30:00 UTC (--captured-at)")),
                 qPrintable(out.notes.join(QLatin1Char('\n'))));
    }

    // "<invalid>": kubectl's clock was behind the event's, so the event is about as old as the
    // capture: placed at the capture time, with a note; "<unknown>" (no time at all) is rejected.
    void invalidAgeIsTheCaptureTime_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("table") << int(SourceFormat::K8sEvents)
                               << QByteArray("LAST SEEN   TYPE      REASON    OBJECT        MESSAGE\n"
                                             "<invalid>   Normal    Pulled    pod/web-1     Container image pulled\n"
                                             "<unknown>   Normal    Created   pod/web-1     Created container app\n"
                                             "5m          Normal    Killing   pod/web-1     Stopping container app\n");
        QTest::newRow("describe") << int(SourceFormat::K8sDescribe)
                                  << QByteArray("Name:         web-1\n"
                                                "Namespace:    shop\n"
                                                "Events:\n"
                                                "  Type    Reason   Age        From     Message\n"
                                                "  ----    ------   ----       ----     -------\n"
                                                "  Normal  Pulled   <invalid>  kubelet  Container image pulled\n"
                                                "  Normal  Created  <unknown>  kubelet  Created container app\n"
                                                "  Normal  Killing  5m         kubelet  Stopping container app\n");
    }
    void invalidAgeIsTheCaptureTime()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, input);
        ParseOptions options;
        options.captureTime = utc("2024-06-02T10:30:00Z");
        SourceData out;
        parse(SourceFormat(format), input, options, &out);
        const qsizetype pulled = find(out, "Pulled");
        QVERIFY(pulled >= 0);
        QCOMPARE(out.time(pulled).us, us("2024-06-02T10:30:00Z"));
        QCOMPARE(out.time(find(out, "Killing")).us, us("2024-06-02T10:25:00Z"));
        QCOMPARE(find(out, "Created"), qsizetype(-1));
        QCOMPARE(out.rejected.byReason.value(QStringLiteral("event has no time")), qint64(1));
        QVERIFY2(out.notes.contains(QStringLiteral("1 event(s) aged <invalid> (newer than the clock of the machine kubectl ran on): "
                                                   "placed at the capture time")),
                 qPrintable(out.notes.join(QLatin1Char('\n'))));
    }

    void timeLineBeatsFileTime()
    {
        ParseOptions options;
        options.fileTime = utc("2024-06-03T00:00:00Z");
        SourceData out;
        parse(SourceFormat::K8sEvents, QByteArray("2024-06-02T10:30:00Z\n") + kTable, options, &out);
        const qsizetype i = find(out, "Killing");
        QVERIFY(i >= 0);
        QCOMPARE(out.time(i).us, us("2024-06-02T10:25:00Z"));
        QCOMPARE(out.notes, QStringList{QStringLiteral("ages counted back from 2024-06-02 10:30:00 UTC (capture time on line 1)")});
    }

    void fileTimeWhenNothingElse()
    {
        ParseOptions options;
        options.fileTime = utc("2024-06-02T10:30:00Z");
        for (SourceFormat f : {SourceFormat::K8sEvents, SourceFormat::K8sDescribe}) {
            SourceData out;
            parse(f, f == SourceFormat::K8sEvents ? kTable : kDescribe, options, &out);
            const qsizetype i = find(out, "BackOff");
            QVERIFY(i >= 0);
            QCOMPARE(out.time(i).us, us("2024-06-02T10:30:00Z") - (f == SourceFormat::K8sEvents ? 600 : 120) * 1000000ll);
            QVERIFY2(out.notes.contains(QStringLiteral("ages counted back from 2024-06-02 10:30:00 UTC (file modification "
                                                       "time; use --captured-at to correct)")),
                     qPrintable(out.notes.join(QLatin1Char('\n'))));
        }
    }

    void loaderPassesTheFileTime()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.txt"));
        QVERIFY(testutil::writeFile(path, kTable));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(utc("2024-06-02T10:30:00Z"), QFileDevice::FileModificationTime));
        f.close();
        const SourceReadResult r = readSourceFile(path);
        QVERIFY(r.primary());
        QCOMPARE(r.primary()->format, SourceFormat::K8sEvents);
        const qsizetype i = find(*r.primary(), "Killing");
        QVERIFY(i >= 0);
        QCOMPARE(r.primary()->time(i).us, us("2024-06-02T10:25:00Z"));
        QVERIFY(r.primary()->notes.contains(QStringLiteral(
            "ages counted back from 2024-06-02 10:30:00 UTC (file modification time; use --captured-at to correct)")));
    }

    void noCaptureTimeSaysSo()
    {
        const ParseOptions options;
        SourceData out;
        const qint64 before = QDateTime::currentMSecsSinceEpoch() * 1000;
        parse(SourceFormat::K8sEvents, kTable, options, &out);
        const qsizetype i = find(out, "Killing");
        QVERIFY(i >= 0);
        QVERIFY(out.time(i).us >= before - 300ll * 1000000);
        QCOMPARE(out.notes.size(), 1);
        QVERIFY2(out.notes.first().contains(QLatin1String("(time of reading: no capture time known; use --captured-at")),
                 qPrintable(out.notes.first()));
    }

    void describeMatchesPodRecords()
    {
        ParseOptions options;
        options.captureTime = utc("2024-06-02T10:30:00Z");
        SourceData out;
        parse(SourceFormat::K8sDescribe, kDescribe, options, &out);
        QCOMPARE(out.rejected.total, 0);
        const qsizetype start = find(out, "Restarted");
        QVERIFY(start >= 0);
        QCOMPARE(out.kind(start), EventKind::PodStart);
        QCOMPARE(out.time(start).us, us("2024-06-02T10:20:00Z"));
        QCOMPARE(out.count(start), 3);
        QCOMPARE(out.bytes(SourceData::Object, start), QByteArrayView("Pod/web-2"));
        QCOMPARE(out.bytes(SourceData::Namespace, start), QByteArrayView("shop"));
        QCOMPARE(out.bytes(SourceData::Text, start), QByteArrayView("app"));
        const qsizetype ev = find(out, "BackOff");
        QCOMPARE(out.bytes(SourceData::Object, ev), QByteArrayView("Pod/web-2"));
    }

    // A pod whose address is its node's (hostNetwork: "Node: name/IP" and "IP:" alike; pod status
    // has hostNetwork or podIP = hostIP) has FlagNodeAddress on every record, so the resolver
    // (podaddresshistory.h) never gives that address to one of the pods sharing it; a pod
    // address of its own has not.
    void nodeAddressIsFlagged_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("node");
        const QByteArray head = "Name:         web-2\nNamespace:    shop\n";
        const QByteArray rest = kDescribe.mid(kDescribe.indexOf("Start Time:"));
        const int describe = int(SourceFormat::K8sDescribe), pods = int(SourceFormat::K8sPods);
        QTest::newRow("describe, node IP") << describe << head + "Node:         node-a/10.0.0.5\nIP:           10.0.0.5\n" + rest << true;
        QTest::newRow("describe, pod IP") << describe << head + "Node:         node-a/10.0.0.5\nIP:           10.1.4.7\n" + rest << false;
        QTest::newRow("describe, no node IP") << describe << head + "Node:         <none>\nIP:           10.1.4.7\n" + rest << false;
        const QByteArray pod = R"({"kind":"Pod","metadata":{"name":"ingress-x","namespace":"ingress"},%1)"
                               R"("status":{"hostIP":"10.0.0.5","podIP":"%2","startTime":"2024-06-02T09:00:00Z",)"
                               R"("containerStatuses":[{"name":"c","restartCount":0,"state":{"running":{"startedAt":"2024-06-02T09:00:05Z"}}}]}})";
        auto json = [&](const char *spec, const char *ip) {
            return QString::fromLatin1(pod).arg(QLatin1String(spec), QLatin1String(ip)).toLatin1();
        };
        QTest::newRow("pods, hostIP") << pods << json("", "10.0.0.5") << true;
        QTest::newRow("pods, hostNetwork") << pods << json(R"("spec":{"hostNetwork":true},)", "10.0.0.9") << true;
        QTest::newRow("pods, own IP") << pods << json(R"("spec":{"nodeName":"node-a"},)", "10.1.4.7") << false;
    }
    void nodeAddressIsFlagged()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, text);
        QFETCH(bool, node);
        ParseOptions options;
        options.captureTime = utc("2024-06-02T10:30:00Z");
        SourceData out;
        parse(SourceFormat(format), text, options, &out);
        QCOMPARE(out.rejected.total, 0);
        qsizetype pods = 0;
        for (qsizetype i = 0; i < out.size(); ++i) {
            if (out.kind(i) != EventKind::PodStart && out.kind(i) != EventKind::PodTermination)
                continue;
            ++pods;
            QVERIFY(!out.bytes(SourceData::Upstream, i).isEmpty());
            QCOMPARE((out.flags(i) & FlagNodeAddress) != 0, node);
        }
        QCOMPARE(pods, qsizetype(1));
    }

    // An excerpt of describe output without its head, as pasted in threads (a ReplicaSet's
    // Conditions and Events blocks only): both blocks are read, no line is rejected; a top-level
    // line other than those two before any Name: still is.
    void headlessExcerptKeepsItsBlocks()
    {
        ParseOptions options;
        options.captureTime = utc("2021-07-29T12:00:00Z");
        SourceData out;
        parse(SourceFormat::K8sDescribe,
              "Conditions:\n"
              "  Type             Status  Reason\n"
              "  ----             ------  ------\n"
              "  ReplicaFailure   True    FailedCreate\n"
              "Events:\n"
              "  Type     Reason        Age   From                   Message\n"
              "  ----     ------        ----  ----                   -------\n"
              "  Warning  FailedCreate  102s  replicaset-controller  Error creating: pods \"a-1\" is forbidden\n",
              options, &out);
        QCOMPARE(out.rejected.total, 0);
        QCOMPARE(out.size(), qsizetype(1));
        QCOMPARE(out.bytes(SourceData::Reason, 0), QByteArrayView("FailedCreate"));
        QCOMPARE(out.time(0).us, us("2021-07-29T12:00:00Z") - 102ll * 1000000);
        SourceData stray;
        parse(SourceFormat::K8sDescribe, "Replicas:  1 current / 1 desired\nEvents:  <none>\n", options, &stray);
        QCOMPARE(stray.rejected.byReason.value(QStringLiteral("line before the first Name:")), qint64(1));
    }

    // Real output (tests/data/corpus, see PROVENANCE.md): a tool's preamble lines are rejected, the
    // rest read.
    void realDescribePod()
    {
        IngestOptions options;
        options.parse.captureTime = utc("2025-02-27T06:40:00Z");
        const SourceReadResult r = readSourceFile(
            testutil::dataPath(QStringLiteral("corpus/k8s-describe/holmesgpt-oom-kill-describe-pod.txt")), options);
        QVERIFY(r.primary());
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sDescribe);
        const qsizetype oom = find(s, "OOMKilled");
        QVERIFY(oom >= 0);
        QCOMPARE(s.kind(oom), EventKind::PodTermination);
        QCOMPARE(s.status(oom), qint16(137));
        QCOMPARE(s.count(oom), 6);
        QCOMPARE(s.time(oom).us, us("2025-02-27T06:36:22Z")); // "Thu, 27 Feb 2025 07:36:22 +0100"
        QCOMPARE(s.bytes(SourceData::Object, oom), QByteArrayView("Pod/analytics-exporter-fast-76897854c-cw5wh"));
        const qsizetype backOff = find(s, "BackOff");
        QVERIFY(backOff >= 0);
        QCOMPARE(s.count(backOff), 23);
        QCOMPARE(s.time(backOff).us, us("2025-02-27T06:38:33Z")); // 87s before the capture time
        // The JSON metadata line and the stdout: / stderr: labels.
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("not a kubectl describe line")), 3);
        QCOMPARE(s.rejected.total, 3);
    }

    void realKubectlEvents()
    {
        IngestOptions options;
        options.parse.captureTime = utc("2025-08-12T05:45:00Z");
        const SourceReadResult r = readSourceFile(
            testutil::dataPath(QStringLiteral("corpus/k8s-events/holmesgpt-app-02-kubectl-events-pod.txt")), options);
        QVERIFY(r.primary());
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), 5);
        const qsizetype backOff = find(s, "BackOff");
        QVERIFY(backOff >= 0);
        QCOMPARE(s.count(backOff), 256);
        QCOMPARE(s.time(backOff).us, us("2025-08-12T05:41:30Z")); // 3m30s before
        QCOMPARE(s.bytes(SourceData::Object, backOff), QByteArrayView("Pod/giant-narwhal-6958c5bdd8-69gtn"));
        QCOMPARE(s.rejected.total, 2); // the two JSON metadata lines
    }

    void sniffing()
    {
        QCOMPARE(ParserRegistry::sniff(kDescribe).format, SourceFormat::K8sDescribe);
        QCOMPARE(ParserRegistry::sniff(kTable).format, SourceFormat::K8sEvents);
        // Without the header: recognised by the rows' shape.
        QCOMPARE(ParserRegistry::sniff(kTable.sliced(kTable.indexOf('\n') + 1)).format, SourceFormat::K8sEvents);
        QCOMPARE(ParserRegistry::sniff("just some words\nand more words\n").format, SourceFormat::Unknown);
    }
};

QTEST_GUILESS_MAIN(TestK8sText)
#include "tst_k8stext.moc"
