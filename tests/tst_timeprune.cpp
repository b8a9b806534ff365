// Time-range pruning (core/ingest/timeprune.h): which files a --from/--until range leaves unread,
// by AWS ALB file names (never opened), by the first and last lines of plain files, by the first
// lines of gzip files, and by entry names inside archives.
#include "archivewriter.h"

#include "ingest/bundleloader.h"
#include "ingest/timeprune.h"

#include <QDateTime>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {

qint64 at(const char *hhmmss)
{
    const QDateTime t = QDateTime::fromString(QStringLiteral("2026-11-21T%1Z").arg(QLatin1String(hhmmss)), Qt::ISODate);
    return t.toMSecsSinceEpoch() * 1000;
}

QByteArray albLine(const char *hhmmss, int status = 200)
{
    return QByteArrayLiteral("https 2026-11-21T") + hhmmss
        + QByteArrayLiteral(".123456Z app/my-alb/50dc6c495c0c9188 192.168.1.10:44740 10.0.0.1:80 0.000 0.001 0.000 ")
        + QByteArray::number(status) + ' ' + QByteArray::number(status)
        + QByteArrayLiteral(" 34 366 \"GET https://www.example.com:443/x HTTP/1.1\" \"curl/8.0\" - - "
                            "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/73e2d6bc24d8a067 "
                            "\"Root=1-58337262-36d228ad5d99923122bbe354\" \"www.example.com\" \"-\" 0 "
                            "2026-11-21T10:00:00.000000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"\n");
}

QByteArray nginxLine(const char *hhmmss)
{
    return QByteArrayLiteral("10.0.0.1 - - [21/Nov/2026:") + hhmmss
        + QByteArrayLiteral(" +0000] \"GET /x HTTP/1.1\" 200 12 \"-\" \"curl/8.0\"\n");
}

// An AWS-named ALB file whose 5-minute window ends at hhmm.
QString albName(const char *hhmm, const char *node = "10.0.1.1")
{
    return QStringLiteral("123456789012_elasticloadbalancing_us-east-2_app.my-alb.50dc6c495c0c9188_20261121T%1Z_%2_abcd1234.log.gz")
        .arg(QLatin1String(hhmm), QLatin1String(node));
}

// Lines every 10 s from..until (hh:mm:ss), formatted by make.
template<typename F>
QByteArray linesBetween(const char *from, const char *until, F make)
{
    QByteArray out;
    for (qint64 us = at(from); us <= at(until); us += 10'000'000) {
        const QByteArray hms = QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::UTC).toString(QStringLiteral("HH:mm:ss")).toLatin1();
        out += make(hms.constData());
    }
    return out;
}

IngestRange range(const char *from, const char *until)
{
    IngestRange r;
    r.fromUs = at(from);
    r.untilUs = at(until);
    return r;
}

} // namespace

class TestTimePrune : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rangeOverlapKeepsTheSlack()
    {
        const IngestRange r = range("10:10:00", "10:20:00");
        QVERIFY(r.isSet());
        QVERIFY(!IngestRange().isSet());
        QVERIFY(r.overlaps(at("10:12:00"), at("10:13:00")));
        QVERIFY(r.overlaps(at("10:00:00"), at("10:30:00")));       // covers the range
        QVERIFY(r.overlaps(at("10:05:00"), at("10:09:45")));       // ends within the slack
        QVERIFY(!r.overlaps(at("10:05:00"), at("10:09:00")));      // ends a minute before
        QVERIFY(r.overlaps(at("10:20:15"), at("10:25:00")));       // starts within the slack
        QVERIFY(!r.overlaps(at("10:21:00"), at("10:25:00")));
    }

    void albNamesDecideWithoutOpening()
    {
        const TimePruner pruner(range("10:10:00", "10:20:00"));
        // The window ending 10:05 is [10:00, 10:05): over a minute before the range.
        PruneDecision d = pruner.byName(QStringLiteral("/logs/") + albName("1005"));
        QCOMPARE(d.basis, PruneDecision::FileName);
        QVERIFY(d.skip);
        QVERIFY(!pruner.byName(albName("1015")).skip);
        QVERIFY(!pruner.byName(albName("1010")).skip);  // [10:05, 10:10) touches the range's start
        QVERIFY(pruner.byName(albName("1030")).skip);   // [10:25, 10:30)
        // Another day, same clock time.
        QVERIFY(pruner.byName(QString(albName("1015")).replace(QStringLiteral("20261121"), QStringLiteral("20261122"))).skip);
        // Names that say nothing decide nothing.
        QCOMPARE(pruner.byName(QStringLiteral("access.log.gz")).basis, PruneDecision::None);
        QCOMPARE(TimePruner(IngestRange()).byName(albName("1005")).basis, PruneDecision::None);
    }

    void contentDecidesByFirstAndLastLines()
    {
        QTemporaryDir dir;
        const TimePruner pruner(range("10:10:00", "10:20:00"));
        const IngestOptions options;
        // Plain files: head and tail, so a long file that only ends inside the range is kept.
        const QString before = dir.filePath(QStringLiteral("before.log"));
        const QString endsInside = dir.filePath(QStringLiteral("ends-inside.log"));
        const QString after = dir.filePath(QStringLiteral("after.log"));
        QVERIFY(testutil::writeFile(before, linesBetween("09:00:00", "10:05:00", nginxLine)));
        QVERIFY(testutil::writeFile(endsInside, linesBetween("06:00:00", "10:12:00", nginxLine)));
        QVERIFY(testutil::writeFile(after, linesBetween("10:30:00", "10:40:00", nginxLine)));
        QVERIFY(QFileInfo(endsInside).size() > 64 * 1024); // the tail is read apart from the head
        PruneDecision d = pruner.byContent(before, options);
        QCOMPARE(d.basis, PruneDecision::FirstAndLastLine);
        QVERIFY(d.skip);
        d = pruner.byContent(endsInside, options);
        QCOMPARE(d.basis, PruneDecision::FirstAndLastLine);
        QVERIFY(!d.skip);
        QVERIFY(pruner.byContent(after, options).skip);
        // gzip: only the head, so only a file that starts after the range is skipped.
        const QString gzAfter = dir.filePath(QStringLiteral("after.log.gz"));
        const QString gzBefore = dir.filePath(QStringLiteral("before.log.gz"));
        QVERIFY(testutil::writeFile(gzAfter, testutil::gzip(linesBetween("10:30:00", "10:40:00", nginxLine))));
        QVERIFY(testutil::writeFile(gzBefore, testutil::gzip(linesBetween("09:00:00", "09:10:00", nginxLine))));
        d = pruner.byContent(gzAfter, options);
        QCOMPARE(d.basis, PruneDecision::FirstLine);
        QVERIFY(d.skip);
        d = pruner.byContent(gzBefore, options);
        QCOMPARE(d.basis, PruneDecision::FirstLine);
        QVERIFY(!d.skip);
        // Kubernetes JSON is never skipped: the matching step needs its events.
        const QString events = dir.filePath(QStringLiteral("events.json"));
        QVERIFY(testutil::writeFile(events, R"({"apiVersion":"v1","kind":"List","items":[{"kind":"Event","reason":"Killing",
            "involvedObject":{"kind":"Pod","name":"web-1","namespace":"default"},"message":"Stopping container",
            "type":"Normal","count":1,"lastTimestamp":"2026-11-21T08:00:00Z"}]})"));
        QCOMPARE(pruner.byContent(events, options).basis, PruneDecision::None);
    }

    void loaderSkipsBeforeDecompressionAndCounts()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("alb"));
        // Inside the range: real gzip. Outside: bytes that are no gzip at all, so had they been
        // opened they would show up as unrecognised (or damaged).
        QVERIFY(testutil::writeFile(dir.filePath(QStringLiteral("alb/") + albName("1015")),
                                    testutil::gzip(linesBetween("10:10:00", "10:14:50", [](const char *t) { return albLine(t, 502); }))));
        QVERIFY(testutil::writeFile(dir.filePath(QStringLiteral("alb/") + albName("1020", "10.0.1.2")),
                                    testutil::gzip(linesBetween("10:15:00", "10:19:50", [](const char *t) { return albLine(t); }))));
        for (const char *hhmm : {"0905", "0910", "1035", "1100"})
            QVERIFY(testutil::writeFile(dir.filePath(QStringLiteral("alb/") + albName(hhmm)), "\x1f\x8b not really gzip"));
        QVERIFY(testutil::writeFile(dir.filePath(QStringLiteral("ingress-old.log")), linesBetween("08:00:00", "09:00:00", nginxLine)));
        QVERIFY(testutil::writeFile(dir.filePath(QStringLiteral("ingress.log")), linesBetween("10:00:00", "10:30:00", nginxLine)));
        // An archive: ALB-named entries judged by name, the others read. (The test's ustar writer
        // keeps 99 characters of a name, still a valid AWS name here.)
        QVERIFY(testutil::writeFile(dir.filePath(QStringLiteral("bundle.tar")),
                                    testutil::tar({{albName("1015", "10.0.2.1").toLatin1(),
                                                    linesBetween("10:10:00", "10:14:00", [](const char *t) { return albLine(t); })},
                                                   {albName("0800", "10.0.2.1").toLatin1(), "not even a log"},
                                                   {"notes/ingress.log", linesBetween("10:11:00", "10:12:00", nginxLine)}})));

        IngestOptions options;
        options.range = range("10:10:00", "10:20:00");
        options.threads = 2;
        const EventStore store = BundleLoader(options).load({dir.path()});
        QVERIFY2(store.unrecognised.isEmpty(), qPrintable(store.unrecognised.value(0).path + QLatin1String(": ")
                                                             + store.unrecognised.value(0).reason));
        const RangePruning &p = store.pruning;
        QVERIFY(p.active);
        QCOMPARE(p.filesSkipped, 6);      // 4 ALB names + 1 by lines + 1 archive entry
        QCOMPARE(p.byFileName, 5);
        QCOMPARE(p.byContent, 1);
        QCOMPARE(p.filesRead, 5);         // 2 ALB files, ingress.log, 2 archive entries
        QCOMPARE(p.skippedPaths.size(), 6);
        QVERIFY(p.skippedPaths.join(QLatin1Char('\n')).contains(albName("0905")));
        QVERIFY(p.skippedPaths.join(QLatin1Char('\n')).contains(QStringLiteral("ingress-old.log")));
        QVERIFY2(p.skippedPaths.join(QLatin1Char('\n')).contains(QStringLiteral("bundle.tar!") + albName("0800", "10.0.2.1").left(95)),
                 qPrintable(p.skippedPaths.join(QLatin1Char('\n'))));
        QCOMPARE(store.sourceCount(), 5);
        qint64 albRecords = 0;
        for (const SourceId id : store.sourcesOf(SourceFormat::Alb))
            albRecords += store.source(id).size();
        QCOMPARE(albRecords, 30 + 30 + 25);

        // No range: everything is opened (and the fake gzip files are reported).
        IngestOptions all;
        all.threads = 2;
        const EventStore full = BundleLoader(all).load({dir.path()});
        QVERIFY(!full.pruning.active);
        QCOMPARE(full.pruning.filesSkipped, 0);
        QVERIFY(full.totalRecords() > store.totalRecords());
    }
};

QTEST_GUILESS_MAIN(TestTimePrune)
#include "tst_timeprune.moc"
