// S3 failures a real server will not produce on demand, against a bounded loopback responder
// (tests/tst_live_replayserver.h): throttling (503 SlowDown) retried with backoff and then given up,
// AccessDenied and ExpiredToken in words, pagination by continuation token, and a corrupt object
// kept up to the damage.
#include "live/s3source.h"
#include "archivewriter.h"
#include "testutil.h"
#include "tst_live_replayserver.h"

#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace gateline;

namespace {

QByteArray listXml(const QStringList &keys, qint64 size, const QString &next = {})
{
    QByteArray x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>b</Name>";
    x += next.isEmpty() ? "<IsTruncated>false</IsTruncated>" : "<IsTruncated>true</IsTruncated><NextContinuationToken>" + next.toUtf8() + "</NextContinuationToken>";
    for (const QString &k : keys)
        x += "<Contents><Key>" + k.toUtf8() + "</Key><Size>" + QByteArray::number(size) + "</Size><ETag>\"e1\"</ETag></Contents>";
    return x + "</ListBucketResult>";
}

QByteArray errorXml(const char *code)
{
    return QByteArray("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>") + code + "</Code><Message>test</Message></Error>";
}

S3Config configFor(const QUrl &url)
{
    S3Config c;
    c.credentials = {QStringLiteral("AKIDFAIL"), QStringLiteral("failure-test-secret"), {}, QStringLiteral("test")};
    c.region = QStringLiteral("us-east-1");
    c.endpoint = url;
    return c;
}

RetryPolicy fast()
{
    RetryPolicy p;
    p.maxAttempts = 3;
    p.initialBackoffMs = 10;
    p.maxBackoffMs = 40;
    p.transferTimeoutMs = 5000;
    return p;
}

} // namespace

class TestS3Failures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slowDownIsRetriedThenSucceeds();
    void slowDownForeverGivesUp();
    void accessDeniedAndExpiredTokenAreClear();
    void continuationTokensArePassedOn();
    void corruptObjectKeepsWhatCameBefore();
};

void TestS3Failures::slowDownIsRetriedThenSucceeds()
{
    int calls = 0;
    replay::Server server([&](const replay::Request &) {
        return ++calls <= 2 ? replay::Response::json(errorXml("SlowDown"), 503)
                            : replay::Response::json(listXml({QStringLiteral("p/a.log")}, 10));
    });
    QVERIFY(server.listen());
    S3Client client(configFor(server.url()), fast());
    QList<S3Object> objects;
    std::thread t([&] {
        const LiveError e = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
        QVERIFY2(!e.isError(), qPrintable(e.message));
    });
    QTRY_VERIFY_WITH_TIMEOUT(objects.size() == 1, 10000);
    t.join();
    QCOMPARE(calls, 3);
    QCOMPARE(client.retries(), 2);
    // Each request was signed.
    for (const replay::Request &r : server.requests)
        QVERIFY(r.headers.value("authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAIL/"));
}

void TestS3Failures::slowDownForeverGivesUp()
{
    replay::Server server([](const replay::Request &) { return replay::Response::json(errorXml("SlowDown"), 503); });
    QVERIFY(server.listen());
    S3Client client(configFor(server.url()), fast());
    LiveError error;
    std::atomic<bool> done {false};
    std::thread t([&] {
        QList<S3Object> objects;
        error = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
    t.join();
    QCOMPARE(server.requests.size(), 3); // bounded: maxAttempts
    QCOMPARE(error.kind, LiveError::ServerError);
    QVERIFY2(error.message.contains(QStringLiteral("Gave up after 3 attempts")) && error.message.contains(QStringLiteral("slow down")),
             qPrintable(error.message));
}

void TestS3Failures::accessDeniedAndExpiredTokenAreClear()
{
    QByteArray code = "AccessDenied";
    int status = 403;
    replay::Server server([&](const replay::Request &) { return replay::Response::json(errorXml(code.constData()), status); });
    QVERIFY(server.listen());
    for (const auto &[c, st, kind, words] :
         {std::tuple{QByteArray("AccessDenied"), 403, LiveError::Forbidden, QStringLiteral("s3:ListBucket")},
          std::tuple{QByteArray("ExpiredToken"), 400, LiveError::Unauthorized, QStringLiteral("session token has expired")},
          std::tuple{QByteArray("InvalidAccessKeyId"), 403, LiveError::Unauthorized, QStringLiteral("access key id")}}) {
        code = c;
        status = st;
        const int before = int(server.requests.size());
        S3Client client(configFor(server.url()), fast());
        LiveError error;
        std::atomic<bool> done {false};
        std::thread t([&] {
            QList<S3Object> objects;
            error = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
        t.join();
        QCOMPARE(error.kind, kind);
        QVERIFY2(error.message.contains(words), qPrintable(error.message));
        QVERIFY(!error.message.contains(QStringLiteral("failure-test-secret")));
        QCOMPARE(int(server.requests.size()) - before, 1); // not retried
    }
}

void TestS3Failures::continuationTokensArePassedOn()
{
    replay::Server server([](const replay::Request &r) {
        const QString token = r.query.queryItemValue(QStringLiteral("continuation-token"), QUrl::FullyDecoded);
        if (token.isEmpty())
            return replay::Response::json(listXml({QStringLiteral("p/1")}, 1, QStringLiteral("tok/en+1=")));
        if (token == QLatin1StringView("tok/en+1="))
            return replay::Response::json(listXml({QStringLiteral("p/2")}, 1, QStringLiteral("t2")));
        return replay::Response::json(listXml({QStringLiteral("p/3")}, 1));
    });
    QVERIFY(server.listen());
    S3Client client(configFor(server.url()), fast());
    QList<S3Object> objects;
    std::atomic<bool> done {false};
    std::thread t([&] {
        client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
    t.join();
    QCOMPARE(objects.size(), 3);
    QCOMPARE(client.listPages(), 3);
    QCOMPARE(server.requests.size(), 3);
}

void TestS3Failures::corruptObjectKeepsWhatCameBefore()
{
    // 2,000 ALB lines gzip-compressed, with bytes in the middle overwritten.
    QByteArray text;
    for (int i = 0; i < 2000; ++i)
        text += "http 2022-06-02T10:0" + QByteArray::number(i % 10) + ":00.000000Z app/x/1 10.0.0.1:1000 10.0.1.1:80 0.001 0.002 0.000 200 200 10 "
                "20 \"GET http://h:80/p" + QByteArray::number(i) + " HTTP/1.1\" \"curl\" - - arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1 "
                "\"Root=1-a-b\" \"h\" \"-\" 0 2022-06-02T10:00:00.000000Z \"forward\" \"-\" \"-\" \"10.0.1.1:80\" \"200\" \"-\" \"-\"\n";
    QByteArray gz = testutil::gzip(text);
    const qsizetype damage = gz.size() / 2;
    for (qsizetype i = damage; i < damage + 64; ++i)
        gz[i] = char(0x5a);
    const QString key = QStringLiteral("p/1_elasticloadbalancing_us-east-1_app.x.1_20220602T1010Z_10.0.0.1_abc.log.gz");
    replay::Server server([&](const replay::Request &r) {
        if (r.query.hasQueryItem(QStringLiteral("list-type")))
            return replay::Response::json(listXml({key}, gz.size()));
        return replay::Response::json(gz);
    });
    QVERIFY(server.listen());
    QTemporaryDir home, cache;
    S3LoadOptions o;
    o.endpoint = server.url().toString();
    o.env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDFAIL"));
    o.env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("failure-test-secret"));
    o.home = home.path();
    o.cache = S3Cache(cache.path());
    o.retry = fast();
    S3LoadResult result;
    std::atomic<bool> done {false};
    std::thread t([&] {
        result = loadSources({QStringLiteral("s3://bkt/p/")}, IngestOptions{}, o, nullptr);
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 20000);
    t.join();
    QVERIFY2(!result.error.isError(), qPrintable(result.error.message));
    QCOMPARE(result.store.sourceCount(), 1);
    const SourceData &s = result.store.source(SourceId{0});
    QCOMPARE(s.locator.displayPath(), QStringLiteral("s3://bkt/") + key);
    QVERIFY2(s.size() > 100 && s.size() < 2000, qPrintable(QString::number(s.size())));
    QVERIFY2(s.notes.join(QLatin1Char(' ')).contains(QStringLiteral("gzip"), Qt::CaseInsensitive), qPrintable(s.notes.join(QLatin1Char('|'))));
}

QTEST_GUILESS_MAIN(TestS3Failures)
#include "tst_s3_failures.moc"
