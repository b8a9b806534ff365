// The column spill (core/store/columnspill.h): chunks written to the memory-mapped cache file read
// back exactly, can still be written (retimes), and a bundle loaded with every column spilled
// gives the same records and the same analysis (counts, origins, offsets, JSON) as in memory.
#include "analysis/analysis.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "report/jsonreport.h"
#include "store/columnspill.h"
#include "store/columns.h"
#include "storecompare.h"

#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

EventStore loadWith(const QString &path, qint64 threshold)
{
    ColumnSpill::setThresholdBytes(threshold);
    EventStore s = BundleLoader().load({path});
    ColumnSpill::setThresholdBytes(-1);
    return s;
}

} // namespace

class TestColumnSpill : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the spill file goes to the test cache folder
        ColumnSpill::setThresholdBytes(0);
        QVERIFY2(ColumnSpill::beginLoad(1), "the spill file could not be made");
    }

    void chunksReadBackAndStayWritable()
    {
        QVERIFY(ColumnSpill::beginLoad(1));
        const qint64 before = ColumnSpill::liveBytes();
        {
            ChunkedVector<qint32> v;
            v.setSpillable(true);
            const size_t n = 3 * ChunkedVector<qint32>::kChunk + 5000;
            for (size_t i = 0; i < n; ++i)
                v.push_back(qint32(i * 3 + 1));
            // The three full chunks went to the spill; the last, growing one is in the heap.
            QCOMPARE(v.spilledBytes(), 3 * ChunkedVector<qint32>::kChunk * sizeof(qint32));
            QCOMPARE(ColumnSpill::liveBytes(), before + qint64(v.spilledBytes()));
            v.squeeze(); // the last chunk (5,000 values, more than a page) follows
            QCOMPARE(v.spilledBytes(), 3 * ChunkedVector<qint32>::kChunk * 4 + ColumnSpill::padded(5000 * 4));
            QVERIFY(v.bytes() < 1024);
            for (size_t i = 0; i < n; ++i)
                QCOMPARE(v[i], qint32(i * 3 + 1));
            // Writing into a spilled chunk brings that chunk back to the heap.
            v.ref(20000) = -7;
            QCOMPARE(v[20000], -7);
            QCOMPARE(v.spilledBytes(), 2 * ChunkedVector<qint32>::kChunk * 4 + ColumnSpill::padded(5000 * 4));
            // Growing again after squeeze() copies the spilled last chunk back first.
            v.push_back(42);
            QCOMPARE(v[n], 42);
            QCOMPARE(v[n - 1], qint32((n - 1) * 3 + 1));
            // Moving keeps the chunks; the moved-from column is empty.
            ChunkedVector<qint32> w(std::move(v));
            QCOMPARE(w.size(), n + 1);
            QCOMPARE(v.size(), size_t(0));
            QCOMPARE(w[5], 16);
        }
        // Freed columns give their spill space back.
        QCOMPARE(ColumnSpill::liveBytes(), before);
        // A column that is not spillable (the string pool's) never spills.
        ChunkedVector<qint32> plain;
        for (size_t i = 0; i < 2 * ChunkedVector<qint32>::kChunk; ++i)
            plain.push_back(1);
        QCOMPARE(plain.spilledBytes(), size_t(0));
    }

    void offBelowThreshold()
    {
        ColumnSpill::setThresholdBytes(1 << 20);
        QVERIFY(!ColumnSpill::beginLoad(1000));
        QVERIFY(!ColumnSpill::active());
        QVERIFY(ColumnSpill::beginLoad(1 << 20));
        ColumnSpill::setThresholdBytes(-1);
        QVERIFY(!ColumnSpill::beginLoad(qint64(1) << 40));
    }

    // The whole ingest path with every column spilled (threshold 0) against the same bundle in
    // memory: identical records, and an identical analysis.
    void spilledBundleAnalysesIdentically()
    {
        QTemporaryDir dir;
        GeneratorOptions o;
        o.targetAlbLines = 150000; // ALB files of several chunks; kubectl streams that get retimed
        o.ingressSkewSeconds = 2.5;
        o.seed = 15;
        GeneratorTruth truth;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &truth, &error), qPrintable(error));

        const EventStore memory = loadWith(dir.path(), -1);
        QCOMPARE(memory.spilledBytes(), qsizetype(0));
        const EventStore spilled = loadWith(dir.path(), 0);
        QVERIFY2(spilled.spilledBytes() > spilled.memoryBytes() / 2,
                 qPrintable(QStringLiteral("spilled %1, heap %2").arg(spilled.spilledBytes()).arg(spilled.memoryBytes())));
        QVERIFY(memory.totalRecords() > 150000);
        compareStores(memory, spilled);

        const Analysis a(memory, AnalysisOptions{});
        const Analysis b(spilled, AnalysisOptions{});
        const QByteArray ja = QJsonDocument(analysisToJson(a)).toJson();
        const QByteArray jb = QJsonDocument(analysisToJson(b)).toJson();
        QVERIFY(ja.contains("\"byOrigin\""));
        QCOMPARE(jb, ja);
        QVERIFY(a.counts().status502 > 0);
        QCOMPARE(b.counts().status502, a.counts().status502);
    }
};

QTEST_GUILESS_MAIN(TestColumnSpill)
#include "tst_columnspill.moc"
