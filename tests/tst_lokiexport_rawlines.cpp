// A Grafana Loki JSON export (query_range answer) is read as its entries rebuilt as logcli jsonl
// lines, so its records' offsets count in that text. Whatever reads a line back (the raw-line view,
// the trace-id and request-id joins) must get that entry, not the export's bytes at that offset:
// SourceLocator::lokiExport makes RawLineReader rebuild the text. Plain and gzip files, and the
// flag survives the column cache's write and read.
#include "ingest/sourcereader.h"
#include "store/rawlinereader.h"
#include "store/sourcedata.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace gateline;

namespace {

// An ingress-nginx upstreaminfo line with $req_id, one per second.
QByteArray accessLine(int i)
{
    return "10.0.1.15 - - [21/Nov/2026:10:00:0" + QByteArray::number(i) + " +0000] \"GET /item/" + QByteArray::number(i)
        + " HTTP/1.1\" 200 5 \"-\" \"curl/8.0\" 230 0.010 [shop-web-80] [] 10.1.2.3:8080 5 0.010 200 "
        + QByteArray::number(0x0123456789abcdefull + quint64(i), 16).rightJustified(32, '0');
}

// Two pods' streams, newest first as Loki answers.
QByteArray exportDocument()
{
    QJsonArray result;
    for (const char *pod : {"ingress-nginx-controller-7d9f8-abcde", "ingress-nginx-controller-7d9f8-fghij"}) {
        QJsonArray values;
        for (int i = 4; i >= 0; --i)
            values.append(QJsonArray{QString::number(1763719200LL + i) + QStringLiteral("000000000"),
                                     QString::fromUtf8(accessLine(i))});
        result.append(QJsonObject{{QStringLiteral("stream"), QJsonObject{{QStringLiteral("pod"), QString::fromLatin1(pod)},
                                                                         {QStringLiteral("container"), QStringLiteral("controller")}}},
                                  {QStringLiteral("values"), values}});
    }
    // In Loki's own key order ("resultType" first; QJsonDocument would sort it after "result").
    return "{\n  \"status\": \"success\",\n  \"data\": {\n    \"resultType\": \"streams\",\n    \"result\": "
        + QJsonDocument(result).toJson(QJsonDocument::Indented) + "  }\n}\n";
}

QByteArray gzipped(const QByteArray &in)
{
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(in.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.truncate(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

} // namespace

class TestLokiExportRawLines : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linesReadBackAreTheEntries_data()
    {
        QTest::addColumn<bool>("gzip");
        QTest::newRow("plain") << false;
        QTest::newRow("gzip") << true;
    }
    void linesReadBackAreTheEntries()
    {
        QFETCH(bool, gzip);
        QTemporaryDir dir;
        const QString path = dir.filePath(gzip ? QStringLiteral("loki.json.gz") : QStringLiteral("loki.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(gzip ? gzipped(exportDocument()) : exportDocument());
        f.close();

        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(2)); // one sub-source per pod
        RawLineReader reader;
        qsizetype checked = 0;
        for (const auto &s : r.sources) {
            QVERIFY(s->locator.lokiExport);
            QCOMPARE(s->size(), qsizetype(5));
            std::vector<qint64> offsets;
            for (qsizetype i = 0; i < s->size(); ++i) {
                const RawLineReader::Line line = reader.readLine(s->locator, s->offset(i));
                QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
                // The entry as logcli jsonl: its labels, its line and its time; oldest first.
                const QJsonObject o = QJsonDocument::fromJson(line.text).object();
                QCOMPARE(o.value(QLatin1String("labels")).toObject().value(QLatin1String("pod")).toString(), s->pod);
                QVERIFY2(o.value(QLatin1String("line")).toString().startsWith(QString::fromUtf8(accessLine(int(i)))),
                         qPrintable(QString::fromUtf8(line.text)));
                offsets.push_back(s->offset(i).value);
                ++checked;
            }
            // The joins' one-pass reader gives the same lines.
            qsizetype seen = 0;
            QString error;
            QVERIFY2(RawLineReader::forEachLineAt(
                         s->locator, offsets,
                         [&](size_t i, QByteArrayView text) {
                             seen += QJsonDocument::fromJson(text.toByteArray()).object().value(QLatin1String("line")).toString()
                                         .startsWith(QString::fromUtf8(accessLine(int(i))));
                         },
                         &error),
                     qPrintable(error));
            QCOMPARE(seen, s->size());
        }
        QCOMPARE(checked, qsizetype(10));
    }

    // The rebuilt entries are kept once per file: every replica, reader and join pass share one
    // rebuild, and a rewritten export is rebuilt, not read stale.
    void entriesRebuiltOncePerFileVersion()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("loki.json.gz"));
        auto writeExport = [&](const QByteArray &doc, const QDateTime &mtime) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(gzipped(doc));
            QVERIFY(f.flush()); // written before the time is set: a later write would set it to now
            QVERIFY(f.setFileTime(mtime, QFileDevice::FileModificationTime));
            f.close();
        };
        const QDateTime first = QDateTime::currentDateTimeUtc().addSecs(-60);
        writeExport(exportDocument(), first);
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(2));
        const qint64 before = RawLineReader::lokiExportRebuilds();
        for (int pass = 0; pass < 2; ++pass) {
            RawLineReader reader; // a fresh window cache each pass
            for (const auto &s : r.sources) {
                for (qsizetype i = 0; i < s->size(); ++i)
                    QVERIFY(reader.readLine(s->locator, s->offset(i)).error.isEmpty());
                std::vector<qint64> offsets;
                for (qsizetype i = 0; i < s->size(); ++i)
                    offsets.push_back(s->offset(i).value);
                QString error;
                QVERIFY2(RawLineReader::forEachLineAt(s->locator, offsets, [](size_t, QByteArrayView) {}, &error),
                         qPrintable(error));
            }
        }
        QCOMPARE(RawLineReader::lokiExportRebuilds() - before, qint64(1));

        // The export rewritten: one pod renamed, so the first entry's labels change.
        QByteArray changed = exportDocument();
        changed.replace("7d9f8-abcde", "7d9f8-zzzzz");
        writeExport(changed, first.addSecs(30));
        RawLineReader reader;
        const auto &s = r.sources.front();
        const RawLineReader::Line line = reader.readLine(s->locator, s->offset(0));
        QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
        QVERIFY2(line.text.contains("7d9f8-zzzzz") || line.text.contains("7d9f8-fghij"), line.text.constData());
        QVERIFY(!line.text.contains("7d9f8-abcde"));
        QCOMPARE(RawLineReader::lokiExportRebuilds() - before, qint64(2));
    }

    // The column cache keeps the flag: a warm open reads the same entries back.
    void flagSurvivesTheCache()
    {
        SourceData s;
        s.locator.filePath = QStringLiteral("/x/loki.json");
        s.locator.replica = QStringLiteral("pod-a");
        s.locator.lokiExport = true;
        QByteArray bytes;
        s.write(bytes);
        QByteArrayView in(bytes);
        const auto back = SourceData::read(in);
        QVERIFY(back);
        QVERIFY(back->locator.lokiExport);
        QCOMPARE(back->locator.replica, QStringLiteral("pod-a"));
    }
};

QTEST_GUILESS_MAIN(TestLokiExportRawLines)
#include "tst_lokiexport_rawlines.moc"
