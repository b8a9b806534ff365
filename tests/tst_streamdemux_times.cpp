// The times of an interleaved ingress controller stream: stern's local timestamps become UTC,
// klog's yearless lines take the stream's year (never after the capture), and a wrapper's time
// (kubectl --timestamps, CRI) retimes the local-time NGINX error lines, or gives them its zone.
#include "tst_streamdemux_testutil.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace gateline;
using namespace demuxtest;

class TestStreamDemuxTimes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // stern's default timestamp is local time with an offset: the NGINX error lines get its UTC time.
    void sternTimestampsAreUtc()
    {
        const SourceReadResult r = readBytes(wrap(QStringLiteral("stern-timestamps"), {}), QStringLiteral("stern-ts.log"));
        const qint64 t0 = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::UTC).toMSecsSinceEpoch() * 1000;
        bool sawError = false;
        for (const auto &s : r.sources) {
            if (s->format != SourceFormat::NginxError)
                continue;
            sawError = true;
            QCOMPARE(s->time(0).us - t0, qint64(3000) * 1000); // 10:00:03 UTC, not 19:00:03
        }
        QVERIFY(sawError);
    }
    // klog has no year: a pod's first klog line after another pod's lines takes that stream's year,
    // not the file's (the test file is written now; the stream is of June 2024).
    void klogYearFromTheStream()
    {
        const QByteArray bytes =
            kPodA + " controller 10.0.1.15 - - [02/Jun/2024:10:06:23 +0000] \"GET /a HTTP/1.1\" 502 150 \"-\" \"curl/8.0\" "
                    "120 0.002 [shop-web-80] [] 10.1.2.4:8080 0 0.002 502 0123456789abcdef0123456789abcdef\n"
            + kPodB + " controller I0602 10:06:24.000001       7 controller.go:190] \"Configuration changes detected, "
                      "backend reload required\"\n";
        const SourceReadResult r = readBytes(bytes, QStringLiteral("stern-2024.log"));
        bool sawKlog = false;
        for (const auto &s : r.sources) {
            if (s->format != SourceFormat::ControllerLog)
                continue;
            sawKlog = true;
            QCOMPARE(s->pod, QString::fromUtf8(kPodB));
            QCOMPARE(QDateTime::fromMSecsSinceEpoch(s->time(0).us / 1000, QTimeZone::UTC),
                     QDateTime(QDate(2024, 6, 2), QTime(10, 6, 24), QTimeZone::UTC));
        }
        QVERIFY(sawKlog);
    }
    // Without a time near it a klog line takes the capture time's year, and is never later than it:
    // a March line captured in December is of that March, a later day than the capture's is last year's.
    void klogYearNotAfterTheCapture()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("controller.log"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("I0320 19:57:25.641977       7 flags.go:205] Watching for Ingress class: nginx\n"
                "I1231 23:59:59.000000       7 controller.go:190] \"Configuration changes detected, backend reload required\"\n");
        f.close();
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2026, 12, 4), QTime(12, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(path, options);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.sources[0];
        QCOMPARE(s.size(), 2);
        auto day = [&](qsizetype i) { return QDateTime::fromMSecsSinceEpoch(s.time(i).us / 1000, QTimeZone::UTC).date(); };
        QCOMPARE(day(0), QDate(2026, 3, 20));
        // The second line's year comes from the first record (the nearer year across new year's eve).
        QCOMPARE(day(1), QDate(2025, 12, 31));
    }
    // A `kubectl logs` of an ingress controller with no wrapper: banner and klog lines (no year) come
    // before the first access line, which has one (Microsoft's AKS docs publish such an output, 2018,
    // in tests/data/corpus/streams/). The klog lines take the access line's year, not the capture's,
    // and keep their microseconds; the banner takes the first klog line's time.
    void klogYearFromALaterAccessLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("controller.log"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-------------------------------------------------------------------------------\n"
                "NGINX Ingress controller\n"
                "  Release:    0.13.0\n"
                "-------------------------------------------------------------------------------\n"
                "\n"
                "I0426 20:30:12.212936       9 flags.go:162] Watching for ingress class: nginx\n"
                "W0426 21:51:57.908771       9 controller.go:775] service default/web does not have any active endpoints\n"
                "10.0.0.9 - [10.0.0.9] - - [26/Apr/2018:21:53:20 +0000] \"GET / HTTP/1.1\" 200 234 \"\" \"curl/8.0\" 197 0.001 "
                "[default-web-80] 10.244.0.13:8080 234 0.004 200\n");
        f.close();
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2026, 12, 4), QTime(12, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(path, options);
        const SourceData *controller = nullptr;
        for (const auto &s : r.sources)
            if (s->format == SourceFormat::ControllerLog)
                controller = s.get();
        QVERIFY(controller);
        QCOMPARE(controller->size(), 3); // banner, two klog lines
        QCOMPARE(rejects(r), 0);
        QList<qint64> times;
        for (qsizetype i = 0; i < controller->size(); ++i)
            times << controller->time(i).us;
        std::sort(times.begin(), times.end());
        const qint64 first = QDateTime(QDate(2018, 4, 26), QTime(20, 30, 12), QTimeZone::UTC).toMSecsSinceEpoch() * 1000 + 212936;
        const qint64 last = QDateTime(QDate(2018, 4, 26), QTime(21, 51, 57), QTimeZone::UTC).toMSecsSinceEpoch() * 1000 + 908771;
        QCOMPARE(times.first(), first);
        QCOMPARE(times[1], first);
        QCOMPARE(times.last(), last);
    }
    // A wrapper's UTC time replaces the local time of NGINX error and klog lines.
    void wrapperTimeRetimesLocalLines()
    {
        const SourceReadResult r = readBytes(wrap(QStringLiteral("kubectl-prefix"), {}), QStringLiteral("prefix.log"));
        bool sawError = false;
        for (const auto &s : r.sources) {
            if (s->format != SourceFormat::NginxError)
                continue;
            sawError = true;
            QVERIFY(s->wrapperTimes);
            for (qsizetype i = 0; i < s->size(); ++i) {
                QVERIFY(!(s->flags(i) & FlagNoTimezone));
                // The wrapper time has sub-second digits the line itself has not.
                QVERIFY(s->time(i).us % 1000000 != 0);
            }
        }
        QVERIFY(sawError);
    }
    // A stray local-time line without the wrapper takes the zone the wrapped lines showed.
    void unwrappedLocalLineGetsTheZone()
    {
        // Node clock UTC 10:00:03.5; the NGINX error log writes local time (UTC+2) without a zone.
        const QByteArray bytes =
            "2026-11-21T10:00:03.500000Z 2026/11/21 12:00:03 [error] 31#31: *1 connect() failed (111: Connection refused) "
            "while connecting to upstream, client: 10.0.1.15, server: s, request: \"GET /a HTTP/1.1\", upstream: "
            "\"http://10.1.2.4:8080/a\", host: \"s\"\n"
            "2026-11-21T10:00:04.100000Z 2026/11/21 12:00:04 [error] 31#31: *2 connect() failed (111: Connection refused) "
            "while connecting to upstream, client: 10.0.1.15, server: s, request: \"GET /b HTTP/1.1\", upstream: "
            "\"http://10.1.2.4:8080/b\", host: \"s\"\n"
            "2026/11/21 12:00:05 [error] 31#31: *3 connect() failed (111: Connection refused) while connecting to "
            "upstream, client: 10.0.1.15, server: s, request: \"GET /c HTTP/1.1\", upstream: \"http://10.1.2.4:8080/c\", "
            "host: \"s\"\n";
        const SourceReadResult r = readBytes(bytes, QStringLiteral("zone.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.sources[0];
        QCOMPARE(s.size(), 3);
        QVERIFY(s.wrapperTimes);
        const qint64 t0 = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::UTC).toMSecsSinceEpoch() * 1000;
        QCOMPARE(s.time(2).us - t0, qint64(5) * 1000000); // 12:00:05 local = 10:00:05 UTC
        QVERIFY(!(s.flags(2) & FlagNoTimezone));
    }
};

QTEST_GUILESS_MAIN(TestStreamDemuxTimes)
#include "tst_streamdemux_times.moc"
