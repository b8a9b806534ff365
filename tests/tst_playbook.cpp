// The playbook data, the evidence and ranking on small hand-built stores, and the report forms.
#include "analysis/analysis.h"
#include "analysis/originclassifier.h"
#include "playbook/causeranker.h"
#include "playbook/playbook.h"
#include "playbook/playbookreport.h"
#include "playbook/playbookrun.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace gateline;

namespace {

constexpr qint64 kSec = 1000000;
constexpr qint64 kT0 = 1795251600LL * kSec; // 2026-11-21T09:00:00Z

// A small bundle built by hand: ALB requests at a steady rate, plus Kubernetes events.
class Synth
{
public:
    Synth()
    {
        auto alb = std::make_unique<SourceData>();
        alb->format = SourceFormat::Alb;
        alb->locator.filePath = QStringLiteral("alb.log");
        m_alb = alb.get();
        m_store.add(std::move(alb));
        auto ev = std::make_unique<SourceData>();
        ev->format = SourceFormat::K8sEvents;
        ev->locator.filePath = QStringLiteral("events.json");
        m_events = ev.get();
        m_store.add(std::move(ev));
    }

    // Plain 200s, `rps` per second, for `minutes`.
    void traffic(int minutes, int rps)
    {
        for (qint64 s = 0; s < qint64(minutes) * 60; ++s)
            for (int k = 0; k < rps; ++k)
                request(kT0 + s * kSec + k * (kSec / rps), 200, 200, "/api/items/42");
    }
    void request(qint64 us, qint16 status, qint16 upstream, QByteArrayView path, QByteArrayView target = "10.0.1.5:8080")
    {
        Record r;
        r.time = {us};
        r.kind = EventKind::Request;
        r.status = status;
        r.upstreamStatus = upstream;
        r.durationMs = upstream == kUpstreamDash ? -1 : 12;
        r.client = "203.0.113.9";
        r.method = "GET";
        r.path = path;
        r.host = "shop.example.com";
        r.upstream = upstream == kUpstreamDash ? QByteArrayView() : target;
        m_alb->append(r);
    }
    void missing502(qint64 us, QByteArrayView path = "/api/items/42") { request(us, 502, kUpstreamDash, path); }
    void event(qint64 us, QByteArrayView reason, QByteArrayView object, QByteArrayView text, bool warning = false)
    {
        Record r;
        r.time = {us};
        r.kind = EventKind::K8sEvent;
        r.reason = reason;
        r.object = object;
        r.ns = "shop";
        r.text = text;
        r.flags = warning ? FlagWarning : FlagNone;
        m_events->append(r);
    }
    const EventStore &store() const { return m_store; }

private:
    EventStore m_store;
    SourceData *m_alb = nullptr;
    SourceData *m_events = nullptr;
};

QString topOf(const Synth &s, QList<CauseScore> *all = nullptr)
{
    AnalysisOptions options;
    options.matching.shuffles = 20;
    const Analysis analysis(s.store(), options);
    const QList<CauseScore> causes = rankCauses(analysis);
    if (all)
        *all = causes;
    return causes.isEmpty() ? QString() : causes.first().id;
}

QString dump(const QList<CauseScore> &causes)
{
    return causesToText(causes);
}

} // namespace

class TestPlaybook : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinLoads()
    {
        const Playbook &pb = Playbook::builtin();
        QVERIFY2(pb.isValid(), qPrintable(pb.error()));
        QCOMPARE(pb.steps().size(), 9);
        const QStringList stepIds = {QStringLiteral("locate-hop"),         QStringLiteral("deployments"),
                                     QStringLiteral("upstream-health"),    QStringLiteral("keepalive"),
                                     QStringLiteral("graceful-shutdown"),  QStringLiteral("dns"),
                                     QStringLiteral("connection-pooling"), QStringLiteral("resource-exhaustion"),
                                     QStringLiteral("reproduce")};
        for (qsizetype i = 0; i < stepIds.size(); ++i) {
            QCOMPARE(pb.steps()[i].id, stepIds[i]);
            QCOMPARE(pb.steps()[i].number, int(i + 1));
            QVERIFY(!pb.steps()[i].question.isEmpty());
            QVERIFY(!pb.steps()[i].verdicts.isEmpty());
        }
        // Step 1 offers every hop the origin classification can name.
        QStringList hopIds;
        for (const auto &v : pb.steps()[0].verdicts)
            hopIds << v.id;
        for (const Origin o : {Origin::Alb, Origin::Ingress, Origin::App, Origin::Undetermined, Origin::Sidecar, Origin::Cdn})
            QVERIFY2(hopIds.contains(originId(o)), qPrintable(originId(o)));
        QCOMPARE(pb.causeIds(), causeIds());
        for (const PlaybookCause &c : pb.causes()) {
            QVERIFY2(!c.fixes.isEmpty(), qPrintable(c.id));
            QVERIFY2(!c.prevention.isEmpty(), qPrintable(c.id));
            for (const PlaybookSnippet &f : c.fixes)
                QVERIFY2(!f.code.isEmpty() && !f.language.isEmpty(), qPrintable(c.id));
        }
        auto code = [&](const QString &cause) {
            QString all;
            for (const PlaybookSnippet &f : pb.cause(cause)->fixes)
                all += f.code;
            return all;
        };
        QVERIFY(code(QStringLiteral("graceful-shutdown")).contains(QLatin1StringView("preStop")));
        QVERIFY(code(QStringLiteral("graceful-shutdown")).contains(QLatin1StringView("deregistration_delay.timeout_seconds")));
        QVERIFY(code(QStringLiteral("pod-not-ready")).contains(QLatin1StringView("readinessProbe")));
        QVERIFY(code(QStringLiteral("hpa-too-slow")).contains(QLatin1StringView("stabilizationWindowSeconds")));
        QVERIFY(code(QStringLiteral("keepalive-mismatch")).contains(QLatin1StringView("keepAliveTimeout = 65000")));
        QVERIFY(code(QStringLiteral("keepalive-mismatch")).contains(QLatin1StringView("IdleTimeout")));
    }

    void rejectsBadReferences()
    {
        Playbook pb;
        QString error;
        QVERIFY(!Playbook::fromJson("[]", &pb, &error));
        const QByteArray bad = R"({"schema":"gateline.playbook/1","steps":[{"id":"a","verdicts":[{"id":"v","next":["zz"]}]}],
                                   "causes":[{"id":"c"}]})";
        QVERIFY(!Playbook::fromJson(bad, &pb, &error));
        QVERIFY(error.contains(QLatin1StringView("zz")));
    }

    void escaping()
    {
        QCOMPARE(escapeMarkdown(QStringLiteral("a|b`c*d_e[f]g<h>i\nj")),
                 QStringLiteral("a\\|b\\`c\\*d\\_e\\[f\\]g&lt;h&gt;i j"));
        QCOMPARE(jsString(QStringLiteral("/x?q=\"a\"\\</script>\n")),
                 QStringLiteral("\"/x?q=\\\"a\\\"\\\\\\u003c/script\\u003e\\n\""));
    }

    void nothingWithoutErrors()
    {
        Synth s;
        s.traffic(10, 5);
        QList<CauseScore> causes;
        topOf(s, &causes);
        QCOMPARE(causes.size(), causeIds().size());
        for (const CauseScore &c : causes)
            QCOMPARE(c.score, 0.0);
    }

    void gracefulShutdown()
    {
        Synth s;
        s.traffic(30, 5);
        // Three rollouts of three pods: new pod started, 8 s later the old one is killed and the
        // ALB keeps sending to it for a few seconds.
        for (int r = 0; r < 3; ++r) {
            const qint64 at = kT0 + qint64(300 + r * 540) * kSec;
            s.event(at - 2 * kSec, "ScalingReplicaSet", "Deployment/shop", "Scaled up replica set shop-7d to 1");
            for (int p = 0; p < 3; ++p) {
                const qint64 kill = at + qint64(p * 12) * kSec;
                s.event(kill - 8 * kSec, "Started", "Pod/shop-new", "Started container app");
                s.event(kill, "Killing", "Pod/shop-old", "Stopping container app");
                for (int k = 0; k < 6; ++k)
                    s.missing502(kill + k * 600000);
            }
        }
        QList<CauseScore> causes;
        QCOMPARE(topOf(s, &causes), QStringLiteral("graceful-shutdown"));
        QVERIFY2(causes.first().score >= 0.5, qPrintable(dump(causes)));
    }

    void oomCrash()
    {
        Synth s;
        s.traffic(30, 5);
        for (int k = 0; k < 4; ++k) {
            const qint64 at = kT0 + qint64(200 + k * 420) * kSec;
            s.event(at, "OOMKilling", "Node/ip-10-0-1-7", "Memory cgroup out of memory: Killed process 4242 (node)", true);
            for (int i = 0; i < 12; ++i)
                s.missing502(at + i * 500000);
        }
        QList<CauseScore> causes;
        QCOMPARE(topOf(s, &causes), QStringLiteral("oom-crash"));
        QVERIFY2(causes.first().score >= 0.5, qPrintable(dump(causes)));
    }

    void keepaliveTrickle()
    {
        Synth s;
        s.traffic(30, 5);
        QRandomGenerator rng(7);
        for (int i = 0; i < 80; ++i)
            s.missing502(kT0 + qint64(rng.bounded(1790.0) * kSec));
        // An unrelated rollout far from nothing in particular.
        s.event(kT0 + 600 * kSec, "Killing", "Pod/worker-1", "Stopping container worker");
        QList<CauseScore> causes;
        QCOMPARE(topOf(s, &causes), QStringLiteral("keepalive-mismatch"));
        QVERIFY2(causes.first().score >= 0.5, qPrintable(dump(causes)));
    }

    void reports()
    {
        Synth s;
        s.traffic(10, 5);
        const QByteArray evil = "/api/</script>|*_[a]`/x?q=\"1\"";
        for (int i = 0; i < 20; ++i)
            s.missing502(kT0 + qint64(20 + i * 29) * kSec, evil);
        AnalysisOptions options;
        options.matching.shuffles = 10;
        const Analysis analysis(s.store(), options);
        const PlaybookRun run(analysis);
        QCOMPARE(run.steps().size(), 9);
        QCOMPARE(run.causes().size(), causeIds().size());
        for (qsizetype i = 1; i < run.causes().size(); ++i)
            QVERIFY(run.causes()[i - 1].score >= run.causes()[i].score);

        const QJsonArray json = causesToJson(run.causes());
        QCOMPARE(json.size(), causeIds().size());
        for (const QJsonValue &v : json) {
            const double score = v.toObject().value(QLatin1StringView("score")).toDouble(-1);
            QVERIFY(score >= 0 && score <= 1);
            QVERIFY(v.toObject().value(QLatin1StringView("evidence")).isArray());
        }

        const StepResult *locate = run.step(QStringLiteral("locate-hop"));
        QVERIFY(locate);
        QCOMPARE(locate->verdict, QStringLiteral("alb"));
        // Counts people read carry the thousands separator ("55,287", not "55287").
        QVERIFY(analysis.counts().requests >= 1000);
        QVERIFY2(locate->evidence.first().text.contains(QStringLiteral(" of %1 requests").arg(readableCount(analysis.counts().requests)))
                     && locate->evidence.first().text.contains(QLatin1Char(',')),
                 qPrintable(locate->evidence.first().text));
        const StepResult *repro = run.step(QStringLiteral("reproduce"));
        QVERIFY(repro);
        QCOMPARE(repro->verdict, QStringLiteral("script-ready"));
        const QString js = repro->k6Script;
        QVERIFY(js.contains(QLatin1StringView("import http from 'k6/http';")));
        QVERIFY2(js.contains(QLatin1StringView("\"/api/\\u003c/script\\u003e|*_[a]`/x?q=\\\"1\\\"\"")), qPrintable(js));
        // 5 requests/s plus the 502s on top
        QVERIFY2(js.contains(QLatin1StringView("rate: 5,")) || js.contains(QLatin1StringView("rate: 6,")), qPrintable(js));
        QVERIFY(js.contains(QLatin1StringView("https://shop.example.com")));

        const QString md = playbookToMarkdown(run);
        QVERIFY(md.contains(QLatin1StringView("```yaml")) || md.contains(QLatin1StringView("```javascript")));
        QVERIFY(!md.contains(QLatin1StringView("</script>")));
        QVERIFY2(md.contains(QLatin1StringView("/api/&lt;/script&gt;\\|\\*\\_\\[a\\]\\`/x")), qPrintable(md));
        const QString text = causesToText(run.causes());
        QVERIFY2(text.startsWith(QLatin1StringView("Diagnosis: ")), qPrintable(text));
        QVERIFY(text.contains(QLatin1StringView("\nRoot causes (best first")));
        // The diagnosis names the primary cause of the ranking (the acting cause that explains the
        // most 502s, not necessarily the best-scored one), with its share.
        const Diagnosis d = diagnose(run.causes());
        if (!d.primary.isEmpty()) {
            for (const CauseScore &c : run.causes())
                if (c.role == QLatin1StringView("primary"))
                    QCOMPARE(d.primary, c.id);
            for (double share : d.contributingShares)
                QVERIFY(share <= d.primaryShare);
            QVERIFY(text.contains(d.text()));
        }
    }
};

QTEST_GUILESS_MAIN(TestPlaybook)
#include "tst_playbook.moc"
