// The store's narrow columns (core/store/columns.h) and SourceData on top of them: every value comes
// back exactly, across chunk and block boundaries and after a column falls back to its wide form.
#include "store/columns.h"
#include "store/sourcedata.h"

#include <QTest>

#include <cstring>
#include <limits>
#include <random>

using namespace gateline;

class TestColumns : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chunkedVectorCrossesChunks()
    {
        ChunkedVector<qint32> v;
        const size_t n = 3 * ChunkedVector<qint32>::kChunk + 17;
        for (size_t i = 0; i < n; ++i)
            v.push_back(qint32(i * 7));
        QCOMPARE(v.size(), n);
        for (size_t i : {size_t(0), size_t(63), size_t(64), ChunkedVector<qint32>::kChunk - 1, ChunkedVector<qint32>::kChunk, n - 1})
            QCOMPARE(v[i], qint32(i * 7));
        v.ref(5) = -1;
        QCOMPARE(v[5], -1);
        // A small column stays small: no whole chunk for a hundred values.
        ChunkedVector<qint64> small;
        for (int i = 0; i < 100; ++i)
            small.push_back(i);
        QVERIFY2(small.bytes() < 2048, QByteArray::number(qulonglong(small.bytes())));
        QCOMPARE(small[99], 99);
        // squeeze() cuts the last chunk to what it holds, every value stays where it was, and the
        // column grows again after it (push_back's inline path must not write past the cut).
        const size_t chunk = ChunkedVector<qint32>::kChunk;
        v.squeeze();
        QVERIFY2(v.bytes() <= n * sizeof(qint32) + 256, QByteArray::number(qulonglong(v.bytes())));
        for (size_t i : {size_t(4), 3 * chunk - 1, 3 * chunk, n - 1})
            QCOMPARE(v[i], qint32(i * 7));
        v.push_back(1234); // and it grows again after a squeeze
        QCOMPARE(v[n], 1234);
        QCOMPARE(v[n - 1], qint32((n - 1) * 7));
        for (size_t i = n + 1; i < n + 2 * chunk + 5; ++i)
            v.push_back(qint32(i * 3));
        QCOMPARE(v.size(), n + 2 * chunk + 5);
        for (size_t i : {n - 1, n, n + 1, 4 * chunk - 1, 4 * chunk, n + 2 * chunk + 4})
            QCOMPARE(v[i], i == n ? 1234 : i < n ? qint32(i * 7) : qint32(i * 3));
    }

    void deltaColumnNarrowThenWide()
    {
        DeltaColumn c;
        std::mt19937_64 rng(3);
        std::vector<qint64> expect;
        qint64 t = 1'763'719'200'000'000; // 2025-11-21 in µs
        for (int i = 0; i < 100000; ++i) {
            t += qint64(rng() % 200000) - 50000; // roughly ordered, sometimes backwards
            expect.push_back(t);
            c.push_back(t);
        }
        QVERIFY(!c.isWide());
        QVERIFY2(c.bytes() < expect.size() * 9 / 2, QByteArray::number(qulonglong(c.bytes()))); // ~4 bytes a value
        c.set(1234, expect[1234] + 999);
        expect[1234] += 999;
        QVERIFY(!c.isWide());
        for (size_t i = 0; i < expect.size(); ++i)
            QCOMPARE(c[i], expect[i]);
        // A value an hour away from its block's base does not fit 32 bits of µs: the column widens.
        c.push_back(t + 3600ll * 1'000'000);
        expect.push_back(t + 3600ll * 1'000'000);
        QVERIFY(c.isWide());
        for (size_t i = 0; i < expect.size(); ++i)
            QCOMPARE(c[i], expect[i]);
        // set() can widen too.
        DeltaColumn d;
        d.push_back(0);
        d.push_back(1);
        d.set(1, qint64(1) << 40);
        QVERIFY(d.isWide());
        QCOMPARE(d[0], 0);
        QCOMPARE(d[1], qint64(1) << 40);
    }

    void codeColumnAndIdColumnWiden()
    {
        CodeColumn codes;
        for (int i = 0; i < 300; ++i)
            codes.push_back(qint16(i % 3 == 0 ? 200 : (i % 3 == 1 ? 502 : -1)));
        QVERIFY(codes.bytes() < 600);
        for (int i = 0; i < 400; ++i)
            codes.push_back(qint16(1000 + i)); // more than 255 distinct values
        QCOMPARE(codes.size(), size_t(700));
        QCOMPARE(codes[0], qint16(200));
        QCOMPARE(codes[1], qint16(502));
        QCOMPARE(codes[2], qint16(-1));
        QCOMPARE(codes[699], qint16(1399));

        IdColumn ids;
        ids.push_back(1);
        ids.growTo(5, 0);
        ids.push_back(65535);
        QCOMPARE(ids[5], 65535u);
        ids.push_back(70000);
        QCOMPARE(ids.size(), size_t(7));
        QCOMPARE(ids[0], 1u);
        QCOMPARE(ids[3], 0u);
        QCOMPARE(ids[5], 65535u);
        QCOMPARE(ids[6], 70000u);
    }

    void idColumnCodesThenIds()
    {
        // A few distinct ids (methods, hosts): one byte a row.
        IdColumn few;
        for (quint32 i = 0; i < 20000; ++i)
            few.push_back(i % 3 == 0 ? 0 : 40000 + i % 7);
        QVERIFY2(few.bytes() < 20000 * 5 / 4, QByteArray::number(qulonglong(few.bytes())));
        for (quint32 i = 0; i < 20000; i += 13)
            QCOMPARE(few[i], i % 3 == 0 ? 0u : 40000 + i % 7);
        // Past 256 distinct ids: 16-bit ids, then 32-bit ones, every value the same.
        IdColumn many;
        std::vector<quint32> expect;
        for (quint32 i = 0; i < 1000; ++i)
            expect.push_back(i % 2 ? 5 : i * 11);
        expect.push_back(70000);
        expect.push_back(3);
        for (quint32 v : expect)
            many.push_back(v);
        QCOMPARE(many.size(), expect.size());
        for (size_t i = 0; i < expect.size(); ++i)
            QCOMPARE(many[i], expect[i]);
        // More than 16 distinct (the dictionary's hash table), squeezed, then growing again.
        IdColumn mid;
        for (quint32 i = 0; i < 3000; ++i)
            mid.push_back(i % 200 * 97);
        mid.squeeze();
        mid.push_back(42);
        mid.push_back(199 * 97);
        for (quint32 i = 0; i < 3000; i += 7)
            QCOMPARE(mid[i], i % 200 * 97);
        QCOMPARE(mid[3000], 42u);
        QCOMPARE(mid[3001], 199u * 97);
    }

    void codesColumnKeepsTriples()
    {
        CodesColumn c;
        struct T { quint8 kf; qint16 s, u; };
        std::vector<T> expect;
        for (int i = 0; i < 5000; ++i)
            expect.push_back({quint8(i % 3), qint16(i % 17 == 0 ? 502 : 200), qint16(i % 19 == 0 ? -1 : 200)});
        for (const T &t : expect)
            c.push_back(t.kf, t.s, t.u);
        c.squeeze();
        QVERIFY2(c.bytes() < 5000 * 5 / 4, QByteArray::number(qulonglong(c.bytes())));
        c.setKindFlags(7, 0x31);
        expect[7].kf = 0x31;
        // Past 256 distinct triples it keeps them one byte each (and setKindFlags still works).
        for (int i = 0; i < 600; ++i)
            expect.push_back({quint8(i % 16), qint16(i), qint16(-i)});
        for (size_t i = 5000; i < expect.size(); ++i)
            c.push_back(expect[i].kf, expect[i].s, expect[i].u);
        c.setKindFlags(8, 0x52);
        expect[8].kf = 0x52;
        QCOMPARE(c.size(), expect.size());
        for (size_t i = 0; i < expect.size(); ++i) {
            QCOMPARE(c.kindFlags(i), expect[i].kf);
            QCOMPARE(c.status(i), expect[i].s);
            QCOMPARE(c.upstreamStatus(i), expect[i].u);
        }
    }

    // forEachWhere finds the rows a per-row test of the accessors finds, in order, over chunk
    // boundaries, from a range's middle, with codes and once wide; the test runs once per distinct
    // triple while there are codes.
    void codesColumnFindsRowsWhere()
    {
        CodesColumn c;
        std::mt19937 rng(7);
        auto fill = [&](size_t n, int distinct) {
            for (size_t i = 0; i < n; ++i) {
                const int v = int(rng() % unsigned(distinct));
                c.push_back(quint8(v % 5), qint16(v % 7 == 0 ? 502 : 200 + v), qint16(v % 11 == 0 ? -1 : 200));
            }
        };
        // The rows the test picks in [from, to), against the accessors; how often the test ran.
        auto check = [&](size_t from, size_t to, int *asked) {
            auto test = [asked](quint8 kf, qint16 s, qint16 u) {
                ++*asked;
                return kf == 1 && s == 502 && u != -1;
            };
            std::vector<size_t> got, want;
            c.forEachWhere(from, to, test, [&got](size_t i) { got.push_back(i); });
            for (size_t i = from; i < to; ++i)
                if (c.kindFlags(i) == 1 && c.status(i) == 502 && c.upstreamStatus(i) != -1)
                    want.push_back(i);
            QCOMPARE(got, want);
            QVERIFY(!want.empty());
        };
        int asked = 0;
        fill(200000, 100); // past a chunk
        check(0, c.size(), &asked);
        QVERIFY2(asked <= 100, QByteArray::number(asked));
        asked = 0;
        check(12345, 150001, &asked);
        QVERIFY2(asked <= 100, QByteArray::number(asked));
        fill(20000, 5000); // past 256 distinct triples: wide, a test per row
        asked = 0;
        check(0, c.size(), &asked);
        QCOMPARE(asked, int(c.size()));
        asked = 0;
        check(199999, 210000, &asked);
        QCOMPARE(asked, 210000 - 199999);
        std::vector<size_t> none;
        c.forEachWhere(5, 5, [](quint8, qint16, qint16) { return true; }, [&none](size_t i) { none.push_back(i); });
        QVERIFY(none.empty());
    }

    void offsetColumnNarrowAndWideBlocks()
    {
        OffsetColumn c;
        std::vector<qint64> expect;
        qint64 at = 0;
        for (int i = 0; i < 10000; ++i) {
            expect.push_back(at);
            at += i % 1000 == 500 ? 200000 : 600 + i % 50; // now and then a very long line
        }
        expect.push_back(-5);           // a negative one (a new block's first row or not)
        expect.push_back(at);
        expect.push_back(at - 100);     // backwards
        for (int i = 0; i < 100; ++i)
            expect.push_back(qint64(1) << 40 | i);
        for (qint64 v : expect)
            c.push_back(v);
        QCOMPARE(c.size(), expect.size());
        for (size_t i = 0; i < expect.size(); ++i)
            QCOMPARE(c[i], expect[i]);
        QVERIFY(!c.isPlain());
        OffsetColumn narrow;
        for (int i = 0; i < 32768; ++i)
            narrow.push_back(qint64(i) * 700);
        QVERIFY2(narrow.bytes() < 32768 * 9 / 4 + 1024, QByteArray::number(qulonglong(narrow.bytes()))); // ~2.25 bytes a row
        // One replica's lines in a shared file: most blocks too long for 16 bits, so int32 deltas.
        OffsetColumn sparse;
        for (int i = 0; i < 20000; ++i)
            sparse.push_back(qint64(i) * 5000 + i % 3);
        QVERIFY(sparse.isPlain());
        QVERIFY2(sparse.bytes() < 20000 * 9 / 2, QByteArray::number(qulonglong(sparse.bytes())));
        for (int i = 0; i < 20000; ++i)
            QCOMPARE(sparse[size_t(i)], qint64(i) * 5000 + i % 3);
    }

    void durationColumnExactFloats()
    {
        auto same = [](float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; };
        DurationColumn c;
        std::vector<float> expect;
        for (int i = 0; i < 20000; ++i)
            expect.push_back(i % 101 == 0 ? -1.0f : float(i % 70000));
        expect[5] = 0.5f;
        expect[6] = -0.0f;
        expect[7] = 65534.0f;
        expect[8] = 1e9f;
        expect[9] = std::numeric_limits<float>::quiet_NaN();
        for (float v : expect)
            c.push_back(v);
        QVERIFY2(c.bytes() < 20000 * 5 / 2, QByteArray::number(qulonglong(c.bytes())));
        for (size_t i = 0; i < expect.size(); ++i)
            QVERIFY2(same(c[i], expect[i]), QByteArray::number(qulonglong(i)));
        // Mostly fractions (Traefik's nanoseconds): plain floats, every value the same.
        for (int i = 0; i < 5000; ++i)
            expect.push_back(float(i) / 3.0f);
        for (size_t i = 20000; i < expect.size(); ++i)
            c.push_back(expect[i]);
        c.squeeze();
        QCOMPARE(c.size(), expect.size());
        for (size_t i = 0; i < expect.size(); ++i)
            QVERIFY2(same(c[i], expect[i]), QByteArray::number(qulonglong(i)));
    }

    void stringPoolLongStrings()
    {
        StringPool pool;
        const QByteArray l127(127, 'a'), l128(128, 'b'), l300(300, 'c'), huge(100000, 'd'), l20000(20000, 'e');
        const quint32 a = pool.intern("x"), b = pool.intern(l127), c = pool.intern(l128), d = pool.intern(l300),
                      e = pool.intern(huge), f = pool.intern(l20000), g = pool.intern("y");
        for (int round = 0; round < 2; ++round) {
            QCOMPARE(pool.view(a), QByteArrayView("x"));
            QCOMPARE(pool.view(b), QByteArrayView(l127));
            QCOMPARE(pool.view(c), QByteArrayView(l128));
            QCOMPARE(pool.view(d), QByteArrayView(l300));
            QCOMPARE(pool.view(e), QByteArrayView(huge));
            QCOMPARE(pool.view(f), QByteArrayView(l20000));
            QCOMPARE(pool.view(g), QByteArrayView("y"));
            QVERIFY(pool.view(StringPool::Empty).isEmpty());
            QCOMPARE(pool.find(huge), qint64(e));
            QCOMPARE(pool.intern(l300), d);
            pool.squeeze();
        }
        // Many strings across blocks, a view taken early stays valid as the pool grows.
        const QByteArrayView early = pool.view(b);
        std::vector<QByteArray> many;
        for (int i = 0; i < 50000; ++i)
            many.push_back("/api/" + QByteArray::number(i));
        std::vector<quint32> ids;
        for (const QByteArray &m : many)
            ids.push_back(pool.intern(m));
        QCOMPARE(early, QByteArrayView(l127));
        for (size_t i = 0; i < many.size(); i += 99)
            QCOMPARE(pool.view(ids[i]), QByteArrayView(many[i]));
        // Squeezed: each string its bytes, a length byte and a 4-byte position (the three long
        // ones apart), not a 16-byte view.
        pool.squeeze();
        QVERIFY2(pool.bytesUsed() < qsizetype(50000 * (10 + 5) + 130000 + 64 * 1024),
                 QByteArray::number(pool.bytesUsed()));
    }

    void sourceDataRoundTrips()
    {
        SourceData s;
        std::vector<Record> in;
        for (int i = 0; i < 20000; ++i) {
            Record r;
            r.time = Timestamp{1'763'719'200'000'000 + qint64(i) * 1000 - (i % 7) * 300};
            r.offset = LineOffset{qint64(i) * 250};
            r.kind = i % 5 == 0 ? EventKind::UpstreamError : EventKind::Request;
            r.flags = quint8(i % 8);
            r.status = qint16(i % 11 == 0 ? 502 : 200);
            r.upstreamStatus = qint16(i % 13 == 0 ? kUpstreamDash : 200);
            r.durationMs = float(i) / 8.0f;
            r.count = i % 1000 == 999 ? 5 : 1;
            in.push_back(r);
        }
        std::vector<QByteArray> paths;
        for (size_t i = 0; i < in.size(); ++i)
            paths.push_back("/p/" + QByteArray::number(qulonglong(i)));
        for (size_t i = 0; i < in.size(); ++i) {
            in[i].path = paths[i];
            in[i].method = "GET";
            s.append(in[i]);
        }
        QCOMPARE(s.size(), qsizetype(in.size()));
        for (size_t i = 0; i < in.size(); ++i) {
            const qsizetype k = qsizetype(i);
            QCOMPARE(s.time(k), in[i].time);
            QCOMPARE(s.offset(k), in[i].offset);
            QCOMPARE(s.kind(k), in[i].kind);
            QCOMPARE(s.flags(k), in[i].flags);
            QCOMPARE(s.status(k), in[i].status);
            QCOMPARE(s.upstreamStatus(k), in[i].upstreamStatus);
            QCOMPARE(s.durationMs(k), in[i].durationMs);
            QCOMPARE(s.count(k), in[i].count);
            QCOMPARE(s.bytes(SourceData::Path, k), QByteArrayView(paths[i]));
            QCOMPARE(s.bytes(SourceData::Method, k), QByteArrayView("GET"));
            QVERIFY(s.bytes(SourceData::Host, k).isEmpty());
        }
        QCOMPARE(s.firstTime(), in.front().time);
        // The rows of one kind and status by their codes: the kind without the flags beside it.
        std::vector<qsizetype> missing, want;
        s.forEachRowWhere(
            [](EventKind kind, qint16 status, qint16 up) { return kind == EventKind::Request && status == 502 && up == kUpstreamDash; },
            [&missing](qsizetype i) { missing.push_back(i); });
        for (qsizetype k = 0; k < s.size(); ++k)
            if (s.kind(k) == EventKind::Request && s.status(k) == 502 && s.upstreamStatus(k) == kUpstreamDash)
                want.push_back(k);
        QCOMPARE(missing, want);
        QVERIFY(want.size() > 50);
        // Times and a string column's ids a batch of rows at a time, as the accessors give them; a
        // column left empty reads as empty.
        qint64 times[SourceData::RowBatch::kRows];
        quint32 ids[SourceData::RowBatch::kRows];
        for (const qsizetype from : {qsizetype(0), qsizetype(511), qsizetype(9000), s.size() - 100}) {
            const int n = int(std::min<qsizetype>(SourceData::RowBatch::kRows, s.size() - from));
            s.readTimesAndIds(from, n, SourceData::Path, times, ids);
            for (int k = 0; k < n; ++k) {
                QCOMPARE(times[k], s.time(from + k).us);
                QCOMPARE(ids[k], s.stringId(SourceData::Path, from + k));
            }
            s.readTimesAndIds(from, n, SourceData::Host, times, ids);
            QVERIFY(std::all_of(ids, ids + n, [](quint32 id) { return id == StringPool::Empty; }));
        }
        // Retiming clears flags and moves the range.
        s.retime(3, Timestamp{in.front().time.us - 5'000'000}, FlagNoTimezone);
        s.recomputeRange();
        QCOMPARE(s.firstTime().us, in.front().time.us - 5'000'000);
        QCOMPARE(s.flags(3), quint8(in[3].flags & ~FlagNoTimezone));
        QCOMPARE(s.kind(3), in[3].kind);
        // Narrow: well under the 46 bytes a row the plain columns took (strings apart); these
        // durations are fractions, so they take 4 bytes.
        const qsizetype columns = s.memoryBytes() - s.pool().bytesUsed();
        QVERIFY2(columns < qsizetype(in.size()) * 20, QByteArray::number(double(columns) / double(in.size())));

        // Squeezed (as the loader does when a source is complete): smaller, every value the same.
        const qsizetype before = s.memoryBytes();
        s.squeeze();
        QVERIFY2(s.memoryBytes() < before, QByteArray::number(before) + " -> " + QByteArray::number(s.memoryBytes()));
        for (size_t i = 0; i < in.size(); i += 7) {
            const qsizetype k = qsizetype(i);
            QCOMPARE(s.bytes(SourceData::Path, k), QByteArrayView(paths[i]));
            QCOMPARE(s.status(k), in[i].status);
            QCOMPARE(s.durationMs(k), in[i].durationMs);
        }
        QCOMPARE(s.pool().find("/p/19999"), qint64(s.stringId(SourceData::Path, 19999)));
        QCOMPARE(s.pool().find("/p/none"), qint64(-1));
        // And it can still grow.
        Record more = in.back();
        more.path = "/p/19999";
        more.host = "example.com";
        s.append(more);
        QCOMPARE(s.stringId(SourceData::Path, 20000), s.stringId(SourceData::Path, 19999));
        QCOMPARE(s.bytes(SourceData::Host, 20000), QByteArrayView("example.com"));
        QCOMPARE(s.time(20000), more.time);
    }

    void smallSourcesStaySmall()
    {
        // A day of ALB files is a thousand sources of a few thousand records: each must cost about
        // its records, not a fixed block.
        SourceData s;
        for (int i = 0; i < 100; ++i) {
            Record r;
            r.time = Timestamp{qint64(i) * 1000};
            r.path = "/x";
            r.client = "10.0.0.1";
            s.append(r);
        }
        s.squeeze();
        QVERIFY2(s.memoryBytes() < 4096, QByteArray::number(s.memoryBytes()));
    }
};

QTEST_GUILESS_MAIN(TestColumns)
#include "tst_columns.moc"
