// When is more traffic a spike? computeLoadFeatures() (evidenceload.cpp) takes high load at
// params::kHighLoadFactor x the baseline (the HPA headroom between public targets, causeparams.h)
// and a spike only where the busiest minute exceeds that level by more than counting noise. So the
// same rise is a spike at a busy site and noise at a quiet one; a fixed peak factor (1.6x before)
// called a 1.7x minute at 1 rps a spike and missed a 1.55x one at 60 rps.
#include "analysis/analysis.h"
#include "ingest/bundleloader.h"
#include "playbook/causeparams.h"
#include "playbook/evidenceload.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace gateline;

namespace {

// ALB lines over 20 minutes, evenly spaced: `rate` per second, `factor` times that from minute 8
// to minute 11; every 50th request a missing-upstream 502.
QByteArray albLines(double rate, double factor)
{
    // Requests by the end of second s, and each second's the difference of its integer parts, so
    // fractional rates add up.
    auto total = [&](int s) { return qint64(rate * s + rate * (factor - 1) * std::clamp(s - 8 * 60, 0, 3 * 60)); };
    QByteArray out;
    qint64 n = 0;
    for (int second = 0; second < 20 * 60; ++second) {
        const qint64 count = total(second + 1) - total(second);
        for (qint64 k = 0; k < count; ++k, ++n) {
            const int micro = int(1000000 * k / std::max<qint64>(count, 1));
            const bool failed = n % 50 == 0;
            out += QStringLiteral("http 2026-11-21T10:%1:%2.%3Z app/lb/1 10.0.0.%4:4000 %5 0.000 %6 0.000 %7 %8 12 34 "
                                  "\"GET http://shop:80/api/x HTTP/1.1\" \"ua\" - - arn \"Root=1\" \"shop\" \"-\" 0 "
                                  "2026-11-21T10:00:00.000000Z \"forward\" \"-\" \"-\" \"%9\" \"%8\" \"-\" \"-\"\n")
                       .arg(second / 60, 2, 10, QLatin1Char('0'))
                       .arg(second % 60, 2, 10, QLatin1Char('0'))
                       .arg(micro, 6, 10, QLatin1Char('0'))
                       .arg(n % 200)
                       .arg(failed ? QStringLiteral("-") : QStringLiteral("10.1.0.7:80"))
                       .arg(failed ? QStringLiteral("-1") : QStringLiteral("0.010"))
                       .arg(failed ? 502 : 200)
                       .arg(failed ? QStringLiteral("-") : QStringLiteral("200"))
                       .arg(failed ? QStringLiteral("-") : QStringLiteral("10.1.0.7:80"))
                       .toUtf8();
        }
    }
    return out;
}

LoadFeatures loadOf(const QByteArray &lines)
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("alb.log")));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(lines);
    f.close();
    const EventStore store = BundleLoader().load({f.fileName()});
    const Analysis analysis(store, AnalysisOptions{});
    return computeLoadFeatures(ErrorSeries(analysis));
}

} // namespace

class TestLoadSpike : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spikeIsBeyondCountingNoise_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("factor");
        QTest::addColumn<bool>("spike");
        // A minute at 1.55x over 60 rps: 5,580 requests where high load gives 5,400, far beyond
        // counting noise (sd ~73). Under the old fixed 1.6x peak this was no spike.
        QTest::newRow("1.55x at 60 rps") << 60.0 << 1.55 << true;
        // At 0.5 rps a 1.7x minute is 51 requests where high load gives 45: noise (p ~ 0.2).
        QTest::newRow("1.7x at 0.5 rps") << 0.5 << 1.7 << false;
        // The same 1.7x at 20 rps: 2,040 against 1,800 (p far below 0.05).
        QTest::newRow("1.7x at 20 rps") << 20.0 << 1.7 << true;
        // Rises below high load are no spike at any rate.
        QTest::newRow("1.4x at 100 rps") << 100.0 << 1.4 << false;
        // A large rise is a spike even at a quiet site: 3x at 0.5 rps is 90 against 45.
        QTest::newRow("3x at 0.5 rps") << 0.5 << 3.0 << true;
    }
    void spikeIsBeyondCountingNoise()
    {
        QFETCH(double, rate);
        QFETCH(double, factor);
        QFETCH(bool, spike);
        const LoadFeatures load = loadOf(albLines(rate, factor));
        // The baseline is the steady rate, whatever the rise.
        QVERIFY2(std::abs(load.requestsPerSecondBaseline - rate) <= 0.05 * rate,
                 qPrintable(QString::number(load.requestsPerSecondBaseline)));
        QVERIFY2(std::abs(load.peakToBaseline - factor) <= 0.05 * factor, qPrintable(QString::number(load.peakToBaseline)));
        QCOMPARE(load.spike(), spike);
        if (spike) {
            // The high-load window is the rise's three minutes, within the one-minute smoothing.
            QCOMPARE(load.highLoad.size(), size_t(1));
            const double seconds = double(load.highLoad.front().toUs - load.highLoad.front().fromUs) / 1e6;
            QVERIFY2(seconds >= 120 && seconds <= 240, qPrintable(QString::number(seconds)));
        } else {
            QVERIFY(load.highLoad.empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestLoadSpike)
#include "tst_loadspike.moc"
