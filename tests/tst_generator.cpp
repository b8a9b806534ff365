// The incident-bundle generator: deterministic bytes per seed, names that vary with the seed, files
// that the project's parsers read with the counts the truth promises, and AWS's file naming.
// (The ingress log shapes, ALB targets and replica clocks: tst_generator_shapes.)
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
#include <zlib.h>

#include <algorithm>

using namespace gateline;


namespace {

// The first generator's shape (separate access/error files, real client IPs): parsed through ingest.
GeneratorOptions smallOptions(const QString &cause, quint32 seed = 7)
{
    GeneratorOptions o = GeneratorOptions::legacy();
    o.cause = cause;
    o.seed = seed;
    o.requestsPerSecond = 8;
    o.durationMinutes = 20;
    return o;
}


struct ParsedCounts {
    qint64 albRecords = 0, alb502 = 0, albMissing = 0, albRejected = 0;
    qint64 ingressRecords = 0, ingressRejected = 0;
    qint64 upstreamErrors = 0;
    qint64 events = 0, pods = 0;
    QMap<QString, QString> formatOf; // file -> format id
    qint64 firstAlbUs = 0, firstIngressUs = 0;
    int ingressUtcOffset = 0;
};

ParsedCounts parseBundle(const QString &dir, const GeneratorTruth &truth)
{
    ParsedCounts c;
    for (const QString &f : truth.files) {
        const SourceReadResult r = readSourceFile(QDir(dir).filePath(f));
        if (!r.primary()) {
            c.formatOf.insert(f, QStringLiteral("unrecognised: ") + r.unrecognisedReason);
            continue;
        }
        // A file may hold several line kinds (an error log: NGINX errors and controller lines).
        QStringList ids;
        for (const auto &sub : r.sources)
            if (!ids.contains(formatId(sub->format)))
                ids.append(formatId(sub->format));
        ids.sort();
        c.formatOf.insert(f, ids.join(QLatin1Char('+')));
        for (const auto &sub : r.sources) {
            const SourceData &d = *sub;
            switch (d.format) {
            case SourceFormat::Alb:
                c.albRecords += d.size();
                c.albRejected += d.rejected.total;
                for (qsizetype i = 0; i < d.size(); ++i) {
                    if (d.status(i) == 502) {
                        ++c.alb502;
                        if (d.upstreamStatus(i) == kUpstreamDash)
                            ++c.albMissing;
                    }
                }
                if (d.size() && (!c.firstAlbUs || d.firstTime().us < c.firstAlbUs))
                    c.firstAlbUs = d.firstTime().us;
                break;
            case SourceFormat::NginxIngress:
            case SourceFormat::TraefikClf:
            case SourceFormat::TraefikJson:
                c.ingressRecords += d.size();
                c.ingressRejected += d.rejected.total;
                c.ingressUtcOffset = d.utcOffsetSeconds;
                if (d.size() && (!c.firstIngressUs || d.firstTime().us < c.firstIngressUs))
                    c.firstIngressUs = d.firstTime().us;
                break;
            case SourceFormat::NginxError:
                for (qsizetype i = 0; i < d.size(); ++i)
                    c.upstreamErrors += d.kind(i) == EventKind::UpstreamError ? 1 : 0;
                break;
            case SourceFormat::K8sEvents: c.events += d.size(); break;
            case SourceFormat::K8sPods: c.pods += d.size(); break;
            default: break;
            }
        }
    }
    return c;
}

} // namespace

class TestGenerator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deterministic()
    {
        QTemporaryDir a, b;
        GeneratorOptions o = smallOptions(QStringLiteral("oom-crash"), 11);
        o.ingressSkewSeconds = 2.5;
        o.timezone = QStringLiteral("Europe/Berlin");
        GeneratorTruth ta, tb;
        QString error;
        QVERIFY2(generateBundle(o, a.path(), &ta, &error), qPrintable(error));
        o.threads = 1; // the number of gzip workers must not change a byte
        QVERIFY2(generateBundle(o, b.path(), &tb, &error), qPrintable(error));
        const auto fa = testutil::readTree(a.path()), fb = testutil::readTree(b.path());
        QCOMPARE(fa.keys(), fb.keys());
        QVERIFY(fa.size() > 5);
        for (auto it = fa.cbegin(); it != fa.cend(); ++it)
            QVERIFY2(it.value() == fb.value(it.key()), qPrintable(it.key()));
    }

    void namesVaryWithSeed()
    {
        QSet<QString> domains, accounts, pods, lbs;
        for (quint32 seed = 1; seed <= 6; ++seed) {
            QTemporaryDir dir;
            GeneratorOptions o = smallOptions(QStringLiteral("none"), seed);
            o.durationMinutes = 5;
            o.requestsPerSecond = 2;
            GeneratorTruth t;
            QString error;
            QVERIFY2(generateBundle(o, dir.path(), &t, &error), qPrintable(error));
            domains.insert(t.domain);
            accounts.insert(t.account);
            lbs.insert(t.loadBalancer);
            pods.insert(t.appPods.join(QLatin1Char(',')));
            QVERIFY(!t.appPods.isEmpty());
            for (const QString &p : t.appPods)
                QVERIFY2(p.startsWith(t.appDeployment + QLatin1Char('-')), qPrintable(p));
        }
        QCOMPARE(accounts.size(), 6);
        QCOMPARE(lbs.size(), 6);
        QCOMPARE(pods.size(), 6);
        QVERIFY(domains.size() >= 4);
        // The cause must not change the names.
        GeneratorTruth t1, t2;
        QTemporaryDir d1, d2;
        QVERIFY(generateBundle(smallOptions(QStringLiteral("none"), 3), d1.path(), &t1, nullptr));
        QVERIFY(generateBundle(smallOptions(QStringLiteral("dns-failure"), 3), d2.path(), &t2, nullptr));
        QCOMPARE(t1.domain, t2.domain);
        QCOMPARE(t1.appNamespace, t2.appNamespace);
        QCOMPARE(t1.appDeployment, t2.appDeployment);
        QCOMPARE(t1.ingressPods, t2.ingressPods);
    }

    void parsesWithTruthCounts_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<quint32>("seed");
        for (const QString &cause : GeneratorOptions::causes())
            if (cause != QLatin1String("no-ready-backend")) // GKE: a GCP load balancer's log (tst_branches)
                QTest::newRow(qPrintable(cause + QStringLiteral("/nginx"))) << cause << QStringLiteral("nginx") << 5u;
        QTest::newRow("oom-crash/traefik") << QStringLiteral("oom-crash") << QStringLiteral("traefik") << 2u;
        QTest::newRow("oom-crash/nginx/seed2") << QStringLiteral("oom-crash") << QStringLiteral("nginx") << 2u;
        QTest::newRow("graceful-shutdown/traefik-json") << QStringLiteral("graceful-shutdown") << QStringLiteral("traefik-json") << 3u;
        QTest::newRow("keepalive-mismatch/none") << QStringLiteral("keepalive-mismatch") << QStringLiteral("none") << 4u;
    }
    void parsesWithTruthCounts()
    {
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QFETCH(quint32, seed);
        QTemporaryDir dir;
        GeneratorOptions o = smallOptions(cause, seed);
        o.ingress = ingress;
        GeneratorTruth t;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &t, &error), qPrintable(error));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("truth.json"))));
        // The truth sits in the bundle folder: no parser may take it for a log.
        const SourceReadResult truthRead = readSourceFile(dir.filePath(QStringLiteral("truth.json")));
        QVERIFY2(!truthRead.primary() || truthRead.primary()->size() == 0, "truth.json parsed as a log");
        QVERIFY(t.requests > 5000);

        // What the cause must show.
        if (cause == QLatin1String("none")) {
            QCOMPARE(t.cause502, 0);
            QCOMPARE(t.missingUpstream502, 0);
            QVERIFY(t.incidentWindows.isEmpty());
        } else {
            QVERIFY2(t.cause502 > 0 || t.status504 > 0 || t.cdnMade502 > 0, "the cause produced no errors");
            QVERIFY(!t.incidentWindows.isEmpty());
        }
        QCOMPARE(t.status502, t.origin502Alb + t.origin502Ingress + t.origin502App);
        QCOMPARE(t.origin502Alb, t.missingUpstream502);
        if (cause == QLatin1String("keepalive-mismatch"))
            QVERIFY(t.missingUpstream502 > 0 && t.origin502Ingress + t.retriedOk > 0);
        if (cause == QLatin1String("oom-crash") && t.variant == QLatin1String("ingress"))
            QVERIFY(t.missingUpstream502 > 0);
        if (cause == QLatin1String("graceful-shutdown") || cause == QLatin1String("pod-not-ready")
            || cause == QLatin1String("health-check-flapping") || cause == QLatin1String("dns-failure"))
            QCOMPARE(t.missingUpstream502, 0);

        const ParsedCounts c = parseBundle(dir.path(), t);
        const QRegularExpression albName(QStringLiteral(
            "^AWSLogs/(\\d{12})/elasticloadbalancing/([a-z0-9-]+)/(\\d{4})/(\\d{2})/(\\d{2})/\\1_elasticloadbalancing_\\2_"
            "app\\.k8s-[a-z0-9-]+\\.[0-9a-f]{16}_\\3\\4\\5T\\d{2}[0-5][05]Z_\\d+\\.\\d+\\.\\d+\\.\\d+_[a-z0-9]{8}\\.log\\.gz$"));
        int albFiles = 0;
        for (auto it = c.formatOf.cbegin(); it != c.formatOf.cend(); ++it) {
            if (it.key().startsWith(QLatin1String("AWSLogs/"))) {
                ++albFiles;
                QVERIFY2(albName.match(it.key()).hasMatch(), qPrintable(it.key()));
                QCOMPARE(it.value(), QStringLiteral("alb"));
            } else if (it.key().endsWith(QLatin1String(".error.log"))) {
                for (const QString &id : it.value().split(QLatin1Char('+')))
                    QVERIFY2(id == QLatin1String("nginx-error") || id == QLatin1String("controller-log"), qPrintable(it.value()));
            } else if (it.key().endsWith(QLatin1String(".log"))) {
                const QString expected = ingress == QLatin1String("nginx") ? QStringLiteral("nginx-ingress")
                                         : ingress == QLatin1String("traefik") ? QStringLiteral("traefik-clf")
                                                                                 : QStringLiteral("traefik-json");
                QCOMPARE(it.value(), expected);
            } else if (it.key() == QLatin1String("k8s/events.json")) {
                QCOMPARE(it.value(), QStringLiteral("k8s-events"));
            } else if (it.key() == QLatin1String("k8s/pods.json")) {
                QCOMPARE(it.value(), QStringLiteral("k8s-pods"));
            }
        }
        QVERIFY(albFiles >= 2 * (o.durationMinutes / 5));
        QCOMPARE(c.albRejected, 0);
        QCOMPARE(c.albRecords, t.requests);
        QCOMPARE(c.alb502, t.status502);
        QCOMPARE(c.albMissing, t.missingUpstream502);
        if (ingress != QLatin1String("none")) {
            QCOMPARE(c.ingressRejected, 0);
            QCOMPARE(c.ingressRecords, t.ingressLines);
            QCOMPARE(t.ingressLines, t.requests - t.missingUpstream502);
        }
        if (ingress == QLatin1String("nginx"))
            QCOMPARE(c.upstreamErrors, t.errorLogLines);
        QVERIFY(c.events > 0);
        QVERIFY(c.pods > 0);
    }

    void skewAndTimezone()
    {
        QTemporaryDir dir;
        GeneratorOptions o = smallOptions(QStringLiteral("graceful-shutdown"), 9);
        o.ingressSkewSeconds = 4;
        o.timezone = QStringLiteral("America/New_York");
        GeneratorTruth t;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &t, &error), qPrintable(error));
        QCOMPARE(t.expectedIngressClockOffsetSeconds, -4.0);
        const ParsedCounts c = parseBundle(dir.path(), t);
        QCOMPARE(c.ingressUtcOffset, -5 * 3600);
        // The first ingress line is written about skew seconds after the first ALB request's time.
        const double delta = double(c.firstIngressUs - c.firstAlbUs) / 1e6;
        QVERIFY2(delta > 2.5 && delta < 6.5, qPrintable(QString::number(delta)));
        QFile truth(dir.filePath(QStringLiteral("truth.json")));
        QVERIFY(truth.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(truth.readAll()).object();
        QCOMPARE(j.value(QStringLiteral("counts")).toObject().value(QStringLiteral("requests")).toInteger(), t.requests);
        QCOMPARE(j.value(QStringLiteral("cause")).toString(), QStringLiteral("graceful-shutdown"));
    }

    void targetLines()
    {
        QTemporaryDir dir;
        GeneratorOptions o = smallOptions(QStringLiteral("hpa-too-slow"), 4);
        o.targetAlbLines = 40000;
        o.ingress = QStringLiteral("none");
        o.writeK8s = false;
        GeneratorTruth t;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &t, &error), qPrintable(error));
        QVERIFY2(qAbs(t.requests - 40000) < 1200, qPrintable(QString::number(t.requests)));
        QVERIFY(t.cause502 > 0);
    }

    void rejectsBadOptions()
    {
        QTemporaryDir dir;
        QString error;
        GeneratorOptions o;
        o.cause = QStringLiteral("cosmic-rays");
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        QVERIFY(error.contains(QLatin1String("cosmic-rays")));
        o = GeneratorOptions();
        o.timezone = QStringLiteral("Mars/Olympus");
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        QVERIFY(error.contains(QLatin1String("time zone")));
        o = GeneratorOptions();
        o.ingressShape = QStringLiteral("syslog");
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        QVERIFY(error.contains(QLatin1String("syslog")));
        o = GeneratorOptions();
        o.ingressClient = QStringLiteral("x-forwarded-for");
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        o = GeneratorOptions();
        o.replicaSkewSeconds = -1;
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        // The app's pods as the ALB's targets: no ingress in the path, and no NodePort.
        o = GeneratorOptions();
        o.albTargetType = QStringLiteral("pod");
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        QVERIFY2(error.contains(QLatin1String("--ingress none")), qPrintable(error));
        o.ingress = QStringLiteral("none");
        o.cause = QStringLiteral("nodeport-busy");
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        QVERIFY2(error.contains(QLatin1String("nodeport-busy")), qPrintable(error));
        o.cause = QStringLiteral("graceful-shutdown+dns-failure");
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        QVERIFY2(error.contains(QLatin1String("dns-failure")), qPrintable(error));
    }

    // The ALB straight to the app's pods: an OOM kill is always the app's (no ingress pod is in the
    // path), and the ALB's own 502s name the pod as their target.
    void podTargetsOomCrash()
    {
        QTemporaryDir dir;
        GeneratorOptions o = smallOptions(QStringLiteral("oom-crash"), 1);
        o.ingress = QStringLiteral("none");
        o.albTargetType = QStringLiteral("pod");
        for (quint32 seed : {1u, 2u, 3u, 4u}) {
            o.seed = seed;
            GeneratorTruth t;
            QString error;
            QVERIFY2(generateBundle(o, dir.path(), &t, &error), qPrintable(error));
            QCOMPARE(t.variant, QStringLiteral("app"));
            QVERIFY2(t.cause502 > 0, qPrintable(QString::number(seed)));
            QCOMPARE(t.origin502Ingress, 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
