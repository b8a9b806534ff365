// The generator's ingress log shapes (kubectl, stern, CRI, Docker json-file, Loki, ...), checked
// line by line with the test's own patterns; the ALB's targets and the clients the ingress sees;
// each replica's clock; and the same bytes for the same seed in every shape.
#include "testutil.h"

#include "generator/bundlegenerator.h"
#include "ingest/sourcereader.h"
#include "store/record.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace gateline;


namespace {


// Shapes other than `files` are checked with the test's own regexes (ingest's stream demultiplexer
// is developed separately).
GeneratorOptions shapeOptions(const QString &shape, const QString &ingress, quint32 seed = 12)
{
    GeneratorOptions o;
    o.cause = QStringLiteral("graceful-shutdown");
    o.ingress = ingress;
    o.ingressShape = shape;
    o.seed = seed;
    o.requestsPerSecond = 4;
    o.durationMinutes = 12;
    return o;
}

QList<QByteArray> linesOf(const QByteArray &text)
{
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

// What a controller pod's container writes, line by line (without any collector prefix).
const QRegularExpression &payloadLine()
{
    static const QRegularExpression re(QStringLiteral(
        "^(?:"
        "-{79}|NGINX Ingress controller| *Release: +v[\\d.]+| *Build: +[0-9a-f]{40}| *Repository: +https://\\S+|"
        " *nginx version: nginx/[\\d.]+|"                                               // banner (logcli trims)
        "[IWE]\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ [\\w.]+\\.go:\\d+\\] .+|"       // klog
        "\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[(?:error|warn)\\] \\d+#\\d+: \\*\\d+ .+|" // NGINX error log
        "[0-9a-f.:]+ - - \\[[^\\]]+\\] \"[A-Z]+ \\S+ HTTP/1\\.1\" \\d{3} .+|"            // access (upstreaminfo, CLF)
        "time=\"[^\"]+\" level=(?:debug|info|error|warning) msg=.+|"                     // Traefik logrus text
        "\\{\"ClientAddr\":.+\\}|\\{\"(?:ingress|level)\":.+\\}"                         // Traefik JSON
        ")?$"));
    return re;
}

bool isAccess(const QByteArray &line)
{
    static const QRegularExpression re(QStringLiteral(
        "^(?:[0-9a-f.:]+ - - \\[[^\\]]+\\] \"[A-Z]+ \\S+ HTTP/1\\.1\" \\d{3} |\\{\"ClientAddr\":)"));
    return re.match(QString::fromUtf8(line)).hasMatch();
}

// Splits the files of a shape into per-pod payload lines (prefixes removed, pieces joined), checking
// every line's prefix against the shape's regex. Fails (returns false, *why) on the first mismatch.
bool shapeLines(const QString &shape, const QString &dir, const GeneratorTruth &t,
                QMap<QString, QList<QByteArray>> *pods, QString *why)
{
    const QString ts9 = QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
    const QString tsNano = QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{0,8}[1-9])?Z");
    QRegularExpression re;
    if (shape == QLatin1String("kubectl-timestamps"))
        re.setPattern(QStringLiteral("^") + ts9 + QStringLiteral(" (.*)$"));
    else if (shape == QLatin1String("kubectl-prefix"))
        re.setPattern(QStringLiteral("^\\[pod/([a-z0-9-]+)/(?:controller|traefik)\\] ") + ts9 + QStringLiteral(" (.*)$"));
    else if (shape == QLatin1String("stern"))
        re.setPattern(QStringLiteral("^([a-z0-9-]+) (?:controller|traefik) (.*)$"));
    else if (shape == QLatin1String("stern-color"))
        re.setPattern(QStringLiteral("^\\x1b\\[9[1-6]m([a-z0-9-]+)\\x1b\\[0m \\x1b\\[3[1-6]m(?:controller|traefik)\\x1b\\[0m (.*)$"));
    else if (shape == QLatin1String("cri"))
        re.setPattern(QStringLiteral("^") + tsNano + QStringLiteral(" (stdout|stderr) ([PF]) (.*)$"));
    else if (shape == QLatin1String("loki-logcli"))
        re.setPattern(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\{app=\"[a-z-]+\", container=\"[a-z]+\", "
                                     "namespace=\"[a-z-]+\", pod=\"([a-z0-9-]+)\"\\} +(.*)$"));
    const QRegularExpression dockerTime(QStringLiteral("^") + tsNano + QStringLiteral("$"));
    const QStringList files = t.filesByKind.value(QStringLiteral("ingress-mixed"));
    if (files.isEmpty()) {
        *why = QStringLiteral("no ingress-mixed files");
        return false;
    }
    for (const QString &f : files) {
        const QByteArray text = testutil::readAll(QDir(dir).filePath(f));
        QString owner; // a file of one pod: that pod
        int holders = 0;
        for (const GeneratorReplica &r : t.replicas) {
            if (r.files.contains(f)) {
                owner = r.pod;
                ++holders;
            }
        }
        if (holders != 1)
            owner.clear();
        if (shape == QLatin1String("loki-json")) {
            const QJsonObject root = QJsonDocument::fromJson(text).object();
            if (root.value(QStringLiteral("status")).toString() != QLatin1String("success")) {
                *why = f + QStringLiteral(": not a successful query_range response");
                return false;
            }
            for (const QJsonValue &s : root.value(QStringLiteral("data")).toObject().value(QStringLiteral("result")).toArray()) {
                const QString pod = s.toObject().value(QStringLiteral("stream")).toObject().value(QStringLiteral("pod")).toString();
                const QJsonArray values = s.toObject().value(QStringLiteral("values")).toArray();
                QList<QByteArray> &out = (*pods)[pod];
                for (qsizetype i = values.size(); i-- > 0;) // newest first
                    out.append(values.at(i).toArray().at(1).toString().toUtf8());
            }
            continue;
        }
        QByteArray pending; // CRI / docker pieces of a long line
        QList<QByteArray> lines = linesOf(text);
        if (shape == QLatin1String("loki-logcli"))
            std::reverse(lines.begin(), lines.end()); // newest first
        for (const QByteArray &line : lines) {
            QString pod = owner;
            QByteArray payload;
            if (shape == QLatin1String("kubectl")) {
                payload = line;
            } else if (shape == QLatin1String("docker-json")) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                const QString log = o.value(QStringLiteral("log")).toString();
                if (o.size() != 3 || !dockerTime.match(o.value(QStringLiteral("time")).toString()).hasMatch()
                    || (o.value(QStringLiteral("stream")) != QLatin1String("stdout") && o.value(QStringLiteral("stream")) != QLatin1String("stderr"))) {
                    *why = f + QStringLiteral(": bad docker line ") + QString::fromUtf8(line.left(200));
                    return false;
                }
                pending += log.toUtf8();
                if (!log.endsWith(QLatin1Char('\n')))
                    continue;
                payload = pending.chopped(1);
                pending.clear();
            } else {
                const QRegularExpressionMatch m = re.match(QString::fromUtf8(line));
                if (!m.hasMatch()) {
                    *why = f + QStringLiteral(": prefix does not match: ") + QString::fromUtf8(line.left(200));
                    return false;
                }
                if (shape == QLatin1String("cri")) {
                    pending += m.captured(3).toUtf8();
                    if (m.captured(2) == QLatin1String("P"))
                        continue;
                    payload = pending;
                    pending.clear();
                } else if (re.captureCount() == 2) {
                    pod = m.captured(1);
                    payload = m.captured(2).toUtf8();
                } else {
                    payload = m.captured(1).toUtf8();
                }
            }
            if (!payloadLine().match(QString::fromUtf8(payload)).hasMatch()) {
                *why = f + QStringLiteral(": unexpected line: ") + QString::fromUtf8(payload.left(200));
                return false;
            }
            (*pods)[pod].append(payload);
        }
        if (!pending.isEmpty()) {
            *why = f + QStringLiteral(": unfinished partial line");
            return false;
        }
    }
    return true;
}

QMap<QString, qint64> accessCounts(const QMap<QString, QList<QByteArray>> &pods)
{
    QMap<QString, qint64> out;
    for (auto it = pods.cbegin(); it != pods.cend(); ++it)
        out[it.key()] = std::count_if(it.value().cbegin(), it.value().cend(), isAccess);
    return out;
}

} // namespace

class TestGeneratorShapes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shapes_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("ingress");
        for (const QString &shape : GeneratorOptions::ingressShapes())
            if (shape != QLatin1String("files"))
                QTest::newRow(qPrintable(shape + QStringLiteral("/nginx"))) << shape << QStringLiteral("nginx");
        for (const char *shape : {"kubectl", "kubectl-timestamps", "cri", "docker-json", "stern-color"})
            QTest::newRow(qPrintable(QString::fromLatin1(shape) + QStringLiteral("/traefik"))) << QString::fromLatin1(shape) << QStringLiteral("traefik");
        for (const char *shape : {"kubectl-prefix", "loki-json", "loki-logcli"})
            QTest::newRow(qPrintable(QString::fromLatin1(shape) + QStringLiteral("/traefik-json"))) << QString::fromLatin1(shape) << QStringLiteral("traefik-json");
    }
    void shapes()
    {
        QFETCH(QString, shape);
        QFETCH(QString, ingress);
        QTemporaryDir baseDir, dir;
        GeneratorTruth base, t;
        QString error, why;
        QVERIFY2(generateBundle(shapeOptions(QStringLiteral("kubectl"), ingress), baseDir.path(), &base, &error), qPrintable(error));
        QVERIFY2(generateBundle(shapeOptions(shape, ingress), dir.path(), &t, &error), qPrintable(error));
        QCOMPARE(t.ingressShape, shape);
        QCOMPARE(t.requests, base.requests);
        QCOMPARE(t.ingressLines, base.ingressLines);
        QVERIFY(t.ingressLines > 1000);
        QCOMPARE(t.ingressLines, t.requests - t.missingUpstream502);
        QVERIFY(!t.filesByKind.contains(QStringLiteral("ingress-access")));
        for (const QString &f : t.filesByKind.value(QStringLiteral("ingress-mixed")))
            QVERIFY2(t.files.contains(f), qPrintable(f));

        QMap<QString, QList<QByteArray>> expected, got;
        QVERIFY2(shapeLines(QStringLiteral("kubectl"), baseDir.path(), base, &expected, &why), qPrintable(why));
        QVERIFY2(shapeLines(shape, dir.path(), t, &got, &why), qPrintable(why));
        // Every shape carries the same lines per pod (CRI and docker pieces joined, JSON unescaped);
        // logcli trims them.
        QCOMPARE(got.keys(), expected.keys());
        QCOMPARE(qsizetype(got.size()), t.replicas.size());
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            if (shape == QLatin1String("loki-logcli"))
                for (QByteArray &l : it.value())
                    l = l.trimmed();
            const QList<QByteArray> &mine = got.value(it.key());
            QCOMPARE(mine.size(), it.value().size());
            for (qsizetype i = 0; i < mine.size(); ++i)
                QVERIFY2(mine[i] == it.value()[i], qPrintable(it.key() + QStringLiteral(" line ") + QString::number(i)));
        }
        // The access lines per pod are exactly the truth's.
        const QMap<QString, qint64> counts = accessCounts(got);
        qint64 sum = 0;
        for (const GeneratorReplica &r : t.replicas) {
            QCOMPARE(counts.value(r.pod), r.accessLines);
            QVERIFY(r.otherLines > 10); // banner, startup and reload lines
            sum += r.accessLines;
        }
        QCOMPARE(sum, t.ingressLines);
        // So are the lines about failed upstream attempts (NGINX error log, Traefik debug lines).
        qint64 errorSum = 0;
        for (const GeneratorReplica &r : t.replicas) {
            const QList<QByteArray> &mine = got.value(r.pod);
            const qint64 errors = std::count_if(mine.cbegin(), mine.cend(), [](const QByteArray &l) {
                return l.contains(" [error] ") || l.contains("caused by: ");
            });
            QCOMPARE(errors, r.errorLines);
            errorSum += errors;
        }
        QCOMPARE(errorSum, t.errorLogLines);
        QVERIFY(t.errorLogLines > 0);
        // The controller pod's output: banner first, lines of both streams interleaved.
        const QList<QByteArray> &first = got.first();
        const char *opening = ingress == QLatin1String("nginx") ? "-----" : (ingress == QLatin1String("traefik") ? "time=" : "{\"level\"");
        QVERIFY2(first.value(0).startsWith(opening), first.value(0).constData());
        // Lines over the runtimes' 16 KiB buffer come in pieces.
        const QByteArray all = testutil::readAll(dir.filePath(t.filesByKind.value(QStringLiteral("ingress-mixed")).first()));
        if (shape == QLatin1String("cri"))
            QVERIFY(all.contains(" P ") && all.contains(" F "));
        if (shape == QLatin1String("docker-json"))
            QVERIFY(all.contains("\",\"stream\":\"") && QRegularExpression(QStringLiteral("[^n]\",\"stream\"")).match(QString::fromUtf8(all)).hasMatch());
        qsizetype longest = 0;
        for (const QByteArray &l : first)
            longest = std::max(longest, l.size());
        QVERIFY2(longest > 16 * 1024, qPrintable(QString::number(longest)));
        // Each replica's lines can be found by source name.
        for (const GeneratorReplica &r : t.replicas) {
            QVERIFY(!r.files.isEmpty());
            for (const QString &f : r.files) {
                const bool shared = std::any_of(t.replicas.cbegin(), t.replicas.cend(), [&](const GeneratorReplica &o) {
                    return o.pod != r.pod && o.files.contains(f);
                });
                bool found = false;
                const double offset = t.expectedClockOffsetFor(shared ? f + QLatin1Char('#') + r.pod : f, &found);
                QVERIFY2(found, qPrintable(f));
                QCOMPARE(offset, r.expectedClockOffsetSeconds);
                if (shared) {
                    t.expectedClockOffsetFor(f, &found);
                    QVERIFY(!found);
                }
            }
        }
    }

    void albTargetsAndClients()
    {
        for (const QString &scheme : GeneratorOptions::albSchemes()) {
            QTemporaryDir dir;
            GeneratorOptions o = shapeOptions(QStringLiteral("kubectl"), QStringLiteral("nginx"), 31);
            o.albScheme = scheme;
            GeneratorTruth t;
            QString error;
            QVERIFY2(generateBundle(o, dir.path(), &t, &error), qPrintable(error));
            // The pods JSON lists the controller pods with the truth's IPs and nodes.
            const QJsonArray items = QJsonDocument::fromJson(testutil::readAll(dir.filePath(QStringLiteral("k8s/pods.json"))))
                                         .object().value(QStringLiteral("items")).toArray();
            QSet<QString> podTargets;
            for (const GeneratorReplica &r : t.replicas) {
                bool listed = false;
                for (const QJsonValue &v : items) {
                    const QJsonObject pod = v.toObject();
                    if (pod.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString() != r.pod)
                        continue;
                    listed = true;
                    QCOMPARE(pod.value(QStringLiteral("status")).toObject().value(QStringLiteral("podIP")).toString(), r.podIp);
                    QCOMPARE(pod.value(QStringLiteral("spec")).toObject().value(QStringLiteral("nodeName")).toString(), r.node);
                    const int port = pod.value(QStringLiteral("spec")).toObject().value(QStringLiteral("containers")).toArray().at(0)
                                         .toObject().value(QStringLiteral("ports")).toArray().at(0).toObject()
                                         .value(QStringLiteral("containerPort")).toInt();
                    podTargets.insert(r.podIp + QLatin1Char(':') + QString::number(port));
                }
                QVERIFY2(listed, qPrintable(r.pod));
            }
            // Every ALB target is a controller pod (target type ip), and every pod gets traffic.
            QSet<QString> targets, fileIps, expectedFileIps, privateIps;
            for (const GeneratorAlbNode &n : t.albNodes) {
                QVERIFY(n.privateIp.startsWith(QLatin1String("10.")));
                privateIps.insert(n.privateIp);
                expectedFileIps.insert(scheme == QLatin1String("internal") ? n.privateIp : n.publicIp);
                QCOMPARE(n.fileIp, scheme == QLatin1String("internal") ? n.privateIp : n.publicIp);
                if (scheme == QLatin1String("internet-facing"))
                    QVERIFY(!n.publicIp.startsWith(QLatin1String("10.")));
            }
            QCOMPARE(t.albNodes.size(), qsizetype(o.albNodes));
            for (const QString &f : t.filesByKind.value(QStringLiteral("alb"))) {
                fileIps.insert(f.section(QLatin1Char('_'), -2, -2));
                const QList<QByteArray> lines = linesOf(testutil::gunzip(testutil::readAll(dir.filePath(f))));
                QVERIFY(!lines.isEmpty());
                for (const QByteArray &l : lines)
                    targets.insert(QString::fromLatin1(l.split(' ').value(4)));
            }
            QCOMPARE(targets, podTargets);
            QCOMPARE(fileIps, expectedFileIps);
            // The ingress logs the ALB node's private IP as the client.
            QSet<QString> clients;
            for (const GeneratorReplica &r : t.replicas)
                for (const QByteArray &l : linesOf(testutil::readAll(dir.filePath(r.files.value(0)))))
                    if (isAccess(l))
                        clients.insert(QString::fromLatin1(l.left(l.indexOf(' '))));
            QCOMPARE(clients, privateIps);
        }
        // With real client IPs, none of them is an ALB node or a private address.
        QTemporaryDir dir;
        GeneratorOptions o = shapeOptions(QStringLiteral("kubectl"), QStringLiteral("nginx"), 31);
        o.ingressClient = QStringLiteral("real");
        GeneratorTruth t;
        QVERIFY(generateBundle(o, dir.path(), &t, nullptr));
        qint64 access = 0;
        for (const GeneratorReplica &r : t.replicas) {
            for (const QByteArray &l : linesOf(testutil::readAll(dir.filePath(r.files.value(0))))) {
                if (!isAccess(l))
                    continue;
                ++access;
                QVERIFY2(!l.startsWith("10."), l.constData());
            }
        }
        QCOMPARE(access, t.ingressLines);
    }

    void replicaClocks()
    {
        QTemporaryDir dir;
        GeneratorOptions o = shapeOptions(QStringLiteral("kubectl-timestamps"), QStringLiteral("nginx"), 17);
        o.ingressSkewSeconds = 5;
        o.replicaSkewSeconds = 30;
        GeneratorTruth t;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &t, &error), qPrintable(error));
        QVERIFY(t.replicas.size() >= 2);
        QSet<double> skews;
        const QJsonObject json = QJsonDocument::fromJson(testutil::readAll(dir.filePath(QStringLiteral("truth.json")))).object();
        const QJsonObject bySource = json.value(QStringLiteral("sourceClockOffsets")).toObject();
        QCOMPARE(json.value(QStringLiteral("ingressShape")).toString(), QStringLiteral("kubectl-timestamps"));
        QCOMPARE(json.value(QStringLiteral("replicas")).toArray().size(), t.replicas.size());
        for (const GeneratorReplica &r : t.replicas) {
            QVERIFY2(r.skewSeconds >= -25 && r.skewSeconds <= 35, qPrintable(QString::number(r.skewSeconds)));
            QCOMPARE(r.expectedClockOffsetSeconds, -r.skewSeconds);
            skews.insert(r.skewSeconds);
            QCOMPARE(r.files.size(), 1);
            QCOMPARE(bySource.value(r.files[0]).toDouble(), r.expectedClockOffsetSeconds);
            bool found = false;
            QCOMPARE(t.expectedClockOffsetFor(dir.filePath(r.files[0]), &found), r.expectedClockOffsetSeconds);
            QVERIFY(found);
            // The runtime's timestamps are the replica's node clock: the first request arrives in the
            // window's first seconds.
            for (const QByteArray &l : linesOf(testutil::readAll(dir.filePath(r.files[0])))) {
                if (!isAccess(l.mid(31)))
                    continue;
                const QDateTime stamp = QDateTime::fromString(QString::fromLatin1(l.left(19)) + QLatin1Char('Z'), Qt::ISODate);
                const double delta = double(t.start.msecsTo(stamp)) / 1000.0 - r.skewSeconds;
                QVERIFY2(delta > -1.5 && delta < 6, qPrintable(QString::number(delta)));
                break;
            }
        }
        QCOMPARE(qsizetype(skews.size()), t.replicas.size());
        // One clock for all when the spread is 0.
        o.replicaSkewSeconds = 0;
        QVERIFY(generateBundle(o, dir.path(), &t, nullptr));
        for (const GeneratorReplica &r : t.replicas)
            QCOMPARE(r.expectedClockOffsetSeconds, -5.0);
    }

    void shapesDeterministic()
    {
        for (const char *shape : {"kubectl-prefix", "cri", "docker-json", "loki-json"}) {
            QTemporaryDir a, b, c;
            GeneratorOptions o = shapeOptions(QString::fromLatin1(shape), QStringLiteral("nginx"), 5);
            o.cause = QStringLiteral("oom-crash");
            QVERIFY(generateBundle(o, a.path(), nullptr, nullptr));
            QVERIFY(generateBundle(o, b.path(), nullptr, nullptr));
            o.seed = 6;
            QVERIFY(generateBundle(o, c.path(), nullptr, nullptr));
            const auto fa = testutil::readTree(a.path()), fb = testutil::readTree(b.path()), fc = testutil::readTree(c.path());
            QCOMPARE(fa.keys(), fb.keys());
            for (auto it = fa.cbegin(); it != fa.cend(); ++it)
                QVERIFY2(it.value() == fb.value(it.key()), qPrintable(it.key()));
            QVERIFY(fa != fc);
        }
    }

};

QTEST_GUILESS_MAIN(TestGeneratorShapes)
#include "tst_generator_shapes.moc"
