// The stream demultiplexer: one ingress controller's output (access, NGINX error, klog lines, its
// start banner, a Go panic) of two replicas, wrapped in every shape users collect it in, must give
// the same records per replica and kind as the clean, unwrapped per-pod streams.
#include "tst_streamdemux_testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;
using namespace demuxtest;

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
    // `docker service logs` of a replicated Swarm service: each task ("SERVICE.SLOT.TASK@NODE") is
    // a replica and a sub-source of its own, named by the task; -t's time comes after the bar.
    void swarmTasksAreReplicas()
    {
        const QByteArray bytes =
            "web_proxy.1.k3x9q2m7a1b4@node-a    | 2026-11-21T10:00:02.000000000Z 10.0.1.15 - - [21/Nov/2026:10:00:02 +0000] \"GET / HTTP/1.1\" 502 150 \"-\" \"curl/8.0\"\n"
            "web_proxy.2.p8r5t6v1c2d3@node-b    | 2026-11-21T10:00:03.500000000Z 10.0.2.16 - - [21/Nov/2026:10:00:03 +0000] \"GET /a HTTP/1.1\" 200 12 \"-\" \"curl/8.0\"\n"
            "web_proxy.1.k3x9q2m7a1b4@node-a    | 2026-11-21T10:00:04.000000000Z 10.0.1.15 - - [21/Nov/2026:10:00:04 +0000] \"GET /b HTTP/1.1\" 200 12 \"-\" \"curl/8.0\"\n";
        QCOMPARE(LineUnwrapper::detect(bytes, &isKnownLine), Wrapper::DockerService);
        const SourceReadResult r = readBytes(bytes, QStringLiteral("service.log"));
        QCOMPARE(rejects(r), 0);
        QMap<QString, qsizetype> sizes;
        for (const auto &s : r.sources) {
            QCOMPARE(s->format, SourceFormat::NginxAccess);
            QCOMPARE(s->wrapper, QStringLiteral("docker service logs"));
            sizes[s->pod] += s->size();
        }
        const QMap<QString, qsizetype> expected{{QStringLiteral("web_proxy.1.k3x9q2m7a1b4"), 2},
                                                {QStringLiteral("web_proxy.2.p8r5t6v1c2d3"), 1}};
        QCOMPARE(sizes, expected);
        // docker compose's names have no '@': the same lines without the node are compose lines.
        QByteArray compose = bytes;
        compose.replace("@node-a", "").replace("@node-b", "");
        QCOMPARE(LineUnwrapper::detect(compose, &isKnownLine), Wrapper::DockerCompose);
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
    // ingress-nginx frames a failed reload's error with dashes after its W/E klog line: the block
    // continues that record (after an I line the same dashes are decoration, above). Early glog's
    // "ERROR: logging before flag.Parse: " in front of a klog line is no reason to reject it.
    void reloadErrorBlockContinuesItsKlogLine()
    {
        const QByteArray dashes(79, '-');
        const QByteArray bytes = "ERROR: logging before flag.Parse: W1121 10:00:01.100000       7 queue.go:113] requeuing default/web, err \n"
            + dashes + "\nError: exit status 1\nnginx: configuration file /tmp/nginx-cfg1 test failed\n" + dashes + "\n"
            "I1121 10:00:02.100000       7 controller.go:210] \"Backend successfully reloaded\"\n";
        const SourceReadResult r = readBytes(bytes, QStringLiteral("reload-error.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.sources[0];
        QCOMPARE(s.format, SourceFormat::ControllerLog);
        QCOMPARE(s.rejected.total, 0);
        QCOMPARE(s.size(), 2);
        QVERIFY(s.flags(0) & FlagContinued);
        QVERIFY(s.string(SourceData::Text, 0).startsWith(QLatin1String("requeuing default/web, err")));
        QVERIFY(s.string(SourceData::Text, 0).contains(QLatin1String("test failed")));
        QCOMPARE(s.string(SourceData::Reason, 1), QStringLiteral("reload"));
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
