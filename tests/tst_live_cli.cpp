// `gateline capture` from the command line, against the loopback replay server of recorded
// Kubernetes API answers (see tst_live_k8s.cpp; no API server can be installed on a test machine):
// live counts on stderr, SIGTERM stops it with the files saved, --duration ends it, a 401 exits
// with 4, a missing option with 2, and the token appears in no output and no file.
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
    replay::Server server([&](const replay::Request &r) {
        if (unauthorized)
            return replay::Response::json(fixture(QStringLiteral("status-401.json")), 401);
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
                       QStringLiteral("--token-file"), tokenFile, QStringLiteral("--out"), out});
    QVERIFY(cli.waitForStarted(10000));
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += cli.readAllStandardError()).contains("events 17  pods 4"), 20000);
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

    QProcess timed;
    timed.start(binary, {QStringLiteral("capture"), QStringLiteral("--api-server"), server.url().toString(),
                         QStringLiteral("--out"), tmp.filePath(QStringLiteral("timed")), QStringLiteral("--duration"),
                         QStringLiteral("1")});
    QVERIFY(timed.waitForStarted(10000));
    QTRY_COMPARE_WITH_TIMEOUT(timed.state(), QProcess::NotRunning, 15000);
    QCOMPARE(timed.exitCode(), 0);
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("timed/k8s-events.json"))));

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
}

QTEST_GUILESS_MAIN(TestLiveCli)
#include "tst_live_cli.moc"
