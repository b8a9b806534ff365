// `gateline analyze` as scripts use it: exit codes, the JSON contract's members, and the text form.
#include "archivewriter.h"
#include "testutil.h"

#include <QFile>
#include <QJsonArray>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Run {
    int code = -1;
    QByteArray out, err;
};

Run gateline(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATELINE_BINARY), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageErrorsExitTwo()
    {
        QCOMPARE(gateline({QStringLiteral("analyze")}).code, 2);
        QCOMPARE(gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("xml"), QStringLiteral("x")}).code, 2);
        QCOMPARE(gateline({QStringLiteral("analyze"), QStringLiteral("--window"), QStringLiteral("-3"), QStringLiteral("x")}).code, 2);
        QCOMPARE(gateline({QStringLiteral("analyze"), QStringLiteral("--offset"), QStringLiteral("nonsense"), QStringLiteral("x")}).code, 2);
        const Run r = gateline({QStringLiteral("analyze"), QStringLiteral("--bogus"), QStringLiteral("x")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("bogus"));
    }

    void versionAndNoDisplay()
    {
        const Run v = gateline({QStringLiteral("--version")});
        QCOMPARE(v.code, 0);
        QCOMPARE(v.out.trimmed(), QByteArray("gateline " GATELINE_VERSION));
        // The workbench with nowhere to show it: a clear message and exit 2, not Qt's abort.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(var));
        const Run gui = gateline({testutil::dataPath(QStringLiteral("corpus/alb"))}, env);
        QCOMPARE(gui.code, 2);
        QVERIFY2(gui.err.contains("no display") && gui.err.contains("xvfb-run"), gui.err.constData());
    }

    // `gateline` runs the window and export in gateline-workbench beside it (app/workbenchexec.h):
    // export through it, arguments passed on, files written.
    void exportRunsInTheWorkbench()
    {
        QTemporaryDir out;
        QVERIFY(out.isValid());
        const Run r = gateline({QStringLiteral("export"), testutil::dataPath(QStringLiteral("corpus/alb")),
                                QStringLiteral("--to"), out.path()});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(QFile::exists(out.filePath(QStringLiteral("postmortem.md"))));
        QVERIFY(QFile::exists(out.filePath(QStringLiteral("chart.png"))));
    }

    // gateline alone, without gateline-workbench beside it: the window or export says what is
    // missing in gateline's words, started directly or through the dynamic loader (as ./gateline
    // runs the build root's binary), never a loader's "cannot open shared object file".
    void missingWorkbenchIsSaidPlainly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString lone = dir.filePath(QStringLiteral("gateline"));
        QVERIFY(QFile::copy(QStringLiteral(GATELINE_BINARY), lone));
        QVERIFY(QFile::setPermissions(lone, QFile::permissions(lone) | QFileDevice::ExeOwner));
        const QStringList exportArgs{QStringLiteral("export"), testutil::dataPath(QStringLiteral("corpus/alb")),
                                     QStringLiteral("--to"), dir.filePath(QStringLiteral("out"))};
        QList<QPair<QString, QStringList>> starts{{lone, exportArgs}};
        for (const QString &loader : {QStringLiteral("/lib64/ld-linux-x86-64.so.2"), QStringLiteral("/lib/ld-linux-aarch64.so.1")})
            if (QFile::exists(loader))
                starts.append({loader, QStringList{lone} + exportArgs});
        for (const auto &[program, args] : starts) {
            QProcess p;
            p.start(program, args);
            QVERIFY(p.waitForFinished(60000));
            const QByteArray err = p.readAllStandardError();
            QCOMPARE(p.exitCode(), 1);
            QVERIFY2(err.contains("gateline-workbench, which is not beside this program"), err.constData());
            QVERIFY2(!err.contains("shared object"), err.constData());
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out/postmortem.md"))));
    }

    void progressOnlyOnATerminal()
    {
        // Redirected (as scripts run it): no progress text at all.
        const Run piped = gateline({QStringLiteral("analyze"), testutil::dataPath(QStringLiteral("corpus/alb"))});
        QCOMPARE(piped.code, 0);
        QVERIFY2(!piped.err.contains("reading:"), piped.err.constData());
        // On a terminal (script(1) gives it one): a progress line, cleared again before the report.
        const QString scriptTool = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (scriptTool.isEmpty())
            QSKIP("script(1) is not installed");
        const QString command = QStringLiteral("'%1' analyze '%2'")
                                    .arg(QStringLiteral(GATELINE_BINARY), testutil::dataPath(QStringLiteral("corpus/alb")));
        QProcess p;
        p.start(scriptTool, {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(120000));
        const QByteArray tty = p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(tty.contains("reading: ") && tty.contains(" files, "), tty.constData());
        QVERIFY2(tty.contains("\r\033[K"), tty.constData());
        QVERIFY2(tty.indexOf("\r\033[K", tty.lastIndexOf("reading: ")) < tty.indexOf("requests"), tty.constData());
    }

    void nothingRecognisableExitsThreeAndSaysWhat()
    {
        QTemporaryDir dir;
        QVERIFY(testutil::writeFile(dir.filePath(QStringLiteral("notes.txt")), "hello world\nthis is not a log\n"));
        QVERIFY(testutil::writeFile(dir.filePath(QStringLiteral("empty.log")), {}));
        const Run r = gateline({QStringLiteral("analyze"), dir.path()});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("notes.txt"));
        QVERIFY(r.err.contains("no known format"));
        QVERIFY(r.err.contains("empty file"));
        QCOMPARE(gateline({QStringLiteral("analyze"), dir.filePath(QStringLiteral("missing"))}).code, 3);
    }

    void jsonFollowsTheContract()
    {
        const Run r = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"),
                                testutil::dataPath(QStringLiteral("corpus/alb")),
                                testutil::dataPath(QStringLiteral("corpus/k8s-events"))});
        QCOMPARE(r.code, 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.value(QStringLiteral("schema")).toString(), QStringLiteral("gateline.analysis/1"));
        const QJsonArray sources = o.value(QStringLiteral("sources")).toArray();
        // Every file of the two folders is a source (5 ALB files; event files as JSON/YAML and
        // kubectl events tables): none is dropped, none split.
        const qsizetype files = QDir(testutil::dataPath(QStringLiteral("corpus/alb"))).entryList(QDir::Files).size()
                                + QDir(testutil::dataPath(QStringLiteral("corpus/k8s-events"))).entryList(QDir::Files).size();
        QVERIFY(files >= 5 + 15);
        QCOMPARE(sources.size(), files);
        for (const QJsonValue &v : sources) {
            const QJsonObject s = v.toObject();
            for (const char *key : {"path", "format", "records", "rejected", "first", "last", "clockOffsetSeconds"})
                QVERIFY2(s.contains(QLatin1String(key)), key);
            QVERIFY(s.value(QStringLiteral("first")).toString().endsWith(QLatin1Char('Z')));
        }
        const QJsonObject counts = o.value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("requests")).toInt(), 2 + 14 + 10 + 2 + 2); // + awslb-log-viewer's two 502s
        QVERIFY(counts.contains(QStringLiteral("status502")));
        QVERIFY(counts.contains(QStringLiteral("missingUpstream502")));
        for (const char *key : {"alb", "ingress", "app"})
            QVERIFY(counts.value(QStringLiteral("byOrigin")).toObject().contains(QLatin1String(key)));
        QVERIFY(o.contains(QStringLiteral("origin")));
        const QJsonObject matching = o.value(QStringLiteral("matching")).toObject();
        for (const char *key : {"windowSeconds", "missingUpstream502", "matched", "matchRate", "chanceRate", "byKind"})
            QVERIFY2(matching.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QStringLiteral("causes")).toArray().size(), 14); // the nine table rows and five branches
    }

    // --timings says each stage's wall time and the process's CPU time in it: with the cores busy
    // (CPU / wall), a slow ingest shows whether it waited or worked. The JSON on stdout is unchanged.
    void timingsSayWallAndCpuTime()
    {
        const Run r = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"),
                                QStringLiteral("--timings"), testutil::dataPath(QStringLiteral("corpus/alb"))});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("schema")).toString(),
                 QStringLiteral("gateline.analysis/1"));
        const QString err = QString::fromUtf8(r.err);
        const QRegularExpression ingest(QStringLiteral(R"(timings: ingest (\d+) ms \(CPU (\d+) ms: (\d+\.\d\d) cores busy\))"));
        const QRegularExpressionMatch m = ingest.match(err);
        QVERIFY2(m.hasMatch(), qPrintable(err));
        // The ratio is the CPU time over the wall time, the wall time taken as at least 1 ms (on so
        // small an input it may round down to 0), with two decimals.
        const qint64 wallMs = std::max<qint64>(1, m.captured(1).toLongLong());
        QCOMPARE(m.captured(3), QString::number(double(m.captured(2).toLongLong()) / double(wallMs), 'f', 2));
        QVERIFY2(QRegularExpression(QStringLiteral(R"(timings: report \d+ ms \(CPU \d+ ms\)\n)")).match(err).hasMatch(),
                 qPrintable(err));
    }

    void textShowsRejectReasons()
    {
        const Run r = gateline({QStringLiteral("analyze"), testutil::dataPath(QStringLiteral("corpus/alb/plaso-aws_elb_access.log"))});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("not ALB (Classic ELB line) x4"));
        QVERIFY(r.out.contains("not ALB (NLB line) x2"));
    }

    // A local-time log's first and last times are given in UTC: its zone is taken off.
    // Without a load-balancer log the ingress access logs' 502s are matched: the text, the JSON and
    // the matching say so, never "missing-upstream 502s" (which only an ALB log has).
    void ingressOnlyMatchingSaysWhatItMatched()
    {
        const QString dir = QStringLiteral(GATELINE_TEST_DATA "/corpus/nginx-ingress");
        const Run text = gateline({QStringLiteral("analyze"), dir});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("Matching 502s in the ingress access logs to restarts"), text.out.constData());
        QVERIFY2(!text.out.contains("Matching missing-upstream"), text.out.constData());
        const Run json = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"), dir});
        QCOMPARE(json.code, 0);
        const QJsonObject m = QJsonDocument::fromJson(json.out).object().value(QStringLiteral("matching")).toObject();
        QCOMPARE(m.value(QStringLiteral("errorsLabel")).toString(), QStringLiteral("502s in the ingress access logs"));
        QCOMPARE(m.value(QStringLiteral("missingUpstream502")).toInt(), 2);
    }

    void localTimeRangeIsUtc()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("error.log"));
        QVERIFY(testutil::writeFile(path, "2024/06/02 12:25:00 [error] 31#31: *7 upstream prematurely closed connection while "
                                          "reading response header from upstream, client: 10.0.1.5, server: shop.example.com, "
                                          "request: \"GET /api/cart HTTP/1.1\", upstream: \"http://10.0.9.9:8080/api/cart\", "
                                          "host: \"shop.example.com\"\n"));
        const Run r = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"),
                                QStringLiteral("--local-utc-offset"), QStringLiteral("+02:00"), path});
        QCOMPARE(r.code, 0);
        const QJsonObject source = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("sources")).toArray().first().toObject();
        QCOMPARE(source.value(QStringLiteral("localUtcOffsetSeconds")).toInt(), 7200);
        QCOMPARE(source.value(QStringLiteral("first")).toString(), QStringLiteral("2024-06-02T10:25:00Z"));
        QCOMPARE(source.value(QStringLiteral("last")).toString(), QStringLiteral("2024-06-02T10:25:00Z"));
    }

    void capturedAtCountsAgesBackFromIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.txt"));
        QVERIFY(testutil::writeFile(path, "LAST SEEN   TYPE      REASON    OBJECT      MESSAGE\n"
                                          "5m          Warning   BackOff   pod/web-1   Back-off restarting failed container\n"));
        const Run r = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"),
                                QStringLiteral("--captured-at"), QStringLiteral("2024-06-02T10:30:00Z"), path});
        QCOMPARE(r.code, 0);
        const QJsonObject source = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("sources")).toArray().first().toObject();
        QVERIFY2(source.value(QStringLiteral("first")).toString().startsWith(QLatin1String("2024-06-02T10:25:00")), r.out.constData());
        QVERIFY2(source.value(QStringLiteral("notes")).toArray().contains(
                     QStringLiteral("ages counted back from 2024-06-02 10:30:00 UTC (--captured-at)")),
                 r.out.constData());
        const Run bad = gateline({QStringLiteral("analyze"), QStringLiteral("--captured-at"), QStringLiteral("yesterday"), path});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("--captured-at"));
    }

    // generate --ingress-trace-id writes the header into the ingress lines; analyze says the offsets
    // came from trace-id pairs.
    void traceIdJoinIsReported()
    {
        QTemporaryDir dir;
        const Run g = gateline({QStringLiteral("generate"), QStringLiteral("--out"), dir.path(), QStringLiteral("--minutes"),
                                QStringLiteral("5"), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--ingress-trace-id")});
        QCOMPARE(g.code, 0);
        const Run r = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"), dir.path()});
        QCOMPARE(r.code, 0);
        int traced = 0;
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out).object().value(QStringLiteral("sources")).toArray()) {
            const QJsonObject s = v.toObject();
            if (!s.contains(QStringLiteral("alignmentKeys")))
                continue;
            QCOMPARE(s.value(QStringLiteral("alignmentKeys")).toString(), QStringLiteral("trace-id"));
            QVERIFY(s.value(QStringLiteral("traceIdPairs")).toInteger() >= 10);
            ++traced;
        }
        QVERIFY(traced > 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
