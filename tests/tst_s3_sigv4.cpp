// The pure parts of reading ALB logs from S3: Signature Version 4 against AWS's published test
// vectors (tests/data/s3/sigv4-vectors.txt, provenance in the file), credentials, region and
// endpoint from the environment and ~/.aws, s3:// URLs, the ListObjectsV2 and <Error> answers, the
// failure messages, the day folders a time range needs, and the cache's file names.
#include "live/s3cache.h"
#include "live/s3client.h"
#include "live/s3config.h"
#include "live/s3signer.h"
#include "live/s3source.h"
#include "live/s3xml.h"

#include <QFile>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {

struct Vector {
    QString name;
    SigV4Request request;
    QByteArray body;
    S3Credentials credentials;
    QByteArray region, service, date, expected;
};

QList<Vector> loadVectors()
{
    QFile f(QStringLiteral(GATELINE_TEST_DATA "/s3/sigv4-vectors.txt"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<Vector> out;
    QMap<QByteArray, QByteArray> set;
    Vector *cur = nullptr;
    for (QByteArray line : f.readAll().split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype sp = line.indexOf(' ');
        const QByteArray word = sp < 0 ? line : line.left(sp);
        const QByteArray rest = sp < 0 ? QByteArray() : line.mid(sp + 1);
        if (line.startsWith('[')) {
            out.append(Vector{});
            cur = &out.last();
            cur->name = QString::fromUtf8(line.mid(1, line.size() - 2));
            cur->credentials.accessKeyId = QString::fromUtf8(set.value("access"));
            cur->credentials.secretAccessKey = QString::fromUtf8(set.value("secret"));
            cur->region = set.value("region");
            cur->service = set.value("service");
            cur->date = set.value("date");
        } else if (word == "set") {
            const qsizetype sp2 = rest.indexOf(' ');
            set.insert(rest.left(sp2), rest.mid(sp2 + 1));
        } else if (cur && word == "method") {
            cur->request.method = rest;
        } else if (cur && word == "path") {
            cur->request.path = rest;
        } else if (cur && word == "query") {
            const qsizetype eq = rest.indexOf('=');
            cur->request.query.append({rest.left(eq), rest.mid(eq + 1)});
        } else if (cur && word == "header") {
            const qsizetype colon = rest.indexOf(':');
            cur->request.headers.append({rest.left(colon), rest.mid(colon + 1)});
        } else if (cur && word == "body") {
            cur->body = rest;
        } else if (cur && word == "auth") {
            cur->expected = rest;
        }
    }
    return out;
}

QProcessEnvironment envOf(const QMap<QString, QString> &vars)
{
    QProcessEnvironment env;
    for (auto it = vars.begin(); it != vars.end(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

qint64 usOf(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch() * 1000;
}

} // namespace

class TestS3SigV4 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishedVectors_data();
    void publishedVectors();
    void canonicalRequestOfGetVanilla();
    void signedRequestMatchesItsUrl();
    void credentialsFromTheEnvironment();
    void credentialsFromAProfile();
    void missingCredentialsAndProfilesAreClear();
    void endpointOverrides();
    void s3Urls();
    void listPages();
    void errorBodies();
    void failureMessages();
    void dayFoldersOfARange();
    void cachePathsStayInside();
};

void TestS3SigV4::publishedVectors_data()
{
    QTest::addColumn<int>("index");
    const QList<Vector> vectors = loadVectors();
    QVERIFY(vectors.size() >= 20);
    for (int i = 0; i < vectors.size(); ++i)
        QTest::newRow(qPrintable(vectors[i].name)) << i;
}

void TestS3SigV4::publishedVectors()
{
    QFETCH(int, index);
    Vector v = loadVectors().at(index);
    QVERIFY(!v.expected.isEmpty());
    v.request.payloadHash = sigv4::sha256Hex(v.body);
    const QByteArray auth = sigv4::authorization(v.request, v.credentials, v.region, v.service, v.date);
    QCOMPARE(auth, v.expected);
}

void TestS3SigV4::canonicalRequestOfGetVanilla()
{
    // The suite's get-vanilla.creq, and the signing key of AWS's documented example.
    SigV4Request r;
    r.method = "GET";
    r.path = "/";
    r.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
    r.payloadHash = sigv4::sha256Hex({});
    QByteArray signedHeaders;
    QCOMPARE(sigv4::canonicalRequest(r, &signedHeaders),
             QByteArray("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(signedHeaders, QByteArray("host;x-amz-date"));
    QCOMPARE(sigv4::uriEncode("a b/c~d*e", true), QByteArray("a%20b/c~d%2Ae"));
    QCOMPARE(sigv4::uriEncode("a/b", false), QByteArray("a%2Fb"));
    QCOMPARE(sigv4::amzDate(QDateTime(QDate(2015, 8, 30), QTime(12, 36), QTimeZone::UTC)), QByteArray("20150830T123600Z"));
}

void TestS3SigV4::signedRequestMatchesItsUrl()
{
    // What the client sends is what it signed: the encoded path and query of the URL.
    S3Config c;
    c.credentials = {QStringLiteral("AKID"), QStringLiteral("SECRET"), QStringLiteral("TOKEN"), QStringLiteral("test")};
    c.region = QStringLiteral("eu-west-1");
    c.endpoint = QUrl(QStringLiteral("http://127.0.0.1:9000"));
    S3Client client(c);
    const QNetworkRequest req = client.signedRequest("GET", QStringLiteral("logs"), QStringLiteral("AWSLogs/a b+c.log.gz"),
                                                     {{"list-type", "2"}, {"prefix", "x/y z"}}, {}, sigv4::sha256Hex({}));
    QCOMPARE(req.url().toEncoded(), QByteArray("http://127.0.0.1:9000/logs/AWSLogs/a%20b%2Bc.log.gz?list-type=2&prefix=x%2Fy%20z"));
    QVERIFY(req.rawHeader("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKID/"));
    QVERIFY(req.rawHeader("Authorization").contains("/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;"
                                                    "x-amz-date;x-amz-security-token, Signature="));
    QCOMPARE(req.rawHeader("x-amz-security-token"), QByteArray("TOKEN"));
    QVERIFY(!req.rawHeader("Authorization").contains("SECRET"));
}

void TestS3SigV4::credentialsFromTheEnvironment()
{
    QTemporaryDir home;
    S3Config c;
    QCOMPARE(resolveS3Config(envOf({{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDENV")},
                                    {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envsecret")},
                                    {QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("envtoken")},
                                    {QStringLiteral("AWS_REGION"), QStringLiteral("eu-central-1")}}),
                             home.path(), {}, {}, &c),
             QString());
    QCOMPARE(c.credentials.accessKeyId, QStringLiteral("AKIDENV"));
    QCOMPARE(c.credentials.sessionToken, QStringLiteral("envtoken"));
    QCOMPARE(c.region, QStringLiteral("eu-central-1"));
    QCOMPARE(c.baseUrl(), QUrl(QStringLiteral("https://s3.eu-central-1.amazonaws.com")));
    QVERIFY(!c.describe().contains(QStringLiteral("envsecret")));
    QVERIFY(!c.describe().contains(QStringLiteral("AKIDENV")));
    QVERIFY(c.describe().contains(QStringLiteral("environment")));
}

void TestS3SigV4::credentialsFromAProfile()
{
    QTemporaryDir home;
    writeFile(home.filePath(QStringLiteral(".aws/credentials")),
              "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = defaultsecret\n\n"
              "# incident account\n[incident]\r\naws_access_key_id=AKIDINCIDENT\r\naws_secret_access_key = incsecret\r\n"
              "aws_session_token = inctoken\r\n");
    writeFile(home.filePath(QStringLiteral(".aws/config")),
              "[default]\nregion = us-west-2\n\n[profile incident]\nregion = ap-southeast-2\n"
              "s3 =\n  endpoint_url = http://127.0.0.1:7480\n  addressing_style = path\n");
    S3Config c;
    QCOMPARE(resolveS3Config(envOf({}), home.path(), {}, {}, &c), QString());
    QCOMPARE(c.credentials.accessKeyId, QStringLiteral("AKIDDEFAULT"));
    QCOMPARE(c.region, QStringLiteral("us-west-2"));
    QVERIFY(c.endpoint.isEmpty());

    // AWS_PROFILE picks the profile, its region and its S3 endpoint_url; it wins over keys in the
    // environment (the user chose the profile).
    QCOMPARE(resolveS3Config(envOf({{QStringLiteral("AWS_PROFILE"), QStringLiteral("incident")},
                                    {QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDENV")},
                                    {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envsecret")}}),
                             home.path(), {}, {}, &c),
             QString());
    QCOMPARE(c.credentials.accessKeyId, QStringLiteral("AKIDINCIDENT"));
    QCOMPARE(c.credentials.secretAccessKey, QStringLiteral("incsecret"));
    QCOMPARE(c.credentials.sessionToken, QStringLiteral("inctoken"));
    QCOMPARE(c.region, QStringLiteral("ap-southeast-2"));
    QCOMPARE(c.endpoint, QUrl(QStringLiteral("http://127.0.0.1:7480")));
    QVERIFY(c.credentials.source.contains(QStringLiteral("'incident'")));
    QVERIFY(!c.describe().contains(QStringLiteral("incsecret")));

    const auto ini = parseAwsIni("[a]\nk = v\n; c\nsub =\n  x = 1\ny = 2\n[b]\nbroken line\n");
    QCOMPARE(ini.value(QStringLiteral("a")).value(QStringLiteral("sub.x")), QStringLiteral("1"));
    QCOMPARE(ini.value(QStringLiteral("a")).value(QStringLiteral("y")), QStringLiteral("2"));
    QVERIFY(ini.contains(QStringLiteral("b")));
}

void TestS3SigV4::missingCredentialsAndProfilesAreClear()
{
    QTemporaryDir home;
    S3Config c;
    const QString none = resolveS3Config(envOf({}), home.path(), {}, {}, &c);
    QVERIFY2(none.contains(QStringLiteral("No AWS credentials")), qPrintable(none));
    const QString missing = resolveS3Config(envOf({{QStringLiteral("AWS_PROFILE"), QStringLiteral("nope")}}), home.path(), {}, {}, &c);
    QVERIFY2(missing.contains(QStringLiteral("'nope'")), qPrintable(missing));
    writeFile(home.filePath(QStringLiteral(".aws/credentials")), "[default]\naws_access_key_id = AKIDONLY\n");
    const QString half = resolveS3Config(envOf({}), home.path(), {}, {}, &c);
    QVERIFY2(half.contains(QStringLiteral("aws_secret_access_key")), qPrintable(half));
}

void TestS3SigV4::endpointOverrides()
{
    QTemporaryDir home;
    writeFile(home.filePath(QStringLiteral(".aws/config")), "[default]\nendpoint_url = http://profile.example:9000\n");
    const auto env = envOf({{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("A")},
                            {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("S")}});
    S3Config c;
    QCOMPARE(resolveS3Config(env, home.path(), {}, {}, &c), QString());
    QCOMPARE(c.endpoint, QUrl(QStringLiteral("http://profile.example:9000")));
    QCOMPARE(resolveS3Config(env, home.path(), QStringLiteral("http://127.0.0.1:7480"), QStringLiteral("eu-west-3"), &c), QString());
    QCOMPARE(c.endpoint, QUrl(QStringLiteral("http://127.0.0.1:7480")));
    QCOMPARE(c.region, QStringLiteral("eu-west-3"));
    QVERIFY(resolveS3Config(env, home.path(), QStringLiteral("ftp://x"), {}, &c).contains(QStringLiteral("--s3-endpoint")));
    QVERIFY(resolveS3Config(env, home.path(), QStringLiteral("http://user:pw@host"), {}, &c).contains(QStringLiteral("credentials")));
}

void TestS3SigV4::s3Urls()
{
    S3Location l;
    QVERIFY(S3Location::parse(QStringLiteral("s3://alb-logs/AWSLogs/123/"), &l));
    QCOMPARE(l.bucket, QStringLiteral("alb-logs"));
    QCOMPARE(l.key, QStringLiteral("AWSLogs/123/"));
    QVERIFY(S3Location::parse(QStringLiteral("s3://alb-logs"), &l));
    QCOMPARE(l.key, QString());
    QString why;
    QVERIFY(!S3Location::parse(QStringLiteral("s3://Bad_Bucket!/x"), &l, &why));
    QVERIFY(why.contains(QStringLiteral("bucket name")));
    QVERIFY(!S3Location::parse(QStringLiteral("/tmp/x"), &l));
    QVERIFY(isS3Url(QStringLiteral("S3://b/k")));
}

void TestS3SigV4::listPages()
{
    const QByteArray xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<Name>b</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>"
        "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>"
        "<Contents><Key>p/a&amp;b.log.gz</Key><LastModified>2022-06-02T10:05:13.000Z</LastModified>"
        "<ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>1234</Size><StorageClass>STANDARD</StorageClass></Contents>"
        "<Contents><Key>p/c.log</Key><ETag>\"abc-2\"</ETag><Size>0</Size></Contents>"
        "<CommonPrefixes><Prefix>p/2022/</Prefix></CommonPrefixes></ListBucketResult>";
    S3ListPage page;
    QString error;
    QVERIFY2(parseS3ListPage(xml, &page, &error), qPrintable(error));
    QCOMPARE(page.objects.size(), 2);
    QCOMPARE(page.objects[0].key, QStringLiteral("p/a&b.log.gz"));
    QCOMPARE(page.objects[0].etag, QStringLiteral("9b2cf535f27731c974343645a3985328"));
    QCOMPARE(page.objects[0].size, 1234);
    QCOMPARE(page.objects[0].lastModified.toMSecsSinceEpoch(), usOf("2022-06-02T10:05:13Z") / 1000);
    QCOMPARE(page.objects[1].etag, QStringLiteral("abc-2"));
    QVERIFY(page.truncated);
    QCOMPARE(page.nextContinuationToken, QStringLiteral("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="));
    QCOMPARE(page.commonPrefixes, QStringList{QStringLiteral("p/2022/")});

    QVERIFY(!parseS3ListPage("<html>proxy login</html>", &page, &error));
    QVERIFY(error.contains(QStringLiteral("not a ListBucketResult")));
    QVERIFY(!parseS3ListPage("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>", &page, &error));
    QVERIFY(error.contains(QStringLiteral("continuation token")));
    QVERIFY(!parseS3ListPage("<ListBucketResult><Contents><Key>x", &page, &error));
    QVERIFY(!parseS3ListPage("", &page, &error));
}

void TestS3SigV4::errorBodies()
{
    S3ErrorBody e;
    QVERIFY(parseS3Error("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code><Message>The specified "
                         "bucket does not exist</Message><BucketName>x</BucketName><RequestId>1</RequestId></Error>",
                         &e));
    QCOMPARE(e.code, QStringLiteral("NoSuchBucket"));
    QCOMPARE(e.message, QStringLiteral("The specified bucket does not exist"));
    QVERIFY(!parseS3Error("<Error><Message>no code</Message></Error>", &e));
    QVERIFY(!parseS3Error("{\"error\":1}", &e));
}

void TestS3SigV4::failureMessages()
{
    auto err = [](int status, const char *code) {
        const QByteArray body = QByteArray("<Error><Code>") + code + "</Code><Message>m</Message></Error>";
        return S3Client::classifyParts(status >= 400 ? int(QNetworkReply::ContentAccessDenied) : 0, QString(), status, body,
                                       {}, QStringLiteral("listing s3://b/p/"), false);
    };
    LiveError e = err(403, "SignatureDoesNotMatch");
    QCOMPARE(e.kind, LiveError::Unauthorized);
    QVERIFY(e.message.contains(QStringLiteral("secret access key")));
    QVERIFY(!e.isRetryable());
    e = err(403, "InvalidAccessKeyId");
    QVERIFY(e.message.contains(QStringLiteral("access key id")));
    e = err(400, "ExpiredToken");
    QCOMPARE(e.kind, LiveError::Unauthorized);
    QVERIFY(e.message.contains(QStringLiteral("session token has expired")));
    e = err(403, "AccessDenied");
    QCOMPARE(e.kind, LiveError::Forbidden);
    QVERIFY(e.message.contains(QStringLiteral("s3:ListBucket")));
    e = err(404, "NoSuchBucket");
    QCOMPARE(e.kind, LiveError::NotFound);
    QVERIFY(e.message.contains(QStringLiteral("No such bucket while listing s3://b/p/")));
    e = err(503, "SlowDown");
    QCOMPARE(e.kind, LiveError::ServerError);
    QVERIFY(e.isRetryable());
    QVERIFY(e.message.contains(QStringLiteral("slow down")));
    e = err(301, "PermanentRedirect");
    QVERIFY(e.message.contains(QStringLiteral("another region")));
    e = S3Client::classifyParts(0, QString(), 0, {}, {}, QStringLiteral("x"), true);
    QCOMPARE(e.kind, LiveError::Cancelled);
}

void TestS3SigV4::dayFoldersOfARange()
{
    IngestRange r;
    r.fromUs = usOf("2022-06-02T10:00:00Z");
    r.untilUs = usOf("2022-06-02T10:40:00Z");
    QCOMPARE(albDayFoldersFor(r), QStringList{QStringLiteral("2022/06/02/")});
    // Near midnight the previous day's folder may hold the first file, and the next day's the last.
    r.fromUs = usOf("2022-06-02T00:03:00Z");
    r.untilUs = usOf("2022-06-02T23:59:50Z");
    QCOMPARE(albDayFoldersFor(r), (QStringList{QStringLiteral("2022/06/01/"), QStringLiteral("2022/06/02/"),
                                              QStringLiteral("2022/06/03/")}));
    r.fromUs = usOf("2021-12-31T12:00:00Z");
    r.untilUs = usOf("2022-01-02T12:00:00Z");
    QCOMPARE(albDayFoldersFor(r).size(), 3);
    QCOMPARE(albDayFoldersFor(r).first(), QStringLiteral("2021/12/31/"));
    r.untilUs = IngestRange::kOpenEnd;
    QVERIFY(albDayFoldersFor(r).isEmpty());
    r.untilUs = usOf("2025-01-01T00:00:00Z");
    QVERIFY(albDayFoldersFor(r, 400).isEmpty()); // over the bound: list the prefix instead
}

void TestS3SigV4::cachePathsStayInside()
{
    QTemporaryDir dir;
    const S3Cache cache(dir.path(), 1000);
    QCOMPARE(cache.pathFor(QStringLiteral("b"), QStringLiteral("AWSLogs/1/x.log.gz")), dir.path() + QStringLiteral("/b/AWSLogs/1/x.log.gz"));
    const QString evil = cache.pathFor(QStringLiteral("b"), QStringLiteral("../../etc//passwd/."));
    QVERIFY2(evil.startsWith(dir.path() + QStringLiteral("/b/")), qPrintable(evil));
    QVERIFY(!evil.contains(QStringLiteral("..")));
    // Complete only with the same ETag and size; eviction keeps what is in use, oldest go first.
    const QString a = cache.pathFor(QStringLiteral("b"), QStringLiteral("a"));
    const QString b = cache.pathFor(QStringLiteral("b"), QStringLiteral("b"));
    writeFile(a, QByteArray(600, 'a'));
    writeFile(b, QByteArray(600, 'b'));
    cache.markComplete(a, QStringLiteral("e1"), 600);
    QVERIFY(cache.isCached(a, QStringLiteral("e1"), 600));
    QVERIFY(!cache.isCached(a, QStringLiteral("e2"), 600));
    QVERIFY(!cache.isCached(b, QStringLiteral("e1"), 600));
    QCOMPARE(cache.evict({a}), 600);
    QVERIFY(QFile::exists(a));
    QVERIFY(!QFile::exists(b));
}

QTEST_GUILESS_MAIN(TestS3SigV4)
#include "tst_s3_sigv4.moc"
