// The stream demultiplexer: one ingress controller's output (access, NGINX error, klog lines, its
// start banner, a Go panic) of two replicas, wrapped in every shape users collect it in, must give
// the same records per replica and kind as the clean, unwrapped per-pod streams.
#include "ingest/sourcereader.h"
#include "formats/linekind.h"
#include "formats/linewrapper.h"
#include "formats/parserregistry.h"
#include "ingest/bytestream.h"
#include "store/recorddump.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {
const QByteArray kPodA = "ingress-nginx-controller-7d9f8c6b5-abcde";
const QByteArray kPodB = "ingress-nginx-controller-7d9f8c6b5-fghij";

struct Line {
    QByteArray pod;
    bool stderrStream;
    QByteArray text;
    qint64 ms; // node time of the line, ms after 2026-11-21T10:00:00Z
};

QList<Line> controllerLines()
{
    QList<Line> l;
    auto add = [&](const QByteArray &pod, bool err, qint64 ms, const QByteArray &text) { l.append({pod, err, text, ms}); };
    for (const QByteArray &pod : {kPodA, kPodB}) {
        add(pod, false, 0, "-------------------------------------------------------------------------------");
        add(pod, false, 0, "NGINX Ingress controller");
        add(pod, false, 0, "  Release:       v1.9.4");
        add(pod, false, 0, "  Repository:    https://github.com/kubernetes/ingress-nginx");
        add(pod, false, 0, "-------------------------------------------------------------------------------");
    }
    add(kPodA, true, 1100, "I1121 10:00:01.100000       7 controller.go:190] \"Configuration changes detected, backend reload required\"");
    add(kPodB, true, 1150, "I1121 10:00:01.150000       7 controller.go:190] \"Configuration changes detected, backend reload required\"");
    add(kPodA, true, 1200, "I1121 10:00:01.200000       7 controller.go:210] \"Backend successfully reloaded\"");
    add(kPodA, false, 2000, "10.0.1.15 - - [21/Nov/2026:10:00:02 +0000] \"GET /api/orders?id=1 HTTP/1.1\" 200 512 \"-\" \"curl/8.0\" 230 0.010 [shop-web-80] [] 10.1.2.3:8080 512 0.010 200 0123456789abcdef0123456789abcdef");
    add(kPodB, false, 2100, "10.0.2.16 - - [21/Nov/2026:10:00:02 +0000] \"GET /api/cart HTTP/1.1\" 200 12 \"-\" \"curl/8.0\" 200 0.004 [shop-web-80] [] 10.1.2.4:8080 12 0.004 200 1123456789abcdef0123456789abcdef");
    add(kPodA, true, 3000, "2026/11/21 10:00:03 [error] 31#31: *123 upstream prematurely closed connection while reading response header from upstream, client: 10.0.1.15, server: shop.example.com, request: \"GET /api/orders?id=2 HTTP/1.1\", upstream: \"http://10.1.2.4:8080/api/orders?id=2\", host: \"shop.example.com\"");
    add(kPodA, false, 3001, "10.0.1.15 - - [21/Nov/2026:10:00:03 +0000] \"GET /api/orders?id=2 HTTP/1.1\" 502 150 \"-\" \"curl/8.0\" 230 0.002 [shop-web-80] [] 10.1.2.4:8080 0 0.002 502 fedcba9876543210fedcba9876543210");
    add(kPodB, true, 4000, "W1121 10:00:04.000000       7 controller.go:1112] Service \"shop/web\" does not have any active Endpoint.");
    add(kPodB, false, 4500, "10.0.2.16 - - [21/Nov/2026:10:00:04 +0000] \"POST /api/cart HTTP/1.1\" 502 150 \"-\" \"curl/8.0\" 200 0.001 [shop-web-80] [] 10.1.2.5:8080 0 0.001 - 2123456789abcdef0123456789abcdef");
    add(kPodB, true, 5000, "panic: runtime error: invalid memory address or nil pointer dereference");
    add(kPodB, true, 5000, "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x16f0a3e]");
    add(kPodB, true, 5000, "");
    add(kPodB, true, 5000, "goroutine 112 [running]:");
    add(kPodB, true, 5000, "k8s.io/ingress-nginx/internal/ingress/controller.(*NGINXController).syncIngress(0xc000412000, {0x0, 0x0})");
    add(kPodB, true, 5000, "\t/go/src/k8s.io/ingress-nginx/internal/ingress/controller/controller.go:160 +0x5e");
    add(kPodA, true, 6000, "2026/11/21 10:00:06 [error] 31#31: *130 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.1.15, server: shop.example.com, request: \"GET /api/orders?id=3 HTTP/1.1\", upstream: \"http://10.1.2.4:8080/api/orders?id=3\", host: \"shop.example.com\"");
    return l;
}

QByteArray stamp(qint64 ms, int extraNanos)
{
    const QDateTime t = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::UTC).addMSecs(ms);
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")).toUtf8() + QByteArray::number(100000 + extraNanos).right(6) + 'Z';
}

// stern's default --timestamps: RFC 3339 with nanoseconds in the local zone (here UTC+9).
QByteArray sternStamp(qint64 ms)
{
    const QDateTime t = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::UTC).addMSecs(ms).toOffsetFromUtc(9 * 3600);
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")).toUtf8() + "000000+09:00";
}

QByteArray jsonString(const QByteArray &s)
{
    const QByteArray doc = QJsonDocument(QJsonObject{{QStringLiteral("v"), QString::fromUtf8(s)}}).toJson(QJsonDocument::Compact);
    return doc.mid(5, doc.size() - 6); // {"v":"…"} -> "…"
}

// The lines of one pod (or all pods) wrapped in a shape.
QByteArray wrap(const QString &shape, const QByteArray &onlyPod)
{
    QByteArray out;
    int n = 0;
    for (const Line &l : controllerLines()) {
        if (!onlyPod.isEmpty() && l.pod != onlyPod)
            continue;
        const QByteArray ts = stamp(l.ms, n++);
        const QByteArray stream = l.stderrStream ? "stderr" : "stdout";
        if (shape == QLatin1String("plain"))
            out += l.text;
        else if (shape == QLatin1String("kubectl-timestamps"))
            out += ts + ' ' + l.text;
        else if (shape == QLatin1String("kubectl-prefix"))
            out += "[pod/" + l.pod + "/controller] " + ts + ' ' + l.text;
        else if (shape == QLatin1String("stern"))
            out += l.pod + " controller " + l.text;
        else if (shape == QLatin1String("stern-color"))
            out += "\x1b[32m" + l.pod + "\x1b[0m \x1b[34mcontroller\x1b[0m " + l.text;
        else if (shape == QLatin1String("stern-timestamps"))
            out += l.pod + " controller " + sternStamp(l.ms) + ' ' + l.text;
        else if (shape == QLatin1String("stern-short")) // --timestamps=short: "01-02 15:04:05", local
            out += l.pod + " controller " + QDateTime(QDate(2026, 11, 21), QTime(19, 0), QTimeZone::UTC).addMSecs(l.ms)
                                                  .toString(QStringLiteral("MM-dd HH:mm:ss")).toUtf8() + ' ' + l.text;
        else if (shape == QLatin1String("cri")) {
            // Long lines come in "P" pieces: split every line longer than 100 bytes.
            QByteArray rest = l.text;
            while (rest.size() > 100) {
                out += ts + ' ' + stream + " P " + rest.left(100) + '\n';
                rest = rest.mid(100);
            }
            out += ts + ' ' + stream + " F " + rest;
        } else if (shape == QLatin1String("docker-json"))
            out += "{\"log\":" + jsonString(l.text + '\n') + ",\"stream\":\"" + stream + "\",\"time\":\"" + ts + "\"}";
        else if (shape == QLatin1String("loki-logcli"))
            out += ts + " {app=\"ingress-nginx\", container=\"controller\", namespace=\"ingress-nginx\", pod=\"" + l.pod
                + "\"} " + l.text;
        else if (shape == QLatin1String("docker-compose")) // names padded to the longest, as compose does
            out += l.pod + "      | " + l.text;
        else if (shape == QLatin1String("docker-compose-timestamps"))
            out += l.pod + "  | " + ts + ' ' + l.text;
        else if (shape == QLatin1String("loki-jsonl"))
            out += "{\"labels\":{\"container\":\"controller\",\"pod\":\"" + l.pod + "\"},\"line\":" + jsonString(l.text)
                + ",\"timestamp\":\"" + ts + "\"}";
        out += '\n';
    }
    return out;
}

SourceReadResult readBytes(const QByteArray &bytes, const QString &name)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(bytes);
    f.close();
    return readSourceFile(path);
}

// format -> records, summed over the sub-sources of one pod (or of all, if pod is empty).
QMap<QString, qsizetype> recordsByFormat(const SourceReadResult &r, const QString &pod = {})
{
    QMap<QString, qsizetype> m;
    for (const auto &s : r.sources)
        if (pod.isEmpty() || s->pod == pod)
            m[formatId(s->format)] += s->size();
    return m;
}

qint64 rejects(const SourceReadResult &r)
{
    qint64 n = 0;
    for (const auto &s : r.sources)
        n += s->rejected.total;
    return n;
}
} // namespace

class TestStreamDemux : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lineKinds()
    {
        QCOMPARE(classifyLine("I1121 10:00:01.100000       7 controller.go:190] x"), LineKind::Klog);
        QCOMPARE(classifyLine("2026/11/21 10:00:03 [error] 31#31: *1 x"), LineKind::NginxError);
        QCOMPARE(classifyLine("10.0.1.15 - - [21/Nov/2026:10:00:02 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\""), LineKind::ClfAccess);
        QCOMPARE(classifyLine("time=\"2026-11-21T10:00:01Z\" level=debug msg=\"'502 Bad Gateway' caused by: EOF\""), LineKind::ControllerLog);
        QCOMPARE(classifyLine("2026-11-21T10:00:01Z ERR error=\"EOF\""), LineKind::ControllerLog);
        QCOMPARE(classifyLine("{\"level\":\"info\",\"ts\":1700000000.1,\"msg\":\"x\"}"), LineKind::ControllerLog);
        QCOMPARE(classifyLine("{\"ClientAddr\":\"1.2.3.4:5\",\"DownstreamStatus\":502}"), LineKind::TraefikJson);
        QCOMPARE(classifyLine("[2026-11-21T10:00:01.000Z] \"GET / HTTP/1.1\" 503 UF 0 91 1 - \"-\" \"curl\" \"id\" \"h\" \"10.1.2.3:80\""), LineKind::EnvoyAccess);
        QCOMPARE(classifyLine("[2026-11-21 10:00:01.000][14][warning][config] x"), LineKind::ControllerLog);
        QCOMPARE(classifyLine("\t/go/src/x.go:12 +0x5e"), LineKind::StackLine);
        QCOMPARE(classifyLine("goroutine 1 [running]:"), LineKind::StackLine);
        QCOMPARE(classifyLine("hello world"), LineKind::Unknown);
    }

    void wrapperDetection_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<int>("wrapper");
        QTest::newRow("plain") << "plain" << int(Wrapper::None);
        QTest::newRow("kubectl-timestamps") << "kubectl-timestamps" << int(Wrapper::KubectlTimestamps);
        QTest::newRow("kubectl-prefix") << "kubectl-prefix" << int(Wrapper::KubectlPrefix);
        QTest::newRow("stern") << "stern" << int(Wrapper::Stern);
        QTest::newRow("stern-color") << "stern-color" << int(Wrapper::Stern);
        QTest::newRow("stern-timestamps") << "stern-timestamps" << int(Wrapper::Stern);
        QTest::newRow("stern-short") << "stern-short" << int(Wrapper::Stern);
        QTest::newRow("cri") << "cri" << int(Wrapper::Cri);
        QTest::newRow("docker-json") << "docker-json" << int(Wrapper::DockerJson);
        QTest::newRow("loki-logcli") << "loki-logcli" << int(Wrapper::LokiLogcli);
        QTest::newRow("loki-jsonl") << "loki-jsonl" << int(Wrapper::LokiJsonl);
        QTest::newRow("docker-compose") << "docker-compose" << int(Wrapper::DockerCompose);
        QTest::newRow("docker-compose-timestamps") << "docker-compose-timestamps" << int(Wrapper::DockerCompose);
    }
    void wrapperDetection()
    {
        QFETCH(QString, shape);
        QFETCH(int, wrapper);
        QCOMPARE(int(LineUnwrapper::detect(wrap(shape, {}), &isKnownLine)), wrapper);
    }

    // A text table's rows ("name | value") are no docker compose stream.
    void textTableIsNotCompose()
    {
        const QByteArray table = "name     | value\nreplicas | 3\nimage    | nginx:1.25\nready    | 2/3\n";
        QCOMPARE(LineUnwrapper::detect(table, &isKnownLine), Wrapper::None);
    }

    // Traefik v3's own lines start with a time and a level: not a kubectl timestamp wrapper.
    void zerologIsNotAWrapper()
    {
        const QByteArray traefik = "2026-11-21T10:00:01Z ERR error=\"EOF\" msg=\"x\"\n"
                                   "2026-11-21T10:00:02Z DBG y\n2026-11-21T10:00:03Z INF z\n";
        QCOMPARE(LineUnwrapper::detect(traefik, &isKnownLine), Wrapper::None);
        const SourceReadResult r = readBytes(traefik, QStringLiteral("traefik.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        QCOMPARE(r.sources[0]->format, SourceFormat::ControllerLog);
        QCOMPARE(r.sources[0]->size(), 3);
        QCOMPARE(r.sources[0]->string(SourceData::Reason, 0), QStringLiteral("upstream-eof"));
    }

    // Every shape gives, per replica, the records of that replica's clean stream.
    void sameRecordsInEveryShape_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<bool>("namesPods");
        QTest::newRow("kubectl-timestamps (one file per pod)") << "kubectl-timestamps" << false;
        QTest::newRow("kubectl-prefix") << "kubectl-prefix" << true;
        QTest::newRow("stern") << "stern" << true;
        QTest::newRow("stern-color") << "stern-color" << true;
        QTest::newRow("stern-timestamps") << "stern-timestamps" << true;
        QTest::newRow("stern-short") << "stern-short" << true;
        QTest::newRow("cri (one file per pod)") << "cri" << false;
        QTest::newRow("docker-json (one file per pod)") << "docker-json" << false;
        QTest::newRow("loki-logcli") << "loki-logcli" << true;
        QTest::newRow("loki-jsonl") << "loki-jsonl" << true;
        QTest::newRow("docker-compose") << "docker-compose" << true;
        QTest::newRow("docker-compose-timestamps") << "docker-compose-timestamps" << true;
    }
    void sameRecordsInEveryShape()
    {
        QFETCH(QString, shape);
        QFETCH(bool, namesPods);
        for (const QByteArray &pod : {kPodA, kPodB}) {
            const SourceReadResult clean = readBytes(wrap(QStringLiteral("plain"), pod), QString::fromUtf8(pod) + QStringLiteral(".log"));
            QCOMPARE(rejects(clean), 0);
            QMap<QString, qsizetype> expected = recordsByFormat(clean);
            QCOMPARE(expected.value(QStringLiteral("nginx-ingress")), pod == kPodA ? 2 : 2);
            // NGINX error lines apart from the controller's own (klog, banner, panic) lines.
            QCOMPARE(expected.value(QStringLiteral("nginx-error")), pod == kPodA ? 2 : 0);
            QCOMPARE(expected.value(QStringLiteral("controller-log")), pod == kPodA ? 3 : 4);

            SourceReadResult wrapped;
            if (namesPods) {
                wrapped = readBytes(wrap(shape, {}), shape + QStringLiteral("-all.log"));
                QCOMPARE(recordsByFormat(wrapped, QString::fromUtf8(pod)), expected);
            } else {
                wrapped = readBytes(wrap(shape, pod), shape + QLatin1Char('-') + QString::fromUtf8(pod) + QStringLiteral(".log"));
                QCOMPARE(recordsByFormat(wrapped), expected);
            }
            QCOMPARE(rejects(wrapped), 0);
            for (const auto &s : wrapped.sources) {
                QVERIFY2(!s->wrapper.isEmpty(), qPrintable(shape));
                if (namesPods)
                    QVERIFY(s->locator.displayPath().endsWith(QLatin1Char('#') + s->pod));
            }
        }
    }

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

    // klog lines are the controller-log reader's: in a mixed controller stream none reaches the NGINX
    // error reader, which, fed one directly, rejects it rather than take it as a continuation.
    void klogLinesAreNotNginxErrors()
    {
        const SourceReadResult r = readBytes(wrap(QStringLiteral("plain"), kPodA), QStringLiteral("mixed.log"));
        qsizetype errors = 0, controller = 0;
        for (const auto &s : r.sources) {
            for (qsizetype i = 0; i < s->size(); ++i) {
                const QString text = s->string(SourceData::Text, i);
                if (s->format == SourceFormat::NginxError) {
                    ++errors;
                    QVERIFY2(!text.contains(QLatin1String("backend reload")) && !text.contains(QLatin1String("reloaded")),
                             qPrintable(text));
                } else if (s->format == SourceFormat::ControllerLog) {
                    ++controller;
                }
            }
        }
        QCOMPARE(errors, 2);
        QCOMPARE(controller, 3); // start banner, two reload lines

        SourceData out;
        ParseOptions options;
        ParseContext ctx{options, out, {}, nullptr};
        MemoryStream in("2026/11/21 10:00:03 [error] 31#31: *1 upstream timed out (110: Operation timed out) while reading "
                        "response header from upstream, client: 10.0.1.15, server: s, request: \"GET /a HTTP/1.1\", "
                        "upstream: \"http://10.1.2.4:8080/a\", host: \"s\"\n"
                        "I1121 10:00:04.000000       7 controller.go:210] \"Backend successfully reloaded\"\n");
        ParserRegistry::create(SourceFormat::NginxError)->parse(in, ctx);
        QCOMPARE(out.size(), 1);
        QVERIFY(!(out.flags(0) & FlagContinued));
        QCOMPARE(out.rejected.total, 1);
        QCOMPARE(out.rejected.sampleLines, QList<qint64>{2});
        QVERIFY(out.rejected.byReason.firstKey().contains(QLatin1String("klog")));
    }

    // Dashes and "Release:" lines that frame no start banner are rejected at their own lines.
    void decorativeLinesHaveTheirLineNumbers()
    {
        const QByteArray bytes = "I1121 10:00:01.100000       7 controller.go:190] \"Configuration changes detected, backend reload required\"\n"
                                 "-------------------------------------------------------------------------------\n"
                                 "  Release:       v1.9.4\n"
                                 "-------------------------------------------------------------------------------\n"
                                 "I1121 10:00:02.100000       7 controller.go:210] \"Backend successfully reloaded\"\n";
        const SourceReadResult r = readBytes(bytes, QStringLiteral("decorative.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.sources[0];
        QCOMPARE(s.size(), 2);
        QCOMPARE(s.rejected.total, 3);
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("decorative line, not part of a controller start banner")), 3);
        QCOMPARE(s.rejected.sampleLines, (QList<qint64>{2, 3, 4}));
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

    // Controller lines are records with a category: reloads, no endpoints, the panic with its stack.
    void controllerEvents()
    {
        const SourceReadResult r = readBytes(wrap(QStringLiteral("stern"), {}), QStringLiteral("stern.log"));
        QStringList reasons;
        for (const auto &s : r.sources)
            for (qsizetype i = 0; i < s->size(); ++i)
                if (s->kind(i) == EventKind::LogMessage)
                    reasons << s->pod.right(5) + QLatin1Char(':') + s->string(SourceData::Reason, i);
        reasons.sort();
        QCOMPARE(reasons, (QStringList{QStringLiteral("abcde:reload"), QStringLiteral("abcde:reload"),
                                       QStringLiteral("abcde:start"), QStringLiteral("fghij:no-endpoints"),
                                       QStringLiteral("fghij:panic"), QStringLiteral("fghij:reload"),
                                       QStringLiteral("fghij:start")}));
    }

    // Istio's zap logger ("TIME\tlevel\t[scope\t]message") writes a message's own newlines as they
    // are: "Effective config:" with the YAML after it, istio-iptables' rules file. Those lines belong
    // to the message (verrazzano's istio-proxy and istio-init dumps had 31 such lines rejected).
    // After a zerolog line ("TIME LEVEL message") an unindented stray line is still no part of it.
    void istioMultiLineMessages()
    {
        const QByteArray istio = "2022-06-03T03:38:28.098886Z\tinfo\tApply proxy config from env {}\n"
                                 "\n"
                                 "2022-06-03T03:38:28.100312Z\tinfo\tEffective config: binaryPath: /usr/local/bin/envoy\n"
                                 "concurrency: 2\n"
                                 "tracing:\n"
                                 "  zipkin:\n"
                                 "    address: zipkin.istio-system:9411\n"
                                 "\n"
                                 "2022-06-03T03:38:26.637722Z\tinfo\tWriting following contents to rules file: /tmp/iptables-rules.txt\n"
                                 "* nat\n"
                                 "-N ISTIO_INBOUND\n"
                                 "-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN\n"
                                 "COMMIT\n"
                                 "2022-06-03T03:38:32.007109Z\tinfo\tEnvoy proxy is ready\n";
        const SourceReadResult r = readBytes(istio, QStringLiteral("istio-proxy.log"));
        QCOMPARE(rejects(r), 0);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.sources.front();
        QCOMPARE(s.format, SourceFormat::ControllerLog);
        QCOMPARE(s.size(), qsizetype(4));
        QStringList texts;
        for (qsizetype i = 0; i < s.size(); ++i)
            texts << s.string(SourceData::Text, i);
        QVERIFY2(texts.join(u'|').contains(QLatin1String("Effective config: binaryPath: /usr/local/bin/envoy\nconcurrency: 2")),
                 qPrintable(texts.join(u'|')));
        QVERIFY(texts.join(u'|').contains(QLatin1String("COMMIT")));

        const QByteArray zerolog = "2024-01-02T10:00:00Z ERR 502 Bad Gateway error=\"dial tcp 10.42.0.11:81: connect: connection refused\"\n"
                                   "2024-01-02T10:00:01Z INF Starting provider\n"
                                   "some shell prompt $ kubectl logs\n";
        QCOMPARE(rejects(readBytes(zerolog, QStringLiteral("traefik.log"))), 1);
    }

    // A stray line in a wrapped stream is rejected with a reason naming the wrapper.
    void foreignLineInWrappedStream()
    {
        QByteArray bytes = wrap(QStringLiteral("kubectl-prefix"), {});
        bytes += "some shell prompt $ kubectl logs\n";
        const SourceReadResult r = readBytes(bytes, QStringLiteral("prefix-foreign.log"));
        QCOMPARE(rejects(r), 1);
        bool named = false;
        for (const auto &s : r.sources)
            for (auto it = s->rejected.byReason.cbegin(); it != s->rejected.byReason.cend(); ++it)
                named |= it.key().contains(QLatin1String("kubectl logs --prefix"));
        QVERIFY(named);
    }

    // Well-known strangers in collected logs are rejected with a reason that names them: the nginx
    // image's start-up script and a shell command pasted with its output.
    void namedStrangers()
    {
        // As a container's log starts: the image's start-up lines before the controller's own.
        const QByteArray pod = "[pod/" + kPodA + "/controller] ";
        QByteArray bytes = "ncn-m001:~ # kubectl -n ingress-nginx logs -l app=ingress-nginx --prefix\n";
        bytes += pod + "/docker-entrypoint.sh: Configuration complete; ready for start up\n";
        bytes += pod + "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n";
        bytes += pod + "nothing anyone knows\n";
        bytes += wrap(QStringLiteral("kubectl-prefix"), {});
        const SourceReadResult r = readBytes(bytes, QStringLiteral("prefix-strangers.log"));
        QMap<QString, qint64> reasons;
        for (const auto &s : r.sources)
            for (auto it = s->rejected.byReason.cbegin(); it != s->rejected.byReason.cend(); ++it)
                reasons[it.key()] += it.value();
        QStringList seen;
        for (auto it = reasons.cbegin(); it != reasons.cend(); ++it)
            seen << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
        QVERIFY2(reasons.value(QStringLiteral("output of the container image's start-up script (docker-entrypoint.sh), no log record")) == 2,
                 qPrintable(seen.join(QStringLiteral("; "))));
        qint64 command = 0, unknown = 0;
        for (auto it = reasons.cbegin(); it != reasons.cend(); ++it) {
            command += it.key().contains(QLatin1String("shell command")) ? it.value() : 0;
            unknown += it.key() == QLatin1String("not a log line of any known kind") ? it.value() : 0;
        }
        QVERIFY2(command == 1, qPrintable(seen.join(QStringLiteral("; "))));
        QVERIFY2(unknown == 1, qPrintable(seen.join(QStringLiteral("; "))));
    }

    // CRI files name the pod in their path.
    void criPathNamesThePod()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("var/log/pods/ingress-nginx_") + QString::fromUtf8(kPodA)
                                            + QStringLiteral("_5f0c1e7a-1111-2222-3333-444455556666/controller"));
        QDir().mkpath(folder);
        QFile f(folder + QStringLiteral("/0.log"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(wrap(QStringLiteral("cri"), kPodA));
        f.close();
        const SourceReadResult r = readSourceFile(f.fileName());
        QVERIFY(!r.sources.empty());
        for (const auto &s : r.sources)
            QCOMPARE(s->pod, QString::fromUtf8(kPodA));
    }

    // Collectors name the pod in different labels; logcli leaves the labels every line shares out
    // of each line's set and writes them once, on a "Common labels:" line before the lines.
    void lokiLabelsNameThePod_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("pod");
        QTest::addColumn<QString>("container");
        const QByteArray access = "10.0.1.15 - - [21/Nov/2026:10:00:02 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"curl/8.0\" 230 0.010 [shop-web-80] [] 10.1.2.3:8080 5 0.010 200 0123456789abcdef0123456789abcdef";
        auto logcli = [&](const QByteArray &labels) {
            QByteArray b;
            for (int i = 0; i < 3; ++i)
                b += "2026-11-21T10:00:0" + QByteArray::number(i + 2) + "Z " + labels + " " + access + "\n";
            return b;
        };
        QTest::newRow("pod") << logcli("{pod=\"web-7d9f8-abcde\", container=\"controller\"}") << "web-7d9f8-abcde" << "controller";
        QTest::newRow("pod_name (Fluent Bit)") << logcli("{pod_name=\"web-7d9f8-abcde\", container_name=\"nginx\"}") << "web-7d9f8-abcde" << "nginx";
        QTest::newRow("k8s_pod_name (OpenTelemetry)") << logcli("{k8s_container_name=\"nginx\", k8s_pod_name=\"web-7d9f8-abcde\"}") << "web-7d9f8-abcde" << "nginx";
        QTest::newRow("instance ns/pod:container (Alloy)") << logcli("{instance=\"shop/web-7d9f8-abcde:nginx\", stream=\"stdout\"}") << "web-7d9f8-abcde" << "nginx";
        QTest::newRow("instance pod (Promtail docs)") << logcli("{instance=\"web-7d9f8-abcde\"}") << "web-7d9f8-abcde" << "";
        QTest::newRow("instance host:port is no pod") << logcli("{instance=\"10.0.3.4:9100\"}") << "" << "";
        QTest::newRow("common labels, {} per line")
            << "https://loki.example/loki/api/v1/query_range?query=%7Bpod%3D%22web-7d9f8-abcde%22%7D\n"
               "Common labels: {container=\"nginx\", pod=\"web-7d9f8-abcde\"}\n" + logcli("{}") << "web-7d9f8-abcde" << "nginx";
        QTest::newRow("common labels after the log package's time")
            << "2026/11/21 10:05:00 Common labels: {pod=\"web-7d9f8-abcde\"}\n" + logcli("{stream=\"stdout\"}  ") << "web-7d9f8-abcde" << "";
        QByteArray jsonl;
        for (int i = 0; i < 3; ++i) {
            QJsonObject labels{{QStringLiteral("kubernetes_pod_name"), QStringLiteral("web-7d9f8-abcde")},
                               {QStringLiteral("kubernetes_container_name"), QStringLiteral("nginx")}};
            QJsonObject o{{QStringLiteral("labels"), labels},
                          {QStringLiteral("line"), QString::fromUtf8(access)},
                          {QStringLiteral("timestamp"), QStringLiteral("2026-11-21T10:00:0%1Z").arg(i + 2)}};
            jsonl += QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n";
        }
        QTest::newRow("jsonl kubernetes_pod_name") << jsonl << "web-7d9f8-abcde" << "nginx";
    }

    void lokiLabelsNameThePod()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, pod);
        QFETCH(QString, container);
        const SourceReadResult r = readBytes(bytes, QStringLiteral("loki.log"));
        qsizetype records = 0;
        for (const auto &s : r.sources) {
            records += s->size();
            QCOMPARE(s->pod, pod);
            QCOMPARE(s->container, container);
            // logcli's own lines are named rejects, never "unrecognised"
            for (auto it = s->rejected.byReason.cbegin(); it != s->rejected.byReason.cend(); ++it)
                QVERIFY2(it.key().startsWith(QLatin1String("logcli's")), qPrintable(it.key()));
        }
        QCOMPARE(records, 3);
    }
};

QTEST_GUILESS_MAIN(TestStreamDemux)
#include "tst_streamdemux.moc"
