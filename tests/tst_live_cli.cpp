// `gateline capture` from the command line, against the loopback replay server of recorded
// Kubernetes API answers (see tst_live_k8s.cpp; no API server can be installed on a test machine):
// live counts on stderr, SIGTERM stops it with the files saved, --duration ends it, a 401 exits
// with 4, a missing option with 2, and the token appears in no output and no file. The ingress
// controller logs: --ingress-selector / --ingress-namespace reach the pod list, the logs land in
// ingress-logs/ with kubectl's prefix, stderr shows the bytes per pod; --no-ingress-logs.
#include "ingest/bundleloader.h"
#include "testutil.h"
#include "tst_live_replayserver.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

const QString kEvents = QStringLiteral("/api/v1/events");
const QString kPods = QStringLiteral("/api/v1/pods");
const QByteArray kToken = "gl-cli-token.eyJhbGciOiJSUzI1NiJ9.Y2xpLXNlY3JldC05ODc2";

QByteArray fixture(const QString &name)
{
    const QByteArray data = testutil::readAll(testutil::dataPath(QStringLiteral("live/k8s/") + name));
    if (data.isEmpty())
        qFatal("missing fixture %s", qPrintable(name));
    return data;
}

QList<QPair<QString, QByteArray>> filesUnder(const QString &dir)
{
    QList<QPair<QString, QByteArray>> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        out.append({path, testutil::readAll(path)});
    }
    return out;
}

} // namespace

class TestLiveCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void captureFromTheCommandLine();
};

void TestLiveCli::captureFromTheCommandLine()
{
    // `gateline capture` against the replay server: live counts on stderr, SIGTERM stops it and
    // the files are saved; --duration ends it; a 401 exits with 4. The binary is the one built
    // beside this test (or GATELINE_BINARY).
    const QString binary = QStringLiteral(GATELINE_BINARY);
    QVERIFY2(QFileInfo(binary).isExecutable(), "the gateline binary is not built");
    {
        QProcess help;
        help.start(binary, {QStringLiteral("--help")});
        QVERIFY(help.waitForFinished(20000));
        QVERIFY2(help.readAllStandardOutput().contains("capture"), "gateline --help does not mention capture");
    }
    int lists = 0;
    bool unauthorized = false;
    const QString podA = QStringLiteral("ingress-nginx-controller-6b9f8d5c7b-4xk2p");
    replay::Server server([&](const replay::Request &r) {
        if (unauthorized)
            return replay::Response::json(fixture(QStringLiteral("status-401.json")), 401);
        if (r.query.hasQueryItem(QStringLiteral("labelSelector")))
            return replay::Response::json(fixture(QStringLiteral("ingress-nginx-pods.json")));
        if (r.path.endsWith(QLatin1StringView("/log"))) {
            const QString pod = r.path.section(QLatin1Char('/'), -2, -2);
            const QString container = r.query.queryItemValue(QStringLiteral("container"));
            if (pod == podA && container == QLatin1StringView("controller"))
                return replay::Response::watch(fixture(QStringLiteral("log-4xk2p-controller.log")), true);
            if (pod == podA)
                return replay::Response::json(fixture(QStringLiteral("log-4xk2p-fluent-bit.log")));
            if (pod.endsWith(QLatin1StringView("q7m9z")))
                return replay::Response::json(fixture(r.query.hasQueryItem(QStringLiteral("previous"))
                                                          ? QStringLiteral("log-q7m9z-controller-previous.log")
                                                          : QStringLiteral("log-q7m9z-controller.log")));
            return replay::Response::json(fixture(QStringLiteral("status-404-pod.json")), 404);
        }
        if (r.isWatch())
            return replay::Response::watch(r.path == kEvents ? fixture(QStringLiteral("events-watch-3.ndjson")) : QByteArray(),
                                           true);
        ++lists;
        if (r.path == kPods)
            return replay::Response::json(fixture(QStringLiteral("pods-relist.json")));
        return replay::Response::json(fixture(QStringLiteral("events-relist.json")));
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    const QString tokenFile = tmp.filePath(QStringLiteral("token"));
    QFile f(tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kToken);
    f.close();
    const QString out = tmp.filePath(QStringLiteral("capture"));

    QProcess cli;
    cli.start(binary, {QStringLiteral("capture"), QStringLiteral("--api-server"), server.url().toString(),
                       QStringLiteral("--token-file"), tokenFile, QStringLiteral("--out"), out,
                       QStringLiteral("--ingress-selector"), QStringLiteral("app.kubernetes.io/instance=ingress-nginx"),
                       QStringLiteral("--ingress-namespace"), QStringLiteral("ingress-nginx")});
    QVERIFY(cli.waitForStarted(10000));
    QByteArray err;
    // Bytes per pod: A's controller (followed) and fluent-bit logs; B's log and its previous instance's.
    QTRY_VERIFY_WITH_TIMEOUT((err += cli.readAllStandardError()).contains("events 17  pods 4")
                                 && err.contains("ingress logs: ingress-nginx/ingress-nginx-controller-6b9f8d5c7b-4xk2p "
                                                 "2897 bytes, ingress-nginx/ingress-nginx-controller-6b9f8d5c7b-q7m9z "
                                                 "3430 bytes, ingress-nginx/ingress-nginx-controller-6b9f8d5c7b-zr8tw 0 bytes"),
                             20000);
    cli.terminate(); // SIGTERM
    QVERIFY(cli.waitForFinished(15000));
    err += cli.readAllStandardError();
    const QByteArray stdoutText = cli.readAllStandardOutput();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 0, err.constData());
    QVERIFY2(err.contains("SIGTERM: stopping"), err.constData());
    QVERIFY(!err.contains(kToken) && !stdoutText.contains(kToken));
    EventStore store = BundleLoader().load({out});
    QCOMPARE(store.sourcesOf(SourceFormat::K8sEvents).size(), 1);
    QCOMPARE(store.source(store.sourcesOf(SourceFormat::K8sEvents).first()).size(), 17);
    QCOMPARE(store.sourcesOf(SourceFormat::K8sPods).size(), 1);
    for (const auto &[path, data] : filesUnder(out))
        QVERIFY2(!data.contains(kToken), qPrintable(path));
    QVERIFY2(err.contains("pod(s) with labels app.kubernetes.io/instance=ingress-nginx"), err.constData());
    QVERIFY2(err.contains("zr8tw controller: skipped the pod is gone (404 Not Found)"), err.constData());
    int ingressLists = 0;
    for (const replay::Request &r : std::as_const(server.requests)) {
        if (!r.query.hasQueryItem(QStringLiteral("labelSelector")))
            continue;
        ++ingressLists;
        QCOMPARE(r.path, QStringLiteral("/api/v1/namespaces/ingress-nginx/pods"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded),
                 QStringLiteral("app.kubernetes.io/instance=ingress-nginx"));
    }
    QCOMPARE(ingressLists, 1);
    const QByteArray controllerLog = testutil::readAll(
        out + QStringLiteral("/ingress-logs/ingress-nginx/ingress-nginx-controller-6b9f8d5c7b-q7m9z_controller.previous.log"));
    QVERIFY2(controllerLog.startsWith("[pod/ingress-nginx-controller-6b9f8d5c7b-q7m9z/controller] "
                                      "2025-11-20T14:02:31.004118772Z 10.244.0.1 - - [20/Nov/2025:14:02:31 +0000] "),
             controllerLog.constData());
    QCOMPARE(controllerLog.count('\n'), 6);
    QVERIFY2(err.contains("wrote " + out.toUtf8() + "/ingress-logs/ingress-nginx/ingress-nginx-controller-6b9f8d5c7b-4xk2p_controller.log"),
             err.constData());

    const qsizetype before = server.requests.size();
    QProcess timed;
    timed.start(binary, {QStringLiteral("capture"), QStringLiteral("--api-server"), server.url().toString(),
                         QStringLiteral("--out"), tmp.filePath(QStringLiteral("timed")), QStringLiteral("--duration"),
                         QStringLiteral("1"), QStringLiteral("--no-ingress-logs")});
    QVERIFY(timed.waitForStarted(10000));
    QTRY_COMPARE_WITH_TIMEOUT(timed.state(), QProcess::NotRunning, 15000);
    QCOMPARE(timed.exitCode(), 0);
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("timed/k8s-events.json"))));
    QVERIFY(server.requests.size() > before);
    for (qsizetype i = before; i < server.requests.size(); ++i) {
        QVERIFY(!server.requests[i].query.hasQueryItem(QStringLiteral("labelSelector")));
        QVERIFY(!server.requests[i].path.endsWith(QLatin1StringView("/log")));
    }
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("timed/ingress-logs"))));

    unauthorized = true;
    QProcess denied;
    denied.start(binary, {QStringLiteral("capture"), QStringLiteral("--api-server"), server.url().toString(),
                          QStringLiteral("--token-file"), tokenFile, QStringLiteral("--out"),
                          tmp.filePath(QStringLiteral("denied"))});
    QVERIFY(denied.waitForStarted(10000));
    QTRY_COMPARE_WITH_TIMEOUT(denied.state(), QProcess::NotRunning, 15000);
    QCOMPARE(denied.exitCode(), 4);
    const QByteArray deniedErr = denied.readAllStandardError();
    QVERIFY2(deniedErr.contains("401 Unauthorized"), deniedErr.constData());
    QVERIFY(!deniedErr.contains(kToken));

    QProcess usage;
    usage.start(binary, {QStringLiteral("capture"), QStringLiteral("--out"), out});
    QVERIFY(usage.waitForFinished(15000));
    QCOMPARE(usage.exitCode(), 2);
    QProcess badLimit;
    badLimit.start(binary, {QStringLiteral("capture"), QStringLiteral("--api-server"), server.url().toString(),
                            QStringLiteral("--out"), out, QStringLiteral("--ingress-log-limit"), QStringLiteral("0")});
    QVERIFY(badLimit.waitForFinished(15000));
    QCOMPARE(badLimit.exitCode(), 2);
    QVERIFY(badLimit.readAllStandardError().contains("--ingress-log-limit"));
    QProcess badSelector;
    badSelector.start(binary, {QStringLiteral("capture"), QStringLiteral("--api-server"), server.url().toString(),
                               QStringLiteral("--out"), tmp.filePath(QStringLiteral("badsel")),
                               QStringLiteral("--ingress-selector"), QStringLiteral("app=x&limit=1")});
    QVERIFY(badSelector.waitForFinished(15000));
    QCOMPARE(badSelector.exitCode(), 2);
    QVERIFY(badSelector.readAllStandardError().contains("is not a label selector"));
}

QTEST_GUILESS_MAIN(TestLiveCli)
#include "tst_live_cli.moc"
