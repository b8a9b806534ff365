#include "evidencebursts.h"

#include "analysis/coincidence.h"

#include <algorithm>
#include <cmath>

namespace gateline {

BurstFeatures computeBurstFeatures(const ErrorSeries &series)
{
    BurstFeatures f;
    const std::vector<ErrorSample> &errors = series.errors();
    const std::vector<double> &bins = series.errorBins();
    f.errors = qint64(errors.size());
    if (errors.empty() || bins.empty())
        return f;

    // Per minute.
    const size_t perMinuteBins = size_t(std::max<qint64>(1, 60 * 1000000 / series.binUs()));
    std::vector<double> minutes((bins.size() + perMinuteBins - 1) / perMinuteBins, 0);
    std::vector<char> masked(minutes.size(), 0);
    const std::vector<char> &maskedBins = series.maskedBins();
    for (size_t i = 0; i < bins.size(); ++i) {
        minutes[i / perMinuteBins] += bins[i];
        if (i < maskedBins.size() && maskedBins[i])
            masked[i / perMinuteBins] = 1;
    }
    for (size_t m = 0; m < minutes.size(); ++m) {
        masked[m] = masked[m] && minutes[m] == 0; // a minute with 502s left is seen
        f.maskedMinutes += masked[m];
    }
    const double n = double(std::max<qint64>(1, qint64(minutes.size()) - f.maskedMinutes));
    const double mean = double(errors.size()) / n;
    double var = 0;
    qint64 hitMinutes = 0;
    for (size_t m = 0; m < minutes.size(); ++m) {
        if (masked[m])
            continue;
        var += (minutes[m] - mean) * (minutes[m] - mean);
        hitMinutes += minutes[m] > 0;
    }
    var /= std::max(1.0, n - 1);
    f.perMinute = mean;
    f.dispersion = mean > 0 ? var / mean : 0;
    const double expectedHit = n * (1 - std::exp(-mean));
    f.spreadRatio = expectedHit > 0 ? std::min(1.5, double(hitMinutes) / expectedHit) : 0;
    f.rangeShare = double(errors.back().us - errors.front().us) / (series.spanSeconds() * 1e6);

    // Bursts: runs of 502s no more than 8 s apart that the overall rate would give less than once in
    // a thousand over their span.
    const double rate = double(errors.size()) / std::max(1.0, series.spanSeconds() - 60.0 * double(f.maskedMinutes)); // per second
    constexpr qint64 kGap = 8000000;
    qint64 inBursts = 0;
    size_t i = 0;
    while (i < errors.size()) {
        size_t j = i + 1;
        while (j < errors.size() && errors[j].us - errors[j - 1].us <= kGap)
            ++j;
        const qint64 count = qint64(j - i);
        const double span = double(errors[j - 1].us - errors[i].us + kGap) / 1e6;
        if (count >= 3 && poissonUpperTail(count, rate * span) < 1e-3) {
            f.bursts.push_back({errors[i].us, errors[j - 1].us, count});
            inBursts += count;
        }
        i = j;
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
        // Periods up to two hours (and a third of the span): longer ones say nothing about 502s,
        // and the work grows with bins times lags.
        const size_t maxLag = std::min(nb / 3, size_t(std::max<qint64>(3, 2 * 3600 * qint64(1000000) / series.binUs())));
        for (size_t lag = 3; lag <= maxLag; ++lag) {
            double num = 0;
            for (size_t k = 0; k + lag < nb; ++k)
                num += (bins[k] - bm) * (bins[k + lag] - bm);
            const double r = num / denom;
            if (r > f.autocorrPeak) {
                f.autocorrPeak = r;
                f.autocorrLagSeconds = double(lag) * double(series.binUs()) / 1e6;
            }
        }
    }
    return f;
}

} // namespace gateline
