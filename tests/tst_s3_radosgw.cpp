// ALB logs read from a real S3 server: Ceph's RADOS Gateway (Debian's `radosgw`, installed by
// scripts/test-services.sh) over its SQLite dbstore backend, started on a loopback port by
// scripts/radosgw-test.sh and stopped after. The test uploads a generated day of ALB files under
// AWS's key layout (1,152 keys, so ListObjectsV2 pages), then:
//  - `gateline analyze` of a 40-minute window fetches only that window's objects and gives the same
//    JSON as the same files on disk, and a second run reads them from the local cache;
//  - `gateline export` of it and the cache hold no key or secret;
//  - wrong secret, unknown key, missing bucket and missing prefix fail with clear messages;
//  - a connection cut mid-object by a loopback proxy is resumed with a Range request, whose answer
//    this radosgw gets wrong (see rangeReadsOfThisServer): the downloader sees that the bytes
//    overlapping what it already has differ, fetches the object again without Range, and every
//    object still comes byte for byte;
//  - cancel stops a slow fetch at once.
#include "live/s3client.h"
#include "live/s3source.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

using namespace gateline;

namespace {

const QString kAccess = QStringLiteral("GLTESTACCESSKEY7R2Q");
const QString kSecret = QStringLiteral("gl-test-secret/Yq8vW2xZ+radosgw-3141");
const QString kBucket = QStringLiteral("gateline-alb");
const QString kFrom = QStringLiteral("2022-06-02T10:00:00Z");
const QString kUntil = QStringLiteral("2022-06-02T10:40:00Z");

struct Run {
    int code = -1;
    QByteArray out, err;
};

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

// A loopback proxy to the S3 server that cuts the first answer to each object GET after `cutAfter`
// bytes of its body, and can slow every answer down. Runs on its own thread.
class CuttingProxy : public QThread
{
public:
    CuttingProxy(quint16 target, qint64 cutAfter, int delayMsPerChunk)
        : m_target(target), m_cutAfter(cutAfter), m_delay(delayMsPerChunk)
    {
    }
    quint16 port() const { return m_port.load(); }
    std::atomic<int> cuts {0};
    std::atomic<int> rangeRequests {0};

protected:
    void run() override
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        m_port = server.serverPort();
        QSet<QByteArray> cutOnce;
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
            while (QTcpSocket *client = server.nextPendingConnection()) {
                auto *upstream = new QTcpSocket(client);
                upstream->connectToHost(QHostAddress::LocalHost, m_target);
                auto state = std::make_shared<std::pair<qint64, bool>>(-1, false); // body bytes sent (-1: in head), cut
                auto head = std::make_shared<QByteArray>();
                auto path = std::make_shared<QByteArray>();
                QObject::connect(client, &QTcpSocket::readyRead, upstream, [=, this] {
                    const QByteArray data = client->readAll();
                    if (path->isEmpty()) {
                        const QList<QByteArray> first = data.left(data.indexOf("\r\n")).split(' ');
                        *path = first.value(0) + ' ' + first.value(1);
                        if (data.toLower().contains("\r\nrange: bytes="))
                            ++rangeRequests;
                    }
                    upstream->write(data);
                });
                QObject::connect(upstream, &QTcpSocket::readyRead, client, [=, this, &cutOnce] {
                    QByteArray data = upstream->readAll();
                    const bool objectGet = path->startsWith("GET ") && !path->contains("list-type");
                    if (state->first < 0) {
                        *head += data;
                        const qsizetype end = head->indexOf("\r\n\r\n");
                        if (end < 0)
                            return;
                        data = *head;
                        state->first = data.size() - (end + 4);
                        client->write(data.left(end + 4));
                        data = data.mid(end + 4);
                        state->first = 0;
                    }
                    if (m_delay > 0)
                        QThread::msleep(m_delay);
                    if (objectGet && m_cutAfter >= 0 && !cutOnce.contains(*path) && !path->isEmpty()) {
                        const qint64 room = m_cutAfter - state->first;
                        if (data.size() >= room) {
                            client->write(data.left(std::max<qint64>(0, room)));
                            client->waitForBytesWritten(2000);
                            cutOnce.insert(*path);
                            ++cuts;
                            client->abort();
                            return;
                        }
                    }
                    state->first += data.size();
                    client->write(data);
                });
                QObject::connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
                QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            }
        });
        exec();
    }

private:
    quint16 m_target;
    qint64 m_cutAfter;
    int m_delay;
    std::atomic<quint16> m_port {0};
};

QString normalised(QByteArray json, const QString &prefix)
{
    json.replace(prefix.toUtf8(), "ROOT/");
    return QString::fromUtf8(json);
}

} // namespace

class TestS3Radosgw : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void windowFetchesOnlyItsObjectsAndMatchesLocal();
    void secondRunReadsTheCache();
    void noSecretAnywhere();
    void badCredentialsAndMissingPlacesAreClear();
    void rangeReadsOfThisServer();
    void droppedConnectionIsResumedWithRange();
    void cancelStopsAtOnce();

private:
    Run gateline(const QStringList &args, const QProcessEnvironment &env) const;
    QProcessEnvironment env(const QString &access, const QString &secret) const;
    S3LoadOptions loadOptions(quint16 port, const QString &cacheDir) const;
    QStringList expectedKeys() const;
    QString endpoint() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString albRoot() const { return QStringLiteral("AWSLogs/926823050540/elasticloadbalancing/ap-southeast-2/"); }

    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QString m_gen, m_rgw, m_home;
    QStringList m_keys;
    bool m_started = false;
};

Run TestS3Radosgw::gateline(const QStringList &args, const QProcessEnvironment &env) const
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATELINE_BINARY), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

QProcessEnvironment TestS3Radosgw::env(const QString &access, const QString &secret) const
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("HOME"), m_home);
    e.insert(QStringLiteral("XDG_CACHE_HOME"), m_home + QStringLiteral("/.cache"));
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home + QStringLiteral("/.config"));
    e.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), access);
    e.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), secret);
    e.remove(QStringLiteral("AWS_PROFILE"));
    e.insert(QStringLiteral("GATELINE_NO_PROGRESS"), QStringLiteral("1"));
    return e;
}

S3LoadOptions TestS3Radosgw::loadOptions(quint16 port, const QString &cacheDir) const
{
    S3LoadOptions o;
    o.endpoint = QStringLiteral("http://127.0.0.1:%1").arg(port);
    o.env = env(kAccess, kSecret);
    o.home = m_home;
    o.cache = S3Cache(cacheDir);
    o.retry.initialBackoffMs = 20;
    o.retry.maxBackoffMs = 100;
    o.retry.transferTimeoutMs = 15000;
    return o;
}

QStringList TestS3Radosgw::expectedKeys() const
{
    // The window's files by the same rule as local pruning: the 5-minute window, with the slack.
    IngestRange r;
    r.fromUs = QDateTime::fromString(kFrom, Qt::ISODate).toMSecsSinceEpoch() * 1000;
    r.untilUs = QDateTime::fromString(kUntil, Qt::ISODate).toMSecsSinceEpoch() * 1000;
    const TimePruner pruner(r);
    QStringList keys;
    for (const QString &k : m_keys)
        if (k.contains(QLatin1StringView("/2022/06/02/")) && !pruner.byName(k).skip)
            keys << k;
    return keys;
}

void TestS3Radosgw::initTestCase()
{
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("radosgw")).isEmpty(),
             "radosgw is not installed: run scripts/test-services.sh");
    QVERIFY(m_dir.isValid());
    m_gen = m_dir.filePath(QStringLiteral("gen"));
    m_rgw = m_dir.filePath(QStringLiteral("rgw"));
    m_home = m_dir.filePath(QStringLiteral("home"));
    QDir().mkpath(m_home);
    m_port = freePort();
    QVERIFY(m_port);

    QProcess start;
    start.setProcessChannelMode(QProcess::MergedChannels);
    start.start(QStringLiteral("bash"), {QStringLiteral(GATELINE_SOURCE_DIR "/scripts/radosgw-test.sh"), QStringLiteral("start"),
                                         m_rgw, QString::number(m_port), kAccess, kSecret});
    QVERIFY(start.waitForFinished(90000));
    const QByteArray said = start.readAll();
    QVERIFY2(start.exitCode() == 0 && said.contains("ready"), said.constData());
    m_started = true;

    // A day of one ALB (4 nodes x 288 five-minute files) under AWS's key layout.
    const Run gen = gateline({QStringLiteral("generate"), QStringLiteral("--out"), m_gen, QStringLiteral("--cause"),
                              QStringLiteral("graceful-shutdown"), QStringLiteral("--minutes"), QStringLiteral("1440"),
                              QStringLiteral("--alb-nodes"), QStringLiteral("4"), QStringLiteral("--rate"), QStringLiteral("1"),
                              QStringLiteral("--start"), QStringLiteral("2022-06-02T00:00:00Z"), QStringLiteral("--no-k8s"),
                              QStringLiteral("--seed"), QStringLiteral("7")},
                             env(kAccess, kSecret));
    QVERIFY2(gen.code == 0, gen.err.constData());

    S3Config config;
    QCOMPARE(resolveS3Config(env(kAccess, kSecret), m_home, endpoint(), {}, &config), QString());
    S3Client client(config);
    const LiveError made = client.createBucket(kBucket);
    QVERIFY2(!made.isError(), qPrintable(made.message));
    QDirIterator it(m_gen + QStringLiteral("/AWSLogs"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        m_keys << it.next().mid(m_gen.size() + 1);
    m_keys.sort();
    QVERIFY(m_keys.size() > 1000);
    for (const QString &k : std::as_const(m_keys)) {
        QFile f(m_gen + QLatin1Char('/') + k);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const LiveError e = client.put(kBucket, k, f.readAll());
        QVERIFY2(!e.isError(), qPrintable(e.message));
    }
}

void TestS3Radosgw::cleanupTestCase()
{
    if (!m_started)
        return;
    QProcess stop;
    stop.start(QStringLiteral("bash"), {QStringLiteral(GATELINE_SOURCE_DIR "/scripts/radosgw-test.sh"), QStringLiteral("stop"), m_rgw});
    stop.waitForFinished(30000);
}

void TestS3Radosgw::windowFetchesOnlyItsObjectsAndMatchesLocal()
{
    const QString url = QStringLiteral("s3://%1/%2").arg(kBucket, albRoot());
    const Run s3 = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--from"),
                             kFrom, QStringLiteral("--until"), kUntil, QStringLiteral("--s3-endpoint"), endpoint(), url},
                            env(kAccess, kSecret));
    QVERIFY2(s3.code == 0, s3.err.constData());
    const QString dayFolder = m_gen + QLatin1Char('/') + albRoot() + QStringLiteral("2022/06/02");
    const Run local = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--from"),
                                kFrom, QStringLiteral("--until"), kUntil, dayFolder},
                               env(kAccess, kSecret));
    QVERIFY2(local.code == 0, local.err.constData());

    const QStringList want = expectedKeys();
    QVERIFY(want.size() >= 32 && want.size() < 60); // 40 minutes of 4 nodes, and a file either side
    // Only the window's day folder was listed (1,148 keys: two pages), and only its objects fetched.
    QVERIFY2(s3.err.contains(QStringLiteral("S3: %1 objects").arg(want.size()).toUtf8()), s3.err.constData());
    QVERIFY2(s3.err.contains(QStringLiteral("%1 keys outside the range skipped").arg(1148 - want.size()).toUtf8()), s3.err.constData());
    QVERIFY2(s3.err.contains("(1148 keys listed in 2 pages)"), s3.err.constData());
    QStringList cached;
    QDirIterator it(m_home + QStringLiteral("/.cache/gateline/s3"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (!f.endsWith(QLatin1StringView(".gateline-etag")))
            cached << f.mid(f.indexOf(QLatin1StringView("/AWSLogs/")) + 1);
    }
    cached.sort();
    QCOMPARE(cached, want);

    // The same report as the same files on disk, paths aside.
    const QString s3Json = normalised(s3.out, QStringLiteral("s3://%1/").arg(kBucket));
    const QString localJson = normalised(local.out, m_gen + QLatin1Char('/'));
    QVERIFY(s3Json.contains(QStringLiteral("\"path\": \"ROOT/AWSLogs/")));
    QCOMPARE(s3Json, localJson);
    const QJsonObject o = QJsonDocument::fromJson(s3.out).object();
    QCOMPARE(o.value(QStringLiteral("sources")).toArray().size(), want.size());
    QCOMPARE(o.value(QStringLiteral("range")).toObject().value(QStringLiteral("filesSkipped")).toInt(), 1148 - want.size());
}

void TestS3Radosgw::secondRunReadsTheCache()
{
    const QString url = QStringLiteral("s3://%1/%2").arg(kBucket, albRoot());
    const Run again = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--from"),
                                kFrom, QStringLiteral("--until"), kUntil, QStringLiteral("--s3-endpoint"), endpoint(), url},
                               env(kAccess, kSecret));
    QVERIFY2(again.code == 0, again.err.constData());
    const int n = int(expectedKeys().size());
    QVERIFY2(again.err.contains(QStringLiteral("%1 of %1 objects read whole, %1 from the local cache").arg(n).toUtf8()),
             again.err.constData());
}

void TestS3Radosgw::noSecretAnywhere()
{
    // Export writes every format; the cache and the home folder are searched too.
    const QString out = m_dir.filePath(QStringLiteral("export"));
    const Run ex = gateline({QStringLiteral("export"), QStringLiteral("--to"), out, QStringLiteral("--from"), kFrom,
                             QStringLiteral("--until"), kUntil, QStringLiteral("--s3-endpoint"), endpoint(),
                             QStringLiteral("s3://%1/%2").arg(kBucket, albRoot())},
                            env(kAccess, kSecret));
    QVERIFY2(ex.code == 0, ex.err.constData());
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/postmortem.md")));
    for (const QByteArray &secretish : {kSecret.toUtf8(), kAccess.toUtf8()}) {
        QVERIFY(!ex.out.contains(secretish));
        QVERIFY(!ex.err.contains(secretish));
        int files = 0;
        for (const QString &root : {out, m_home}) {
            QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                QVERIFY2(!f.readAll().contains(secretish), qPrintable(f.fileName()));
                ++files;
            }
        }
        QVERIFY(files > 40);
    }
}

void TestS3Radosgw::badCredentialsAndMissingPlacesAreClear()
{
    const QString url = QStringLiteral("s3://%1/%2").arg(kBucket, albRoot());
    const QStringList window{QStringLiteral("--from"), kFrom, QStringLiteral("--until"), kUntil, QStringLiteral("--s3-endpoint"), endpoint()};
    Run r = gateline(QStringList{QStringLiteral("analyze")} + window + QStringList{url}, env(kAccess, QStringLiteral("wrong-secret")));
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("SignatureDoesNotMatch") && r.err.contains("secret access key"), r.err.constData());
    QVERIFY(!r.err.contains("wrong-secret"));
    r = gateline(QStringList{QStringLiteral("analyze")} + window + QStringList{url}, env(QStringLiteral("AKIDUNKNOWN"), kSecret));
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("InvalidAccessKeyId"), r.err.constData());
    r = gateline(QStringList{QStringLiteral("analyze")} + window + QStringList{QStringLiteral("s3://no-such-bucket-x/AWSLogs/")},
                 env(kAccess, kSecret));
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("NoSuchBucket"), r.err.constData());
    r = gateline(QStringList{QStringLiteral("analyze")} + window + QStringList{QStringLiteral("s3://%1/AWSLogs/000000000000/elasticloadbalancing/eu-west-1/").arg(kBucket)},
                 env(kAccess, kSecret));
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("no object under this prefix"), r.err.constData());
    r = gateline(QStringList{QStringLiteral("analyze")} + window + QStringList{QStringLiteral("s3://%1/AWSLogs/nothing-here.log.gz").arg(kBucket)},
                 env(kAccess, kSecret));
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("Nothing at s3://"), r.err.constData());
    QProcessEnvironment none = env(kAccess, kSecret);
    none.remove(QStringLiteral("AWS_ACCESS_KEY_ID"));
    r = gateline(QStringList{QStringLiteral("analyze")} + window + QStringList{url}, none);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("No AWS credentials"), r.err.constData());
}

void TestS3Radosgw::rangeReadsOfThisServer()
{
    // The server itself, with our signed requests. radosgw 18.2.7 (Debian 13) over dbstore answers
    // a Range GET with 206 and the right Content-Range, but the body starts at the beginning of the
    // stored piece that holds the offset: the head (the object's first 1,024 bytes) or the tail part
    // after it. Seen here: 700 -> bytes from 0, 1500 -> from 1024, and with `bytes=1500-2999` too.
    // The AWS CLI (botocore's own SigV4) gets the same answers, so it is not our signing or the
    // `bytes=N-` form. The cause is in Ceph's src/rgw/driver/dbstore/common/dbstore.cc:
    // _get_obj_iterate_cb sends the head's data, or a tail part read "from offset 0, len -1", from
    // its first byte, and DB::Object::iterate_obj never passes the offset within that piece.
    // The downloader copes (droppedConnectionIsResumedWithRange); if a later radosgw answers
    // correctly this XFAIL turns into an XPASS, which fails, so that this note is revisited.
    S3Config config;
    QCOMPARE(resolveS3Config(env(kAccess, kSecret), m_home, endpoint(), {}, &config), QString());
    S3Client client(config);
    const QString key = expectedKeys().first();
    QFile f(m_gen + QLatin1Char('/') + key);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray whole = f.readAll();
    QNetworkAccessManager nam;
    auto ranged = [&](qint64 offset) {
        const QNetworkRequest req = client.signedRequest("GET", kBucket, key, {}, {{"range", "bytes=" + QByteArray::number(offset) + '-'}},
                                                         sigv4::sha256Hex({}));
        QNetworkReply *reply = nam.get(req);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 206);
        QCOMPARE(reply->rawHeader("Content-Range"), "bytes " + QByteArray::number(offset) + '-'
                     + QByteArray::number(whole.size() - 1) + '/' + QByteArray::number(whole.size()));
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        if (offset > 0)
            QEXPECT_FAIL("", "radosgw 18.2.7 dbstore: a Range body starts at its stored piece's first byte (the head "
                             "below 1,024, else the tail part), not at the offset asked for",
                         Continue);
        QCOMPARE(body, whole.mid(offset));
        // Where it did start: the head's or the tail part's first byte.
        QCOMPARE(body, whole.mid(offset < 1024 ? 0 : 1024, body.size()));
    };
    QVERIFY(whole.size() > 1500);
    ranged(0);
    ranged(700);
    ranged(1500);
}

void TestS3Radosgw::droppedConnectionIsResumedWithRange()
{
    const QStringList want = expectedKeys();
    // Every object's first answer is cut after 1,500 bytes of its body.
    CuttingProxy proxy(m_port, 1500, 0);
    proxy.start();
    QTRY_VERIFY(proxy.port() != 0);
    QTemporaryDir cache;
    IngestOptions ingest;
    ingest.range.fromUs = QDateTime::fromString(kFrom, Qt::ISODate).toMSecsSinceEpoch() * 1000;
    ingest.range.untilUs = QDateTime::fromString(kUntil, Qt::ISODate).toMSecsSinceEpoch() * 1000;
    const S3LoadResult r = loadSources({QStringLiteral("s3://%1/%2").arg(kBucket, albRoot())}, ingest,
                                       loadOptions(proxy.port(), cache.path()), nullptr);
    proxy.quit();
    proxy.wait();
    QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
    QCOMPARE(r.download.objectsTotal, want.size());
    QCOMPARE(r.download.objectsFailed, 0);
    QVERIFY2(proxy.cuts.load() > 0, qPrintable(QString::number(proxy.cuts.load())));
    // Every cut was resumed; under load a connection may also end on its own (seen once: 41
    // resumes for 40 cuts), which the downloader resumes the same way.
    QVERIFY2(r.download.resumes >= proxy.cuts.load(),
             qPrintable(QStringLiteral("%1 resumes for %2 cuts").arg(r.download.resumes).arg(proxy.cuts.load())));
    // The first resumes asked for bytes=476- (1,024 before the cut, to compare); this server
    // answered from byte 0 (rangeReadsOfThisServer), the comparison caught it, and those objects
    // were fetched again without Range, as was every later resume: so each Range request made was
    // one fallback, and there was at least one.
    QVERIFY(proxy.rangeRequests.load() >= 1);
    QCOMPARE(r.download.rangeFallbacks, proxy.rangeRequests.load());
    QVERIFY2(r.store.messages.join(QLatin1Char('\n')).contains(QStringLiteral("Range answer did not match the bytes already read")),
             qPrintable(r.store.messages.join(QLatin1Char('\n'))));
    // And every object came byte for byte.
    for (const QString &k : want) {
        QFile got(S3Cache(cache.path()).pathFor(kBucket, k));
        QFile original(m_gen + QLatin1Char('/') + k);
        QVERIFY(got.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
        QVERIFY2(got.readAll() == original.readAll(), qPrintable(k));
    }
}

void TestS3Radosgw::cancelStopsAtOnce()
{
    // A slow proxy (every chunk held back) and a cancel shortly after the fetch starts.
    CuttingProxy proxy(m_port, -1, 150);
    proxy.start();
    QTRY_VERIFY(proxy.port() != 0);
    QTemporaryDir cache;
    IngestOptions ingest;
    CancelFlag cancel {false};
    std::atomic<bool> started {false};
    S3LoadResult r;
    QElapsedTimer clock;
    std::thread worker([&] {
        S3LoadCallbacks cb;
        cb.download = [&](const S3DownloadProgress &p) {
            if (p.bytesDone > 0)
                started = true;
        };
        r = loadSources({QStringLiteral("s3://%1/%2").arg(kBucket, albRoot())}, ingest, loadOptions(proxy.port(), cache.path()),
                        &cancel, cb);
    });
    QTRY_VERIFY_WITH_TIMEOUT(started.load(), 60000);
    clock.start();
    cancel = true;
    worker.join();
    const qint64 stopMs = clock.elapsed();
    proxy.quit();
    proxy.wait();
    QVERIFY2(stopMs < 3000, qPrintable(QString::number(stopMs)));
    QVERIFY(r.store.cancelled);
    QVERIFY(r.download.objectsDone - r.download.objectsFailed < m_keys.size());
    QVERIFY(std::any_of(r.store.messages.begin(), r.store.messages.end(),
                        [](const QString &m) { return m.contains(QStringLiteral("cancelled")); }));
}

QTEST_GUILESS_MAIN(TestS3Radosgw)
#include "tst_s3_radosgw.moc"
