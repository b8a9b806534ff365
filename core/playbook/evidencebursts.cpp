#include "evidencebursts.h"

#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

// P(X >= k) for X ~ Poisson(lambda).
double poissonTail(int k, double lambda)
{
    if (k <= 0)
        return 1;
    double term = std::exp(-lambda);
    double cdf = term;
    for (int i = 1; i < k; ++i) {
        term *= lambda / i;
        cdf += term;
    }
    return std::max(0.0, 1 - cdf);
}

} // namespace

BurstFeatures computeBurstFeatures(const ErrorSeries &series)
{
    BurstFeatures f;
    const std::vector<ErrorSample> &errors = series.errors();
    const std::vector<double> &bins = series.errorBins();
    f.errors = qint64(errors.size());
    if (errors.empty() || bins.empty())
        return f;

    // Per minute.
    const size_t perMinuteBins = size_t(60 * 1000000 / ErrorSeries::kBinUs);
    std::vector<double> minutes((bins.size() + perMinuteBins - 1) / perMinuteBins, 0);
    for (size_t i = 0; i < bins.size(); ++i)
        minutes[i / perMinuteBins] += bins[i];
    const double n = double(minutes.size());
    const double mean = double(errors.size()) / n;
    double var = 0;
    qint64 hitMinutes = 0;
    for (double m : minutes) {
        var += (m - mean) * (m - mean);
        hitMinutes += m > 0;
    }
    var /= std::max(1.0, n - 1);
    f.perMinute = mean;
    f.dispersion = mean > 0 ? var / mean : 0;
    const double expectedHit = n * (1 - std::exp(-mean));
    f.spreadRatio = expectedHit > 0 ? std::min(1.5, double(hitMinutes) / expectedHit) : 0;
    f.rangeShare = double(errors.back().us - errors.front().us) / (series.spanSeconds() * 1e6);

    // Bursts: bins whose count chance would give less than once in a thousand at the background
    // rate (the mean over the bins outside the busiest 5%), joined across gaps of up to 30 s.
    std::vector<double> sorted = bins;
    std::sort(sorted.begin(), sorted.end());
    const size_t keep = std::max<size_t>(1, sorted.size() * 95 / 100);
    double background = 0;
    for (size_t i = 0; i < keep; ++i)
        background += sorted[i];
    background = std::max(background / double(keep), 0.02);
    std::vector<bool> hot(bins.size(), false);
    for (size_t i = 0; i < bins.size(); ++i)
        hot[i] = bins[i] >= 2 && poissonTail(int(bins[i]), background) < 1e-3;
    const size_t maxGap = 3;
    size_t i = 0;
    qint64 inBursts = 0;
    while (i < bins.size()) {
        if (!hot[i]) {
            ++i;
            continue;
        }
        size_t j = i, last = i;
        while (j < bins.size() && j - last <= maxGap) {
            if (hot[j])
                last = j;
            ++j;
        }
        Burst b;
        for (size_t k = i; k <= last; ++k)
            b.errors += qint64(bins[k]);
        b.fromUs = series.binStartUs(qsizetype(i));
        b.toUs = series.binStartUs(qsizetype(last)) + ErrorSeries::kBinUs;
        // The burst's exact edges: its first and last 502.
        auto lo = std::lower_bound(errors.begin(), errors.end(), b.fromUs, [](const ErrorSample &e, qint64 t) { return e.us < t; });
        auto hi = std::lower_bound(errors.begin(), errors.end(), b.toUs, [](const ErrorSample &e, qint64 t) { return e.us < t; });
        if (lo != hi) {
            b.fromUs = lo->us;
            b.toUs = (hi - 1)->us;
        }
        if (b.errors >= 3) {
            f.bursts.push_back(b);
            inBursts += b.errors;
        }
        i = last + 1;
    }
    f.burstShare = double(inBursts) / double(errors.size());

    if (f.bursts.size() >= 4) {
        std::vector<double> gaps;
        for (size_t k = 1; k < f.bursts.size(); ++k)
            gaps.push_back(double(f.bursts[k].fromUs - f.bursts[k - 1].fromUs) / 1e6);
        double gm = 0;
        for (double g : gaps)
            gm += g;
        gm /= double(gaps.size());
        double gv = 0;
        for (double g : gaps)
            gv += (g - gm) * (g - gm);
        gv /= double(gaps.size());
        f.periodSeconds = gm;
        f.periodCv = gm > 0 ? std::sqrt(gv) / gm : -1;
    }

    // Autocorrelation of the per-bin series.
    const size_t nb = bins.size();
    double bm = 0;
    for (double b : bins)
        bm += b;
    bm /= double(nb);
    double denom = 0;
    for (double b : bins)
        denom += (b - bm) * (b - bm);
    if (denom > 0) {
        for (size_t lag = 3; lag <= nb / 3; ++lag) {
            double num = 0;
            for (size_t k = 0; k + lag < nb; ++k)
                num += (bins[k] - bm) * (bins[k + lag] - bm);
            const double r = num / denom;
            if (r > f.autocorrPeak) {
                f.autocorrPeak = r;
                f.autocorrLagSeconds = double(lag) * double(ErrorSeries::kBinUs) / 1e6;
            }
        }
    }
    return f;
}

} // namespace gateline
