// The ingress controller pods' logs of a live capture, against the loopback replay server
// (tst_live_replayserver.h; no API server can be installed on a test machine): the pod list by
// the well-known labels (tried in order) or the user's selector, the pod log API
// (container, timestamps, sinceTime, limitBytes, previous for a restarted container), the files
// in the shape of `kubectl logs --prefix --timestamps`, a 403 that names pods/log get while the
// events and pods go on, a vanished pod, the size bound, and no token anywhere. The pod list and
// the log bodies in tests/data/live/k8s/ are written for these tests (see the README there).
#include "live/clustercapture.h"
#include "live/ingresspoddiscovery.h"
#include "live/podlogfetcher.h"
#include "ingest/bundleloader.h"
#include "testutil.h"
#include "tst_live_replayserver.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {

const QString kPods = QStringLiteral("/api/v1/pods");
const QString kLogBase = QStringLiteral("/api/v1/namespaces/ingress-nginx/pods/");
const QString kPodA = QStringLiteral("ingress-nginx-controller-6b9f8d5c7b-4xk2p");
const QString kPodB = QStringLiteral("ingress-nginx-controller-6b9f8d5c7b-q7m9z");
const QString kPodGone = QStringLiteral("ingress-nginx-controller-6b9f8d5c7b-zr8tw");
const QByteArray kToken = "gl-logs-token.eyJhbGciOiJSUzI1NiJ9.bG9ncy1zZWNyZXQtNzc3";

QByteArray fixture(const QString &name)
{
    const QByteArray data = testutil::readAll(testutil::dataPath(QStringLiteral("live/k8s/") + name));
    if (data.isEmpty())
        qFatal("missing fixture %s", qPrintable(name));
    return data;
}

RetryPolicy fastPolicy()
{
    RetryPolicy p;
    p.maxAttempts = 3;
    p.initialBackoffMs = 20;
    p.maxBackoffMs = 100;
    p.transferTimeoutMs = 5000;
    return p;
}

QString q(const replay::Request &r, const char *key)
{
    return r.query.queryItemValue(QLatin1StringView(key), QUrl::FullyDecoded);
}

bool isLog(const replay::Request &r)
{
    return r.path.endsWith(QLatin1StringView("/log"));
}

QString podOf(const replay::Request &r)
{
    return r.path.section(QLatin1Char('/'), -2, -2);
}

// The events and pods of the capture itself (events.k8s.io/v1 not served).
replay::Response eventsAndPods(const replay::Request &r)
{
    if (r.path.startsWith(QLatin1StringView("/apis/events.k8s.io/")))
        return replay::Response::json(
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404})",
            404);
    if (r.isWatch())
        return replay::Response::watch({}, true);
    if (r.path.endsWith(QLatin1StringView("/pods")))
        return replay::Response::json(fixture(QStringLiteral("pods-list.json")));
    return replay::Response::json(fixture(QStringLiteral("events-list-page2.json")));
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

struct CaptureRun {
    QStringList messages;
    QStringList podsFound;
    QString selectorFound;
    bool finished = false;
    bool ok = false;
    QString summary;
    void attach(ClusterCapture &c)
    {
        QObject::connect(&c, &ClusterCapture::message, [this](const QString &m) { messages << m; });
        QObject::connect(&c, &ClusterCapture::ingressPodsFound, [this](const QString &s, const QStringList &p) {
            selectorFound = s;
            podsFound = p;
        });
        QObject::connect(&c, &ClusterCapture::finished, [this](bool o, const QString &s) {
            finished = true;
            ok = o;
            summary = s;
        });
    }
};

QJsonObject metaOf(const QString &out)
{
    return QJsonDocument::fromJson(testutil::readAll(QDir(out).filePath(ClusterCapture::metaFileName()))).object();
}

QJsonObject logMeta(const QJsonObject &meta, const QString &pod, const QString &container, bool previous)
{
    const QJsonArray logs = meta.value(QLatin1StringView("ingressLogs")).toObject().value(QLatin1StringView("logs")).toArray();
    for (const QJsonValue &v : logs) {
        const QJsonObject l = v.toObject();
        if (l.value(QLatin1StringView("pod")).toString() == pod
            && l.value(QLatin1StringView("container")).toString() == container
            && l.value(QLatin1StringView("previous")).toBool() == previous)
            return l;
    }
    return {};
}

} // namespace

class TestLivePodLogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ingressNginxLogsAreCapturedAsKubectlPrefixedLogs();
    void forbiddenPodsLogNamesThePermissionAndEventsGoOn();
    void givenSelectorNamespaceAndSizeBound();
    void wellKnownSelectorsInOrder();
};

void TestLivePodLogs::ingressNginxLogsAreCapturedAsKubectlPrefixedLogs()
{
    // Three ingress-nginx controller pods: A runs a controller and a fluent-bit sidecar, B's
    // controller restarted twice (its previous instance's log holds the crash), C is deleted
    // between the list and its log request (404). The running controllers' logs are followed.
    replay::Server server([](const replay::Request &r) {
        if (r.path == kPods && r.query.hasQueryItem(QStringLiteral("labelSelector")))
            return replay::Response::json(fixture(QStringLiteral("ingress-nginx-pods.json")));
        if (isLog(r)) {
            const QString pod = podOf(r);
            const QString container = q(r, "container");
            if (pod == kPodGone)
                return replay::Response::json(fixture(QStringLiteral("status-404-pod.json")), 404);
            if (pod == kPodA && container == QLatin1StringView("controller"))
                return replay::Response::watch(fixture(QStringLiteral("log-4xk2p-controller.log")), true);
            if (pod == kPodA && container == QLatin1StringView("fluent-bit"))
                return replay::Response::json(fixture(QStringLiteral("log-4xk2p-fluent-bit.log")));
            if (pod == kPodB && q(r, "previous") == QLatin1StringView("true"))
                return replay::Response::json(fixture(QStringLiteral("log-q7m9z-controller-previous.log")));
            if (pod == kPodB)
                return replay::Response::watch(fixture(QStringLiteral("log-q7m9z-controller.log")), true);
            return replay::Response::json("{}", 404);
        }
        return eventsAndPods(r);
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    const QString tokenFile = tmp.filePath(QStringLiteral("token"));
    {
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kToken + '\n');
    }
    const QString out = tmp.filePath(QStringLiteral("capture"));
    ClusterSettings settings;
    settings.apiServer = server.url();
    settings.tokenFile = tokenFile;
    ClusterCapture capture(settings, out, fastPolicy());
    capture.setLogsSince(QDateTime(QDate(2025, 11, 20), QTime(14, 0), QTimeZone::UTC));
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY2(capture.start(&error), qPrintable(error.message));
    const qint64 allBytes = 2364 + 533 + 1945 + 1485; // the four log bodies
    QTRY_VERIFY_WITH_TIMEOUT(capture.counts().logBytes == allBytes && capture.counts().events == 4
                                 && capture.counts().pods == 2 && capture.counts().logsReading == 2,
                             20000);
    QCOMPARE(capture.counts().logPods, 3);
    QCOMPARE(capture.counts().logs, 5);
    QCOMPARE(run.selectorFound, IngressPodDiscovery::wellKnownSelectors().first());
    QCOMPARE(run.podsFound, (QStringList{QStringLiteral("ingress-nginx/") + kPodA, QStringLiteral("ingress-nginx/") + kPodB,
                                         QStringLiteral("ingress-nginx/") + kPodGone}));
    QVERIFY(capture.isRunning());
    capture.stop();
    QVERIFY(run.finished);
    QVERIFY2(run.ok, qPrintable(run.summary));
    QVERIFY2(run.summary.contains(QStringLiteral("Ingress logs: 4 file(s), 6327 bytes from 3 pod(s)")), qPrintable(run.summary));

    // The requests: one pod list (the first well-known selector matched), five log requests.
    int lists = 0;
    QStringList logRequests;
    for (const replay::Request &r : std::as_const(server.requests)) {
        QCOMPARE(r.headers.value("authorization"), QByteArray("Bearer " + kToken));
        if (r.path == kPods && r.query.hasQueryItem(QStringLiteral("labelSelector"))) {
            ++lists;
            QCOMPARE(q(r, "labelSelector"),
                     QStringLiteral("app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller"));
            QCOMPARE(q(r, "limit"), QStringLiteral("500"));
        }
        if (!isLog(r))
            continue;
        QVERIFY2(r.path.startsWith(kLogBase), qPrintable(r.path));
        QCOMPARE(q(r, "timestamps"), QStringLiteral("true"));
        QCOMPARE(q(r, "sinceTime"), QStringLiteral("2025-11-20T14:00:00Z"));
        QCOMPARE(q(r, "limitBytes"), QStringLiteral("268435456")); // 256 MiB
        const bool previous = q(r, "previous") == QLatin1StringView("true");
        QCOMPARE(q(r, "follow") == QLatin1StringView("true"), !previous); // a dead instance is not followed
        logRequests << podOf(r) + QLatin1Char(' ') + q(r, "container") + (previous ? QStringLiteral(" previous") : QString());
    }
    QCOMPARE(lists, 1);
    logRequests.sort();
    QCOMPARE(logRequests, (QStringList{kPodA + QStringLiteral(" controller"), kPodA + QStringLiteral(" fluent-bit"),
                                       kPodB + QStringLiteral(" controller"), kPodB + QStringLiteral(" controller previous"),
                                       kPodGone + QStringLiteral(" controller")}));

    // The files: kubectl logs --prefix --timestamps, line for line.
    const QString dir = QStringLiteral("ingress-logs/ingress-nginx/");
    QCOMPARE(filesUnder(out), (QStringList{ClusterCapture::metaFileName(),
                                           dir + kPodA + QStringLiteral("_controller.log"),
                                           dir + kPodA + QStringLiteral("_fluent-bit.log"),
                                           dir + kPodB + QStringLiteral("_controller.log"),
                                           dir + kPodB + QStringLiteral("_controller.previous.log"),
                                           ClusterCapture::eventsFileName(), ClusterCapture::podsFileName()}));
    const QByteArray a = testutil::readAll(QDir(out).filePath(dir + kPodA + QStringLiteral("_controller.log")));
    const QList<QByteArray> aLines = a.split('\n');
    QCOMPARE(aLines.size(), 11); // ten lines and the empty rest after the last newline
    QCOMPARE(aLines.first(),
             QByteArray("[pod/ingress-nginx-controller-6b9f8d5c7b-4xk2p/controller] 2025-11-20T14:00:03.118472905Z "
                        "10.244.0.1 - - [20/Nov/2025:14:00:03 +0000] \"GET /api/orders?page=2 HTTP/1.1\" 200 512 \"-\" "
                        "\"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\" 412 0.004 "
                        "[shop-orders-80] [] 10.244.1.17:8080 512 0.004 200 5f8a1c2e9b7d4a3f8e6c1b0a9d8e7f6a"));
    QCOMPARE(aLines[2],
             QByteArray("[pod/ingress-nginx-controller-6b9f8d5c7b-4xk2p/controller] 2025-11-20T14:00:07.402113877Z "
                        "2025/11/20 14:00:07 [error] 31#31: *48213 upstream prematurely closed connection while reading "
                        "response header from upstream, client: 10.244.0.1, server: shop.example.com, request: \"POST "
                        "/api/checkout HTTP/1.1\", upstream: \"http://10.244.1.17:8080/api/checkout\", host: "
                        "\"shop.example.com\""));
    QCOMPARE(aLines[4], QByteArray("[pod/ingress-nginx-controller-6b9f8d5c7b-4xk2p/controller] 2025-11-20T14:00:09.700340212Z "
                                   "W1120 14:00:09.700193       7 controller.go:1214] Service \"shop/orders\" does not "
                                   "have any active Endpoint."));
    // Every file: each line of the API's answer with the prefix, nothing else (the fluent-bit
    // log's last line came without a newline and gets one).
    const struct {
        QString file, fixture;
        QByteArray prefix;
    } expected[] = {
        {kPodA + QStringLiteral("_controller.log"), QStringLiteral("log-4xk2p-controller.log"),
         "[pod/ingress-nginx-controller-6b9f8d5c7b-4xk2p/controller] "},
        {kPodA + QStringLiteral("_fluent-bit.log"), QStringLiteral("log-4xk2p-fluent-bit.log"),
         "[pod/ingress-nginx-controller-6b9f8d5c7b-4xk2p/fluent-bit] "},
        {kPodB + QStringLiteral("_controller.log"), QStringLiteral("log-q7m9z-controller.log"),
         "[pod/ingress-nginx-controller-6b9f8d5c7b-q7m9z/controller] "},
        {kPodB + QStringLiteral("_controller.previous.log"), QStringLiteral("log-q7m9z-controller-previous.log"),
         "[pod/ingress-nginx-controller-6b9f8d5c7b-q7m9z/controller] "},
    };
    for (const auto &e : expected) {
        const QByteArray body = fixture(e.fixture);
        QByteArray want;
        for (const QByteArray &line : body.split('\n')) {
            if (!line.isEmpty())
                want += e.prefix + line + '\n';
        }
        const QByteArray got = testutil::readAll(QDir(out).filePath(dir + e.file));
        QCOMPARE(got, want);
        QCOMPARE(got.count('\n'), body.count('\n') + (body.endsWith('\n') ? 0 : 1));
    }
    const QByteArray previous = testutil::readAll(QDir(out).filePath(dir + kPodB + QStringLiteral("_controller.previous.log")));
    QVERIFY(previous.endsWith("err=\"Get \\\"https://10.96.0.1:443/version\\\": context deadline exceeded\"\n"));

    // The vanished pod is noted and skipped; the meta file says what happened to every log.
    const QString all = run.messages.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("ingress logs of ingress-nginx/%1 controller: skipped the pod is gone (404 Not Found)")
                              .arg(kPodGone)),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("3 pod(s) with labels")), qPrintable(all));
    const QJsonObject meta = metaOf(out);
    QCOMPARE(logMeta(meta, kPodGone, QStringLiteral("controller"), false).value(QLatin1StringView("state")).toString(),
             QStringLiteral("skipped"));
    QCOMPARE(logMeta(meta, kPodB, QStringLiteral("controller"), true).value(QLatin1StringView("state")).toString(),
             QStringLiteral("done"));
    QCOMPARE(logMeta(meta, kPodA, QStringLiteral("controller"), false).value(QLatin1StringView("state")).toString(),
             QStringLiteral("stopped"));
    QCOMPARE(logMeta(meta, kPodA, QStringLiteral("controller"), false).value(QLatin1StringView("lines")).toInt(), 10);
    QCOMPARE(meta.value(QLatin1StringView("ingressLogs")).toObject().value(QLatin1StringView("since")).toString(),
             QStringLiteral("2025-11-20T14:00:00Z"));
    QVERIFY(meta.value(QLatin1StringView("files")).toArray().contains(dir + kPodB + QStringLiteral("_controller.previous.log")));

    // No token in any file or message.
    QDirIterator it(out, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QVERIFY2(!testutil::readAll(path).contains(kToken), qPrintable(path));
    }
    QVERIFY(!all.contains(QString::fromLatin1(kToken)) && !run.summary.contains(QString::fromLatin1(kToken)));

    // The folder loads: events and pods as before. Whether the ingress logs are recognised is up
    // to the ingest (the kubectl --prefix stripping): not asserted here.
    EventStore store = BundleLoader().load({out});
    QCOMPARE(store.sourcesOf(SourceFormat::K8sEvents).size(), 1);
    QCOMPARE(store.source(store.sourcesOf(SourceFormat::K8sEvents).first()).size(), 4);
    QCOMPARE(store.sourcesOf(SourceFormat::K8sPods).size(), 1);
    for (qsizetype i = 0; i < store.sourceCount(); ++i) {
        const SourceData &d = store.source(SourceId{int(i)});
        qInfo("source %s: %s, %lld records, wrapper \"%s\", pod %s, container %s",
              qPrintable(QDir(out).relativeFilePath(d.locator.displayPath())), qPrintable(formatId(d.format)),
              qlonglong(d.size()), qPrintable(d.wrapper), qPrintable(d.pod), qPrintable(d.container));
    }
    for (const UnrecognisedSource &u : std::as_const(store.unrecognised))
        qInfo("unrecognised %s: %s", qPrintable(QDir(out).relativeFilePath(u.path)), qPrintable(u.reason));
}

void TestLivePodLogs::forbiddenPodsLogNamesThePermissionAndEventsGoOn()
{
    // No ingress-nginx here: the selectors are tried in order until `app=traefik` matches; the
    // account may list pods but not read their logs.
    QStringList selectors;
    replay::Server server([&](const replay::Request &r) {
        if (r.path == kPods && r.query.hasQueryItem(QStringLiteral("labelSelector"))) {
            selectors << q(r, "labelSelector");
            return replay::Response::json(fixture(q(r, "labelSelector") == QLatin1StringView("app=traefik")
                                                      ? QStringLiteral("traefik-pods.json")
                                                      : QStringLiteral("pods-empty.json")));
        }
        if (isLog(r))
            return replay::Response::json(fixture(QStringLiteral("status-403-podslog.json")), 403);
        return eventsAndPods(r);
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.apiServer = server.url();
    ClusterCapture capture(settings, tmp.path(), fastPolicy());
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY(capture.start(&error));
    QTRY_VERIFY_WITH_TIMEOUT(capture.counts().logs == 1 && capture.counts().logsReading == 0
                                 && capture.counts().events == 4 && capture.counts().pods == 2,
                             10000);
    QCOMPARE(selectors, IngressPodDiscovery::wellKnownSelectors().mid(0, 4));
    QCOMPARE(run.podsFound, QStringList{QStringLiteral("kube-system/traefik-7d4c9c5f6b-m2x8q")});
    const QString all = run.messages.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("403 Forbidden: the account lacks the permission pods/log get")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("cannot get resource \"pods/log\" in API group \"\" in the namespace \"kube-system\"")),
             qPrintable(all));
    // The capture goes on: events and pods are still watched.
    QVERIFY(capture.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(capture.counts().watching, 2, 10000);
    capture.stop();
    QVERIFY(!run.ok); // logs were lost: said so at the end
    QVERIFY2(run.summary.contains(QStringLiteral("Failed: ingress logs of kube-system/traefik-7d4c9c5f6b-m2x8q traefik: "
                                                 "403 Forbidden: the account lacks the permission pods/log get")),
             qPrintable(run.summary));
    QCOMPARE(filesUnder(tmp.path()), (QStringList{ClusterCapture::metaFileName(), ClusterCapture::eventsFileName(),
                                                 ClusterCapture::podsFileName()}));
    const QJsonArray problems = metaOf(tmp.path()).value(QLatin1StringView("problems")).toArray();
    QVERIFY(!problems.isEmpty() && problems.first().toString().contains(QStringLiteral("pods/log get")));
    EventStore store = BundleLoader().load({tmp.path()});
    QCOMPARE(store.sourcesOf(SourceFormat::K8sEvents).size(), 1);
    QCOMPARE(store.sourcesOf(SourceFormat::K8sPods).size(), 1);
}

void TestLivePodLogs::givenSelectorNamespaceAndSizeBound()
{
    // The user's selector in one namespace; every log larger than the 1 KiB bound. This replay
    // server ignores limitBytes (as an old API server or a proxy might): the bound holds anyway.
    QStringList listPaths;
    replay::Server server([&](const replay::Request &r) {
        if (r.query.hasQueryItem(QStringLiteral("labelSelector"))) {
            listPaths << r.path + QLatin1Char('?') + q(r, "labelSelector");
            return replay::Response::json(fixture(QStringLiteral("ingress-nginx-pods.json")));
        }
        if (isLog(r)) {
            if (podOf(r) != kPodA || q(r, "container") != QLatin1StringView("controller"))
                return replay::Response::json(fixture(QStringLiteral("status-404-pod.json")), 404);
            return replay::Response::json(fixture(QStringLiteral("log-4xk2p-controller.log")));
        }
        return eventsAndPods(r);
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.apiServer = server.url();
    settings.ingressSelector = QStringLiteral("app.kubernetes.io/instance=ingress-nginx");
    settings.ingressNamespace = QStringLiteral("ingress-nginx");
    settings.ingressLogLimitBytes = 1024;
    ClusterCapture capture(settings, tmp.path(), fastPolicy());
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY2(capture.start(&error), qPrintable(error.message));
    QTRY_VERIFY_WITH_TIMEOUT(capture.counts().logs == 5 && capture.counts().logsReading == 0, 10000);
    QCOMPARE(listPaths, QStringList{QStringLiteral("/api/v1/namespaces/ingress-nginx/pods?app.kubernetes.io/instance=ingress-nginx")});
    for (const replay::Request &r : std::as_const(server.requests)) {
        if (isLog(r))
            QCOMPARE(q(r, "limitBytes"), QStringLiteral("1024"));
    }
    capture.stop();
    // Only whole lines from the first 1024 bytes; the cut line is left out; said so.
    const QByteArray body = fixture(QStringLiteral("log-4xk2p-controller.log"));
    const QByteArray kept = body.left(1024).left(body.left(1024).lastIndexOf('\n') + 1);
    QByteArray want;
    for (const QByteArray &line : kept.split('\n')) {
        if (!line.isEmpty())
            want += "[pod/" + kPodA.toUtf8() + "/controller] " + line + '\n';
    }
    QCOMPARE(kept.count('\n'), 3);
    const QString file = QStringLiteral("ingress-logs/ingress-nginx/") + kPodA + QStringLiteral("_controller.log");
    QCOMPARE(testutil::readAll(QDir(tmp.path()).filePath(file)), want);
    const QJsonObject l = logMeta(metaOf(tmp.path()), kPodA, QStringLiteral("controller"), false);
    QCOMPARE(l.value(QLatin1StringView("state")).toString(), QStringLiteral("truncated"));
    QVERIFY(l.value(QLatin1StringView("truncated")).toBool());
    QCOMPARE(l.value(QLatin1StringView("bytes")).toInt(), 1024);
    const QString all = run.messages.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("truncated at the bound of 1024 bytes (the cut last line left out)")), qPrintable(all));
    QVERIFY2(run.ok, qPrintable(run.summary)); // 404s and the bound are notes, not failures
}

void TestLivePodLogs::wellKnownSelectorsInOrder()
{
    // Nothing matches: every well-known selector is tried once, in order, and the capture says
    // that no controller was found.
    QStringList selectors;
    replay::Server server([&](const replay::Request &r) {
        if (r.query.hasQueryItem(QStringLiteral("labelSelector"))) {
            selectors << q(r, "labelSelector");
            return replay::Response::json(fixture(QStringLiteral("pods-empty.json")));
        }
        return eventsAndPods(r);
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings settings;
    settings.apiServer = server.url();
    ClusterCapture capture(settings, tmp.path(), fastPolicy());
    CaptureRun run;
    run.attach(capture);
    LiveError error;
    QVERIFY(capture.start(&error));
    QTRY_VERIFY_WITH_TIMEOUT(run.messages.join(QLatin1Char('\n')).contains(QStringLiteral("no ingress controller pod found")),
                             10000);
    QCOMPARE(selectors,
             (QStringList{QStringLiteral("app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller"),
                          QStringLiteral("app.kubernetes.io/name=ingress-nginx"),
                          QStringLiteral("app.kubernetes.io/name=traefik"), QStringLiteral("app=traefik"),
                          QStringLiteral("app.kubernetes.io/name=rke2-ingress-nginx"), QStringLiteral("app=nginx-ingress"),
                          QStringLiteral("app.kubernetes.io/name=envoy"), QStringLiteral("app.kubernetes.io/component=envoy"),
                          QStringLiteral("istio=ingressgateway"),
                          QStringLiteral("app.kubernetes.io/name=aws-load-balancer-controller")}));
    capture.stop();
    QVERIFY2(run.ok, qPrintable(run.summary));
    QVERIFY(run.summary.contains(QStringLiteral("No ingress controller pod found")));
}

QTEST_GUILESS_MAIN(TestLivePodLogs)
#include "tst_live_podlogs.moc"
