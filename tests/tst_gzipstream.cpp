// GzipStream with each inflate engine: ISA-L must behave exactly as the zlib reference on good
// data (multi-member, named headers, zlib wrapper, any read size) and keep the same promises on
// bad data (truncation keeps a prefix, corruption and trailing garbage are named, bombs bounded).
#include "archivewriter.h"

#include "ingest/gzipstream.h"
#include "jobs/idleworkers.h"
#include "chunkedstream.h"

#include <QRandomGenerator>
#include <QTest>
#include <QThread>

#include <thread>

using namespace gateline;

namespace {

QByteArray logText(int lines, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray out;
    for (int i = 0; i < lines; ++i)
        out += "h2 2026-11-21T10:" + QByteArray::number(10 + i % 50) + ":00.123456Z app/lb 10.0.0."
               + QByteArray::number(rng.bounded(255)) + ":443 - 0.001 -1 502 - 120 0 \"GET /api/orders/"
               + QByteArray::number(rng.generate()) + " HTTP/1.1\"\n";
    return out;
}

struct Inflated {
    QByteArray data;
    QString error;
};

Inflated inflateAll(const QByteArray &compressed, Inflater::Engine engine, qint64 chunk = 64 * 1024,
                    qint64 bound = qint64(1) << 32, qint64 inputChunk = qint64(1) << 40)
{
    GzipStream gz(std::make_unique<testutil::ChunkedStream>(compressed, inputChunk), bound, engine);
    Inflated r;
    QByteArray buf(chunk, '\0');
    for (qint64 n; (n = gz.read(buf.data(), chunk)) > 0;)
        r.data += buf.left(n);
    r.error = gz.error();
    return r;
}

// A reader and a worker that has run out of work of its own (jobs/idleworkers.h): the stream hands
// its inflation to the worker at its first read, and the reader only copies what comes.
struct WithIdleWorker {
    IdleWorkers idle;
    std::thread worker;
    WithIdleWorker()
    {
        idle.join(); // the reader
        worker = std::thread([this] {
            idle.join();
            idle.serve();
        });
        for (int i = 0; i < 10000 && !idle.anyWaiting(); ++i) // bounded: 10 s
            QThread::msleep(1);
    }
    ~WithIdleWorker()
    {
        idle.serve(); // the reader is done: the worker may go
        worker.join();
    }
};

Inflated inflateAhead(const QByteArray &compressed, qint64 chunk, qint64 bound = qint64(1) << 32,
                      qint64 inputChunk = qint64(1) << 40, int *jobs = nullptr)
{
    WithIdleWorker w;
    Inflated r;
    {
        GzipStream gz(std::make_unique<testutil::ChunkedStream>(compressed, inputChunk), bound);
        gz.setIdleWorkers(&w.idle);
        QByteArray buf(chunk, '\0');
        qint64 lastPos = 0;
        for (qint64 n; (n = gz.read(buf.data(), chunk)) > 0;) {
            r.data += buf.left(n);
            if (gz.inputPosition() < lastPos) // progress from the worker's reads, never backwards
                r.error = QStringLiteral("input position went back");
            lastPos = gz.inputPosition();
        }
        if (r.error.isEmpty())
            r.error = gz.error();
    }
    if (jobs)
        *jobs = w.idle.jobsRun();
    return r;
}

} // namespace

class TstGzipStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // CMake found ISA-L (or not); the engine must be there exactly then.
        QCOMPARE(Inflater::isalBuiltIn(), bool(GATELINE_HAVE_ISAL));
        QVERIFY(Inflater::create(Inflater::Engine::Zlib));
        QCOMPARE(bool(Inflater::create(Inflater::Engine::Isal)), bool(GATELINE_HAVE_ISAL));
    }

    void goodData_data()
    {
        QTest::addColumn<int>("engine");
        QTest::addColumn<qint64>("chunk");
        for (auto [name, e] : {std::pair{"isal", Inflater::Engine::Isal}, std::pair{"zlib", Inflater::Engine::Zlib}})
            for (qint64 chunk : {qint64(1), qint64(7), qint64(4096), qint64(1 << 20)})
                QTest::addRow("%s/%lld", name, chunk) << int(e) << chunk;
    }

    void goodData()
    {
        QFETCH(int, engine);
        QFETCH(qint64, chunk);
        const auto e = Inflater::Engine(engine);
        if (e == Inflater::Engine::Isal && !Inflater::isalBuiltIn())
            QSKIP("ISA-L not built in");
        const QByteArray a = logText(chunk == 1 ? 300 : 20000, 1), b = logText(500, 2), c = logText(3, 3);

        // One member, several members (concatenated .gz files), a named header, a zlib wrapper.
        const Inflated one = inflateAll(testutil::gzip(a), e, chunk);
        QVERIFY2(one.error.isEmpty(), qPrintable(one.error));
        QCOMPARE(one.data, a);
        const Inflated multi = inflateAll(testutil::gzip(a, 1) + testutil::gzip(b, 9) + testutil::gzip(c), e, chunk);
        QVERIFY2(multi.error.isEmpty(), qPrintable(multi.error));
        QCOMPARE(multi.data, a + b + c);
        const Inflated named = inflateAll(testutil::gzipFullHeader(b), e, chunk);
        QVERIFY2(named.error.isEmpty(), qPrintable(named.error));
        QCOMPARE(named.data, b);
        const Inflated wrapped = inflateAll(qCompress(b).mid(4), e, chunk); // qCompress: 4-byte size + zlib
        QVERIFY2(wrapped.error.isEmpty(), qPrintable(wrapped.error));
        QCOMPARE(wrapped.data, b);
    }

    void inputSplitAnywhere_data()
    {
        QTest::addColumn<int>("engine");
        QTest::addColumn<qint64>("inputChunk");
        for (auto [name, e] : {std::pair{"isal", Inflater::Engine::Isal}, std::pair{"zlib", Inflater::Engine::Zlib}})
            for (qint64 chunk : {qint64(1), qint64(2), qint64(3), qint64(5), qint64(7), qint64(13), qint64(1000)})
                QTest::addRow("%s/%lld", name, chunk) << int(e) << chunk;
    }

    // Headers with every optional part, member boundaries and zlib trailers split over reads.
    void inputSplitAnywhere()
    {
        QFETCH(int, engine);
        QFETCH(qint64, inputChunk);
        const auto e = Inflater::Engine(engine);
        if (e == Inflater::Engine::Isal && !Inflater::isalBuiltIn())
            QSKIP("ISA-L not built in");
        const QByteArray a = logText(40, 7), b = logText(3, 8);
        const Inflated named = inflateAll(testutil::gzipFullHeader(a) + testutil::gzipFullHeader(b) + testutil::gzip(a), e, 4096, qint64(1) << 32, inputChunk);
        QVERIFY2(named.error.isEmpty(), qPrintable(named.error));
        QCOMPARE(named.data, a + b + a);
        // Concatenated zlib streams (as zlib's automatic detection reads them).
        const Inflated zlibs = inflateAll(qCompress(a).mid(4) + qCompress(b).mid(4), e, 4096, qint64(1) << 32, inputChunk);
        QVERIFY2(zlibs.error.isEmpty(), qPrintable(zlibs.error));
        QCOMPARE(zlibs.data, a + b);
        // A few stray bytes after a zlib stream are named, not swallowed.
        const Inflated stray = inflateAll(qCompress(a).mid(4) + "xy", e, 4096, qint64(1) << 32, inputChunk);
        QCOMPARE(stray.data, a);
        QVERIFY2(stray.error.startsWith(QLatin1String("ignored ")), qPrintable(stray.error));
    }

    // Every split of the input around the end of one zlib stream and the start of the next.
    void zlibStreamsAnySplit()
    {
        const QByteArray a = logText(9, 10), b = logText(2, 11);
        const QByteArray both = qCompress(a).mid(4) + qCompress(b).mid(4);
        for (auto e : {Inflater::Engine::Best, Inflater::Engine::Zlib}) {
            for (qint64 chunk = 1; chunk <= 48; ++chunk) {
                const Inflated r = inflateAll(both, e, 4096, qint64(1) << 32, chunk);
                QVERIFY2(r.error.isEmpty(), qPrintable(QStringLiteral("chunk %1: %2").arg(chunk).arg(r.error)));
                QCOMPARE(r.data, a + b);
            }
        }
    }

    void incompressibleLargeData()
    {
        QByteArray noise(3 * 1024 * 1024, '\0');
        QRandomGenerator rng(9);
        rng.fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
        const QByteArray gz = testutil::gzip(noise, 6);
        for (auto e : {Inflater::Engine::Best, Inflater::Engine::Zlib}) {
            const Inflated r = inflateAll(gz, e, 100003);
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
            QCOMPARE(r.data, noise);
        }
    }

    void truncationKeepsAPrefix()
    {
        const QByteArray text = logText(4000, 4);
        const QByteArray gz = testutil::gzip(text, 6);
        for (auto e : {Inflater::Engine::Best, Inflater::Engine::Zlib}) {
            for (qsizetype cut = 11; cut < gz.size(); cut += gz.size() / 37) {
                const Inflated r = inflateAll(gz.left(cut), e, 8192);
                QVERIFY2(text.startsWith(r.data), qPrintable(QStringLiteral("cut %1: not a prefix").arg(cut)));
                QVERIFY2(r.error.contains(QLatin1String("truncated gzip")), qPrintable(r.error));
                QVERIFY2(r.error.contains(QStringLiteral("kept the %1 bytes").arg(r.data.size())), qPrintable(r.error));
                // Deflate can be cut mid-block; still, most of what came before the cut is kept.
                if (cut > gz.size() / 2)
                    QVERIFY2(r.data.size() > text.size() / 3, qPrintable(QString::number(r.data.size())));
            }
            // Cut inside the 8-byte trailer: all data, yet it is not a complete file.
            const Inflated tail = inflateAll(gz.left(gz.size() - 3), e);
            QCOMPARE(tail.data, text);
            QVERIFY2(tail.error.contains(QLatin1String("truncated gzip")), qPrintable(tail.error));
        }
    }

    void corruptionIsNamed()
    {
        const QByteArray text = logText(3000, 5);
        QByteArray gz = testutil::gzip(text, 6);
        for (auto e : {Inflater::Engine::Best, Inflater::Engine::Zlib}) {
            for (qsizetype at = 20; at < gz.size() - 8; at += gz.size() / 23) {
                QByteArray bad = gz;
                bad[at] = char(bad[at] ^ 0x5a);
                const Inflated r = inflateAll(bad, e, 4096);
                // Flipped bits may still decode (to wrong text) until the CRC check says so.
                QVERIFY2(r.error.startsWith(QLatin1String("corrupt gzip data (")), qPrintable(r.error));
                QVERIFY(r.data.size() <= text.size() + 4096);
            }
            QByteArray badCrc = gz;
            badCrc[gz.size() - 6] = char(badCrc[gz.size() - 6] ^ 1);
            const Inflated r = inflateAll(badCrc, e);
            QCOMPARE(r.data, text);
            QVERIFY2(r.error.contains(QLatin1String("incorrect data check")), qPrintable(r.error));
        }
    }

    void trailingGarbageIsIgnoredWithAMessage()
    {
        const QByteArray text = logText(100, 6);
        for (auto e : {Inflater::Engine::Best, Inflater::Engine::Zlib}) {
            for (const QByteArray &junk : {QByteArray(512, '\0'), QByteArray("not gzip at all\n")}) {
                const Inflated r = inflateAll(testutil::gzip(text) + junk, e);
                QCOMPARE(r.data, text);
                QVERIFY2(r.error.startsWith(QLatin1String("ignored ")), qPrintable(r.error));
                QVERIFY2(r.error.contains(QLatin1String("non-gzip data after the last gzip member")), qPrintable(r.error));
            }
        }
    }

    void bombIsBounded()
    {
        const QByteArray zeros(64 * 1024 * 1024, '\0');
        const QByteArray bomb = testutil::gzip(zeros, 9);
        QVERIFY(bomb.size() < 200 * 1024);
        for (auto e : {Inflater::Engine::Best, Inflater::Engine::Zlib}) {
            const Inflated r = inflateAll(bomb, e, 1 << 20, 5 * 1024 * 1024);
            QCOMPARE(r.data.size(), 5 * 1024 * 1024);
            QVERIFY2(r.error.contains(QLatin1String("decompressed size bound of 5 MiB")), qPrintable(r.error));
        }
    }

    // An idle worker inflating ahead: the same bytes and the same messages as inflating in place,
    // for good, truncated, corrupt and bounded data, at any read size.
    void idleWorkerInflatesTheSame()
    {
        const QByteArray text = logText(20000, 11);
        const QByteArray gz = testutil::gzip(text, 6);
        QByteArray bad = gz;
        bad[gz.size() / 2] = char(bad[gz.size() / 2] ^ 0x5a);
        const QByteArray zeros(16 * 1024 * 1024, '\0');
        const struct {
            QByteArray input;
            qint64 bound;
        } cases[] = {{gz, qint64(1) << 32},
                     {gz + testutil::gzip(text.left(5000), 1), qint64(1) << 32}, // two members
                     {gz.left(gz.size() / 3), qint64(1) << 32},
                     {gz.left(gz.size() - 3), qint64(1) << 32},
                     {bad, qint64(1) << 32},
                     {gz + QByteArray("junk"), qint64(1) << 32},
                     {testutil::gzip(zeros, 9), 3 * 1024 * 1024}};
        for (const auto &c : cases) {
            for (qint64 chunk : {qint64(1000), qint64(64 * 1024), qint64(1 << 20)}) {
                const Inflated here = inflateAll(c.input, Inflater::Engine::Best, chunk, c.bound, 7777);
                int jobs = 0;
                const Inflated ahead = inflateAhead(c.input, chunk, c.bound, 7777, &jobs);
                QCOMPARE(jobs, 1);
                QCOMPARE(ahead.data.size(), here.data.size());
                QVERIFY(ahead.data == here.data);
                QCOMPARE(ahead.error, here.error);
            }
        }
    }

    // A reader that stops early (a cancelled load, a parser that gave up) and drops the stream: the
    // worker stops too, and every thread gets out.
    void readerLeavingStopsTheWorker()
    {
        const QByteArray gz = testutil::gzip(logText(50000, 12), 6);
        for (qint64 readFirst : {qint64(0), qint64(1), qint64(300 * 1024), qint64(5 << 20)}) {
            WithIdleWorker w;
            {
                GzipStream stream(std::make_unique<testutil::ChunkedStream>(gz, 4096), qint64(1) << 32);
                stream.setIdleWorkers(&w.idle);
                QByteArray buf(64 * 1024, '\0');
                for (qint64 got = 0; got < readFirst;) {
                    const qint64 n = stream.read(buf.data(), std::min<qint64>(buf.size(), readFirst - got));
                    QVERIFY(n > 0);
                    got += n;
                }
            }
            QCOMPARE(w.idle.jobsRun(), readFirst > 0 ? 1 : 0);
        }
    }

    // The idle workers alone: nothing is offered to a worker that is not waiting, and serve()
    // returns once no worker has items of its own, whoever comes last.
    void idleWorkersHandOutJobs()
    {
        IdleWorkers idle;
        idle.join();
        QVERIFY(!idle.anyWaiting());
        QVERIFY(!idle.offer([] {}));
        QCOMPARE(idle.jobsRun(), 0);
        {
            WithIdleWorker w; // its own reader and worker, apart from idle
            std::atomic<int> ran {0};
            QVERIFY(w.idle.anyWaiting());
            QVERIFY(w.idle.offer([&ran] { ran.fetch_add(1); }));
            for (int i = 0; i < 10000 && w.idle.jobsRun() < 1; ++i)
                QThread::msleep(1);
            for (int i = 0; i < 10000 && !w.idle.anyWaiting(); ++i)
                QThread::msleep(1);
            QCOMPARE(ran.load(), 1);
        }
        idle.serve(); // the only worker: returns at once
        // A worker that joins after the others have all gone serves nothing and returns.
        idle.join();
        idle.serve();
        QCOMPARE(idle.jobsRun(), 0);
    }

    void emptyAndTinyInput()
    {
        for (auto e : {Inflater::Engine::Best, Inflater::Engine::Zlib}) {
            const Inflated empty = inflateAll(QByteArray(), e);
            QVERIFY(empty.data.isEmpty());
            QVERIFY2(empty.error.contains(QLatin1String("truncated gzip")), qPrintable(empty.error));
            const Inflated magicOnly = inflateAll(QByteArray("\x1f\x8b", 2), e);
            QVERIFY(magicOnly.data.isEmpty());
            QVERIFY(!magicOnly.error.isEmpty());
            const Inflated emptyMember = inflateAll(testutil::gzip(QByteArray()), e);
            QVERIFY(emptyMember.data.isEmpty());
            QVERIFY2(emptyMember.error.isEmpty(), qPrintable(emptyMember.error));
        }
    }
};

QTEST_GUILESS_MAIN(TstGzipStream)
#include "tst_gzipstream.moc"
