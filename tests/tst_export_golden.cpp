// Golden files of the exporters (tests/data/export/expected/): the postmortem draft (Markdown), the
// HTML report and the aligned timeline (CSV, JSON), on two hand-made bundles: "basic" (a rollout with a
// burst of missing-upstream 502s, a probe failure, an OOM kill, ingress and app 502s, a skewed ingress
// clock) and "hostile" (log text made to break Markdown tables, HTML and spreadsheets). The causes,
// verdicts, fixes and bursts are fixed values so that the goldens do not move with the cause ranking.
// Regenerate with GATELINE_REGENERATE=1 (scripts/regen-golden.sh), then read the diff.
#include "testutil.h"

#include "analysis/analysis.h"
#include "export/htmlreport.h"
#include "export/markdownexport.h"
#include "export/timelineexport.h"
#include "ingest/bundleloader.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QLatin1StringView(iso), Qt::ISODate).toMSecsSinceEpoch() * 1000;
}

// Absolute test-data paths would make the goldens depend on the checkout's location.
QString normalised(QString text)
{
    return text.replace(QStringLiteral(GATELINE_TEST_DATA), QStringLiteral("DATA"));
}

struct Bundle {
    EventStore store;
    std::unique_ptr<Analysis> analysis;
};

std::unique_ptr<Bundle> load(const QString &name)
{
    auto b = std::make_unique<Bundle>();
    IngestOptions ingest;
    ingest.threads = 1;
    b->store = BundleLoader(ingest).load({testutil::dataPath(QStringLiteral("export/") + name)});
    b->analysis = std::make_unique<Analysis>(b->store, AnalysisOptions());
    return b;
}

PlaybookCause cause(const char *id, const char *title, QStringList fixes, QStringList prevention)
{
    PlaybookCause c;
    c.id = QLatin1StringView(id);
    c.title = QLatin1StringView(title);
    for (const QString &f : fixes)
        c.fixes.append({f, QStringLiteral("yaml"), QStringLiteral("# code\n")});
    c.prevention = prevention;
    return c;
}

QList<PlaybookCause> fixedPlaybookCauses()
{
    return {cause("graceful-shutdown", "Missing graceful shutdown during deployments",
                  {QStringLiteral("Graceful shutdown: preStop sleep, maxUnavailable 0, readiness probe"),
                   QStringLiteral("AWS ALB target deregistration delay")},
                  {QStringLiteral("Application handles SIGTERM and finishes in-flight requests")}),
            cause("oom-crash", "OOM/crash during request processing", {QStringLiteral("Raise the memory limit")},
                  {QStringLiteral("Alert on OOMKilled containers")}),
            cause("keepalive-mismatch", "Keep-alive timeout mismatch", {QStringLiteral("Keep-alive longer than the LB idle timeout")},
                  {})};
}

QList<CauseScore> fixedCauses()
{
    return {{QStringLiteral("graceful-shutdown"), 0.78,
             {QStringLiteral("4 of 5 missing-upstream 502s came 0-10 s after Killing of pods"),
              QStringLiteral("502s cluster on POST /api/orders")}, {}},
            {QStringLiteral("oom-crash"), 0.41, {QStringLiteral("1 OOM kill with a 502 within 30 s")}, {}},
            {QStringLiteral("keepalive-mismatch"), 0.05, {}, {}}};
}

PostmortemInput basicInput(const Analysis &a)
{
    PostmortemInput in;
    in.analysis = &a;
    in.causes = fixedCauses();
    in.playbookCauses = fixedPlaybookCauses();
    PostmortemVerdict hop;
    hop.step = QStringLiteral("origin");
    hop.stepNumber = 2;
    hop.stepTitle = QStringLiteral("Which hop returns the 502?");
    hop.verdict = QStringLiteral("alb");
    hop.verdictLabel = QStringLiteral("The load balancer (target never answered)");
    PostmortemVerdict deploy;
    deploy.step = QStringLiteral("deployments");
    deploy.stepNumber = 4;
    deploy.stepTitle = QStringLiteral("Do the 502s follow deployments?");
    deploy.verdict = QStringLiteral("yes");
    deploy.verdictLabel = QStringLiteral("Yes, right after old pods are killed");
    deploy.cause = QStringLiteral("graceful-shutdown");
    deploy.comment = QStringLiteral("Seen in the 09:05 rollout of web.");
    in.verdicts = {hop, deploy};
    in.notes = {{utc("2024-05-14T09:05:40Z"), QStringLiteral("Support ticket #4711: checkout failed")},
                {utc("2024-05-14T09:25:00Z"), QStringLiteral("Rollout paused by hand")}};
    in.bursts = {{utc("2024-05-14T09:05:22.400Z"), utc("2024-05-14T09:05:29.500Z"), 4}};
    return in;
}

PostmortemInput hostileInput(const Analysis &a)
{
    PostmortemInput in;
    in.analysis = &a;
    in.title = QStringLiteral("Outage <script>alert(1)</script> | `x`");
    in.causes = {{QStringLiteral("graceful-shutdown"), 0.9,
                  {QStringLiteral("</li><script>alert(1)</script>"), QStringLiteral("a | b ` c\nnew line ![img](http://evil.example/x.png)")},
                  {}}};
    in.playbookCauses = fixedPlaybookCauses();
    PostmortemVerdict v;
    v.step = QStringLiteral("deployments");
    v.stepNumber = 4;
    v.stepTitle = QStringLiteral("Do the 502s follow deployments?");
    v.verdict = QStringLiteral("yes");
    v.verdictLabel = QStringLiteral("Yes");
    v.cause = QStringLiteral("graceful-shutdown");
    v.comment = QStringLiteral("\"><img src=x onerror=alert(1)> | `rm -rf /`\n# heading");
    in.verdicts = {v};
    in.notes = {{utc("2024-05-14T10:00:03Z"), QStringLiteral("<script>alert('note')</script>\n| pipe | `tick` &amp; [x](javascript:alert(1))")}};
    return in;
}

const QByteArray kChartPlaceholder = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";

} // namespace

class TestExportGolden : public QObject
{
    Q_OBJECT

    void check(const QString &golden, const QString &actual)
    {
        QString diff;
        QVERIFY2(testutil::matchesGolden(testutil::dataPath(QStringLiteral("export/expected/") + golden), normalised(actual), &diff),
                 qPrintable(diff));
    }

private Q_SLOTS:
    void basicBundleLoads()
    {
        const auto b = load(QStringLiteral("basic"));
        QCOMPARE(b->store.sourceCount(), 4);
        QCOMPARE(b->analysis->counts().status502, 7);
        QCOMPARE(b->analysis->counts().missingUpstream502, 5);
        QCOMPARE(b->analysis->origin().alb, 5);
        QCOMPARE(b->analysis->origin().ingress, 1);
        QCOMPARE(b->analysis->origin().app, 1);
    }

    void basicPostmortem()
    {
        const auto b = load(QStringLiteral("basic"));
        const PostmortemDocument doc = buildPostmortem(basicInput(*b->analysis));
        check(QStringLiteral("basic-postmortem.md"), postmortemMarkdown(doc));
        check(QStringLiteral("basic-report.html"), htmlReport(doc, kChartPlaceholder));
    }

    void basicPostmortemRange()
    {
        // Only the rollout: 09:04:00-09:10:00. Recovery cannot be told inside it.
        const auto b = load(QStringLiteral("basic"));
        PostmortemInput in = basicInput(*b->analysis);
        in.range = {utc("2024-05-14T09:04:00Z"), utc("2024-05-14T09:10:00Z")};
        check(QStringLiteral("basic-range-postmortem.md"), postmortemMarkdown(in));
    }

    void basicTimelineRange()
    {
        const auto b = load(QStringLiteral("basic"));
        const TimeSpan range{utc("2024-05-14T09:05:00Z"), utc("2024-05-14T09:06:00Z")};
        check(QStringLiteral("basic-range-timeline.csv"), QString::fromUtf8(timelineCsv(*b->analysis, range)));
        check(QStringLiteral("basic-range-timeline.json"), QString::fromUtf8(timelineJson(*b->analysis, range)));
    }

    void hostile()
    {
        const auto b = load(QStringLiteral("hostile"));
        const PostmortemDocument doc = buildPostmortem(hostileInput(*b->analysis));
        check(QStringLiteral("hostile-postmortem.md"), postmortemMarkdown(doc));
        check(QStringLiteral("hostile-report.html"), htmlReport(doc, kChartPlaceholder));
        check(QStringLiteral("hostile-timeline.csv"), QString::fromUtf8(timelineCsv(*b->analysis, {})));
        check(QStringLiteral("hostile-timeline.json"), QString::fromUtf8(timelineJson(*b->analysis, {})));
    }
};

QTEST_MAIN(TestExportGolden)
#include "tst_export_golden.moc"
