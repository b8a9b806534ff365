// What matters in the real samples of tests/data/corpus added by h47 (PROVENANCE.md, section h47):
// `kubectl events -A` (kubectl 1.26+'s events command across all namespaces: NAMESPACE first,
// OBJECT as Kind/name, LAST SEEN with "(xN over AGE)"), with and without its header, as kubectl's
// own tests pin its printer's output; and a Grafana Loki query_range answer with entries, recorded
// from a live Loki, whose lines are no proxy's. The per-line accounting of these files is tst_corpus
// (corpus-lines.tsv, corpus-rejects.txt).
#include "corpustestutil.h"

#include "formats/linekind.h"
#include "ingest/sourcereader.h"
#include "ingest/streamdemux.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace gateline;
using namespace corpustest;

namespace {

// The three rows kubectl's TestEventIsSorted / TestEventNoHeaders print for `kubectl events -A`:
// two events in namespace foo and one in otherfoo, all three seen 3 times, last 20, 18 and 15
// minutes before the capture; the second is a Warning.
void checkAllNamespacesRows(const SourceData &s, qint64 capture)
{
    QCOMPARE(s.format, SourceFormat::K8sEvents);
    QCOMPARE(s.size(), qsizetype(3));
    QCOMPARE(s.rejected.total, qint64(0));
    const QList<QByteArray> namespaces{"foo", "foo", "otherfoo"};
    const QList<qint64> minutes{20, 18, 15};
    for (qsizetype i = 0; i < s.size(); ++i) {
        QCOMPARE(s.kind(i), EventKind::K8sEvent);
        QCOMPARE(str(s, SourceData::Namespace, i), namespaces[i]);
        // LAST SEEN "20m (x3 over 30m)": the age is the last sighting, x3 the count.
        QCOMPARE(s.time(i).us, capture - minutes[i] * 60 * kSecond);
        QCOMPARE(s.count(i), 3);
        QCOMPARE(str(s, SourceData::Reason, i), QByteArray("ScalingReplicaSet"));
        QCOMPARE(str(s, SourceData::Object, i), QByteArray("Deployment/bar"));
        QCOMPARE(str(s, SourceData::Text, i), QByteArray("Scaled up replica set bar-002 to 1"));
        QCOMPARE(str(s, SourceData::Host, i), QByteArray());
        QCOMPARE(bool(s.flags(i) & FlagWarning), i == 1);
    }
}

} // namespace

class TestCorpusSamples4 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/events/events_test.go,
    // TestEventIsSorted: `kubectl events -A` (AllNamespaces) as kubectl prints it: the header
    // "NAMESPACE   LAST SEEN   TYPE   REASON   OBJECT   MESSAGE" and three rows whose LAST SEEN cell
    // holds "20m (x3 over 30m)". The namespace is read from the first column.
    void kubectlEventsAllNamespaces()
    {
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/kubernetes-kubectl-events-test-all-namespaces.txt"),
                                                  capturedAt("2022-06-01T12:00:00Z"));
        QCOMPARE(r.sources.size(), size_t(1));
        checkAllNamespacesRows(*r.primary(), usOf("2022-06-01T12:00:00Z"));
    }

    // The same, TestEventNoHeaders: `kubectl events -A --no-headers`, the NAMESPACE column narrower
    // without its header (cells 11 wide, not 12). No header to name the columns: the rows are read
    // by their shape (a namespace word, then an age with "(x3 over 30m)", a type, ...).
    void kubectlEventsAllNamespacesNoHeaders()
    {
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/kubernetes-kubectl-events-test-all-namespaces-no-headers.txt"),
                                                  capturedAt("2022-06-01T12:00:00Z"));
        QCOMPARE(r.sources.size(), size_t(1));
        checkAllNamespacesRows(*r.primary(), usOf("2022-06-01T12:00:00Z"));
    }

    // netobserv/network-observability-console-plugin mocks/loki/flow_records_sent.json: a Loki
    // query_range answer as `curl … | jq` saved it from a live Loki: 12 streams (labels naming no
    // pod), 50 entries, each line a NetObserv flow record (JSON). The export is read entry by entry
    // as logcli's jsonl lines, oldest first within a stream, with the stream's labels and the
    // nanosecond time kept; no entry is a log line of a kind Gateline reads (no proxy, controller
    // or Kubernetes line), so the file is not read, and says why.
    void lokiAnswerWithFlowRecords()
    {
        const QString path = corpusPath("streams/netobserv-console-loki-flow-records-sent.json");
        const QByteArray bytes = testutil::readAll(path);
        QVERIFY(looksLikeLokiExport(QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 64 * 1024))));
        QString error;
        const QByteArray lines = lokiExportAsLines(bytes, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QList<QByteArray> entries = lines.split('\n');
        QCOMPARE(entries.takeLast(), QByteArray()); // every entry ends with a newline
        QCOMPARE(entries.size(), qsizetype(50));
        for (const QByteArray &e : entries) {
            const QJsonObject o = QJsonDocument::fromJson(e).object();
            const QByteArray line = o.value(QLatin1String("line")).toString().toUtf8();
            QVERIFY2(line.startsWith("{\"") && line.contains("\"AgentIP\":\"10.0.1.7\""), line.constData());
            QVERIFY2(!isKnownLine(line), line.constData());
            QCOMPARE(o.value(QLatin1String("labels")).toObject().value(QLatin1String("app")).toString(),
                     QStringLiteral("netobserv-flowcollector"));
            QVERIFY(!o.value(QLatin1String("labels")).toObject().contains(QLatin1String("pod")));
        }
        // The first stream answered newest first (…072091000064 twice, then …071961999872): its
        // oldest entry comes first, to the nanosecond's microseconds.
        const QJsonObject first = QJsonDocument::fromJson(entries.first()).object();
        QCOMPARE(first.value(QLatin1String("timestamp")).toString(), QStringLiteral("2024-02-15T15:44:31.961999Z"));
        QVERIFY(first.value(QLatin1String("line")).toString().startsWith(QLatin1String("{\"DstMac\":\"0A:58:A9:FE:A9:04\"")));
        QCOMPARE(first.value(QLatin1String("labels")).toObject().size(), qsizetype(4));
        QCOMPARE(QJsonDocument::fromJson(entries.at(1)).object().value(QLatin1String("timestamp")).toString(),
                 QStringLiteral("2024-02-15T15:44:32.091000Z"));

        const SourceReadResult r = readSourceFile(path);
        QVERIFY(r.sources.empty());
        QCOMPARE(r.unrecognisedReason, QStringLiteral("Loki JSON export with no log line of a known kind"));
    }
};

QTEST_GUILESS_MAIN(TestCorpusSamples4)
#include "tst_corpus_samples4.moc"
