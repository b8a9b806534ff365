// DurationSample (core/store/durationsample.h): its median is always the value std::nth_element
// puts at index size / 2 of the same values as floats, whatever form the sample took (16-bit
// values, counts per millisecond past kDenseAt, floats once a value is not a whole millisecond),
// and after merges of every pair of forms; and it stays small.
#include "store/durationsample.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace gateline;

namespace {

double reference(std::vector<float> v)
{
    if (v.empty())
        return -1;
    const auto mid = v.begin() + qsizetype(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return double(*mid);
}

struct Both {
    DurationSample sample;
    std::vector<float> values;
    void add(float d)
    {
        sample.add(d);
        values.push_back(d);
    }
};

// n values: whole ms with a long tail (most small, some near 65535), skewed so that the median
// is not the middle of the range.
void fill(Both &b, size_t n, std::mt19937 &rng, int maxMs = 65535)
{
    std::exponential_distribution<double> e(1.0 / 80);
    std::uniform_int_distribution<int> tail(0, maxMs);
    for (size_t i = 0; i < n; ++i)
        b.add(float(i % 97 == 0 ? tail(rng) : std::min(maxMs, int(e(rng)))));
}

} // namespace

class TestDurationSample : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wholeValues()
    {
        QCOMPARE(DurationSample().median(), -1.0);
        for (const float edge : {0.0f, 1.0f, 65535.0f}) {
            DurationSample one;
            one.add(edge);
            QVERIFY(one.allWhole());
            QCOMPARE(one.median(), double(edge));
        }
        std::mt19937 rng(7);
        for (const size_t n : {size_t(1), size_t(2), size_t(511), size_t(512), DurationSample::kDenseAt,
                               DurationSample::kDenseAt + 1, 3 * DurationSample::kDenseAt + 11}) {
            Both b;
            fill(b, n, rng);
            QCOMPARE(b.sample.size(), n);
            QVERIFY(b.sample.allWhole());
            QCOMPARE(b.sample.isDense(), n > DurationSample::kDenseAt);
            QCOMPARE(b.sample.median(), reference(b.values));
        }
    }

    void notWholeValues()
    {
        // A fraction, -0, 65536 ms and infinity are not whole milliseconds: floats from then on,
        // before the sample is dense and after.
        QVERIFY(!DurationSample::isWhole(0.5f));
        QVERIFY(!DurationSample::isWhole(-0.0f));
        QVERIFY(!DurationSample::isWhole(65536.0f));
        QVERIFY(!DurationSample::isWhole(INFINITY));
        QVERIFY(DurationSample::isWhole(65535.0f));
        std::mt19937 rng(11);
        for (const float odd : {0.5f, -0.0f, 65536.0f, 100000.25f, INFINITY}) {
            for (const size_t before : {size_t(0), size_t(1000), DurationSample::kDenseAt + 3}) {
                Both b;
                fill(b, before, rng);
                b.add(odd);
                fill(b, 777, rng);
                QVERIFY(!b.sample.allWhole());
                QCOMPARE(b.sample.size(), before + 778);
                QCOMPARE(b.sample.median(), reference(b.values));
            }
        }
    }

    void merges()
    {
        // Every pair of forms: empty, a few values, values that cross kDenseAt together, dense,
        // floats; the merged median is that of all the values.
        std::mt19937 rng(13);
        const size_t half = DurationSample::kDenseAt / 2 + 5;
        const std::vector<std::pair<size_t, bool>> forms = {
            {0, false}, {100, false}, {half, false}, {DurationSample::kDenseAt + 9, false}, {300, true}};
        for (const auto &[na, fa] : forms) {
            for (const auto &[nb, fb] : forms) {
                Both a, b;
                fill(a, na, rng, 3000);
                if (fa)
                    a.add(2.5f);
                fill(b, nb, rng);
                if (fb)
                    b.add(7.25f);
                std::vector<float> all = a.values;
                all.insert(all.end(), b.values.begin(), b.values.end());
                a.sample.merge(std::move(b.sample));
                QVERIFY(b.sample.empty());
                QCOMPARE(a.sample.size(), all.size());
                QCOMPARE(a.sample.allWhole(), !fa && !fb);
                QCOMPARE(a.sample.median(), reference(all));
            }
        }
    }

    void countsOfSeveral()
    {
        // The median of all endpoints, from their counts together.
        std::mt19937 rng(17);
        Both a, b, c;
        fill(a, 1000, rng);
        fill(b, DurationSample::kDenseAt + 100, rng);
        fill(c, 1, rng);
        std::vector<size_t> counts(DurationSample::kMillis, 0);
        std::vector<float> all;
        for (Both *x : {&a, &b, &c}) {
            x->sample.addCountsTo(counts.data());
            all.insert(all.end(), x->values.begin(), x->values.end());
        }
        QCOMPARE(DurationSample::countedAt(counts.data(), all.size() / 2), reference(all));
        // The last millisecond is reachable.
        std::vector<size_t> top(DurationSample::kMillis, 0);
        top[65535] = 3;
        QCOMPARE(DurationSample::countedAt(top.data(), 2), 65535.0);
    }

    void staysSmall()
    {
        // A million whole durations: the counts (256 KiB), not 4 MB of floats.
        std::mt19937 rng(19);
        DurationSample s;
        for (int i = 0; i < 1000000; ++i)
            s.add(float(rng() % 2000));
        QVERIFY2(s.bytes() <= DurationSample::kMillis * 4, QByteArray::number(qulonglong(s.bytes())));
        // Below kDenseAt, 2 bytes a value plus the vector's slack.
        DurationSample few;
        for (int i = 0; i < 5000; ++i)
            few.add(float(i % 300));
        QVERIFY2(few.bytes() <= 2 * 2 * 5000, QByteArray::number(qulonglong(few.bytes())));
    }
};

QTEST_GUILESS_MAIN(TestDurationSample)
#include "tst_durationsample.moc"
