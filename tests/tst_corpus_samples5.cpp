// What matters in the real samples of tests/data/corpus added by h52 (PROVENANCE.md, section h52):
// Grafana Loki logcli's default and --output=jsonl output as logcli's own tests pinned it in 2019
// (grafana/loki pkg/logcli/output/{default,jsonl}_test.go, Apache-2.0 then). Their lines are the
// test's ("Hello" and empty lines), no proxy's: the files are read as logcli streams, entry by entry
// with time and labels, and not read as a whole, for a reason that names logcli. The per-line
// accounting of these files is tst_corpus (corpus-lines.tsv, corpus-rejects.txt).
#include "corpustestutil.h"

#include "formats/linekind.h"
#include "formats/linewrapper.h"
#include "ingest/sourcereader.h"
#include "ingest/streamdemux.h"

#include <QTest>

using namespace gateline;
using namespace corpustest;

namespace {

QList<QByteArray> linesOf(const QString &path)
{
    QList<QByteArray> lines = testutil::readAll(path).split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // the rest after the final newline
    return lines;
}

QByteArrayView headOf(const QByteArray &bytes)
{
    return QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 64 * 1024));
}

} // namespace

class TestCorpusSamples5 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // TestJSONLOutput_Format's four expected lines: {"labels":{...},"line":"...","timestamp":"..."}
    // in Go's map order (labels, line, timestamp), with an empty label set, {"type":"test"}, a
    // +02:00 time of the same instant, and --no-labels (no "labels" member at all).
    void logcliJsonl()
    {
        const QString path = corpusPath("streams/loki-logcli-output-test-jsonl.txt");
        const QByteArray bytes = testutil::readAll(path);
        QCOMPARE(LineUnwrapper::detect(headOf(bytes), &isKnownLine), Wrapper::LokiJsonl);
        QVERIFY(!looksLikeLokiExport(headOf(bytes))); // one entry a line, not a query_range answer
        const QList<QByteArray> lines = linesOf(path);
        QCOMPARE(lines.size(), qsizetype(4));
        const QList<QByteArray> contents{"", "", "Hello", "Hello"};
        LineUnwrapper jsonl(Wrapper::LokiJsonl);
        for (qsizetype i = 0; i < lines.size(); ++i) {
            UnwrappedLine u;
            QString why;
            QVERIFY2(jsonl.unwrap(lines[i], &u, &why), qPrintable(why));
            // 2006-01-02T15:04:05+07:00 printed in UTC, and once in a +02:00 zone: one instant.
            QCOMPARE(u.time.us, usOf("2006-01-02T08:04:05Z"));
            QCOMPARE(u.content.toByteArray(), contents[i]);
            QVERIFY(u.pod.isEmpty()); // "type" names no replica
            QVERIFY(!isKnownLine(u.content));
        }
        QVERIFY(lines[2].endsWith("\"timestamp\":\"2006-01-02T10:04:05+02:00\"}"));
        QVERIFY(!lines[3].contains("\"labels\""));

        const SourceReadResult r = readSourceFile(path);
        QVERIFY(r.sources.empty());
        QCOMPARE(r.unrecognisedReason, QStringLiteral("Loki logcli jsonl lines, but none of the 4 lines inside is a log line "
                                                      "of a known kind (an application's own output)"));
    }

    // TestDefaultOutput_Format's six expected lines: "TIME {labels} LINE", "{}" for an empty label
    // set, the label set padded with spaces to maxLabelsLen (20), a +02:00 time, and one
    // --no-labels line ("TIME LINE"). Five of six carry logcli's label set, so the stream is logcli's,
    // not `kubectl logs --timestamps` (whose shape every logcli line also has); the --no-labels line
    // is the one that lacks the prefix the rest of the stream has.
    void logcliDefault()
    {
        const QString path = corpusPath("streams/loki-logcli-output-test-default.txt");
        const QByteArray bytes = testutil::readAll(path);
        QCOMPARE(LineUnwrapper::detect(headOf(bytes), &isKnownLine), Wrapper::LokiLogcli);
        const QList<QByteArray> lines = linesOf(path);
        QCOMPARE(lines.size(), qsizetype(6));
        QCOMPARE(lines[3], QByteArray("2006-01-02T08:04:05Z {type=\"test\"}        Hello"));
        QVERIFY(lines[0].endsWith("{} ")); // an empty line after the label set: a trailing space
        const QList<QByteArray> contents{"", "", "Hello", "Hello", "Hello"};
        LineUnwrapper logcli(Wrapper::LokiLogcli);
        for (qsizetype i = 0; i < 5; ++i) {
            UnwrappedLine u;
            QString why;
            QVERIFY2(logcli.unwrap(lines[i], &u, &why), qPrintable(QString::number(i) + QLatin1Char(' ') + why));
            QCOMPARE(u.time.us, usOf("2006-01-02T08:04:05Z"));
            QCOMPARE(u.content.toByteArray(), contents[i]); // the padding is the wrapper's, not the line's
            QVERIFY(u.pod.isEmpty());
        }
        UnwrappedLine u;
        QString why;
        QVERIFY(!logcli.unwrap(lines[5], &u, &why));
        QCOMPARE(why, QStringLiteral("line without the Loki logcli prefix the rest of the stream has"));
        LineUnwrapper timestamps(Wrapper::KubectlTimestamps);
        QVERIFY(timestamps.unwrap(lines[5], &u, &why));
        QCOMPARE(u.content.toByteArray(), QByteArray("Hello"));

        const SourceReadResult r = readSourceFile(path);
        QVERIFY(r.sources.empty());
        QCOMPARE(r.unrecognisedReason, QStringLiteral("Loki logcli lines, but none of the 6 lines inside is a log line of a "
                                                      "known kind (an application's own output)"));
    }

    // The detection rule those samples needed, on the corpus's plain `kubectl logs --timestamps`
    // stream (promtail's flog.log, no label sets): it stays a kubectl stream.
    void kubectlTimestampsStayKubectl()
    {
        const QByteArray bytes = testutil::readAll(corpusPath("streams/loki-promtail-kubernetes-flog.log"));
        QCOMPARE(LineUnwrapper::detect(headOf(bytes), &isKnownLine), Wrapper::KubectlTimestamps);
    }
};

QTEST_GUILESS_MAIN(TestCorpusSamples5)
#include "tst_corpus_samples5.moc"
