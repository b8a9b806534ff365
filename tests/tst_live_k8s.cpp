// Live capture from a Kubernetes API. No API server can be installed on a test machine, so
// these tests replay recorded API answers (tests/data/live/k8s/, real objects from a recorded
// rollout in the API's list / watch / Status envelopes) through a loopback HTTP server
// (tst_live_replayserver.h): paged lists, watch streams with bookmarks, a 410 Gone both as an
// HTTP status and as an ERROR event in the stream, 401 and 403. The capture's files are then
// loaded with the real ingest.
#include "live/clustercapture.h"
#include "live/k8sresourcewatcher.h"
#include "ingest/bundleloader.h"
#include "testutil.h"
#include "tst_live_replayserver.h"

#include <QDirIterator>
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

namespace {

const QString kEvents = QStringLiteral("/api/v1/events");
const QString kEventsV1 = QStringLiteral("/apis/events.k8s.io/v1/events");
const QString kPods = QStringLiteral("/api/v1/pods");
const QByteArray kToken = "gl-test-token.eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXZhbHVlLTQyNDI0Mg";

QByteArray fixture(const QString &name)
{
    const QByteArray data = testutil::readAll(testutil::dataPath(QStringLiteral("live/k8s/") + name));
    if (data.isEmpty())
        qFatal("missing fixture %s", qPrintable(name));
    return data;
}

RetryPolicy fastPolicy(int attempts = 3)
{
    RetryPolicy p;
    p.maxAttempts = attempts;
    p.initialBackoffMs = 20;
    p.maxBackoffMs = 100;
    p.transferTimeoutMs = 5000;
    return p;
}

// Every file under dir (hidden ones too), read whole.
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

struct CaptureRun {
    QStringList messages;
    bool finished = false;
    bool ok = false;
    QString summary;
    void attach(ClusterCapture &c)
    {
        QObject::connect(&c, &ClusterCapture::message, [this](const QString &m) { messages << m; });
        QObject::connect(&c, &ClusterCapture::finished, [this](bool o, const QString &s) {
            finished = true;
            ok = o;
            summary = s;
        });
    }
};

} // namespace

class TestLiveK8s : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void captureReplaysListWatchAndGone();
    void namespacesAndProxyMode();
    void unauthorizedStopsAtOnce();
    void forbiddenNamesThePermission();
    void refusedConnectionRetriesThenGivesUp();
    void timeoutIsRetriedThenReported();
    void stopCancelsAWaitingRetry();
    void malformedAnswersAreRetried();
    void tlsIsVerifiedByDefault();
    void badSettingsAreRefusedBeforeConnecting();
    void settingsNeverHoldTheToken();
    void errorClassification();
};

void TestLiveK8s::captureReplaysListWatchAndGone()
{
    // The scenario, as an API server would play it:
    //  events: page 1, page 2 answers 410 (continue token expired) -> list again; watch 1 brings
    //          three events, the expiry (DELETED) of the oldest and a bookmark, then ends; watch 2
    //          (from the bookmark) gets an ERROR 410 event -> fresh list; watch 3 brings two more.
    //  events.k8s.io/v1: three events already seen through core/v1 and one that is not.
    //  pods: list; the watch answers HTTP 410 -> fresh list; the watch brings an OOM kill and a deletion.
    bool continueGoneServed = false;
    bool watchGoneServed = false;
    int eventWatches = 0;
    int podWatches = 0;
    int podLists = 0;
    bool eventsHeld = false, podsHeld = false, v1Held = false;
    replay::Server server([&](const replay::Request &r) {
        const bool cont = r.query.hasQueryItem(QStringLiteral("continue"));
        if (r.path == kEvents && !r.isWatch()) {
            if (cont && !continueGoneServed) {
                continueGoneServed = true;
                return replay::Response::json(fixture(QStringLiteral("status-410-continue.json")), 410);
            }
            if (cont)
                return replay::Response::json(fixture(QStringLiteral("events-list-page2.json")));
            return replay::Response::json(fixture(watchGoneServed ? QStringLiteral("events-relist.json")
                                                                  : QStringLiteral("events-list-page1.json")));
        }
        if (r.path == kEvents) {
            switch (eventWatches++) {
            case 0: return replay::Response::watch(fixture(QStringLiteral("events-watch-1.ndjson")), false);
            case 1:
                watchGoneServed = true;
                return replay::Response::watch(fixture(QStringLiteral("events-watch-2-gone.ndjson")), false);
            default:
                eventsHeld = true;
                return replay::Response::watch(fixture(QStringLiteral("events-watch-3.ndjson")), true);
            }
        }
        if (r.path == kEventsV1 && !r.isWatch())
            return replay::Response::json(fixture(QStringLiteral("eventsv1-list.json")));
        if (r.path == kEventsV1) {
            v1Held = true;
            return replay::Response::watch({}, true);
        }
        if (r.path == kPods && !r.isWatch())
            return replay::Response::json(fixture(podLists++ == 0 ? QStringLiteral("pods-list.json")
                                                                   : QStringLiteral("pods-relist.json")));
        if (r.path == kPods) {
            if (podWatches++ == 0)
                return replay::Response::json(fixture(QStringLiteral("status-410-watch.json")), 410);
            podsHeld = true;
            return replay::Response::watch(fixture(QStringLiteral("pods-watch.ndjson")), true);
        }
        return replay::Response::json("{}", 404);
    });
    QVERIFY(server.listen());

    QTemporaryDir tmp;
    const QString tokenFile = tmp.filePath(QStringLiteral("token"));
    {
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kToken + '\n');
    }
    const QString out = tmp.filePath(QStringLiteral("bundle/capture"));
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = server.url();
    settings.tokenFile = tokenFile;
    ClusterCapture capture(settings, out, fastPolicy());
    capture.setPageSize(6);
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY2(capture.start(&error), qPrintable(error.message));
    QTRY_VERIFY_WITH_TIMEOUT(eventsHeld && podsHeld && v1Held && capture.counts().events == 19
                                 && capture.counts().pods == 4,
                             20000);
    QVERIFY(capture.isRunning());
    QCOMPARE(capture.counts().relists, 3); // continue expired, ERROR 410 in a stream, HTTP 410 on a watch
    QCOMPARE(capture.counts().failed, 0);
    capture.stop();
    QVERIFY(run.finished);
    QVERIFY2(run.ok, qPrintable(run.summary));

    // The requests: the token on every one, paging, bookmarks, resourceVersions carried on.
    QStringList eventWatchVersions, podWatchVersions;
    int pagedRequests = 0;
    for (const replay::Request &r : std::as_const(server.requests)) {
        QCOMPARE(r.headers.value("authorization"), QByteArray("Bearer " + kToken));
        if (r.isWatch()) {
            QCOMPARE(r.query.queryItemValue(QStringLiteral("allowWatchBookmarks")), QStringLiteral("true"));
            if (r.path == kEvents)
                eventWatchVersions << r.query.queryItemValue(QStringLiteral("resourceVersion"));
            else if (r.path == kPods)
                podWatchVersions << r.query.queryItemValue(QStringLiteral("resourceVersion"));
        } else {
            QCOMPARE(r.query.queryItemValue(QStringLiteral("limit")), QStringLiteral("6"));
            pagedRequests += r.query.hasQueryItem(QStringLiteral("continue"));
        }
    }
    QCOMPARE(pagedRequests, 2);
    // list rv; the bookmark's rv; the fresh list's rv.
    QCOMPARE(eventWatchVersions, (QStringList{QStringLiteral("5361684"), QStringLiteral("5361693"),
                                              QStringLiteral("5361700")}));
    QCOMPARE(podWatchVersions, (QStringList{QStringLiteral("5361684"), QStringLiteral("5361707")}));

    // The files, read back by the real ingest.
    const QStringList written = capture.writtenFiles();
    QCOMPARE(written.size(), 2);
    const QByteArray eventsJson = testutil::readAll(QDir(out).filePath(ClusterCapture::eventsFileName()));
    const QJsonObject list = QJsonDocument::fromJson(eventsJson).object();
    QCOMPARE(list.value(QLatin1StringView("kind")).toString(), QStringLiteral("List"));
    QCOMPARE(list.value(QLatin1StringView("items")).toArray().size(), 19);
    QVERIFY2(eventsJson.contains("e8acdb85-7a28-4ce1-9c5d-1d89467a17b6"), "the expired (DELETED) event is kept");
    QVERIFY(!eventsJson.contains("managedFields"));
    EventStore store = BundleLoader().load({QDir(out).absolutePath()});
    QCOMPARE(store.sourceCount(), 2);
    QVERIFY(store.unrecognised.isEmpty());
    const QList<SourceId> events = store.sourcesOf(SourceFormat::K8sEvents);
    const QList<SourceId> pods = store.sourcesOf(SourceFormat::K8sPods);
    QCOMPARE(events.size(), 1);
    QCOMPARE(pods.size(), 1);
    QCOMPARE(store.source(events.first()).size(), 19);
    QCOMPARE(store.source(events.first()).rejected.total, qint64(0));
    const SourceData &p = store.source(pods.first());
    bool oom = false;
    QSet<QString> podNames;
    for (qsizetype i = 0; i < p.size(); ++i) {
        podNames << p.string(SourceData::Object, i);
        if (p.kind(i) == EventKind::PodTermination && p.string(SourceData::Reason, i) == QLatin1StringView("OOMKilled")
            && p.status(i) == 137)
            oom = true;
    }
    QVERIFY2(oom, "the OOM kill seen in the watch is in the saved pods");
    // Four pods saved; the one still Pending (no container yet) gives the ingest no time.
    QCOMPARE(QJsonDocument::fromJson(testutil::readAll(QDir(out).filePath(ClusterCapture::podsFileName())))
                 .object().value(QLatin1StringView("items")).toArray().size(),
             4);
    QCOMPARE(podNames, (QSet<QString>{QStringLiteral("Pod/px-7df978b9bf-jm22q"), QStringLiteral("Pod/px-5d567cc74c-pmvzr"),
                                      QStringLiteral("Pod/px-7df978b9bf-bfdrj")}));

    // The token is nowhere: not in a file, not in a message.
    for (const auto &[path, data] : filesUnder(out))
        QVERIFY2(!data.contains(kToken) && !data.contains("c2VjcmV0LXZhbHVl"), qPrintable(path));
    QVERIFY(!run.messages.join(QLatin1Char('\n')).contains(QString::fromLatin1(kToken)));
    QVERIFY(!run.summary.contains(QString::fromLatin1(kToken)));
    const QJsonObject meta =
        QJsonDocument::fromJson(testutil::readAll(QDir(out).filePath(ClusterCapture::metaFileName()))).object();
    QCOMPARE(meta.value(QLatin1StringView("schema")).toString(), QStringLiteral("gateline.capture/1"));
    QCOMPARE(meta.value(QLatin1StringView("events")).toInt(), 19);
}

void TestLiveK8s::namespacesAndProxyMode()
{
    // kubectl proxy: plain HTTP on loopback, no token. Two namespaces; events.k8s.io/v1 not served.
    replay::Server server([&](const replay::Request &r) {
        if (r.path.startsWith(QLatin1StringView("/apis/events.k8s.io/")))
            return replay::Response::json(
                R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404})",
                404);
        if (r.isWatch())
            return replay::Response::watch({}, true);
        if (r.path.endsWith(QLatin1StringView("/pods")))
            return replay::Response::json(fixture(QStringLiteral("pods-list.json")));
        return replay::Response::json(fixture(QStringLiteral("events-list-page2.json")));
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.ingressLogs = false; // the ingress controller logs have their own tests
    settings.apiServer = server.url();
    settings.namespaces = {QStringLiteral("default"), QStringLiteral("shop")};
    ClusterCapture capture(settings, tmp.path(), fastPolicy());
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY2(capture.start(&error), qPrintable(error.message));
    QTRY_VERIFY_WITH_TIMEOUT(server.requests.size() >= 10, 10000); // 2 x (3 lists + 2 watches)
    QTRY_COMPARE_WITH_TIMEOUT(capture.counts().watching, 4, 10000);
    capture.stop();
    QVERIFY2(run.ok, qPrintable(run.summary));
    QSet<QString> paths;
    for (const replay::Request &r : std::as_const(server.requests)) {
        QVERIFY(!r.headers.contains("authorization"));
        paths << r.path;
    }
    QVERIFY(paths.contains(QStringLiteral("/api/v1/namespaces/default/events")));
    QVERIFY(paths.contains(QStringLiteral("/api/v1/namespaces/shop/pods")));
    QVERIFY(paths.contains(QStringLiteral("/apis/events.k8s.io/v1/namespaces/shop/events")));
    QVERIFY(!paths.contains(kEvents));
    QVERIFY(run.messages.join(QLatin1Char('\n')).contains(QStringLiteral("not available")));
    QCOMPARE(capture.counts().events, 4);
    QCOMPARE(capture.counts().pods, 2);
}

void TestLiveK8s::unauthorizedStopsAtOnce()
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

void TestLiveK8s::forbiddenNamesThePermission()
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

void TestLiveK8s::refusedConnectionRetriesThenGivesUp()
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

void TestLiveK8s::timeoutIsRetriedThenReported()
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

void TestLiveK8s::stopCancelsAWaitingRetry()
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

void TestLiveK8s::malformedAnswersAreRetried()
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

void TestLiveK8s::tlsIsVerifiedByDefault()
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

void TestLiveK8s::badSettingsAreRefusedBeforeConnecting()
{
    QTemporaryDir tmp;
    const QString tokenFile = tmp.filePath(QStringLiteral("token"));
    QFile f(tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kToken);
    f.close();
    auto refused = [&](ClusterSettings s, const QString &expected) {
        ClusterCapture capture(s, tmp.filePath(QStringLiteral("out")));
        LiveError error;
        if (capture.start(&error))
            return QStringLiteral("started");
        if (error.kind != LiveError::Config || !error.message.contains(expected))
            return error.message;
        return QString();
    };
    ClusterSettings s;
    s.apiServer = QUrl(QStringLiteral("http://10.1.2.3:8080")); // never contacted: refused before any request
    s.tokenFile = tokenFile;
    QCOMPARE(refused(s, QStringLiteral("plain HTTP")), QString());
    s.apiServer = QUrl(QStringLiteral("https://127.0.0.1:6443"));
    s.tokenFile = tmp.filePath(QStringLiteral("missing"));
    QCOMPARE(refused(s, QStringLiteral("token file")), QString());
    s.tokenFile.clear();
    s.caFile = tokenFile; // not a certificate
    QCOMPARE(refused(s, QStringLiteral("no certificate")), QString());
    s.caFile.clear();
    s.namespaces = {QStringLiteral("Bad_Name")};
    QCOMPARE(refused(s, QStringLiteral("namespace")), QString());
    s.namespaces.clear();
    s.apiServer = QUrl(QStringLiteral("ftp://127.0.0.1"));
    QCOMPARE(refused(s, QStringLiteral("not an API server URL")), QString());
    s.apiServer = QUrl(QStringLiteral("https://user:pw@127.0.0.1:6443"));
    QCOMPARE(refused(s, QStringLiteral("credentials")), QString());
    s.apiServer = QUrl(QStringLiteral("https://127.0.0.1:6443"));
    s.ingressSelector = QStringLiteral("app=x&watch=1");
    QCOMPARE(refused(s, QStringLiteral("label selector")), QString());
    s.ingressSelector.clear();
    s.ingressNamespace = QStringLiteral("../etc");
    QCOMPARE(refused(s, QStringLiteral("namespace")), QString());
}

void TestLiveK8s::settingsNeverHoldTheToken()
{
    QTemporaryDir tmp;
    const QString tokenFile = tmp.filePath(QStringLiteral("token"));
    QFile f(tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kToken);
    f.close();
    ClusterSettings s;
    s.apiServer = QUrl(QStringLiteral("https://127.0.0.1:6443"));
    s.tokenFile = tokenFile;
    s.caFile = tmp.filePath(QStringLiteral("ca.crt"));
    s.namespaces = {QStringLiteral("shop")};
    s.ingressLogs = false;
    s.ingressSelector = QStringLiteral("app=traefik");
    s.ingressNamespace = QStringLiteral("kube-system");
    s.ingressLogLimitBytes = 64ll << 20;
    const QString ini = tmp.filePath(QStringLiteral("gateline.ini"));
    {
        QSettings settings(ini, QSettings::IniFormat);
        s.save(settings);
    }
    const QByteArray saved = testutil::readAll(ini);
    QVERIFY(!saved.isEmpty());
    QVERIFY(!saved.contains(kToken));
    QVERIFY(saved.contains("token"));
    QSettings settings(ini, QSettings::IniFormat);
    QCOMPARE(ClusterSettings::load(settings), s);
}

void TestLiveK8s::errorClassification()
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

QTEST_GUILESS_MAIN(TestLiveK8s)
#include "tst_live_k8s.moc"
