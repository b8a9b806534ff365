// The chart renderer (PNG, SVG, headless), exportAll() writing every format, the Export dialog's
// choices, hostile file names, and `gateline export` (runExportCommand, from app/).
#include "testutil.h"

#include "analysis/analysis.h"
#include "export/chartrenderer.h"
#include "export/exportdialog.h"
#include "export/exporter.h"
#include "export/textescape.h"
#include "ingest/bundleloader.h"
#include "playbook/playbookrun.h"

#include "exportcommand.h"
#include "formats/controllermessage.h"
#include "timelinedata.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QImage>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QXmlStreamReader>

using namespace gateline;

namespace {

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QLatin1StringView(iso), Qt::ISODate).toMSecsSinceEpoch() * 1000;
}

struct Loaded {
    EventStore store;
    std::unique_ptr<Analysis> analysis;
    std::unique_ptr<PlaybookRun> run;
};

std::unique_ptr<Loaded> loadPath(const QString &path)
{
    auto l = std::make_unique<Loaded>();
    l->store = BundleLoader().load({path});
    l->analysis = std::make_unique<Analysis>(l->store, AnalysisOptions());
    l->run = std::make_unique<PlaybookRun>(*l->analysis);
    return l;
}

int countColour(const QImage &img, QRgb colour)
{
    int n = 0;
    const QImage rgb = img.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x)
            n += (rgb.pixel(x, y) & 0xffffff) == (colour & 0xffffff);
    return n;
}

bool wellFormedSvg(const QByteArray &svg, QString *error)
{
    QXmlStreamReader xml(svg);
    bool sawSvg = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == QLatin1String("svg"))
                sawSvg = true;
            if (xml.name() == QLatin1String("script") || xml.name() == QLatin1String("foreignObject")) {
                *error = QStringLiteral("unexpected element ") + xml.name().toString();
                return false;
            }
        }
    }
    if (xml.hasError()) {
        *error = xml.errorString();
        return false;
    }
    return sawSvg;
}

int runCli(const QStringList &args)
{
    return runExportCommand(args);
}

} // namespace

class TestUiExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("gateline-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_export"));
    }

    void chartPng()
    {
        const auto l = loadPath(testutil::dataPath(QStringLiteral("export/basic")));
        PostmortemInput in = makePostmortemInput(*l->analysis, *l->run);
        in.notes = {{utc("2024-05-14T09:25:00Z"), QStringLiteral("note")}};
        const ChartData chart = buildChartData(in);
        QCOMPARE(chart.total(), 7);
        QVERIFY(chart.bins > 10 && chart.bins <= 240);
        QVERIFY(!chart.markers.empty());
        const QByteArray png = renderChartPng(chart, QSize(1200, 520));
        QVERIFY(png.startsWith("\x89PNG"));
        QImage img;
        QVERIFY(img.loadFromData(png, "PNG"));
        QCOMPARE(img.size(), QSize(1200, 520));
        // Bars in the colours of the hops, and text (dark pixels) for title and axes.
        QVERIFY(countColour(img, qRgb(0xd6, 0x27, 0x28)) > 20);  // alb
        QVERIFY(countColour(img, qRgb(0x1f, 0x77, 0xb4)) > 20);  // app
        int dark = 0;
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 400; ++x)
                dark += qGray(img.pixel(x, y)) < 100;
        QVERIFY2(dark > 50, "no title text drawn");
        const QImage hi = renderChartImage(chart, QSize(600, 300), 2);
        QCOMPARE(hi.size(), QSize(1200, 600));
    }

    void chartSvg()
    {
        const auto l = loadPath(testutil::dataPath(QStringLiteral("export/basic")));
        const ChartData chart = buildChartData(makePostmortemInput(*l->analysis, *l->run));
        const QByteArray svg = renderChartSvg(chart, QSize(1200, 520));
        QString error;
        QVERIFY2(wellFormedSvg(svg, &error), qPrintable(error));
        QVERIFY(svg.contains("viewBox=\"0 0 1200 520\""));
        QVERIFY(svg.contains("HTTP 502s per"));
        QVERIFY(!svg.contains("http://www.w3.org/1999/xlink\" xlink:href=\"http"));
    }

    // The timeline (ui) and the exported chart (core) read one classification: for the same store
    // they show the same events as the same classes. Fails if either classifies on its own.
    void chartAndTimelineClassifyAlike()
    {
        const qint64 t0 = utc("2024-05-14T09:00:00Z"), sec = 1000000;
        EventStore store;
        auto alb = std::make_unique<SourceData>();
        alb->format = SourceFormat::Alb;
        alb->locator.filePath = QStringLiteral("/b/alb.log");
        for (int i = 0; i < 600; ++i) {
            Record r;
            r.time = Timestamp{t0 + i * sec};
            r.status = i % 97 == 5 ? 502 : 200;
            r.upstreamStatus = r.status == 502 ? kUpstreamDash : 200;
            r.method = "GET";
            r.path = "/";
            alb->append(r);
        }
        auto events = std::make_unique<SourceData>();
        events->format = SourceFormat::K8sEvents;
        events->locator.filePath = QStringLiteral("/b/events.json");
        const char *reasons[][2] = {{"Killing", "Stopping container web"},
                                    {"Killing", "Container web failed liveness probe, will be restarted"},
                                    {"OOMKilling", "Memory cgroup out of memory"},
                                    {"BackOff", "Back-off restarting failed container"},
                                    {"Started", "Started container web"},
                                    {"ScalingReplicaSet", "Scaled down replica set web-1 to 0"},
                                    {"SuccessfulRescale", "New size: 4"},
                                    {"Unhealthy", "Readiness probe failed"},
                                    {"Unhealthy", "Liveness probe failed"},
                                    {"Scheduled", "Successfully assigned"}};
        int at = 20;
        for (const auto &rt : reasons) {
            Record r;
            r.kind = EventKind::K8sEvent;
            r.time = Timestamp{t0 + (at += 37) * sec};
            r.reason = rt[0];
            r.text = rt[1];
            r.object = at % 2 ? "Pod/web-a" : "Pod/web-b";
            r.ns = "shop";
            events->append(r);
        }
        {
            Record r;
            r.kind = EventKind::K8sEvent;
            r.time = Timestamp{t0 + (at += 37) * sec};
            r.reason = "Unhealthy";
            r.text = "Readiness probe failed: HTTP probe failed with statuscode: 503";
            r.object = "Pod/coredns-5d78c9869d-abcde";
            r.ns = "kube-system";
            r.flags = FlagWarning;
            events->append(r);
        }
        auto pods = std::make_unique<SourceData>();
        pods->format = SourceFormat::K8sPods;
        pods->locator.filePath = QStringLiteral("/b/pods.json");
        for (qint16 code : {137, 143, 1}) {
            Record r;
            r.kind = EventKind::PodTermination;
            r.time = Timestamp{t0 + (at += 11) * sec};
            r.reason = "Error";
            r.status = code;
            r.object = "web-c";
            pods->append(r);
            r.kind = EventKind::PodStart;
            r.reason = "Started";
            r.time = Timestamp{t0 + (at += 3) * sec};
            pods->append(r);
        }
        auto proxy = std::make_unique<SourceData>();
        proxy->format = SourceFormat::ControllerLog;
        proxy->locator.filePath = QStringLiteral("/b/traefik/traefik.log");
        using namespace ControllerCategory;
        for (const char *c : {Reload, ReloadFailed, NoEndpoints, UpstreamEof, Panic, Other, UpstreamTimeout}) {
            Record r;
            r.kind = EventKind::LogMessage;
            r.time = Timestamp{t0 + (at += 13) * sec};
            r.reason = c;
            proxy->append(r);
        }
        store.add(std::move(alb));
        store.add(std::move(events));
        store.add(std::move(pods));
        store.add(std::move(proxy));
        const Analysis analysis(store, {});
        PostmortemInput in;
        in.analysis = &analysis;
        const ChartData chart = buildChartData(in);
        const auto timeline = buildTimelineData(store, &analysis);

        const TimeSpan range{analysis.timeline().first().us, analysis.timeline().last().us + 1};
        QStringList fromChart, fromTimeline;
        for (const ChartMarker &m : chart.markers)
            fromChart << QStringLiteral("%1 %2").arg((m.us - t0) / sec).arg(eventClassId(m.cls.value()));
        for (const TimelineMarker &m : timeline->markers)
            if (range.contains(m.us))
                fromTimeline << QStringLiteral("%1 %2").arg((m.us - t0) / sec).arg(eventClassId(m.cls));
        fromChart.sort();
        fromTimeline.sort();
        QCOMPARE(fromTimeline, fromChart);
        // Every marker class present, the controller ones included; no "other", no timeout, no Started.
        bool present[kEventClassCount] = {};
        for (const ChartMarker &m : chart.markers)
            present[int(*m.cls)] = true;
        for (int k = 0; k < kEventClassCount; ++k)
            QVERIFY2(present[k] == isMarkerClass(EventClass(k)), qPrintable(eventClassId(EventClass(k))));

        // The exported chart draws the controller markers in their palette colours, legend included.
        const QImage img = renderChartImage(chart, QSize(1200, 520));
        for (EventClass c : {EventClass::ProxyReload, EventClass::NoEndpoints, EventClass::UpstreamEof})
            QVERIFY2(countColour(img, eventClassColor(c, false).rgb()) > 10, qPrintable(eventClassId(c)));
        // The legend wraps onto more rows rather than running off the image.
        QCOMPARE(img.size(), QSize(1200, 520));

        // The loaded export bundle too.
        const auto l = loadPath(testutil::dataPath(QStringLiteral("export/basic")));
        const ChartData basic = buildChartData(makePostmortemInput(*l->analysis, *l->run));
        const auto basicTimeline = buildTimelineData(l->store, l->analysis.get());
        const TimeSpan basicRange{l->analysis->timeline().first().us, l->analysis->timeline().last().us + 1};
        QStringList a, b;
        for (const ChartMarker &m : basic.markers)
            if (m.cls)
                a << QStringLiteral("%1 %2").arg(m.us).arg(eventClassId(*m.cls));
        for (const TimelineMarker &m : basicTimeline->markers)
            if (basicRange.contains(m.us))
                b << QStringLiteral("%1 %2").arg(m.us).arg(eventClassId(m.cls));
        a.sort();
        b.sort();
        QVERIFY(!a.isEmpty());
        QCOMPARE(b, a);
    }

    void emptyChartDoesNotCrash()
    {
        EventStore store;
        const Analysis a(store, {});
        PostmortemInput in;
        in.analysis = &a;
        const ChartData chart = buildChartData(in);
        QVERIFY(!renderChartPng(chart, QSize(400, 300)).isEmpty());
        QString error;
        QVERIFY(wellFormedSvg(renderChartSvg(chart, QSize(400, 300)), &error));
        QVERIFY(!renderChartPng(chart, QSize(10, 10)).isEmpty()); // too small for a plot: just the background
    }

    void exportAllWritesEveryFormat()
    {
        const auto l = loadPath(testutil::dataPath(QStringLiteral("export/basic")));
        QTemporaryDir out;
        ExportOptions o;
        o.directory = out.filePath(QStringLiteral("export"));
        const ExportResult r = exportAll(makePostmortemInput(*l->analysis, *l->run), o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.written.size(), 6);
        for (ExportFormat f : exportFormats())
            QVERIFY2(QFileInfo(QDir(o.directory).filePath(exportFileName(f))).size() > 0, qPrintable(exportFileName(f)));
        const QByteArray svg = testutil::readAll(QDir(o.directory).filePath(QStringLiteral("chart.svg")));
        const QByteArray html = testutil::readAll(QDir(o.directory).filePath(QStringLiteral("report.html")));
        QVERIFY(html.contains("data:image/svg+xml;base64," + svg.toBase64() + "\""));
        QVERIFY(html.contains("Content-Security-Policy"));
        QVERIFY(!html.contains("<script"));
        // Only the formats asked for.
        QTemporaryDir two;
        o.directory = two.path();
        o.formats = ExportPng | ExportCsv;
        const ExportResult r2 = exportAll(makePostmortemInput(*l->analysis, *l->run), o);
        QVERIFY(r2.ok);
        QCOMPARE(QDir(two.path()).entryList(QDir::Files), QStringList({QStringLiteral("chart.png"), QStringLiteral("timeline.csv")}));
    }

    void hostileFileNamesAreEscaped()
    {
        // A folder named like markup: the source path shows in the Markdown table and the HTML.
        QTemporaryDir dir;
        const QString hostile = dir.filePath(QStringLiteral("\"><img src=x onerror=alert(1)>|`x`"));
        QVERIFY(QDir().mkpath(hostile));
        const QString albName = QStringLiteral("<b onmouseover=alert(2)>|`y`.log");
        QVERIFY(QFile::copy(testutil::dataPath(QStringLiteral("export/hostile/alb.log")), hostile + QLatin1Char('/') + albName));
        QVERIFY(QFile::copy(testutil::dataPath(QStringLiteral("export/hostile/events.json")), hostile + QStringLiteral("/e.json")));
        const auto l = loadPath(dir.path());
        QCOMPARE(l->store.sourceCount(), 2);
        QTemporaryDir out;
        ExportOptions o;
        o.directory = out.path();
        const ExportResult r = exportAll(makePostmortemInput(*l->analysis, *l->run), o);
        QVERIFY2(r.ok, qPrintable(r.error));
        const QString html = QString::fromUtf8(testutil::readAll(out.filePath(QStringLiteral("report.html"))));
        QVERIFY(!html.contains(QStringLiteral("<img src=x")));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QVERIFY(html.contains(QStringLiteral("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;|`x`/."))); // the folder, in the scope
        QVERIFY(html.contains(QStringLiteral("<td>&lt;b onmouseover=alert(2)&gt;|`y`.log</td>")));
        // Exactly one <img>: the chart.
        QCOMPARE(html.count(QStringLiteral("<img")), 1);
        const QString md = QString::fromUtf8(testutil::readAll(out.filePath(QStringLiteral("postmortem.md"))));
        QVERIFY(!md.contains(QLatin1Char('<')));
        static const QRegularExpression unescapedPipe(QStringLiteral("(?<!\\\\)\\|"));
        for (const QString &line : md.split(QLatin1Char('\n')))
            if (line.startsWith(QStringLiteral("| ")) && line.contains(QStringLiteral(".log")))
                QCOMPARE(line.count(unescapedPipe), 7);
        QVERIFY(md.contains(QStringLiteral("| &lt;b onmouseover=alert(2)&gt;\\|\\`y\\`.log | alb |")));
        const QString csv = QString::fromUtf8(testutil::readAll(out.filePath(QStringLiteral("timeline.csv"))));
        QVERIFY(csv.contains(QLatin1Char(',') + csvField(hostile + QLatin1Char('/') + albName) + QLatin1Char(',')));
    }

    void exportDialogChoices()
    {
        const TimeSpan visible{utc("2024-05-14T09:00:00Z"), utc("2024-05-14T09:30:00Z")};
        const TimeSpan selection{utc("2024-05-14T09:05:00Z"), utc("2024-05-14T09:06:00Z")};
        ExportDialog d(visible, selection);
        QCOMPARE(d.range(), selection); // a selection is the default
        d.setFormats(ExportCsv | ExportHtml);
        d.setDirectory(QStringLiteral("/tmp/x"));
        QCOMPARE(d.options().formats, ExportCsv | ExportHtml);
        QCOMPARE(d.options().directory, QStringLiteral("/tmp/x"));
        ExportDialog none(visible, {});
        QCOMPARE(none.range(), visible); // no selection: the shared time range the views show
    }

    void commandLine()
    {
        QTemporaryDir out;
        const QString dir = out.filePath(QStringLiteral("o"));
        QCOMPARE(runCli({testutil::dataPath(QStringLiteral("export/basic")), QStringLiteral("--to"), dir, QStringLiteral("--from"),
                         QStringLiteral("2024-05-14T09:04:00Z"), QStringLiteral("--until"), QStringLiteral("2024-05-14T09:10:00Z")}),
                 0);
        for (ExportFormat f : exportFormats())
            QVERIFY2(QFileInfo::exists(QDir(dir).filePath(exportFileName(f))), qPrintable(exportFileName(f)));
        const QString csv = QString::fromUtf8(testutil::readAll(QDir(dir).filePath(QStringLiteral("timeline.csv"))));
        const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 10);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QString t = lines[i].section(QLatin1Char(','), 0, 0);
            QVERIFY2(t >= QStringLiteral("2024-05-14T09:04:00") && t < QStringLiteral("2024-05-14T09:10:00"), qPrintable(t));
        }
        const QString md = QString::fromUtf8(testutil::readAll(QDir(dir).filePath(QStringLiteral("postmortem.md"))));
        QVERIFY(md.contains(QStringLiteral("4 of 28 requests")));
        // --range-to is --until; only some formats.
        const QString dir2 = out.filePath(QStringLiteral("p"));
        QCOMPARE(runCli({testutil::dataPath(QStringLiteral("export/basic")), QStringLiteral("--to"), dir2, QStringLiteral("--range-to"),
                         QStringLiteral("2024-05-14T09:10:00Z"), QStringLiteral("--formats"), QStringLiteral("markdown,json")}),
                 0);
        QCOMPARE(QDir(dir2).entryList(QDir::Files), QStringList({QStringLiteral("postmortem.md"), QStringLiteral("timeline.json")}));

        QCOMPARE(runCli({testutil::dataPath(QStringLiteral("export/basic"))}), 2);                                // no --to
        QCOMPARE(runCli({QStringLiteral("--to"), dir}), 2);                                                        // no PATH
        QCOMPARE(runCli({testutil::dataPath(QStringLiteral("export/basic")), QStringLiteral("--to"), dir, QStringLiteral("--to"),
                         QStringLiteral("2024-05-14T09:10:00Z")}),
                 2);                                                                                               // --to twice
        QCOMPARE(runCli({testutil::dataPath(QStringLiteral("export/basic")), QStringLiteral("--to"), dir, QStringLiteral("--formats"),
                         QStringLiteral("pdf")}),
                 2);
        QCOMPARE(runCli({testutil::dataPath(QStringLiteral("export/basic")), QStringLiteral("--to"), dir, QStringLiteral("--from"),
                         QStringLiteral("2024-05-14T09:10:00Z"), QStringLiteral("--until"), QStringLiteral("2024-05-14T09:00:00Z")}),
                 2);
        QTemporaryDir junk;
        QVERIFY(saveFile(junk.filePath(QStringLiteral("notes.txt")), "hello\nworld\n", nullptr));
        QCOMPARE(runCli({junk.path(), QStringLiteral("--to"), dir}), 3); // nothing recognisable
        QCOMPARE(runCli({QStringLiteral("--help")}), 0);
    }
};

QTEST_MAIN(TestUiExport)
#include "tst_ui_export.moc"
