// Prometheus range queries against a real Prometheus (Debian's `prometheus` package, installed
// by scripts/test-services.sh): the test writes OpenMetrics samples a few hours old, turns them
// into TSDB blocks with `promtool tsdb create-blocks-from openmetrics`, starts Prometheus on a
// free loopback port over that folder, and reads the values back through PrometheusClient.
// The failure cases (refused, malformed, timeout, 5xx, cancel) use a loopback replay server.
#include "live/prometheusclient.h"
#include "testutil.h"
#include "tst_live_replayserver.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <cmath>

using namespace gateline;

namespace {

RetryPolicy fastPolicy(int attempts = 3)
{
    RetryPolicy p;
    p.maxAttempts = attempts;
    p.initialBackoffMs = 20;
    p.maxBackoffMs = 100;
    p.transferTimeoutMs = 10000;
    return p;
}

int httpStatus(const QUrl &url, int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    req.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

class TestLivePrometheus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rateOf502sIsReadBack();
    void gaugeValuesAreExact();
    void plusSignsSurviveTheUrl();
    void badPromqlIsClearAndNotRetried();
    void refusedConnectionIsRetriedThenReported();
    void malformedAnswersAreRetriedThenReported();
    void timeoutIsReported();
    void serverErrorIsRetried();
    void cancelStopsAtOnce();
    void inputIsChecked();

private:
    PrometheusQuery query(const QString &expr, qint64 fromOffset, qint64 toOffset, double step = 60) const
    {
        PrometheusQuery q;
        q.server = m_url;
        q.expression = expr;
        q.from = Timestamp::fromSeconds(double(m_t0 + fromOffset));
        q.to = Timestamp::fromSeconds(double(m_t0 + toOffset));
        q.stepSeconds = step;
        return q;
    }

    QTemporaryDir m_dir;
    QProcess m_prometheus;
    QUrl m_url;
    qint64 m_t0 = 0; // first sample, Unix seconds
};

void TestLivePrometheus::initTestCase()
{
    const QString prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    QVERIFY2(!prometheus.isEmpty() && !promtool.isEmpty(),
             "prometheus and promtool are not installed: run scripts/test-services.sh");
    QVERIFY(m_dir.isValid());

    // Samples four hours old (well inside the retention), every 15 s for 30 minutes:
    // http_requests_total{status="502"} grows by 3 per 15 s (0.2/s), by 30 per 15 s (2/s) from
    // minute 10 to 15; a 200 series beside it; and a gauge with exact values every minute.
    m_t0 = (QDateTime::currentSecsSinceEpoch() - 4 * 3600) / 60 * 60;
    QByteArray om = "# TYPE http_requests counter\n";
    qint64 v502 = 0, v200 = 0;
    for (int i = 0; i <= 120; ++i) {
        const qint64 t = m_t0 + i * 15;
        om += "http_requests_total{status=\"502\"} " + QByteArray::number(v502) + ' ' + QByteArray::number(t) + '\n';
        v502 += (i >= 40 && i < 60) ? 30 : 3;
    }
    for (int i = 0; i <= 120; ++i) {
        om += "http_requests_total{status=\"200\"} " + QByteArray::number(v200) + ' ' + QByteArray::number(m_t0 + i * 15)
            + '\n';
        v200 += 150;
    }
    om += "# TYPE gateline_test gauge\n";
    for (int i = 0; i <= 30; ++i)
        om += "gateline_test{k=\"a\"} " + QByteArray::number(i * 0.5) + ' ' + QByteArray::number(m_t0 + i * 60) + '\n';
    om += "# EOF\n";
    const QString omPath = m_dir.filePath(QStringLiteral("samples.om"));
    const QString storage = m_dir.filePath(QStringLiteral("tsdb"));
    QFile f(omPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(om);
    f.close();

    QProcess tool;
    tool.setProcessChannelMode(QProcess::MergedChannels);
    tool.start(promtool, {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"), QStringLiteral("openmetrics"),
                          omPath, storage});
    QVERIFY(tool.waitForFinished(120000));
    QVERIFY2(tool.exitCode() == 0, tool.readAll().constData());

    const QString config = m_dir.filePath(QStringLiteral("prometheus.yml"));
    QFile c(config);
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write("global:\n  scrape_interval: 1h\n");
    c.close();
    const quint16 port = freePort();
    QVERIFY(port != 0);
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    m_prometheus.setProcessChannelMode(QProcess::MergedChannels);
    m_prometheus.start(prometheus, {QStringLiteral("--config.file=") + config,
                                    QStringLiteral("--storage.tsdb.path=") + storage,
                                    QStringLiteral("--storage.tsdb.retention.time=30d"),
                                    QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
                                    QStringLiteral("--log.level=warn")});
    QVERIFY(m_prometheus.waitForStarted(10000));
    // Ready within 60 s, checked every 200 ms.
    QElapsedTimer clock;
    clock.start();
    bool ready = false;
    while (!ready && clock.elapsed() < 60000 && m_prometheus.state() == QProcess::Running) {
        ready = httpStatus(m_url.resolved(QUrl(QStringLiteral("/-/ready"))), 2000) == 200;
        if (!ready)
            QTest::qWait(200);
    }
    QVERIFY2(ready, m_prometheus.readAll().constData());
    qInfo("a real Prometheus (%s) serves the samples at %s", qPrintable(prometheus), qPrintable(m_url.toString()));
}

void TestLivePrometheus::cleanupTestCase()
{
    if (m_prometheus.state() != QProcess::NotRunning) {
        m_prometheus.terminate();
        if (!m_prometheus.waitForFinished(10000)) {
            m_prometheus.kill();
            m_prometheus.waitForFinished(5000);
        }
    }
}

void TestLivePrometheus::rateOf502sIsReadBack()
{
    LiveError error;
    int attempts = 0;
    const auto result = PrometheusClient::runBlocking(query(QString::fromLatin1(kDefaultPromql), 120, 1500),
                                                      fastPolicy(), &error, &attempts);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(attempts, 1);
    QCOMPARE(result->series.size(), 1);
    const PrometheusSeries &s = result->series.first();
    QVERIFY(s.labels.isEmpty()); // sum() drops the labels
    QCOMPARE(s.points.size(), 24);
    for (const PrometheusPoint &p : s.points) {
        const qint64 offset = qint64(p.time.seconds()) - m_t0;
        const double expected = (offset >= 660 && offset <= 900) ? 2.0 : 0.2;
        QVERIFY2(std::abs(p.value - expected) < 1e-9,
                 qPrintable(QStringLiteral("at t0+%1: %2, expected %3").arg(offset).arg(p.value).arg(expected)));
    }
    // The JSON `gateline analyze --prometheus` adds.
    const QJsonObject json = result->toJson();
    QCOMPARE(json.value(QLatin1StringView("query")).toString(), QString::fromLatin1(kDefaultPromql));
    QCOMPARE(json.value(QLatin1StringView("stepSeconds")).toDouble(), 60.0);
    const QJsonArray first =
        json.value(QLatin1StringView("series")).toArray().at(0).toObject().value(QLatin1StringView("values")).toArray().at(0).toArray();
    QCOMPARE(first.at(0).toString(),
             QDateTime::fromSecsSinceEpoch(m_t0 + 120, QTimeZone::UTC).toString(Qt::ISODateWithMs));
    QCOMPARE(first.at(1).toDouble(), 0.2);
}

void TestLivePrometheus::gaugeValuesAreExact()
{
    LiveError error;
    const auto result = PrometheusClient::runBlocking(query(QStringLiteral("gateline_test"), 0, 300), fastPolicy(), &error);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(result->series.size(), 1);
    const PrometheusSeries &s = result->series.first();
    QCOMPARE(s.labels.value(QStringLiteral("__name__")), QStringLiteral("gateline_test"));
    QCOMPARE(s.labels.value(QStringLiteral("k")), QStringLiteral("a"));
    QCOMPARE(s.name(QString()), QStringLiteral("gateline_test{k=\"a\"}"));
    QCOMPARE(s.points.size(), 6);
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(s.points[i].time.us, (m_t0 + i * 60) * 1000000);
        QCOMPARE(s.points[i].value, i * 0.5);
    }
}

void TestLivePrometheus::plusSignsSurviveTheUrl()
{
    LiveError error;
    const auto result =
        PrometheusClient::runBlocking(query(QStringLiteral("gateline_test + 1"), 0, 120), fastPolicy(), &error);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(result->series.size(), 1);
    QCOMPARE(result->series.first().points.size(), 3);
    QCOMPARE(result->series.first().points[2].value, 2.0);
}

void TestLivePrometheus::badPromqlIsClearAndNotRetried()
{
    LiveError error;
    int attempts = 0;
    const auto result = PrometheusClient::runBlocking(query(QStringLiteral("sum(rate(http_requests_total[1m]"), 0, 300),
                                                      fastPolicy(), &error, &attempts);
    QVERIFY(!result);
    QCOMPARE(error.kind, LiveError::BadRequest);
    QCOMPARE(attempts, 1);
    QVERIFY2(error.message.contains(QStringLiteral("Prometheus rejected the query")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("parse error")), qPrintable(error.message));
}

void TestLivePrometheus::refusedConnectionIsRetriedThenReported()
{
    PrometheusQuery q = query(QString::fromLatin1(kDefaultPromql), 0, 600);
    q.server = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(freePort()));
    LiveError error;
    int attempts = 0;
    QVERIFY(!PrometheusClient::runBlocking(q, fastPolicy(3), &error, &attempts));
    QCOMPARE(error.kind, LiveError::ConnectionRefused);
    QCOMPARE(attempts, 3);
    QVERIFY2(error.message.contains(QStringLiteral("Gave up after 3 attempts: Connection refused")),
             qPrintable(error.message));
}

void TestLivePrometheus::malformedAnswersAreRetriedThenReported()
{
    const QList<QByteArray> bodies = {"<html>502 Bad Gateway</html>", R"({"status":"success","data":{"resultType":"vector","result":[]}})",
                                      R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2,3]]}]}})",
                                      // a sample time far beyond any clock (it overflowed llround before)
                                      R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1e300,"2"]]}]}})"};
    for (const QByteArray &body : bodies) {
        replay::Server server([&](const replay::Request &) { return replay::Response::json(body); });
        QVERIFY(server.listen());
        PrometheusQuery q = query(QString::fromLatin1(kDefaultPromql), 0, 600);
        q.server = server.url();
        LiveError error;
        int attempts = 0;
        QVERIFY(!PrometheusClient::runBlocking(q, fastPolicy(2), &error, &attempts));
        QCOMPARE(error.kind, LiveError::Malformed);
        QCOMPARE(attempts, 2);
        QVERIFY2(error.message.contains(QStringLiteral("Malformed answer from Prometheus")), qPrintable(error.message));
    }
}

void TestLivePrometheus::timeoutIsReported()
{
    replay::Server server([](const replay::Request &) {
        replay::Response r;
        r.silent = true;
        return r;
    });
    QVERIFY(server.listen());
    PrometheusQuery q = query(QString::fromLatin1(kDefaultPromql), 0, 600);
    q.server = server.url();
    RetryPolicy policy = fastPolicy(2);
    policy.transferTimeoutMs = 300;
    LiveError error;
    int attempts = 0;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!PrometheusClient::runBlocking(q, policy, &error, &attempts));
    QCOMPARE(error.kind, LiveError::Timeout);
    QCOMPARE(attempts, 2);
    QCOMPARE(server.requests.size(), 2);
    QVERIFY(clock.elapsed() < 5000);
    QVERIFY2(error.message.contains(QStringLiteral("Timed out")), qPrintable(error.message));
}

void TestLivePrometheus::serverErrorIsRetried()
{
    int n = 0;
    replay::Server server([&](const replay::Request &) {
        if (n++ == 0)
            return replay::Response::json(R"({"status":"error","errorType":"unavailable","error":"TSDB not ready"})", 503);
        return replay::Response::json(
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1700000000,"0.5"],[1700000060,"NaN"]]}]}})");
    });
    QVERIFY(server.listen());
    PrometheusQuery q = query(QString::fromLatin1(kDefaultPromql), 0, 600);
    q.server = server.url();
    LiveError error;
    int attempts = 0;
    const auto result = PrometheusClient::runBlocking(q, fastPolicy(3), &error, &attempts);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(attempts, 2);
    QCOMPARE(result->series.first().points.size(), 2);
    QVERIFY(std::isnan(result->series.first().points[1].value));
    const QJsonArray values = result->toJson()
                                  .value(QLatin1StringView("series")).toArray().at(0).toObject()
                                  .value(QLatin1StringView("values")).toArray();
    QVERIFY(values.at(1).toArray().at(1).isNull()); // NaN is null in JSON
}

void TestLivePrometheus::cancelStopsAtOnce()
{
    replay::Server server([](const replay::Request &) {
        replay::Response r;
        r.silent = true;
        return r;
    });
    QVERIFY(server.listen());
    PrometheusClient client;
    client.setRetryPolicy(fastPolicy());
    LiveError failure;
    QObject::connect(&client, &PrometheusClient::failed, [&](const LiveError &e) { failure = e; });
    PrometheusQuery q = query(QString::fromLatin1(kDefaultPromql), 0, 600);
    q.server = server.url();
    LiveError error;
    QVERIFY(client.start(q, &error));
    QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 1, 5000);
    client.cancel();
    QCOMPARE(failure.kind, LiveError::Cancelled);
    QVERIFY(!client.isRunning());
    QTest::qWait(300);
    QCOMPARE(server.requests.size(), 1);
}

void TestLivePrometheus::inputIsChecked()
{
    LiveError error;
    PrometheusQuery q = query(QString::fromLatin1(kDefaultPromql), 600, 0);
    QVERIFY(!PrometheusClient::validate(q, &error));
    QCOMPARE(error.kind, LiveError::Config);
    q = query(QString(), 0, 600);
    QVERIFY(!PrometheusClient::validate(q, &error));
    q = query(QString::fromLatin1(kDefaultPromql), 0, 600);
    q.server = QUrl(QStringLiteral("file:///tmp"));
    QVERIFY(!PrometheusClient::validate(q, &error));
    q = query(QString::fromLatin1(kDefaultPromql), 0, 86400 * 30, 1);
    QVERIFY(!PrometheusClient::validate(q, &error)); // over 11000 points
    QCOMPARE(PrometheusClient::autoStep(Timestamp::fromSeconds(0), Timestamp::fromSeconds(3600)), 5.0);
    QCOMPARE(PrometheusClient::autoStep(Timestamp::fromSeconds(0), Timestamp::fromSeconds(600)), 1.0);
    QCOMPARE(PrometheusClient::autoStep(Timestamp::fromSeconds(0), Timestamp::fromSeconds(86400)), 120.0);
    const QUrl url = PrometheusClient::rangeUrl(query(QStringLiteral("a + b"), 0, 60), 15);
    QVERIFY2(url.toString(QUrl::FullyEncoded).contains(QStringLiteral("query=a%20%2B%20b")),
             qPrintable(url.toString(QUrl::FullyEncoded)));
}

QTEST_GUILESS_MAIN(TestLivePrometheus)
#include "tst_live_prometheus.moc"
