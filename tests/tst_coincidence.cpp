// The one statistical core (analysis/coincidence.h): "do these 502s sit on these events?" with a
// circular-shift test that keeps bursts intact, an effect size with a burst-bootstrap interval,
// and the minimum-evidence rule. Synthetic series with known answers.
#include "analysis/coincidence.h"

#include <QRandomGenerator>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace gateline;

namespace {

constexpr qint64 kSec = 1000000;
constexpr qint64 kFrom = 1700000000LL * kSec;
constexpr qint64 kSpan = 3 * 3600 * kSec;

CoincidenceQuery query(double before, double after)
{
    CoincidenceQuery q;
    q.beforeSeconds = before;
    q.afterSeconds = after;
    q.fromUs = kFrom;
    q.toUs = kFrom + kSpan;
    return q;
}

std::vector<qint64> sorted(std::vector<qint64> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace

class TestCoincidence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // "clearly above chance" needs the interval's low end above 1x: a bound of 1.03 must not read
    // "1.0x" beside it, nor 0.97 (not above chance) read the same.
    void boundsNearOneKeepTheirSide()
    {
        Coincidence c;
        c.errors = 40;
        c.tooFew = false;
        c.events = 6;
        c.bursts = 5;
        c.share = 0.3;
        c.expectedShare = 0.1;
        c.effect = 3.0;
        c.effectHigh = 6.6;
        c.pValue = 0.01;
        c.effectLow = 1.03;
        QVERIFY2(c.summary().contains(QLatin1StringView("95% CI 1.03x-6.6x")), qPrintable(c.summary()));
        c.effectLow = 0.97;
        QVERIFY2(c.summary().contains(QLatin1StringView("95% CI 0.97x-6.6x")), qPrintable(c.summary()));
        c.effectLow = 1.0004;
        QVERIFY2(c.summary().contains(QLatin1StringView("95% CI 1.000x-6.6x")), qPrintable(c.summary()));
        c.effectLow = 1.4;
        QVERIFY2(c.summary().contains(QLatin1StringView("95% CI 1.4x-6.6x")), qPrintable(c.summary()));
    }

    void tooFewToTell()
    {
        const std::vector<qint64> events = {kFrom + 600 * kSec, kFrom + 4000 * kSec};
        const std::vector<qint64> errors = {kFrom + 601 * kSec, kFrom + 602 * kSec, kFrom + 4001 * kSec};
        const Coincidence c = testCoincidence(errors, events, query(0, 10));
        QCOMPARE(c.errors, 3);
        QCOMPARE(c.matched, 3);
        QVERIFY(c.tooFew);
        QVERIFY(!c.tied());
        QCOMPARE(c.strength(), 0.0);
        QCOMPARE(c.verdictId(), QStringLiteral("too-few"));
        QVERIFY2(c.summary().startsWith(QLatin1StringView("too few to tell")), qPrintable(c.summary()));
    }

    // 502s a few seconds after each of 30 events: far above chance, with the interval above 1x.
    void tiedToEvents()
    {
        std::vector<qint64> events, errors;
        QRandomGenerator rng(7);
        for (int i = 0; i < 30; ++i) {
            const qint64 e = kFrom + (300 + i * 340) * kSec + qint64(rng.bounded(60)) * kSec;
            events.push_back(e);
            for (int k = 0; k < 4; ++k)
                errors.push_back(e + qint64(rng.bounded(8.0) * 1e6) + kSec);
        }
        for (int i = 0; i < 10; ++i) // background
            errors.push_back(kFrom + qint64(rng.bounded(double(kSpan))));
        errors = sorted(errors);
        const Coincidence c = testCoincidence(errors, events, query(1, 10));
        QCOMPARE(c.errors, 130);
        QVERIFY(c.matched >= 120);
        QVERIFY(!c.tooFew);
        QVERIFY2(c.pValue <= 2.0 / double(c.shifts + 1), qPrintable(c.summary()));
        QVERIFY2(c.expectedShare > 0.01 && c.expectedShare < 0.1, qPrintable(c.summary()));
        QVERIFY(std::abs(c.effect - c.share / c.expectedShare) < 1e-9);
        QVERIFY2(c.effectLow > 5 && c.effectLow <= c.effect && c.effect <= c.effectHigh, qPrintable(c.summary()));
        QVERIFY(c.tied());
        QVERIFY(c.strength() > 0.8);
        QVERIFY(c.explained() > 110);
        QCOMPARE(qint64(std::count(c.hits.begin(), c.hits.end(), 1)), c.matched);
        QCOMPARE(c.verdictId(), QStringLiteral("tied"));
    }

    // Three bursts, each right after one of three events (the demo's three OOM kills): every
    // resampled burst sits on an event, yet three bursts are three observations. The interval is the
    // exact bound on the share of bursts on events (0.025^(1/3) = 29%), not the point 1/expected.
    void everyBurstOnAnEventStillHasAnInterval()
    {
        std::vector<qint64> events{kFrom + 1800 * kSec, kFrom + 5400 * kSec, kFrom + 9000 * kSec};
        std::vector<qint64> errors;
        for (const qint64 e : events)
            for (int k = 0; k < 30; ++k)
                errors.push_back(e + 2 * kSec + k * 200000);
        errors = sorted(errors);
        const Coincidence c = testCoincidence(errors, events, query(1, 10));
        QCOMPARE(c.matched, c.errors);
        QCOMPARE(c.bursts, qint64(3));
        QVERIFY2(c.effectHigh >= c.effect && c.effectLow < 0.5 * c.effect, qPrintable(c.summary()));
        const double chance = c.chanceBelow > 0 ? c.chanceBelow : std::max(c.expectedShare, 1e-3);
        QVERIFY2(std::abs(c.effectLow - c.share * std::pow(0.025, 1.0 / 3.0) / chance) < 1e-9, qPrintable(c.summary()));
        // Still clearly more than chance: the windows cover about 1% of the range.
        QVERIFY2(c.tied(), qPrintable(c.summary()));
    }

    // One burst of 100 502s right after one of ten unrelated events, plus a trickle elsewhere. A
    // binomial test on 100 "independent" 502s would call this decisive (p < 1e-100); the shift test
    // moves the burst as a whole, so it is one coincidence, and the interval reaches 1x.
    void oneBurstIsNotDecisive()
    {
        QRandomGenerator rng(11);
        std::vector<qint64> events;
        for (int i = 0; i < 10; ++i)
            events.push_back(kFrom + qint64(rng.bounded(double(kSpan))));
        std::sort(events.begin(), events.end());
        std::vector<qint64> errors;
        for (int k = 0; k < 100; ++k)
            errors.push_back(events[3] + 2 * kSec + k * 60000);
        for (int i = 0; i < 25; ++i)
            errors.push_back(kFrom + qint64(rng.bounded(double(kSpan))));
        errors = sorted(errors);
        const Coincidence c = testCoincidence(errors, events, query(1, 10));
        QVERIFY(c.matched >= 100);
        QVERIFY(c.share > 0.75);
        QVERIFY2(c.pValue > 0.005, qPrintable(c.summary()));
        QVERIFY2(c.effectLow <= 1.5, qPrintable(c.summary()));
        QVERIFY2(!c.tied(), qPrintable(c.summary()));
        QVERIFY2(c.strength() < 0.5, qPrintable(QString::number(c.strength())));
    }

    // 502s and events at independent random times: chance, and the interval holds 1x.
    void chanceIsChance()
    {
        QRandomGenerator rng(3);
        std::vector<qint64> events, errors;
        for (int i = 0; i < 40; ++i)
            events.push_back(kFrom + qint64(rng.bounded(double(kSpan))));
        for (int i = 0; i < 200; ++i)
            errors.push_back(kFrom + qint64(rng.bounded(double(kSpan))));
        errors = sorted(errors);
        const Coincidence c = testCoincidence(errors, events, query(5, 30));
        QVERIFY2(c.pValue > 0.05, qPrintable(c.summary()));
        QVERIFY2(c.effectLow < 1 && c.effectHigh > 1, qPrintable(c.summary()));
        QVERIFY(!c.tied());
        QCOMPARE(c.strength(), 0.0);
        QVERIFY(std::abs(c.expectedShare - c.coverage) < 0.05);
        QCOMPARE(c.verdictId(), QStringLiteral("chance"));
    }

    void noEvents()
    {
        const std::vector<qint64> errors = {kFrom + kSec, kFrom + 2 * kSec, kFrom + 3 * kSec, kFrom + 4 * kSec,
                                            kFrom + 5 * kSec, kFrom + 6 * kSec};
        const Coincidence c = testCoincidence(errors, {}, query(0, 10));
        QCOMPARE(c.events, 0);
        QCOMPARE(c.matched, 0);
        QVERIFY(!c.tied());
        QCOMPARE(c.verdictId(), QStringLiteral("no-events"));
        // Events far outside the range (plus the window) explain nothing in it.
        const Coincidence far = testCoincidence(errors, {kFrom - 3600 * kSec}, query(0, 10));
        QCOMPARE(far.events, 0);
    }

    // The same input gives the same numbers (a fixed seed), so reports and views agree run to run.
    void deterministic()
    {
        QRandomGenerator rng(5);
        std::vector<qint64> events, errors;
        for (int i = 0; i < 20; ++i)
            events.push_back(kFrom + qint64(rng.bounded(double(kSpan))));
        for (int i = 0; i < 80; ++i)
            errors.push_back(kFrom + qint64(rng.bounded(double(kSpan))));
        errors = sorted(errors);
        const Coincidence a = testCoincidence(errors, events, query(2, 20));
        const Coincidence b = testCoincidence(errors, events, query(2, 20));
        QCOMPARE(a.pValue, b.pValue);
        QCOMPARE(a.expectedShare, b.expectedShare);
        QCOMPARE(a.effectLow, b.effectLow);
        QCOMPARE(a.effectHigh, b.effectHigh);
        QCOMPARE(a.summary(), b.summary());
    }

    // A steady background of 502s (a keep-alive race: one every 2 s over 3 hours) with a real tie on
    // top (4x the background rate in the 10 s after each of 30 events). The background puts several
    // 502s in every window, so "502s closer than the window" made the whole series one burst: a
    // single coincidence, no interval, and the tie read as weak. Background-aware, the bursts are
    // runs denser than the background, each event window is judged against the rate outside the
    // windows, and the tie is found, with the rate ratio near 4.
    void steadyBackgroundKeepsAnEventTie()
    {
        QRandomGenerator rng(21);
        std::vector<qint64> events, errors;
        for (qint64 t = kFrom; t < kFrom + kSpan; t += qint64(-std::log(1 - rng.generateDouble()) * 2e6))
            errors.push_back(t);
        const qint64 background = qint64(errors.size());
        for (int i = 0; i < 30; ++i) {
            const qint64 e = kFrom + (200 + i * 350) * kSec + qint64(rng.bounded(100)) * kSec;
            events.push_back(e);
            for (qint64 t = e; t < e + 10 * kSec; t += qint64(-std::log(1 - rng.generateDouble()) * 0.67e6))
                errors.push_back(t);
        }
        errors = sorted(errors);
        const Coincidence c = testCoincidence(errors, events, query(0, 10));
        QVERIFY(background > 4000);
        QVERIFY2(c.backgroundPerWindow >= 2, qPrintable(QString::number(c.backgroundPerWindow)));
        QVERIFY2(c.bursts > 100, qPrintable(QString::number(c.bursts)));
        QVERIFY2(c.raisedWindows >= 25 && c.raisedWindows <= 30, qPrintable(QString::number(c.raisedWindows)));
        QCOMPARE(c.matchedBursts, c.raisedWindows);
        QVERIFY2(c.rateRatio > 2.5 && c.rateRatio < 6, qPrintable(QString::number(c.rateRatio)));
        QVERIFY2(c.attributable() > 0.6 && c.attributable() < 0.85, qPrintable(QString::number(c.attributable())));
        QVERIFY2(c.pValue <= 2.0 / double(c.shifts + 1), qPrintable(c.summary()));
        QVERIFY2(c.effectLow > 1, qPrintable(c.summary()));
        QVERIFY2(c.tied(), qPrintable(c.summary()));
        QVERIFY2(c.strength() > 0.3, qPrintable(QString::number(c.strength())));
    }

    // The same steady background against 30 events it has nothing to do with: every window holds
    // background 502s, but hardly any more than the rate outside gives, so no tie and no coincidences.
    void steadyBackgroundAloneIsNotATie()
    {
        QRandomGenerator rng(22);
        std::vector<qint64> events, errors;
        for (qint64 t = kFrom; t < kFrom + kSpan; t += qint64(-std::log(1 - rng.generateDouble()) * 2e6))
            errors.push_back(t);
        for (int i = 0; i < 30; ++i)
            events.push_back(kFrom + (200 + i * 350) * kSec + qint64(rng.bounded(100)) * kSec);
        const Coincidence c = testCoincidence(errors, events, query(0, 10));
        QCOMPARE(c.eventsHit, 30); // the background reaches every window...
        QVERIFY2(c.raisedWindows <= 5, qPrintable(QString::number(c.raisedWindows))); // ...but raises few
        QVERIFY2(c.rateRatio > 0.7 && c.rateRatio < 1.4, qPrintable(QString::number(c.rateRatio)));
        QVERIFY2(c.pValue > 0.05, qPrintable(c.summary()));
        QVERIFY(!c.tied());
        QCOMPARE(c.strength(), 0.0);
    }

    // With no background, any 502 in a window counts: sparse series keep their old bursts.
    void sparseSeriesKeepTheirBursts()
    {
        const std::vector<qint64> events = {kFrom + 1000 * kSec, kFrom + 5000 * kSec};
        const std::vector<qint64> errors = {kFrom + 1001 * kSec, kFrom + 1002 * kSec, kFrom + 1003 * kSec,
                                            kFrom + 5001 * kSec, kFrom + 5004 * kSec, kFrom + 9000 * kSec};
        const Coincidence c = testCoincidence(errors, events, query(0, 10));
        QCOMPARE(c.backgroundPerWindow, 0.0);
        QCOMPARE(c.bursts, 3);
        QCOMPARE(c.raisedWindows, 2);
        QCOMPARE(c.matchedBursts, 2);
        QCOMPARE(c.matched, 5);
    }

    void poissonTail()
    {
        QCOMPARE(poissonUpperTail(0, 3.0), 1.0);
        QCOMPARE(poissonUpperTail(1, 0.0), 0.0);
        QVERIFY(std::abs(poissonUpperTail(1, 1.0) - (1 - std::exp(-1.0))) < 1e-12);
        QVERIFY(std::abs(poissonUpperTail(3, 2.0) - (1 - std::exp(-2.0) * (1 + 2 + 2))) < 1e-12);
        // Normal approximation above lambda 50: the mean is about the median.
        QVERIFY(std::abs(poissonUpperTail(100, 100.0) - 0.5) < 0.03);
        QVERIFY(poissonUpperTail(1000000, 5.0) < 1e-12);
    }

    // Window sides: a 502 before an event sits on it only within `before`.
    void windowSides()
    {
        const std::vector<qint64> events = {kFrom + 1000 * kSec};
        std::vector<qint64> errors = {kFrom + 997 * kSec, kFrom + 999 * kSec, kFrom + 1005 * kSec, kFrom + 1009 * kSec,
                                      kFrom + 1012 * kSec};
        const Coincidence c = testCoincidence(errors, events, query(2, 10));
        QCOMPARE(c.matched, 3);
        QCOMPARE(c.hits, (std::vector<char>{0, 1, 1, 1, 0}));
        QCOMPARE(c.eventsHit, 1);
        QCOMPARE(c.firstUs, kFrom + 999 * kSec);
        QCOMPARE(c.lastUs, kFrom + 1009 * kSec);
        QCOMPARE(c.medianDelaySeconds, 5.0);
    }

    // An event's own window end (CoincidenceQuery::eventEndsUs: an OOM-killed container down until
    // its restart): a 502 past `after` but before that end sits on the event; an end before
    // event + after changes nothing; the chance distribution uses the same windows.
    void eventEndsExtendTheirWindow()
    {
        const std::vector<qint64> events = {kFrom + 1000 * kSec, kFrom + 5000 * kSec};
        const std::vector<qint64> errors = {kFrom + 1005 * kSec, kFrom + 1050 * kSec, kFrom + 1090 * kSec,
                                            kFrom + 5005 * kSec, kFrom + 5050 * kSec};
        const Coincidence fixed = testCoincidence(errors, events, query(0, 10));
        QCOMPARE(fixed.matched, 2);
        CoincidenceQuery q = query(0, 10);
        q.eventEndsUs = {kFrom + 1060 * kSec, kFrom + 5001 * kSec}; // the second ends before 5000 + 10
        const Coincidence c = testCoincidence(errors, events, q);
        QCOMPARE(c.hits, (std::vector<char>{1, 1, 0, 1, 0}));
        QCOMPARE(c.eventsHit, 2);
        QVERIFY2(std::abs(c.coverage - double(60 + 10) / double(kSpan / kSec)) < 1e-6, qPrintable(c.summary()));
        QVERIFY(c.expectedShare > fixed.expectedShare);
        // Given in any order, with the event times.
        CoincidenceQuery r = query(0, 10);
        r.eventEndsUs = {kFrom + 5001 * kSec, kFrom + 1060 * kSec};
        const Coincidence reversed = testCoincidence(errors, {events[1], events[0]}, r);
        QCOMPARE(reversed.hits, c.hits);
        QCOMPARE(reversed.pValue, c.pValue);
    }

    // The demo's three OOM kills: a burst right after each, the windows (1 s before to 2 s after)
    // 0.08% of the three hours, so no shift puts a 502 on a kill. The chance share is then below
    // what 499 shifts resolve: it is stated as its exact 97.5% bound, 1 - 0.025^(1/499) = 0.74%, and
    // the effect as a finite lower bound ("100% vs < 0.7% by chance: > 136x"), where it read
    // "100% vs 0% by chance: >999x". The p-value is the shift test's as before.
    void unresolvedChanceIsABound()
    {
        std::vector<qint64> events{kFrom + 1800 * kSec, kFrom + 5400 * kSec + 7 * kSec, kFrom + 9000 * kSec - 4 * kSec};
        std::vector<qint64> errors;
        for (const qint64 e : events)
            for (int k = 0; k < 10; ++k)
                errors.push_back(e + kSec / 2 + k * 100000);
        errors = sorted(errors);
        const Coincidence c = testCoincidence(errors, events, query(1, 2));
        QCOMPARE(c.matched, c.errors);
        QVERIFY2(c.expectedShare * double(c.shifts) < 1, qPrintable(QString::number(c.expectedShare)));
        const double bound = c.expectedShare > 0 ? 5.5716 / 499 : 1 - std::pow(0.025, 1.0 / 499);
        QVERIFY2(std::abs(c.chanceBelow - bound) < 2e-5, qPrintable(QString::number(c.chanceBelow, 'g', 6)));
        QVERIFY2(std::abs(c.effect - 1 / c.chanceBelow) < 1e-9 && c.effect < 200, qPrintable(c.summary()));
        QVERIFY2(std::abs(c.effectLow - std::pow(0.025, 1.0 / 3.0) / c.chanceBelow) < 1e-9, qPrintable(c.summary()));
        QCOMPARE(c.effectHigh, Coincidence::kMaxEffect);
        QVERIFY2(c.pValue <= 1.0 / double(c.shifts + 1) + 1e-12, qPrintable(c.summary()));
        QVERIFY(c.tied());
        QCOMPARE(c.chanceText(), QStringLiteral("< %1%").arg(QString::number(c.chanceBelow * 100, 'f', 1)));
        const QString expected = QStringLiteral("100% vs %1 by chance: > %2x (95% CI > %3x), p < 0.002")
                                     .arg(c.chanceText()).arg(qRound(c.effect)).arg(qRound(c.effectLow));
        QCOMPARE(c.summary(), expected);
        QVERIFY(!c.summary().contains(QLatin1StringView("999")));

        // A resolved chance keeps its mean and two-sided interval.
        const Coincidence wide = testCoincidence(errors, events, query(60, 600));
        QCOMPARE(wide.chanceBelow, 0.0);
        QVERIFY2(std::abs(wide.effect - wide.share / wide.expectedShare) < 1e-9, qPrintable(wide.summary()));
        QVERIFY2(wide.summary().contains(QLatin1StringView(" vs ")) && !wide.summary().contains(QLatin1StringView("vs < ")),
                 qPrintable(wide.summary()));
    }

    // A crash loop: an OOM kill every 8 minutes over the whole range, a burst of 502s right after
    // each. A shift by a multiple of the period lays every burst on another kill (the last wraps
    // to the first), so with those shifts in the chance distribution the tie read p = 0.018 and a
    // strength of 0.3 however many kills; they are left out (periodUs), and the tie is at the
    // shifts' floor. 502s at random times against the same kills stay chance, and kills at
    // irregular times have no period.
    void periodicEventsDoNotAliasTheirTie()
    {
        std::vector<qint64> events, errors;
        QRandomGenerator rng(23);
        for (int i = 0; i < 7; ++i) {
            const qint64 e = kFrom + (200 + i * 480) * kSec + qint64(rng.bounded(2.0) * 1e6);
            events.push_back(e);
            for (int k = 0; k < 12; ++k)
                errors.push_back(e + qint64(rng.bounded(20.0) * 1e6));
        }
        errors = sorted(errors);
        CoincidenceQuery q = query(5, 30);
        q.toUs = kFrom + 7 * 480 * kSec;
        const Coincidence c = testCoincidence(errors, events, q);
        QVERIFY2(std::abs(double(c.periodUs) / 1e6 - 480) < 3, qPrintable(QString::number(c.periodUs)));
        QCOMPARE(c.matched, c.errors);
        QVERIFY2(c.pValue <= 1.0 / double(c.shifts + 1) + 1e-12, qPrintable(c.summary()));
        QVERIFY2(c.tied() && c.strength() > 0.8, qPrintable(c.summary()));

        std::vector<qint64> random;
        for (int k = 0; k < 84; ++k)
            random.push_back(kFrom + qint64(rng.bounded(7 * 480.0) * 1e6));
        const Coincidence chance = testCoincidence(sorted(random), events, q);
        QVERIFY2(!chance.tied(), qPrintable(chance.summary()));

        // The chance is what every shift gives, aliased or not: about the kills' windows' share of
        // the range (the shifts left out for the p-value are exactly those that hit, so their mean
        // was 0 and the effect ">999x").
        QVERIFY2(c.expectedShare > 0.4 * c.coverage && c.expectedShare < 1.5 * c.coverage,
                 qPrintable(QStringLiteral("%1 vs coverage %2: %3").arg(c.expectedShare).arg(c.coverage).arg(c.summary())));
        QCOMPARE(c.chanceBelow, 0.0);
        QVERIFY2(c.effect < 0.8 / c.coverage * 1.0 / 0.4 && c.effect > 1 / (1.5 * c.coverage), qPrintable(c.summary()));

        std::vector<qint64> irregular = events;
        irregular[2] += 150 * kSec;
        irregular[4] -= 120 * kSec;
        QCOMPARE(testCoincidence(errors, irregular, q).periodUs, 0);
    }
};

QTEST_GUILESS_MAIN(TestCoincidence)
#include "tst_coincidence.moc"
