// Exporter units: the escaping of untrusted text (CSV, HTML, JSON, Markdown), the postmortem facts,
// time to recovery, the timeline range, and the whole pipeline on generated bundles (analysis + the
// real playbook ranking + every text export written with QSaveFile).
#include "testutil.h"

#include "analysis/analysis.h"
#include "export/chartdata.h"
#include "export/exportfiles.h"
#include "export/htmlreport.h"
#include "export/markdownexport.h"
#include "export/textescape.h"
#include "export/timelineexport.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "playbook/playbookreport.h"
#include "playbook/playbookrun.h"
#include "report/verdictsummary.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QLatin1StringView(iso), Qt::ISODate).toMSecsSinceEpoch() * 1000;
}

// Splits one CSV document (RFC 4180) into rows of fields.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        rows << (row << field);
    return rows;
}

struct Loaded {
    EventStore store;
    std::unique_ptr<Analysis> analysis;
};

std::unique_ptr<Loaded> loadData(const QString &name)
{
    auto l = std::make_unique<Loaded>();
    l->store = BundleLoader().load({testutil::dataPath(QStringLiteral("export/") + name)});
    l->analysis = std::make_unique<Analysis>(l->store, AnalysisOptions());
    return l;
}

// Table rows of a Markdown document must have exactly their column count of unescaped pipes.
void verifyMarkdownTables(const QString &md)
{
    static const QRegularExpression unescapedPipe(QStringLiteral("(?<!\\\\)\\|"));
    int columns = -1;
    for (const QString &line : md.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1Char('|'))) {
            columns = -1;
            continue;
        }
        const qsizetype pipes = line.count(unescapedPipe);
        if (columns < 0)
            columns = int(pipes);
        QVERIFY2(pipes == columns, qPrintable(line));
    }
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvQuotingAndFormulas_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<bool>("defuse");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << QStringLiteral("abc") << true << QStringLiteral("abc");
        QTest::newRow("comma") << QStringLiteral("a,b") << true << QStringLiteral("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << true << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("a\nb") << true << QStringLiteral("\"a\nb\"");
        QTest::newRow("cr") << QStringLiteral("a\rb") << true << QStringLiteral("\"a\rb\"");
        QTest::newRow("equals") << QStringLiteral("=1+2") << true << QStringLiteral("'=1+2");
        QTest::newRow("plus") << QStringLiteral("+1") << true << QStringLiteral("'+1");
        QTest::newRow("minus") << QStringLiteral("-1") << true << QStringLiteral("'-1");
        QTest::newRow("at") << QStringLiteral("@SUM(A1)") << true << QStringLiteral("'@SUM(A1)");
        QTest::newRow("tab") << QStringLiteral("\t=1") << true << QStringLiteral("'\t=1");
        QTest::newRow("formula with comma") << QStringLiteral("=HYPERLINK(\"x\",\"y\")") << true
                                            << QStringLiteral("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        QTest::newRow("number not defused") << QStringLiteral("-2.5") << false << QStringLiteral("-2.5");
        QTest::newRow("leading space") << QStringLiteral(" a") << true << QStringLiteral("\" a\"");
        QTest::newRow("empty") << QString() << true << QString();
    }
    void csvQuotingAndFormulas()
    {
        QFETCH(QString, in);
        QFETCH(bool, defuse);
        QFETCH(QString, out);
        QCOMPARE(csvField(in, defuse), out);
    }

    void htmlEscaping()
    {
        QCOMPARE(htmlEscape(QStringLiteral("<script>alert('x')</script>")),
                 QStringLiteral("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        QCOMPARE(htmlEscape(QStringLiteral("\"><img src=x onerror=alert(1)>")),
                 QStringLiteral("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
        QCOMPARE(htmlEscape(QStringLiteral("a&amp;b\nc\x01")), QStringLiteral("a&amp;amp;b c "));
    }

    void jsonQuoting()
    {
        const QString nasty = QStringLiteral("a\"b\\c\nd\re\tf\x01g</script>&\u2028h \u00e9 \U0001F600");
        const QByteArray doc = "{\"v\": " + jsonQuote(nasty) + "}";
        QVERIFY(!doc.contains("</script>"));
        QJsonParseError err;
        const QJsonDocument parsed = QJsonDocument::fromJson(doc, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        QCOMPARE(parsed.object().value(QStringLiteral("v")).toString(), nasty);
    }

    void markdownEscaping()
    {
        const QString md = escapeMarkdown(QStringLiteral("a | b `c` <script> [x](y)\nnext"));
        QVERIFY(!md.contains(QLatin1Char('\n')));
        QVERIFY(!md.contains(QLatin1Char('<')));
        QVERIFY(!md.contains(QRegularExpression(QStringLiteral("(?<!\\\\)[|`\\[]"))));
    }

    void secondsAndSpans()
    {
        QCOMPARE(secondsText(-2000000), QStringLiteral("-2"));
        QCOMPARE(secondsText(250000), QStringLiteral("0.25"));
        QCOMPARE(secondsText(-1), QStringLiteral("-0.000001"));
        QCOMPARE(secondsText(7200000000), QStringLiteral("7200"));
        QCOMPARE(spanText(45 * 1000000LL), QStringLiteral("45 s"));
        QCOMPARE(spanText(881 * 1000000LL), QStringLiteral("14 min 41 s"));
        QCOMPARE(spanText(3 * 3600 * 1000000LL + 4 * 60 * 1000000LL), QStringLiteral("3 h 4 min"));
    }

    void formatIds()
    {
        QString error;
        QCOMPARE(exportFormatsFromIds(QStringLiteral("all"), &error), int(ExportAllFormats));
        QCOMPARE(exportFormatsFromIds(QStringLiteral("markdown, csv"), &error), ExportMarkdown | ExportCsv);
        QCOMPARE(exportFormatsFromIds(QStringLiteral("md,HTML"), &error), ExportMarkdown | ExportHtml);
        QCOMPARE(exportFormatsFromIds(QStringLiteral("pdf"), &error), 0);
        QVERIFY(error.contains(QStringLiteral("pdf")));
    }

    void factsOfBasicBundle()
    {
        const auto l = loadData(QStringLiteral("basic"));
        const PostmortemFacts f = collectPostmortemFacts(*l->analysis, {});
        QVERIFY(f.fromLoadBalancer);
        QCOMPARE(f.requests, 167);
        QCOMPARE(qint64(f.errors.size()), 7);
        QCOMPARE(f.alb, 5);
        QCOMPARE(f.ingress + f.app, 2);
        QCOMPARE(f.errors.front().us, utc("2024-05-14T09:05:22.400Z"));
        QCOMPARE(f.errors.back().us, utc("2024-05-14T09:20:03.300Z"));
        QVERIFY(f.requestsAfterLast502 >= 50);
        // Restricted to the rollout.
        const PostmortemFacts r = collectPostmortemFacts(*l->analysis, {utc("2024-05-14T09:05:00Z"), utc("2024-05-14T09:06:00Z")});
        QCOMPARE(qint64(r.errors.size()), 4);
    }

    void recoveryOnlyWhenTheDataShowsIt()
    {
        const auto l = loadData(QStringLiteral("basic"));
        PostmortemInput in;
        in.analysis = l->analysis.get();
        PostmortemDocument doc = buildPostmortem(in);
        auto stat = [](const PostmortemDocument &d, const QString &label) {
            for (const PostmortemStat &s : d.stats)
                if (s.label == label)
                    return s;
            return PostmortemStat();
        };
        QCOMPARE(stat(doc, QStringLiteral("Time to recovery")).value.left(12), QStringLiteral("14 min 41 s "));
        QVERIFY(!stat(doc, QStringLiteral("Time to recovery")).todo);
        QVERIFY(stat(doc, QStringLiteral("Time to detection")).todo);
        in.range = {utc("2024-05-14T09:00:00Z"), utc("2024-05-14T09:21:00Z")};
        doc = buildPostmortem(in);
        QVERIFY(stat(doc, QStringLiteral("Time to recovery")).todo);
        QVERIFY(stat(doc, QStringLiteral("Time to recovery")).value.startsWith(QStringLiteral("N/A")));
    }

    void nothingInventedWithoutCauses()
    {
        // No causes, no verdicts: every section the data cannot fill is a TODO.
        const auto l = loadData(QStringLiteral("basic"));
        PostmortemInput in;
        in.analysis = l->analysis.get();
        const QString md = postmortemMarkdown(in);
        for (const char *section : {"## Summary", "## Timeline", "## Contributing Factors", "## Action Items",
                                    "## Lessons Learned", "## Attendees", "## Stats"})
            QVERIFY2(md.contains(QLatin1StringView(section)), section);
        const qsizetype factors = md.indexOf(QStringLiteral("## Contributing Factors"));
        const qsizetype actions = md.indexOf(QStringLiteral("## Action Items"));
        const qsizetype lessons = md.indexOf(QStringLiteral("## Lessons Learned"));
        QVERIFY(md.mid(factors, actions - factors).contains(QStringLiteral("**TODO (author):** The loaded data does not support")));
        QVERIFY(md.mid(actions, lessons - actions).contains(QStringLiteral("**TODO (author):** No cause identified")));
        QVERIFY(md.contains(QStringLiteral("Category: **TODO (author):**")));
        verifyMarkdownTables(md);
    }

    void onlyKubernetesData()
    {
        // No request log at all: still a draft, with the events, and no 502 statements.
        QTemporaryDir dir;
        QVERIFY(QFile::copy(testutil::dataPath(QStringLiteral("export/basic/k8s/events.json")), dir.filePath(QStringLiteral("events.json"))));
        const EventStore store = BundleLoader().load({dir.path()});
        const Analysis a(store, {});
        PostmortemInput in;
        in.analysis = &a;
        const QString md = postmortemMarkdown(in);
        QVERIFY(md.contains(QStringLiteral("No request logs")));
        QVERIFY(md.contains(QStringLiteral("Deployment: replica set scaled up")));
        QVERIFY(!md.contains(QStringLiteral("| First 502 seen")));
        QVERIFY(md.contains(QStringLiteral("First 502 seen: none in the loaded data")));
        QVERIFY(!timelineCsv(a, {}).isEmpty());
        const ChartData chart = buildChartData(in);
        QCOMPARE(chart.total(), 0);
        QVERIFY(!chart.markers.empty());
    }

    void timelineCsvAndJsonAgree()
    {
        const auto l = loadData(QStringLiteral("basic"));
        const TimeSpan range{utc("2024-05-14T09:10:00Z"), utc("2024-05-14T09:20:00Z")};
        const QList<QStringList> rows = parseCsv(QString::fromUtf8(timelineCsv(*l->analysis, range)));
        QJsonParseError err;
        const QJsonDocument json = QJsonDocument::fromJson(timelineJson(*l->analysis, range), &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonArray events = json.object().value(QStringLiteral("events")).toArray();
        QCOMPARE(rows.size(), events.size() + 1);
        QCOMPARE(rows.front().size(), 20);
        qint64 previous = 0;
        for (qsizetype i = 1; i < rows.size(); ++i) {
            QCOMPARE(rows[i].size(), 20);
            const qint64 t = QDateTime::fromString(rows[i][0], Qt::ISODateWithMs).toMSecsSinceEpoch() * 1000;
            QVERIFY(t >= range.fromUs - 1000 && t < range.toUs);
            QVERIFY(t >= previous);
            previous = t;
            QCOMPARE(events[i - 1].toObject().value(QStringLiteral("time")).toString(), rows[i][0]);
            QCOMPARE(events[i - 1].toObject().value(QStringLiteral("originalTime")).toString(), rows[i][1]);
        }
        // The ingress clock runs 2 s ahead: its corrected time is about 2 s before the original.
        bool sawIngress = false;
        for (const QStringList &r : rows)
            if (r[4] == QLatin1String("nginx-ingress")) {
                sawIngress = true;
                QVERIFY2(qAbs(r[2].toDouble() + 2) < 0.05, qPrintable(r[2]));
            }
        QVERIFY(sawIngress);
    }

    void generatedBundleEndToEnd_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::newRow("graceful-shutdown/nginx") << QStringLiteral("graceful-shutdown") << QStringLiteral("nginx");
        QTest::newRow("oom-crash/traefik") << QStringLiteral("oom-crash") << QStringLiteral("traefik");
        QTest::newRow("none/nginx") << QStringLiteral("none") << QStringLiteral("nginx");
    }
    void generatedBundleEndToEnd()
    {
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QTemporaryDir bundle, out;
        GeneratorOptions o;
        o.cause = cause;
        o.ingress = ingress;
        o.durationMinutes = 20;
        o.requestsPerSecond = 5;
        o.seed = 7;
        GeneratorTruth truth;
        QString error;
        QVERIFY2(generateBundle(o, bundle.path(), &truth, &error), qPrintable(error));
        const EventStore store = BundleLoader().load({bundle.path()});
        const Analysis a(store, {});
        const PlaybookRun run(a);
        const PostmortemInput in = makePostmortemInput(a, run);
        ExportOptions eo;
        eo.directory = out.filePath(QStringLiteral("sub/dir"));
        eo.formats = ExportMarkdown | ExportCsv | ExportJson | ExportHtml;
        QStringList written;
        QVERIFY2(writeTextExports(in, eo, {}, {}, &written, &error), qPrintable(error));
        QCOMPARE(written.size(), 4);
        const QString md = QString::fromUtf8(testutil::readAll(QDir(eo.directory).filePath(QStringLiteral("postmortem.md"))));
        QCOMPARE(md, postmortemMarkdown(a, run));
        verifyMarkdownTables(md);
        if (truth.status502 > 0) {
            QVERIFY(md.contains(QStringLiteral("First 502 seen")));
            // Counts read with thousands separators ("1,234 of 45,678 requests").
            QVERIFY(md.contains(QStringLiteral("%1 of %2 requests").arg(readableCount(truth.status502), readableCount(truth.requests))));
        }
        if (cause == QLatin1String("graceful-shutdown"))
            QVERIFY(md.contains(QStringLiteral("Deployment: replica set scaled")));
        // Every record is in the timeline, once.
        QJsonParseError err;
        const QJsonDocument json = QJsonDocument::fromJson(testutil::readAll(QDir(eo.directory).filePath(QStringLiteral("timeline.json"))), &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        QCOMPARE(json.object().value(QStringLiteral("events")).toArray().size(), store.totalRecords());
        const QList<QStringList> rows = parseCsv(QString::fromUtf8(testutil::readAll(QDir(eo.directory).filePath(QStringLiteral("timeline.csv")))));
        QCOMPARE(rows.size() - 1, store.totalRecords());
        const QString html = QString::fromUtf8(testutil::readAll(QDir(eo.directory).filePath(QStringLiteral("report.html"))));
        QVERIFY(html.contains(QStringLiteral("Content-Security-Policy")));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QVERIFY(!html.contains(QStringLiteral("src=\"http")) && !html.contains(QStringLiteral("href=")));
        // The chart data counts the same 502s.
        QCOMPARE(buildChartData(in).total(), qint64(collectPostmortemFacts(a, {}).errors.size()));
    }

    void saveFileIsAtomic()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.txt"));
        QString error;
        QVERIFY(saveFile(path, "old", &error));
        QVERIFY(!saveFileWith(path, [](QIODevice *d) { d->write("partial"); return false; }, &error));
        QCOMPARE(testutil::readAll(path), QByteArray("old"));
        QVERIFY(!saveFile(dir.filePath(QStringLiteral("missing/dir/x.txt")), "x", &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TestExport)
#include "tst_export.moc"
