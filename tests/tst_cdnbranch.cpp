// A CDN in front of the load balancer (issue 12 item 5, cdn-hides-origin): the CloudFront and
// Cloudflare parsers on the real corpus samples, the generator's CDN logs read back whole, the CDN
// clock aligned to the ALB, the origin classification naming "cdn" for the 502s the CDN made, and
// the branch: top and primary on its own bundles, not named on the other causes' bundles with a
// CDN in front.
#include "testbundle.h"
#include "testutil.h"

#include "analysis/analysis.h"
#include "analysis/cdnorigin.h"
#include "export/postmortem.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "ingest/sourcereader.h"
#include "playbook/cdnbranch.h"
#include "playbook/causeranker.h"
#include "playbook/evidence.h"
#include "playbook/playbook.h"
#include "report/verdictsummary.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

// The branch's bundles: the generator's cause with a CDN in front (testutil's generated bundle).
std::unique_ptr<testutil::GeneratedBundle> make(const QString &cause, quint32 seed, const QString &cdn)
{
    GeneratorOptions o;
    o.cause = cause;
    o.seed = seed;
    o.cdn = cdn;
    o.durationMinutes = 30;
    o.threads = 1;
    return testutil::generateBundle(o);
}

QList<SourceId> cdnSources(const EventStore &store)
{
    QList<SourceId> out;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        if (isCdnFormat(store.source(SourceId{int(id)}).format))
            out << SourceId{int(id)};
    return out;
}

const SourceData &corpus(const SourceReadResult &r)
{
    return *r.primary();
}

} // namespace

class TestCdnBranch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registered()
    {
        QVERIFY(causeIds().contains(cdnBranchId()));
        QVERIFY(GeneratorOptions::causes().contains(cdnBranchId()));
        const PlaybookCause *c = Playbook::builtin().cause(cdnBranchId());
        QVERIFY(c);
        QVERIFY(c->fixes.size() >= 2);
        QVERIFY(c->indicator.contains(QStringLiteral("OriginResponseStatus 0")));
        QCOMPARE(formatFromId(u"cloudfront"), SourceFormat::CloudFront);
        QCOMPARE(formatFromId(u"cloudflare"), SourceFormat::Cloudflare);
        QVERIFY(isCdnFormat(SourceFormat::CloudFront) && !isLoadBalancerFormat(SourceFormat::CloudFront));
    }

    // The AWS documentation's example file (as asaaki/cloudfront-logs keeps it): three 502s the
    // edge made (OriginDnsError), out of time order, and X-Forwarded-For lists.
    void cloudFrontCorpusAwsExample()
    {
        const SourceReadResult r = readSourceFile(testutil::dataPath(QStringLiteral("corpus/cloudfront/asaaki-cloudfront-logs-aws-docs-example.log")));
        QVERIFY(r.primary());
        const SourceData &s = corpus(r);
        QCOMPARE(s.format, SourceFormat::CloudFront);
        QCOMPARE(s.size(), 6);
        QCOMPARE(s.rejected.total, 0);
        int made = 0;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.status(i) == 502) {
                ++made;
                QCOMPARE(s.upstreamStatus(i), kUpstreamDash);
                QCOMPARE(s.bytes(SourceData::Reason, i), QByteArrayView("OriginDnsError"));
                QCOMPARE(s.bytes(SourceData::Host, i), QByteArrayView("www.example.com")); // x-host-header
                QCOMPARE(s.bytes(SourceData::Client, i), QByteArrayView("192.0.2.200"));
            } else {
                QCOMPARE(s.status(i), 200);
                QCOMPARE(s.upstreamStatus(i), kNoUpstreamStatus); // a cache hit: no origin
                QCOMPARE(s.bytes(SourceData::Reason, i), QByteArrayView("Hit"));
            }
        }
        QCOMPARE(made, 3);
        // 2019-12-13 22:36:27 and then 22:36:26: kept in file order, times as logged.
        QCOMPARE(s.time(3).us, Timestamp::fromSeconds(1576276587).us);
        QCOMPARE(s.time(4).us, Timestamp::fromSeconds(1576276586).us);
        QCOMPARE(s.bytes(SourceData::Path, 3), QByteArrayView("/favicon.ico"));
        QCOMPARE(s.bytes(SourceData::Object, 5), QByteArrayView("SEA19-C2"));
        QCOMPARE(s.durationMs(5), 103.f);
    }

    // Tab-separated #Fields names, and the older 24-field layout with a query.
    void cloudFrontCorpusHeaders()
    {
        const SourceReadResult tabs = readSourceFile(testutil::dataPath(QStringLiteral("corpus/cloudfront/claygregory-web-1-0-2019-12.txt")));
        QVERIFY(tabs.primary());
        QCOMPARE(corpus(tabs).size(), 3);
        QCOMPARE(corpus(tabs).bytes(SourceData::Reason, 0), QByteArrayView("Hit"));
        QCOMPARE(corpus(tabs).bytes(SourceData::Path, 2), QByteArrayView("/index.html"));
        const SourceReadResult old = readSourceFile(testutil::dataPath(QStringLiteral("corpus/cloudfront/claygregory-web-1-0.txt")));
        QVERIFY(old.primary());
        const SourceData &s = corpus(old);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s.status(1), 304);
        QCOMPARE(s.bytes(SourceData::Path, 1), QByteArrayView("/soundtrack/happy.mp3?a=b&c=d"));
        QCOMPARE(s.bytes(SourceData::Reason, 0), QByteArrayView("RefreshHit")); // no detailed type in this layout
        QCOMPARE(s.bytes(SourceData::Object, 1), QByteArrayView("LAX1"));
    }

    // A real Logpush line: an edge redirect, the origin never asked.
    void cloudflareCorpus()
    {
        const SourceReadResult r = readSourceFile(testutil::dataPath(QStringLiteral("corpus/cloudflare/lnav-logfile_cloudflare.json")));
        QVERIFY(r.primary());
        const SourceData &s = corpus(r);
        QCOMPARE(s.format, SourceFormat::Cloudflare);
        QCOMPARE(s.size(), 1);
        QCOMPARE(s.status(0), 301);
        QCOMPARE(s.upstreamStatus(0), kNoUpstreamStatus);
        QCOMPARE(s.bytes(SourceData::Host, 0), QByteArrayView("www.ripe.net"));
        QCOMPARE(s.bytes(SourceData::Method, 0), QByteArrayView("HEAD"));
        QCOMPARE(s.bytes(SourceData::Text, 0), QByteArrayView("761fde4e984e5ab2"));
        QCOMPARE(s.time(0).us, Timestamp::fromSeconds(1667088002).us);
    }

    // A damaged number (found by fuzz_cloudflare: a status of 2.3e42 overflowed an int, undefined
    // behaviour) is rejected with its reason; the good line beside it is kept.
    void cloudflareOutOfRangeStatusIsRejected()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("cf.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray good = R"({"ClientIP":"203.0.113.7","ClientRequestMethod":"GET","ClientRequestURI":"/a","EdgeStartTimestamp":"2024-03-01T10:00:00Z","EdgeResponseStatus":502,"OriginResponseStatus":0,"RayID":"7a1b2c3dea65f47b"})";
        QByteArray bad = good;
        bad.replace("\"EdgeResponseStatus\":502", "\"EdgeResponseStatus\":2333333333333333333333333333333333333333300");
        QByteArray nan = good;
        nan.replace("\"EdgeResponseStatus\":502", "\"EdgeResponseStatus\":-1e300");
        f.write(good + '\n' + bad + '\n' + nan + '\n' + good + '\n');
        f.close();
        const SourceReadResult r = readSourceFile(path);
        QVERIFY(r.primary());
        const SourceData &s = corpus(r);
        QCOMPARE(s.format, SourceFormat::Cloudflare);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s.status(0), 502);
        QCOMPARE(s.upstreamStatus(1), kUpstreamDash);
        QCOMPARE(s.rejected.total, 2);
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("bad EdgeResponseStatus")), 2);
    }

    void gatewayErrors()
    {
        for (int s : {502, 504, 520, 521, 522, 523, 524, 527, 530})
            QVERIFY(isCdnGatewayError(s));
        for (int s : {200, 500, 503, 505, 519, 528})
            QVERIFY(!isCdnGatewayError(s));
    }

    // The generator's CDN logs read back whole, in their delivered shapes, with the truth's counts;
    // the CDN clock is aligned to the ALB's.
    void generatedCdnReadsBack_data()
    {
        QTest::addColumn<QString>("cdn");
        QTest::newRow("cloudfront") << QStringLiteral("cloudfront");
        QTest::newRow("cloudflare") << QStringLiteral("cloudflare");
    }
    void generatedCdnReadsBack()
    {
        QFETCH(QString, cdn);
        const auto b = make(cdnBranchId(), 7u, cdn);
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        QCOMPARE(b->truth.cdn, cdn);
        const QStringList files = b->truth.filesByKind.value(QStringLiteral("cdn"));
        QVERIFY(files.size() >= 2);
        for (const QString &f : files)
            QVERIFY2(f.startsWith(cdn + QLatin1Char('/')) && f.endsWith(QLatin1String(".gz")), qPrintable(f));
        const QList<SourceId> sources = cdnSources(*b->store);
        QCOMPARE(sources.size(), files.size());
        qint64 records = 0, made = 0;
        for (SourceId sid : sources) {
            const SourceData &s = b->store->source(sid);
            QCOMPARE(s.format, cdn == QLatin1String("cloudfront") ? SourceFormat::CloudFront : SourceFormat::Cloudflare);
            QCOMPARE(s.rejected.total, 0);
            records += s.size();
            for (qsizetype i = 0; i < s.size(); ++i)
                made += s.upstreamStatus(i) == kUpstreamDash;
            const SourceAlignment &a = b->analysis->timeline().alignment(sid);
            QCOMPARE(a.method, SourceAlignment::Estimated);
            QVERIFY2(std::abs(a.offsetSeconds) < 1.0, qPrintable(a.note));
            QVERIFY2(a.note.contains(QStringLiteral("method, path and status")), qPrintable(a.note));
        }
        QCOMPARE(records, b->truth.cdnLines);
        QVERIFY(b->truth.cdnMade502 > 0);
        QCOMPARE(made, b->truth.cdnMade502);
        // Origin: the CDN made most of the viewers' 502s, and says so.
        const OriginResult &o = b->analysis->origin();
        QCOMPARE(o.verdict, QStringLiteral("cdn"));
        QCOMPARE(o.cdn, b->truth.cdnMade502);
        QVERIFY(o.notes.join(QLatin1Char('\n')).contains(QStringLiteral("made by the CDN itself")));
        // The verdict header names the CDN hop.
        const VerdictSummary v = summarizeVerdict(*b->analysis, b->causes);
        QCOMPARE(v.hop, QStringLiteral("cdn"));
        QVERIFY2(v.countsSentence.contains(QStringLiteral("made by the CDN in front")), qPrintable(v.countsSentence));
        // The status bar's counts say who made them too (not "at the load balancer" alone).
        QVERIFY2(v.shortCounts().contains(QStringLiteral("%1 made by the CDN").arg(o.cdn)), qPrintable(v.shortCounts()));
        // The postmortem counts the same CDN-made 502s, and says who made them.
        const PostmortemFacts f = collectPostmortemFacts(*b->analysis, TimeSpan{});
        QCOMPARE(f.cdn, o.cdn);
        QCOMPARE(f.alb + f.ingress + f.app + f.sidecar + f.cdn + f.undetermined, qint64(o.items.size()));
    }

    // The branch is the top and the primary cause on its own bundles, at two seeds and both CDNs.
    void diagnosedOnItsBundle_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<QString>("cdn");
        for (quint32 seed : {3u, 41u})
            for (const char *cdn : {"cloudfront", "cloudflare"})
                QTest::addRow("%s/%u", cdn, seed) << seed << QString::fromLatin1(cdn);
    }
    void diagnosedOnItsBundle()
    {
        QFETCH(quint32, seed);
        QFETCH(QString, cdn);
        const auto b = make(cdnBranchId(), seed, cdn);
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        QCOMPARE(b->causes.size(), causeIds().size());
        QVERIFY2(b->causes.first().id == cdnBranchId(), qPrintable(b->text()));
        QVERIFY2(b->causes.first().score >= 0.6, qPrintable(b->text()));
        QCOMPARE(b->causes.first().role, QStringLiteral("primary"));
        const QString evidence = b->causes.first().evidence.join(QLatin1Char('\n'));
        QVERIFY2(evidence.contains(QStringLiteral("the ALB never saw them")), qPrintable(evidence));
        QVERIFY2(evidence.contains(cdn == QLatin1String("cloudfront") ? QStringLiteral("OriginCommError") : QStringLiteral("520")),
                 qPrintable(evidence));
        QCOMPARE(b->analysis->origin().verdict, QStringLiteral("cdn"));
    }

    // With a CDN in front that only passes the origin's answers on, the other causes' bundles do
    // not name the branch, and their 502s are not the CDN's.
    void notNamedOnOtherBundles_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("cdn");
        const QStringList nine = causeIds().mid(0, 9);
        for (qsizetype k = 0; k < nine.size(); ++k)
            QTest::addRow("%s", qPrintable(nine[k])) << nine[k] << QString::fromLatin1(k % 2 ? "cloudflare" : "cloudfront");
        QTest::addRow("idle-timer-race") << QStringLiteral("idle-timer-race") << QStringLiteral("cloudfront");
        QTest::addRow("none") << QStringLiteral("none") << QStringLiteral("cloudflare");
    }
    void notNamedOnOtherBundles()
    {
        QFETCH(QString, cause);
        QFETCH(QString, cdn);
        const auto b = make(cause, 77u, cdn);
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        QVERIFY(!cdnSources(*b->store).isEmpty());
        const CauseScore *c = b->cause(cdnBranchId());
        QVERIFY(c);
        QVERIFY2(c->role != QLatin1String("primary"), qPrintable(b->text()));
        QVERIFY2(c->score < 0.5, qPrintable(b->text()));
        QCOMPARE(b->analysis->origin().cdn, 0);
        QVERIFY(b->analysis->origin().verdict != QLatin1String("cdn"));
    }
};

QTEST_GUILESS_MAIN(TestCdnBranch)
#include "tst_cdnbranch.moc"
