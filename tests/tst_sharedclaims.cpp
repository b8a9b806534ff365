// 502s two acting causes both claim go to the better-supported one (issue 12, cause ranking;
// causeranker.cpp, the attribution in finish()).
//
// Seen study seed 1315: a NodePort busy under a traffic spike, no ingress. Every 502 is the ALB's
// own (target "-"), which keep-alive claims as "closed on its request" (keepalivecause.h), and
// nodeport-busy claims the same 502s by the high-load window. Keep-alive's closed-on-request claims
// were shared out before every broad cause's whatever the scores, so keep-alive (0.88, scored on the
// 444 502s nodeport-busy leaves) was named primary with 100% of the 502s under a 0.99 nodeport-busy
// ranked first. A closed connection is what every cause acting through the load balancer's target
// makes: such a claim does not tell whose 502 it is, and the better-ranked cause now takes it.
//
// Training study seed 2007: a rollout without graceful shutdown (6,243 502s) beside a DNS failure
// (505). dns-failure, scored on the 695 502s graceful-shutdown leaves (rescoreOnResiduals), then
// ranked above it (0.81 vs 0.64) and claimed all 6,748 by its window around the DNS lines: "dns-failure
// (100% of the 502s)", graceful-shutdown not named. A cause that rests on a remainder claims only it.
#include "generator/bundlegenerator.h"
#include "playbook/causeranker.h"
#include "playbook/playbookreport.h"
#include "testbundle.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace gateline;

using Draw = testutil::StudyDraw;

class TestSharedClaims : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void betterRankedTakesTheSharedClaims()
    {
        const Draw draw{QStringLiteral("nodeport-busy"), QStringLiteral("none"), QStringLiteral("docker-json"), 94.5, 21,
                        QStringLiteral("instance"), 0.0, 1.3, 1268799900u};
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Diagnosis d = diagnose(b->causes);
        const QString why = b->why(d);

        // The ranking's first cause is the generated one, and it is named primary with most 502s.
        QVERIFY2(!b->causes.isEmpty() && b->causes.front().id == draw.cause, qPrintable(why));
        QCOMPARE(d.primary, draw.cause);
        QVERIFY2(d.primaryShare > 0.9, qPrintable(why));
        const CauseScore *nodeport = b->cause(draw.cause);
        QVERIFY(nodeport);
        QCOMPARE(nodeport->role, QStringLiteral("primary"));
        QVERIFY2(nodeport->score >= 0.5, qPrintable(why));

        // Keep-alive still acts here (on the 502s nodeport-busy leaves), but gets at most those:
        // never a share above a better-ranked acting cause's.
        const CauseScore *keepalive = b->cause(QStringLiteral("keepalive-mismatch"));
        QVERIFY(keepalive);
        QVERIFY2(keepalive->role != QLatin1StringView("primary"), qPrintable(why));
        QVERIFY2(keepalive->share < 0.1, qPrintable(why));

        // Shares and the unexplained rest sum to 100%.
        double sum = d.unexplainedShare + d.primaryShare;
        for (double s : d.contributingShares)
            sum += s;
        QVERIFY2(std::abs(sum - 1) < 1e-9, qPrintable(why));

        // The JSON reads the same ranking: the same primary and share, the causes in the same order.
        const QJsonObject j = diagnosisToJson(b->causes);
        QCOMPARE(j.value(QLatin1StringView("primary")).toString(), draw.cause);
        QCOMPARE(j.value(QLatin1StringView("primaryShare")).toDouble(), std::round(d.primaryShare * 1000) / 1000);
        const QJsonArray causes = causesToJson(b->causes);
        QCOMPARE(causes.first().toObject().value(QLatin1StringView("id")).toString(), draw.cause);
        QCOMPARE(causes.first().toObject().value(QLatin1StringView("role")).toString(), QStringLiteral("primary"));
    }

    void residualCauseClaimsOnlyTheRemainder()
    {
        const Draw draw{QStringLiteral("dns-failure+graceful-shutdown"), QStringLiteral("traefik"), QStringLiteral("files"),
                        209.6, 9, QStringLiteral("instance"), 4.22, 2.81, 364766671u};
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const Diagnosis d = diagnose(b->causes);
        const QString why = b->why(d);
        // Both are named, each with about its own share (92.5% and 7.5% generated).
        QCOMPARE(d.primary, QStringLiteral("graceful-shutdown"));
        QVERIFY2(d.primaryShare > 0.75, qPrintable(why));
        QVERIFY2(d.contributing.contains(QStringLiteral("dns-failure")), qPrintable(why));
        const CauseScore *dns = b->cause(QStringLiteral("dns-failure"));
        QVERIFY(dns);
        QVERIFY2(dns->share > 0 && dns->share < 0.25, qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestSharedClaims)
#include "tst_sharedclaims.moc"
