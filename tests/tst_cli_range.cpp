// `gateline analyze|export --from/--until`: files outside the range are not read, the report says
// how many were skipped, and `analyze --to` is a deprecated alias of --until that says so.
#include "archivewriter.h"
#include "testutil.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Run {
    int code = -1;
    QByteArray out, err;
};

Run gateline(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(GATELINE_BINARY), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QByteArray albLines(int hour, int fromMinute, int toMinute, int status)
{
    QByteArray out;
    for (int m = fromMinute; m < toMinute; ++m)
        for (int s = 0; s < 60; s += 15)
            out += QStringLiteral("https 2026-11-21T%1:%2:%3.000000Z app/my-alb/50dc6c495c0c9188 192.168.1.10:44740 "
                                  "10.0.0.1:80 0.000 0.001 0.000 %4 %4 34 366 \"GET https://www.example.com:443/x HTTP/1.1\" "
                                  "\"curl/8.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/"
                                  "73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"www.example.com\" \"-\" 0 "
                                  "2026-11-21T10:00:00.000000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"%4\" \"-\" \"-\"\n")
                       .arg(hour, 2, 10, QLatin1Char('0'))
                       .arg(m, 2, 10, QLatin1Char('0'))
                       .arg(s, 2, 10, QLatin1Char('0'))
                       .arg(status)
                       .toLatin1();
    return out;
}

// A day folder of 5-minute ALB files 10:00..11:00 (12 windows): the 502s are all in 10:20..10:30.
void writeDay(const QString &dir)
{
    for (int w = 0; w < 12; ++w) {
        const int endMinute = (w + 1) * 5;
        const QString name = QStringLiteral("123456789012_elasticloadbalancing_us-east-2_app.my-alb.50dc6c495c0c9188_"
                                            "20261121T%1%2Z_10.0.1.1_abcd1234.log.gz")
                                 .arg(10 + endMinute / 60, 2, 10, QLatin1Char('0'))
                                 .arg(endMinute % 60, 2, 10, QLatin1Char('0'));
        const int status = (w == 4 || w == 5) ? 502 : 200;
        QVERIFY(testutil::writeFile(QDir(dir).filePath(name), testutil::gzip(albLines(10, w * 5, w * 5 + 5, status))));
    }
}
} // namespace

class TestCliRange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void analyzeReadsOnlyTheRange()
    {
        QTemporaryDir dir;
        writeDay(dir.path());
        const Run all = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"), dir.path()});
        QCOMPARE(all.code, 0);
        const QJsonObject full = QJsonDocument::fromJson(all.out).object();
        QVERIFY(!full.contains(QStringLiteral("range")));
        QCOMPARE(full[QStringLiteral("counts")][QStringLiteral("requests")].toInt(), 12 * 5 * 4);

        const Run r = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"),
                                QStringLiteral("--from"), QStringLiteral("2026-11-21T10:20:00Z"), QStringLiteral("--until"),
                                QStringLiteral("2026-11-21T10:30:00Z"), dir.path()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        const QJsonObject range = o[QStringLiteral("range")].toObject();
        QCOMPARE(range[QStringLiteral("from")].toString(), QStringLiteral("2026-11-21T10:20:00Z"));
        QCOMPARE(range[QStringLiteral("until")].toString(), QStringLiteral("2026-11-21T10:30:00Z"));
        // Windows ending 10:20 (slack), 10:25, 10:30 and 10:35 (slack) are read; 8 are not.
        QCOMPARE(range[QStringLiteral("filesRead")].toInt(), 4);
        QCOMPARE(range[QStringLiteral("filesSkipped")].toInt(), 8);
        QCOMPARE(range[QStringLiteral("skippedByFileName")].toInt(), 8);
        QCOMPARE(o[QStringLiteral("counts")][QStringLiteral("requests")].toInt(), 4 * 5 * 4);
        QCOMPARE(o[QStringLiteral("counts")][QStringLiteral("status502")].toInt(), 2 * 5 * 4);

        const Run text = gateline({QStringLiteral("analyze"), QStringLiteral("--from"), QStringLiteral("2026-11-21T10:20:00Z"),
                                   QStringLiteral("--until"), QStringLiteral("2026-11-21T10:30:00Z"), dir.path()});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("4 files read, 8 skipped as outside it"), text.out.constData());
    }

    void toIsADeprecatedAliasOfUntil()
    {
        QTemporaryDir dir;
        writeDay(dir.path());
        const Run r = gateline({QStringLiteral("analyze"), QStringLiteral("--format"), QStringLiteral("json"),
                                QStringLiteral("--from"), QStringLiteral("2026-11-21T10:50:00Z"), QStringLiteral("--to"),
                                QStringLiteral("2026-11-21T11:00:00Z"), dir.path()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("--to is deprecated; use --until"), r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()[QStringLiteral("range")][QStringLiteral("filesSkipped")].toInt(), 9);
        const Run both = gateline({QStringLiteral("analyze"), QStringLiteral("--until"), QStringLiteral("2026-11-21T11:00:00Z"),
                                   QStringLiteral("--to"), QStringLiteral("2026-11-21T11:00:00Z"), dir.path()});
        QCOMPARE(both.code, 2);
        const Run backwards = gateline({QStringLiteral("analyze"), QStringLiteral("--from"), QStringLiteral("2026-11-21T11:00:00Z"),
                                        QStringLiteral("--until"), QStringLiteral("2026-11-21T10:00:00Z"), dir.path()});
        QCOMPARE(backwards.code, 2);
        QVERIFY(backwards.err.contains("--from must come before --until"));
    }

    void exportPrunesToo()
    {
        QTemporaryDir dir, out;
        writeDay(dir.path());
        const Run r = gateline({QStringLiteral("export"), QStringLiteral("--formats"), QStringLiteral("json"), QStringLiteral("--to"),
                                out.path(), QStringLiteral("--from"), QStringLiteral("2026-11-21T10:20:00Z"),
                                QStringLiteral("--until"), QStringLiteral("2026-11-21T10:30:00Z"), dir.path()});
        QCOMPARE(r.code, 0);
        const QJsonObject timeline = QJsonDocument::fromJson(testutil::readAll(QDir(out.path()).filePath(QStringLiteral("timeline.json")))).object();
        // Only the four windows the range (with its slack) touches were read: 10:20 .. 10:35.
        const QJsonArray sources = timeline[QStringLiteral("sources")].toArray();
        QCOMPARE(sources.size(), 4);
        for (const QJsonValue &s : sources)
            QVERIFY2(QRegularExpression(QStringLiteral("_20261121T10(20|25|30|35)Z_")).match(s[QStringLiteral("path")].toString()).hasMatch(),
                     qPrintable(s[QStringLiteral("path")].toString()));
    }
};

QTEST_GUILESS_MAIN(TestCliRange)
#include "tst_cli_range.moc"
