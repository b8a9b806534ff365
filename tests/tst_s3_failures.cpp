// S3 failures a real server will not produce on demand, against a bounded loopback responder
// (tests/tst_live_replayserver.h): throttling (503 SlowDown) retried with backoff and then given up,
// AccessDenied and ExpiredToken in words, pagination by continuation token, a corrupt object
// kept up to the damage, a connection dropped mid-object resumed with a Range request to the
// very same bytes, and every way a server can answer that Range request wrongly (from another
// offset, ignoring it, the right header over the wrong bytes, a changed object) either detected and
// fetched again without Range, or ended with a clear message. Each client is made and used on one worker thread (while this thread's event
// loop serves the responder); a warning about objects used across threads fails the test.
#include "live/s3resume.h"
#include "live/s3source.h"
#include "archivewriter.h"
#include "testutil.h"
#include "tst_live_replayserver.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <functional>
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

// Runs fn on a thread of its own while this thread serves the loopback responder. Bounded: the
// clients' retry policies and transfer timeouts end every call; the wait itself gives up after
// timeoutMs (and then the test fails).
bool runOnWorker(const std::function<void()> &fn, int timeoutMs = 10000)
{
    std::atomic<bool> done {false};
    std::thread t([&] {
        fn();
        done = true;
    });
    QDeadlineTimer deadline(timeoutMs);
    while (!done.load() && !deadline.hasExpired())
        QTest::qWait(5);
    t.join();
    return done.load();
}

QByteArray albLines(int count)
{
    QByteArray text;
    for (int i = 0; i < count; ++i)
        text += "http 2022-06-02T10:0" + QByteArray::number(i % 10) + ":00.000000Z app/x/1 10.0.0.1:1000 10.0.1.1:80 0.001 0.002 0.000 200 200 10 "
                "20 \"GET http://h:80/p" + QByteArray::number(i) + " HTTP/1.1\" \"curl\" - - arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1 "
                "\"Root=1-a-b\" \"h\" \"-\" 0 2022-06-02T10:00:00.000000Z \"forward\" \"-\" \"-\" \"10.0.1.1:80\" \"200\" \"-\" \"-\"\n";
    return text;
}

S3LoadOptions loadOptionsFor(const replay::Server &server, const QString &home, const QString &cache)
{
    S3LoadOptions o;
    o.endpoint = server.url().toString();
    o.env = QProcessEnvironment();
    o.env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDFAIL"));
    o.env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("failure-test-secret"));
    o.home = home;
    o.cache = S3Cache(cache);
    return o;
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
    void init();
    void slowDownIsRetriedThenSucceeds();
    void slowDownForeverGivesUp();
    void accessDeniedAndExpiredTokenAreClear();
    void continuationTokensArePassedOn();
    void corruptObjectKeepsWhatCameBefore();
    void droppedConnectionResumesByteForByte();
    void contentRangeIsParsed();
    void resumeAnswersAreChecked_data();
    void resumeAnswersAreChecked();
    void partialAnswerToAWholeGetEnds();
    void clientRefusesAnotherThread();
};

void TestS3Failures::init()
{
    // A QObject (a QNetworkAccessManager and its replies) used from a thread it does not live in.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("different thread|Timers cannot|moveToThread|QSocketNotifier")));
}

void TestS3Failures::slowDownIsRetriedThenSucceeds()
{
    int calls = 0;
    replay::Server server([&](const replay::Request &) {
        return ++calls <= 2 ? replay::Response::json(errorXml("SlowDown"), 503)
                            : replay::Response::json(listXml({QStringLiteral("p/a.log")}, 10));
    });
    QVERIFY(server.listen());
    QList<S3Object> objects;
    LiveError error;
    int retries = -1;
    QVERIFY(runOnWorker([&] {
        S3Client client(configFor(server.url()), fast());
        error = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
        retries = client.retries();
    }));
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(objects.size(), 1);
    QCOMPARE(calls, 3);
    QCOMPARE(retries, 2);
    // Each request was signed.
    for (const replay::Request &r : server.requests)
        QVERIFY(r.headers.value("authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAIL/"));
}

void TestS3Failures::slowDownForeverGivesUp()
{
    replay::Server server([](const replay::Request &) { return replay::Response::json(errorXml("SlowDown"), 503); });
    QVERIFY(server.listen());
    LiveError error;
    QVERIFY(runOnWorker([&] {
        S3Client client(configFor(server.url()), fast());
        QList<S3Object> objects;
        error = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
    }));
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
        LiveError error;
        QVERIFY(runOnWorker([&] {
            S3Client client(configFor(server.url()), fast());
            QList<S3Object> objects;
            error = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
        }));
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
    QList<S3Object> objects;
    LiveError error;
    int pages = -1;
    QVERIFY(runOnWorker([&] {
        S3Client client(configFor(server.url()), fast());
        error = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
        pages = client.listPages();
    }));
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(objects.size(), 3);
    QCOMPARE(pages, 3);
    QCOMPARE(server.requests.size(), 3);
}

void TestS3Failures::corruptObjectKeepsWhatCameBefore()
{
    // 2,000 ALB lines gzip-compressed, with bytes in the middle overwritten.
    QByteArray gz = testutil::gzip(albLines(2000));
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
    S3LoadOptions o = loadOptionsFor(server, home.path(), cache.path());
    o.retry = fast();
    S3LoadResult result;
    QVERIFY(runOnWorker([&] { result = loadSources({QStringLiteral("s3://bkt/p/")}, IngestOptions{}, o, nullptr); }, 20000));
    QVERIFY2(!result.error.isError(), qPrintable(result.error.message));
    QCOMPARE(result.store.sourceCount(), 1);
    const SourceData &s = result.store.source(SourceId{0});
    QCOMPARE(s.locator.displayPath(), QStringLiteral("s3://bkt/") + key);
    QVERIFY2(s.size() > 100 && s.size() < 2000, qPrintable(QString::number(s.size())));
    QVERIFY2(s.notes.join(QLatin1Char(' ')).contains(QStringLiteral("gzip"), Qt::CaseInsensitive), qPrintable(s.notes.join(QLatin1Char('|'))));
}

void TestS3Failures::droppedConnectionResumesByteForByte()
{
    // 3,000 ALB lines gzip-compressed. The first GET announces the whole object but closes the
    // connection after 37% of it; the client must ask for the rest of the same version (If-Match),
    // from S3ResumeSplice::kOverlap bytes before the break (Range: bytes=N-1024-, those compared
    // with what is on disk), and the 206 answer must complete the object byte for byte.
    const QByteArray text = albLines(3000);
    const QByteArray gz = testutil::gzip(text);
    const qsizetype cut = gz.size() * 37 / 100 + 1;
    const QString key = QStringLiteral("p/1_elasticloadbalancing_us-east-1_app.x.1_20220602T1010Z_10.0.0.1_resume.log.gz");
    QList<replay::Request> gets;
    replay::Server server([&](const replay::Request &r) {
        if (r.query.hasQueryItem(QStringLiteral("list-type")))
            return replay::Response::json(listXml({key}, gz.size()));
        gets << r;
        replay::Response answer;
        answer.headers = {{"ETag", "\"e1\""}};
        if (gets.size() == 1) {
            answer.body = gz;
            answer.cutAfter = cut;
            return answer;
        }
        // The resume: the bytes from the asked offset, if the version still matches.
        const QByteArray range = r.headers.value("range");
        if (r.headers.value("if-match") != "\"e1\"")
            return replay::Response::json(errorXml("PreconditionFailed"), 412);
        bool ok = false;
        const qint64 from = range.startsWith("bytes=") && range.endsWith('-') ? range.mid(6, range.size() - 7).toLongLong(&ok) : -1;
        if (!ok || from < 0 || from >= gz.size())
            return replay::Response::json(errorXml("InvalidRange"), 416);
        answer.status = 206;
        answer.body = gz.mid(from);
        const QByteArray contentRange = "bytes " + QByteArray::number(from) + '-' + QByteArray::number(gz.size() - 1) + '/'
            + QByteArray::number(gz.size());
        answer.headers.append({QByteArray("Content-Range"), contentRange});
        return answer;
    });
    QVERIFY(server.listen());
    QTemporaryDir home, cache;
    S3LoadOptions o = loadOptionsFor(server, home.path(), cache.path());
    o.retry = fast();
    S3LoadResult result;
    QVERIFY(runOnWorker([&] { result = loadSources({QStringLiteral("s3://bkt/p/")}, IngestOptions{}, o, nullptr); }, 20000));
    QVERIFY2(!result.error.isError(), qPrintable(result.error.message));

    // Two GETs: the whole object (no Range), then the rest from just before where the first broke off.
    QCOMPARE(gets.size(), 2);
    QVERIFY(!gets[0].headers.contains("range"));
    QVERIFY(cut > S3ResumeSplice::kOverlap);
    const QByteArray expectedRange = "bytes=" + QByteArray::number(cut - S3ResumeSplice::kOverlap) + '-';
    QCOMPARE(gets[1].headers.value("range"), expectedRange);
    QCOMPARE(gets[1].headers.value("if-match"), QByteArray("\"e1\""));
    QVERIFY(gets[1].headers.value("authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAIL/"));
    QCOMPARE(result.download.resumes, 1);
    QCOMPARE(result.download.rangeFallbacks, 0);
    QCOMPARE(result.download.objectsFailed, 0);

    // The cached object is the original, byte for byte.
    QFile cached(o.cache.pathFor(QStringLiteral("bkt"), key));
    QVERIFY2(cached.open(QIODevice::ReadOnly), qPrintable(cached.fileName()));
    const QByteArray got = cached.readAll();
    QCOMPARE(got.size(), gz.size());
    QCOMPARE(QCryptographicHash::hash(got, QCryptographicHash::Sha256).toHex(),
             QCryptographicHash::hash(gz, QCryptographicHash::Sha256).toHex());
    QVERIFY(got == gz);

    // And it was read whole: every line a record, no note of damage.
    QCOMPARE(result.store.sourceCount(), 1);
    const SourceData &s = result.store.source(SourceId{0});
    QCOMPARE(s.size(), qsizetype(3000));
    QVERIFY2(!s.notes.join(QLatin1Char(' ')).contains(QStringLiteral("gzip"), Qt::CaseInsensitive), qPrintable(s.notes.join(QLatin1Char('|'))));
}

void TestS3Failures::contentRangeIsParsed()
{
    S3ContentRange r;
    QVERIFY(parseContentRange("bytes 100-199/1000", &r));
    QCOMPARE(r.first, 100);
    QCOMPARE(r.last, 199);
    QCOMPARE(r.total, 1000);
    QVERIFY(parseContentRange("bytes 0-0/*", &r));
    QCOMPARE(r.total, -1);
    for (const QByteArray &bad : {QByteArray(), QByteArray("bytes */1000"), QByteArray("bytes 200-100/1000"),
                                  QByteArray("bytes 0-1000/1000"), QByteArray("items 0-1/2"), QByteArray("bytes 1-2/3 x")})
        QVERIFY2(!parseContentRange(bad, &r), bad.constData());

    // The splice itself: overlapping bytes compared, older ones dropped, the rest passed on.
    const QByteArray object = "0123456789abcdefghijklmnopqrstuvwxyz";
    S3ResumeSplice ok(20, object.mid(16, 4), 16, object.size());
    QString why;
    QCOMPARE(ok.begin(206, "bytes 16-35/36", &why), S3ResumeSplice::Verdict::Ok);
    QByteArray fresh;
    QCOMPARE(ok.feed(object.mid(16, 6), &fresh, &why), S3ResumeSplice::Verdict::Ok);
    QCOMPARE(fresh, object.mid(20, 2));
    QCOMPARE(ok.compared(), 4);
    QCOMPARE(ok.feed(object.mid(22), &fresh, &why), S3ResumeSplice::Verdict::Ok);
    QCOMPARE(fresh, object.mid(22));
    // A 200: the whole object again; the first bytes are dropped (the last four compared).
    S3ResumeSplice whole(20, object.mid(16, 4), 16, object.size());
    QCOMPARE(whole.begin(200, {}, &why), S3ResumeSplice::Verdict::Ok);
    QVERIFY(whole.ignoredRange());
    QCOMPARE(whole.feed(object, &fresh, &why), S3ResumeSplice::Verdict::Ok);
    QCOMPARE(fresh, object.mid(20));
    QCOMPARE(whole.compared(), 4);
    // The right header over the wrong bytes.
    S3ResumeSplice wrong(20, object.mid(16, 4), 16, object.size());
    QCOMPARE(wrong.begin(206, "bytes 16-35/36", &why), S3ResumeSplice::Verdict::Ok);
    QCOMPARE(wrong.feed(object.mid(0, 20), &fresh, &why), S3ResumeSplice::Verdict::Mismatch);
    QVERIFY2(why.contains(QStringLiteral("offset 16")), qPrintable(why));
    // Another start, another total.
    QCOMPARE(S3ResumeSplice(20, {}, 16, 36).begin(206, "bytes 10-35/36", &why), S3ResumeSplice::Verdict::WrongStart);
    QVERIFY2(why.contains(QStringLiteral("bytes 16- with bytes 10-35")), qPrintable(why));
    QCOMPARE(S3ResumeSplice(20, {}, 16, 36).begin(206, "bytes 16-39/40", &why), S3ResumeSplice::Verdict::ChangedObject);
    QVERIFY2(why.contains(QStringLiteral("listing said 36 bytes, the server now says 40")), qPrintable(why));
}

void TestS3Failures::resumeAnswersAreChecked_data()
{
    // How the server answers the resume (the second GET), and then what must happen.
    QTest::addColumn<QString>("answer");
    QTest::addColumn<int>("gets");        // GETs in all
    QTest::addColumn<int>("fallbacks");   // resumes fetched again without Range
    QTest::addColumn<bool>("whole");      // the object comes whole, byte for byte
    QTest::addColumn<QString>("message"); // said in the load's messages
    QTest::newRow("206 from the asked offset") << "exact" << 2 << 0 << true << QString();
    QTest::newRow("200: Range ignored, whole object") << "whole" << 2 << 0 << true << QString();
    QTest::newRow("206 from another offset") << "other-offset" << 3 << 1 << true << QStringLiteral("with bytes");
    QTest::newRow("206 right header, wrong bytes (radosgw dbstore)") << "wrong-bytes" << 3 << 1 << true
                                                                     << QStringLiteral("differ from those already read");
    QTest::newRow("206 unreadable Content-Range") << "unreadable" << 3 << 1 << true << QStringLiteral("readable Content-Range");
    QTest::newRow("206 of a changed object") << "changed" << 2 << 0 << false << QStringLiteral("the object changed while it was read");
    QTest::newRow("wrong bytes, then a different whole object") << "wrong-twice" << 3 << 1 << false
                                                                << QStringLiteral("fetched again from its start");
}

void TestS3Failures::resumeAnswersAreChecked()
{
    QFETCH(QString, answer);
    QFETCH(int, gets);
    QFETCH(int, fallbacks);
    QFETCH(bool, whole);
    QFETCH(QString, message);
    const QByteArray gz = testutil::gzip(albLines(3000));
    const qsizetype cut = gz.size() * 37 / 100 + 1;
    QVERIFY(cut > 2 * S3ResumeSplice::kOverlap);
    const QString key = QStringLiteral("p/1_elasticloadbalancing_us-east-1_app.x.1_20220602T1010Z_10.0.0.1_check.log.gz");
    QList<replay::Request> seen;
    replay::Server server([&](const replay::Request &r) {
        if (r.query.hasQueryItem(QStringLiteral("list-type")))
            return replay::Response::json(listXml({key}, gz.size()));
        seen << r;
        replay::Response a;
        a.headers = {{"ETag", "\"e1\""}};
        const QByteArray range = r.headers.value("range");
        const qint64 from = range.startsWith("bytes=") ? range.mid(6, range.size() - 7).toLongLong() : -1;
        auto partial = [&](qint64 first, const QByteArray &body, qint64 total) {
            a.status = 206;
            a.body = body;
            a.headers.append({"Content-Range", "bytes " + QByteArray::number(first) + '-' + QByteArray::number(first + body.size() - 1)
                                                   + '/' + QByteArray::number(total)});
        };
        if (seen.size() == 1) {
            a.body = gz;
            a.cutAfter = cut;
        } else if (seen.size() == 2 && answer == QLatin1StringView("exact")) {
            partial(from, gz.mid(from), gz.size());
        } else if (seen.size() == 2 && answer == QLatin1StringView("whole")) {
            a.body = gz;
        } else if (seen.size() == 2 && answer == QLatin1StringView("other-offset")) {
            partial(from - 700, gz.mid(from - 700), gz.size());
        } else if (seen.size() == 2 && (answer == QLatin1StringView("wrong-bytes") || answer == QLatin1StringView("wrong-twice"))) {
            partial(from, gz.left(gz.size() - from), gz.size()); // the bytes of offset 0 under a header for `from`
        } else if (seen.size() == 2 && answer == QLatin1StringView("unreadable")) {
            a.status = 206;
            a.body = gz.mid(from);
            a.headers.append({"Content-Range", "bytes */" + QByteArray::number(gz.size())});
        } else if (seen.size() == 2 && answer == QLatin1StringView("changed")) {
            partial(from, gz.mid(from) + "0123456789", gz.size() + 10);
        } else if (answer == QLatin1StringView("wrong-twice")) {
            a.body = testutil::gzip("#" + albLines(3000)); // other bytes from the start: not those read before
        } else {
            a.body = gz; // the fallback: the whole object, no Range
        }
        return a;
    });
    QVERIFY(server.listen());
    QTemporaryDir home, cache;
    S3LoadOptions o = loadOptionsFor(server, home.path(), cache.path());
    o.retry = fast();
    S3LoadResult result;
    QVERIFY(runOnWorker([&] { result = loadSources({QStringLiteral("s3://bkt/p/")}, IngestOptions{}, o, nullptr); }, 20000));
    QVERIFY2(!result.error.isError(), qPrintable(result.error.message));
    QCOMPARE(int(seen.size()), gets);
    QCOMPARE(seen[1].headers.value("range"), "bytes=" + QByteArray::number(cut - S3ResumeSplice::kOverlap) + '-');
    if (gets == 3) {
        // The fallback: the same version, without Range.
        QVERIFY(!seen[2].headers.contains("range"));
        QCOMPARE(seen[2].headers.value("if-match"), QByteArray("\"e1\""));
    }
    QCOMPARE(result.download.rangeFallbacks, fallbacks);
    QCOMPARE(result.download.objectsFailed, whole ? 0 : 1);
    const QString said = result.store.messages.join(QLatin1Char('\n'));
    if (!message.isEmpty())
        QVERIFY2(said.contains(message), qPrintable(said));
    else
        QVERIFY2(said.isEmpty(), qPrintable(said));
    QFile cached(o.cache.pathFor(QStringLiteral("bkt"), key));
    QVERIFY(cached.open(QIODevice::ReadOnly));
    const QByteArray got = cached.readAll();
    QCOMPARE(result.store.sourceCount(), 1);
    const SourceData &s = result.store.source(SourceId{0});
    if (whole) {
        QVERIFY(got == gz);
        QCOMPARE(s.size(), qsizetype(3000));
    } else {
        // Kept up to where it was still right: the bytes before the break, nothing from the bad answer.
        QVERIFY(got == gz.left(cut));
        QVERIFY2(s.size() > 0 && s.size() < 3000, qPrintable(QString::number(s.size())));
    }
}

void TestS3Failures::partialAnswerToAWholeGetEnds()
{
    // A 206 from byte 100 to a GET without Range: nothing of it is kept, it is not asked again
    // and again, and the object ends in words.
    const QByteArray gz = testutil::gzip(albLines(500));
    const QString key = QStringLiteral("p/1_elasticloadbalancing_us-east-1_app.x.1_20220602T1010Z_10.0.0.1_odd.log.gz");
    int gets = 0;
    replay::Server server([&](const replay::Request &r) {
        if (r.query.hasQueryItem(QStringLiteral("list-type")))
            return replay::Response::json(listXml({key}, gz.size()));
        ++gets;
        replay::Response a;
        a.status = 206;
        a.body = gz.mid(100);
        a.headers = {{"Content-Range", "bytes 100-" + QByteArray::number(gz.size() - 1) + '/' + QByteArray::number(gz.size())}};
        return a;
    });
    QVERIFY(server.listen());
    QTemporaryDir home, cache;
    S3LoadOptions o = loadOptionsFor(server, home.path(), cache.path());
    o.retry = fast();
    S3LoadResult result;
    QVERIFY(runOnWorker([&] { result = loadSources({QStringLiteral("s3://bkt/p/")}, IngestOptions{}, o, nullptr); }, 20000));
    QCOMPARE(gets, 1);
    QCOMPARE(result.download.objectsFailed, 1);
    const QString said = result.store.messages.join(QLatin1Char('\n'));
    QVERIFY2(said.contains(QStringLiteral("cannot be used: the server answered a request for bytes 0- with bytes 100-")), qPrintable(said));
    QCOMPARE(QFileInfo(o.cache.pathFor(QStringLiteral("bkt"), key)).size(), 0);
}

void TestS3Failures::clientRefusesAnotherThread()
{
    // Made on this thread, called from another: refused in words, and nothing is sent.
    replay::Server server([](const replay::Request &) { return replay::Response::json(listXml({QStringLiteral("p/a")}, 1)); });
    QVERIFY(server.listen());
    S3Client client(configFor(server.url()), fast());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^S3Client: a request from another thread")));
    LiveError error;
    QVERIFY(runOnWorker([&] {
        QList<S3Object> objects;
        error = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
    }));
    QCOMPARE(error.kind, LiveError::Config);
    QVERIFY2(error.message.contains(QStringLiteral("another thread")), qPrintable(error.message));
    QCOMPARE(server.requests.size(), 0);
    // On its own thread the same client works (its local event loop also serves the responder here).
    QList<S3Object> objects;
    const LiveError own = client.list(QStringLiteral("b"), QStringLiteral("p/"), {}, &objects);
    QVERIFY2(!own.isError(), qPrintable(own.message));
    QCOMPARE(objects.size(), 1);
    QCOMPARE(server.requests.size(), 1);
}

QTEST_GUILESS_MAIN(TestS3Failures)
#include "tst_s3_failures.moc"
