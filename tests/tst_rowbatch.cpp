// SourceData::readRows (the columns of many rows decoded a column at a time, for passes over every
// request) against the per-row accessors, in every form a column takes (narrow and wide times,
// whole and fractional durations, few and many status triples, string ids as codes, 16-bit and
// 32-bit, columns that end before the source does), across chunk boundaries; and the appends that
// reuse the last two values of a column (alternating targets) give each string one id.
#include "store/sourcedata.h"

#include <QTest>

#include <random>

using namespace gateline;

namespace {

void compareBatches(const SourceData &s)
{
    auto batch = std::make_unique<SourceData::RowBatch>();
    std::mt19937 rng(11);
    // Every row once in batches of varying size, some crossing the 16,384-row chunks.
    for (qsizetype from = 0; from < s.size();) {
        const int n = int(std::min<qsizetype>(1 + qsizetype(rng() % SourceData::RowBatch::kRows), s.size() - from));
        s.readRows(from, n, batch.get());
        for (int k = 0; k < n; ++k) {
            const qsizetype i = from + k;
            QCOMPARE(batch->time[k], s.time(i).us);
            QCOMPARE(batch->kind(k), s.kind(i));
            QCOMPARE(batch->status[k], s.status(i));
            QCOMPARE(batch->durationMs[k], s.durationMs(i));
            QCOMPARE(batch->method[k], s.stringId(SourceData::Method, i));
            QCOMPARE(batch->path[k], s.stringId(SourceData::Path, i));
        }
        from += n;
    }
}

} // namespace

class TestRowBatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void narrowColumns()
    {
        // ALB-like: whole milliseconds, a few status triples, two methods, distinct paths (16-bit ids
        // up to 65,535 strings, 32-bit past them), the method column ending early.
        SourceData s;
        std::vector<QByteArray> paths;
        const int rows = 70000;
        for (int i = 0; i < rows; ++i)
            paths.push_back("/api/orders/" + QByteArray::number(i));
        for (int i = 0; i < rows; ++i) {
            Record r;
            r.time = Timestamp{1'763'719'200'000'000 + qint64(i) * 900 - (i % 5) * 200};
            r.offset = LineOffset{qint64(i) * 700};
            r.kind = i % 9 == 0 ? EventKind::UpstreamError : EventKind::Request;
            r.status = qint16(i % 17 == 0 ? 502 : 200);
            r.upstreamStatus = qint16(i % 17 == 0 ? kUpstreamDash : 200);
            r.durationMs = float(i % 300);
            if (i < rows - 100)
                r.method = i % 3 ? "GET" : "POST";
            r.path = paths[size_t(i)];
            s.append(r);
        }
        compareBatches(s);
        s.squeeze();
        compareBatches(s);
    }

    void wideColumns()
    {
        // Times jumping by more than 2^31 µs within a block (a wide time column), fractional
        // durations (wide), more than 256 status triples (wide codes), paths only in the first rows.
        SourceData s;
        for (int i = 0; i < 40000; ++i) {
            Record r;
            r.time = Timestamp{qint64(i) * 3'000'000'000};
            r.kind = i % 4 ? EventKind::Request : EventKind::PodStart;
            r.status = qint16(100 + i % 400);
            r.upstreamStatus = qint16(100 + (i / 3) % 400);
            r.durationMs = float(i) / 7.0f;
            r.method = "GET";
            if (i < 1000)
                r.path = QByteArray("/p/") + QByteArray::number(i % 300);
            s.append(r);
        }
        compareBatches(s);
    }

    void fewOtherDurations()
    {
        // Whole milliseconds with a rare fractional or negative one beside them (kept by row).
        SourceData s;
        for (int i = 0; i < 5000; ++i) {
            Record r;
            r.time = Timestamp{qint64(i) * 1000};
            r.durationMs = i % 250 == 7 ? 0.25f + float(i) : i % 400 == 3 ? -1.0f : float(i % 70000);
            r.method = "GET";
            r.path = "/x";
            s.append(r);
        }
        compareBatches(s);
    }

    void alternatingValuesKeepOneIdEach()
    {
        // Targets alternate (the last two values are compared before hashing); a third comes and
        // goes: each string keeps its one id, and every row reads back its own value.
        SourceData s;
        const QByteArray targets[] = {"10.196.0.22:80", "10.196.89.248:80", "10.196.7.1:80"};
        std::vector<int> which;
        std::mt19937 rng(5);
        for (int i = 0; i < 3000; ++i) {
            const int t = i % 50 == 49 ? 2 : (rng() % 4 == 0 ? 1 - (i & 1) : i & 1);
            which.push_back(t);
            Record r;
            r.time = Timestamp{qint64(i)};
            r.upstream = targets[t];
            r.method = t == 2 ? "PUT" : (i & 1 ? "GET" : "POST");
            s.append(r);
        }
        quint32 ids[3] = {};
        for (qsizetype i = 0; i < s.size(); ++i) {
            const int t = which[size_t(i)];
            QCOMPARE(s.bytes(SourceData::Upstream, i), QByteArrayView(targets[t]));
            const quint32 id = s.stringId(SourceData::Upstream, i);
            if (!ids[t])
                ids[t] = id;
            QCOMPARE(id, ids[t]);
            QCOMPARE(s.bytes(SourceData::Method, i), QByteArrayView(t == 2 ? "PUT" : (i & 1 ? "GET" : "POST")));
        }
        QVERIFY(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
        // Three targets and three methods: three strings each, no more.
        QCOMPARE(s.pool().size(), quint32(1 + 3 + 3));
    }
};

QTEST_GUILESS_MAIN(TestRowBatch)
#include "tst_rowbatch.moc"
