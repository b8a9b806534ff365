// The Killings of a rollout take a start's 502s from pod-not-ready only when graceful-shutdown's
// evidence holds them (issue 12, cause ranking; tablecauses.cpp, pod-not-ready).
//
// Training study seed 2002: pod-not-ready + keepalive-mismatch at 373.6 requests a second, no
// ingress log (11,643 and 1,746 502s generated); the new pods failed requests for about 40 s each.
// Once the dense-burst finder (1d3137b) kept those bursts out of keep-alive's steady remainder,
// pod-not-ready was re-scored on 12,527 502s instead of 10,383 (the bursts' tails beyond the 20-s
// started window are in it now): 80% vs 42% by chance after a start (was 83% vs 37%), support 0.497
// (was 0.54), not named: "keepalive-mismatch (6.5%); 93% unexplained". Most of that support was
// lost to the rollout discount (x 0.59: only 26% of the 502s follow a start with no Killing just
// before), although the Killings tie the 502s no better than chance (p = 0.11) and no 502 went to
// a killed pod. The discount now applies only when one of those holds.
#include "generator/bundlegenerator.h"
#include "playbook/causeranker.h"
#include "playbook/evidence.h"
#include "testbundle.h"
#include "testutil.h"

#include <QTest>

using namespace gateline;

using Draw = testutil::StudyDraw;

class TestRolloutStarts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsBesideKeepalive()
    {
        const Draw draw{QStringLiteral("pod-not-ready+keepalive-mismatch"), QStringLiteral("none"),
                        QStringLiteral("stern-color"), 373.6, 5, QStringLiteral("instance"), 0.0, 1.29, 504737366u};
        const auto b = testutil::generateBundle(draw.options());
        QVERIFY2(b->error.isEmpty(), qPrintable(b->error));
        const qint64 pod = b->truth.cause502By.value(QStringLiteral("pod"));
        const qint64 race = b->truth.cause502By.value(QStringLiteral("keepalive"));
        QVERIFY2(pod > 10000 && race > 1000, qPrintable(QStringLiteral("%1 and %2").arg(pod).arg(race)));
        const Diagnosis d = diagnose(b->causes);
        const QString why = b->why(d);

        // The rule's condition: no graceful-shutdown evidence holds these 502s.
        const Evidence e(*b->analysis);
        QVERIFY2(e.killing().strength() == 0 && e.killedEnds().resolved == 0, qPrintable(e.killing().summary()));

        // Both are named: pod-not-ready primary with most of the 502s, keep-alive contributing.
        QCOMPARE(d.primary, QStringLiteral("pod-not-ready"));
        QVERIFY2(d.primaryShare > 0.75, qPrintable(why));
        QVERIFY2(d.contributing.contains(QStringLiteral("keepalive-mismatch")), qPrintable(why));
        const CauseScore *podNotReady = b->cause(QStringLiteral("pod-not-ready"));
        QVERIFY(podNotReady);
        QVERIFY2(podNotReady->score >= 0.5, qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestRolloutStarts)
#include "tst_rolloutstarts.moc"
