// TimeCounts (core/store/timecounts.h): counts per 100 ms cell bin exactly like the times they
// count, in any order, across zero, merged, and coarsened (never more than kMaxCells cells).
#include "store/timecounts.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace gateline;

namespace {
// The reference: count each time in its bin.
std::vector<double> exactBins(const std::vector<qint64> &times, qint64 firstBinUs, qint64 binUs, int n)
{
    std::vector<double> out(size_t(n), 0.0);
    for (qint64 t : times) {
        if (t < firstBinUs || t >= firstBinUs + qint64(n) * binUs)
            continue;
        out[size_t((t - firstBinUs) / binUs)] += 1;
    }
    return out;
}
} // namespace

class TestTimeCounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void binsLikeTheTimes()
    {
        QRandomGenerator rng(15);
        std::vector<qint64> times;
        TimeCounts counts;
        const qint64 base = 1709287200000000; // 2024-03-01T10:00Z
        for (int i = 0; i < 20000; ++i) {
            // Out of order, some before the first one added.
            const qint64 t = base + qint64(rng.bounded(7200000)) * 1000 - 3600000000LL;
            times.push_back(t);
            counts.add(t);
        }
        QCOMPARE(counts.total(), quint64(times.size()));
        QCOMPARE(counts.minUs(), *std::min_element(times.begin(), times.end()));
        QCOMPARE(counts.maxUs(), *std::max_element(times.begin(), times.end()));
        QCOMPARE(counts.stepUs(), TimeCounts::kFinestUs);
        for (qint64 bin : {qint64(100000), qint64(500000), qint64(1000000), qint64(30000000), qint64(600000000)}) {
            const qint64 first = ((base - 3600000000LL) / bin) * bin;
            const int n = int(7200000000LL / bin) + 2;
            QCOMPARE(counts.binned(first, bin, n), exactBins(times, first, bin, n));
            // A window in the middle.
            const qint64 mid = first + qint64(n / 3) * bin;
            QCOMPARE(counts.binned(mid, bin, n / 3), exactBins(times, mid, bin, n / 3));
        }
    }

    void negativeTimes()
    {
        TimeCounts counts;
        const std::vector<qint64> times{-250000, -100000, -1, 0, 99999, 100000};
        for (qint64 t : times)
            counts.add(t);
        QCOMPARE(counts.binned(-300000, 100000, 5), exactBins(times, -300000, 100000, 5));
    }

    void mergeIsAddingAll()
    {
        QRandomGenerator rng(7);
        TimeCounts a, b, all;
        for (int i = 0; i < 5000; ++i) {
            const qint64 t = qint64(rng.bounded(100000000)) * 10;
            ((i % 3) ? a : b).add(t);
            all.add(t);
        }
        TimeCounts merged = a;
        merged.merge(b);
        QCOMPARE(merged.total(), all.total());
        QCOMPARE(merged.minUs(), all.minUs());
        QCOMPARE(merged.maxUs(), all.maxUs());
        QCOMPARE(merged.binned(0, 1000000, 1001), all.binned(0, 1000000, 1001));
        TimeCounts empty;
        empty.merge(a);
        QCOMPARE(empty.total(), a.total());
        QCOMPARE(empty.binned(0, 1000000, 1001), a.binned(0, 1000000, 1001));
    }

    void aStrayTimeCoarsensInsteadOfGrowing()
    {
        TimeCounts counts;
        const qint64 day = 86400000000LL;
        counts.add(1709287200000000);
        counts.add(1709287200000000 + 1);
        counts.add(0); // a line from 1970
        QVERIFY(counts.stepUs() > TimeCounts::kFinestUs);
        QVERIFY(qint64(counts.cells().size()) <= TimeCounts::kMaxCells);
        QCOMPARE(counts.total(), quint64(3));
        QCOMPARE(counts.minUs(), qint64(0));
        const qint64 bin = 400 * day;
        const int n = int(1709287200000000 / bin) + 2;
        const std::vector<double> bins = counts.binned(0, bin, n);
        QCOMPARE(bins.front(), 1.0);
        double sum = 0;
        for (double c : bins)
            sum += c;
        QCOMPARE(sum, 3.0);
    }
};

QTEST_MAIN(TestTimeCounts)
#include "tst_timecounts.moc"
