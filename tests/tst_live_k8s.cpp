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

class TestLiveK8s : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void captureReplaysListWatchAndGone();
    void namespacesAndProxyMode();
    void badSettingsAreRefusedBeforeConnecting();
    void settingsNeverHoldTheToken();
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

QTEST_GUILESS_MAIN(TestLiveK8s)
#include "tst_live_k8s.moc"
