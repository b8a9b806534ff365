// Live capture from a Kubernetes API when it fails: 401 and 403 stop at once and name the token or
// the permission, refused connections and timeouts are retried and then reported, malformed answers
// are retried, TLS is verified by default, a stop cancels a waiting retry, and every error is
// classified with a message that never holds a query string or the token. The recorded answers go
// through a loopback HTTP server (tst_live_replayserver.h); the happy path is tst_live_k8s.
#include "live/clustercapture.h"
#include "live/k8sresourcewatcher.h"
#include "ingest/bundleloader.h"
#include "testutil.h"
#include "tst_live_k8s_testutil.h"
#include "tst_live_replayserver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;
using namespace livek8stest;

class TestLiveK8sErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unauthorizedStopsAtOnce();
    void forbiddenNamesThePermission();
    void refusedConnectionRetriesThenGivesUp();
    void timeoutIsRetriedThenReported();
    void stopCancelsAWaitingRetry();
    void malformedAnswersAreRetried();
    void tlsIsVerifiedByDefault();
    void errorClassification();
};

void TestLiveK8sErrors::unauthorizedStopsAtOnce()
{
    replay::Server server([](const replay::Request &) {
        return replay::Response::json(fixture(QStringLiteral("status-401.json")), 401);
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    const QString tokenFile = tmp.filePath(QStringLiteral("token"));
    QFile f(tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kToken);
    f.close();
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = server.url();
    settings.tokenFile = tokenFile;
    ClusterCapture capture(settings, tmp.filePath(QStringLiteral("out")), fastPolicy(5));
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY(capture.start(&error));
    QTRY_VERIFY_WITH_TIMEOUT(run.finished, 10000); // every source gave up: the capture ends by itself
    QVERIFY(!run.ok);
    QCOMPARE(server.requests.size(), 3); // one per source: a 401 is not retried
    QCOMPARE(capture.counts().failed, 3);
    QVERIFY(run.summary.contains(QStringLiteral("401 Unauthorized")));
    QVERIFY(run.summary.contains(QStringLiteral("token")));
    QVERIFY(!run.summary.contains(QString::fromLatin1(kToken)));
    for (const auto &[path, data] : filesUnder(tmp.filePath(QStringLiteral("out"))))
        QVERIFY2(!data.contains(kToken), qPrintable(path));
}

void TestLiveK8sErrors::forbiddenNamesThePermission()
{
    replay::Server server([](const replay::Request &r) {
        if (r.path == kPods && !r.isWatch())
            return replay::Response::json(fixture(QStringLiteral("pods-list.json")));
        if (r.path == kPods)
            return replay::Response::watch({}, true);
        return replay::Response::json(fixture(QStringLiteral("status-403.json")), 403);
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = server.url();
    ClusterCapture capture(settings, tmp.path(), fastPolicy());
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY(capture.start(&error));
    // core/v1 events fail; events.k8s.io/v1 is optional (not counted); pods go on.
    QTRY_COMPARE_WITH_TIMEOUT(capture.counts().failed, 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(capture.counts().watching, 1, 10000);
    QCOMPARE(capture.counts().sources, 2);
    const QString all = run.messages.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("403 Forbidden")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("cannot list resource \"events\"")), qPrintable(all));
    capture.stop();
    QVERIFY(!run.ok); // a source failed: said so at the end
    QCOMPARE(capture.counts().pods, 2);
}

void TestLiveK8sErrors::refusedConnectionRetriesThenGivesUp()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port that nothing listens on once probe is gone
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    ClusterCapture capture(settings, tmp.path(), fastPolicy(3));
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY(capture.start(&error));
    QTRY_VERIFY_WITH_TIMEOUT(run.finished, 10000);
    QVERIFY(!run.ok);
    QCOMPARE(capture.counts().retries, 3 * 2); // 3 sources x (3 attempts - 1)
    QVERIFY2(run.summary.contains(QStringLiteral("Connection refused")), qPrintable(run.summary));
    QVERIFY(run.summary.contains(QStringLiteral("after 3 attempts")));
    QVERIFY(run.messages.join(QLatin1Char('\n')).contains(QStringLiteral("Retrying in")));
}

void TestLiveK8sErrors::timeoutIsRetriedThenReported()
{
    int requests = 0;
    replay::Server server([&](const replay::Request &) {
        ++requests;
        replay::Response r;
        r.silent = true;
        return r;
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = server.url();
    settings.namespaces = {QStringLiteral("default")};
    RetryPolicy policy = fastPolicy(2);
    policy.transferTimeoutMs = 300;
    ClusterCapture capture(settings, tmp.path(), policy);
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY(capture.start(&error));
    QTRY_VERIFY_WITH_TIMEOUT(run.finished, 10000);
    QVERIFY(!run.ok);
    QCOMPARE(requests, 6);
    QVERIFY2(run.summary.contains(QStringLiteral("Timed out")), qPrintable(run.summary));
}

void TestLiveK8sErrors::stopCancelsAWaitingRetry()
{
    int requests = 0;
    replay::Server server([&](const replay::Request &) {
        ++requests;
        return replay::Response::json(R"({"kind":"Status","code":503})", 503);
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = server.url();
    RetryPolicy policy = fastPolicy(5);
    policy.initialBackoffMs = 60000; // the retry would wait a minute
    ClusterCapture capture(settings, tmp.path(), policy);
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY(capture.start(&error));
    QTRY_COMPARE_WITH_TIMEOUT(capture.counts().retries, 3, 10000);
    QVERIFY(run.messages.join(QLatin1Char('\n')).contains(QStringLiteral("HTTP 503")));
    QElapsedTimer clock;
    clock.start();
    capture.stop();
    QVERIFY(run.finished);
    QVERIFY(clock.elapsed() < 1000);
    QTest::qWait(200);
    QCOMPARE(requests, 3);
}

void TestLiveK8sErrors::malformedAnswersAreRetried()
{
    // The first list answer is cut short, the first watch sends a broken line: both are retried
    // (with a fresh list) and the capture recovers.
    int eventLists = 0, eventWatches = 0;
    replay::Server server([&](const replay::Request &r) {
        if (r.path == kEvents && !r.isWatch()) {
            if (eventLists++ == 0)
                return replay::Response::json(fixture(QStringLiteral("events-list-page2.json")).left(300));
            return replay::Response::json(fixture(QStringLiteral("events-list-page2.json")));
        }
        if (r.path == kEvents) {
            if (eventWatches++ == 0)
                return replay::Response::watch("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Ev\n", false);
            return replay::Response::watch(fixture(QStringLiteral("events-watch-3.ndjson")), true);
        }
        if (r.isWatch())
            return replay::Response::watch({}, true);
        return replay::Response::json(R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]})");
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = server.url();
    ClusterCapture capture(settings, tmp.path(), fastPolicy(3));
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY(capture.start(&error));
    QTRY_COMPARE_WITH_TIMEOUT(capture.counts().events, 6, 10000);
    const QString all = run.messages.join(QLatin1Char('\n'));
    QVERIFY2(all.count(QStringLiteral("Malformed")) == 2, qPrintable(all));
    QCOMPARE(eventLists, 3);
    capture.stop();
    QVERIFY2(run.ok, qPrintable(run.summary));
}

void TestLiveK8sErrors::tlsIsVerifiedByDefault()
{
    QVERIFY2(QSslSocket::supportsSsl(), "no TLS backend in this Qt: the TLS checks cannot run");
    const QString cert = testutil::dataPath(QStringLiteral("live/tls/server.crt"));
    const QString key = testutil::dataPath(QStringLiteral("live/tls/server.key"));
    replay::Server server([](const replay::Request &r) {
        if (r.isWatch())
            return replay::Response::watch({}, true);
        if (r.path.endsWith(QLatin1StringView("/pods")))
            return replay::Response::json(fixture(QStringLiteral("pods-list.json")));
        return replay::Response::json(fixture(QStringLiteral("events-list-page2.json")));
    });
    QVERIFY(server.listen(cert, key));
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = server.url();
    settings.namespaces = {QStringLiteral("default")};
    {
        // A self-signed server certificate, no CA file: refused, and not retried.
        ClusterCapture capture(settings, tmp.filePath(QStringLiteral("a")), fastPolicy(3));
        CaptureRun run;
        run.attach(capture);
        LiveError error;
        QVERIFY(capture.start(&error));
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 10000);
        QVERIFY(!run.ok);
        QVERIFY2(run.summary.contains(QStringLiteral("TLS error")), qPrintable(run.summary));
        QVERIFY(run.summary.contains(QStringLiteral("CA")));
        QCOMPARE(capture.counts().retries, 0);
        QVERIFY(server.requests.isEmpty());
        QCOMPARE(server.tlsFailures, 3); // one handshake per source, none retried
    }
    {
        // With the cluster's CA file: verified and captured.
        settings.caFile = cert;
        ClusterCapture capture(settings, tmp.filePath(QStringLiteral("b")), fastPolicy(3));
        CaptureRun run;
        run.attach(capture);
        LiveError error;
        QVERIFY2(capture.start(&error), qPrintable(error.message));
        QTRY_VERIFY_WITH_TIMEOUT(capture.counts().events == 4 && capture.counts().pods == 2, 10000);
        QCOMPARE(capture.counts().watching, 3);
        capture.stop();
        QVERIFY2(run.ok, qPrintable(run.summary));
    }
}

void TestLiveK8sErrors::errorClassification()
{
    const QUrl url(QStringLiteral("https://api.cluster.invalid:6443/api/v1/events?watch=1"));
    LiveError e = classifyLiveError(QNetworkReply::HostNotFoundError, QStringLiteral("Host not found"), 0, {}, url, {},
                                    false, false);
    QCOMPARE(e.kind, LiveError::HostNotFound);
    QVERIFY(e.isRetryable());
    QVERIFY(e.message.contains(QStringLiteral("DNS")));
    QVERIFY(e.message.contains(QStringLiteral("api.cluster.invalid")));
    e = classifyLiveError(QNetworkReply::OperationCanceledError, QStringLiteral("Operation canceled"), 0, {}, url, {},
                          false, false);
    QCOMPARE(e.kind, LiveError::Timeout);
    e = classifyLiveError(QNetworkReply::OperationCanceledError, {}, 0, {}, url, {}, false, true);
    QCOMPARE(e.kind, LiveError::Cancelled);
    e = classifyLiveError(QNetworkReply::ContentAccessDenied, {}, 403, fixture(QStringLiteral("status-403.json")), url,
                          {}, false, false);
    QCOMPARE(e.kind, LiveError::Forbidden);
    QVERIFY(!e.isRetryable());
    QVERIFY(!e.message.contains(QStringLiteral("watch=1"))); // no query strings in messages
    e = classifyLiveError(QNetworkReply::InternalServerError, {}, 503, {}, url, {}, false, false);
    QCOMPARE(e.kind, LiveError::ServerError);
    QVERIFY(e.isRetryable());
    e = classifyLiveError(QNetworkReply::NoError, {}, 302, {}, url, {}, false, false);
    QVERIFY(e.message.contains(QStringLiteral("redirect")));
    RetryPolicy p;
    p.initialBackoffMs = 500;
    p.maxBackoffMs = 3000;
    QCOMPARE(p.backoffMs(1), 500);
    QCOMPARE(p.backoffMs(2), 1000);
    QCOMPARE(p.backoffMs(3), 2000);
    QCOMPARE(p.backoffMs(4), 3000);
    QCOMPARE(p.backoffMs(40), 3000);
}

QTEST_GUILESS_MAIN(TestLiveK8sErrors)
#include "tst_live_k8s_errors.moc"
