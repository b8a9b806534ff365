#include "evidencebursts.h"

#include "analysis/coincidence.h"

#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

// The median number of 502s in the gap-long stretches of the series' range (0 when most hold none):
// the steady background the bursts stand out from, as the statistical core measures it
// (coincidence.h).
double backgroundPerStretch(const ErrorSeries &series, qint64 gap)
{
    const std::vector<ErrorSample> &errors = series.errors();
    const qint64 from = series.fromUs(), span = std::max<qint64>(series.toUs() - series.fromUs(), 1);
    const qint64 stretches = span / gap + 1;
    if (qint64(errors.size()) < stretches / 2 || stretches > 4000000)
        return 0;
    std::vector<qint32> counts(size_t(stretches), 0);
    for (const ErrorSample &e : errors)
        ++counts[size_t(std::clamp<qint64>(e.us - from, 0, span - 1) / gap)];
    auto mid = counts.begin() + qsizetype(counts.size() / 2);
    std::nth_element(counts.begin(), mid, counts.end());
    return double(*mid);
}

// The runs of 502s (index ranges [first, last)) whose neighbours are at most `split` apart.
std::vector<std::pair<size_t, size_t>> runsOf(const std::vector<ErrorSample> &errors, qint64 split)
{
    std::vector<std::pair<size_t, size_t>> runs;
    for (size_t i = 0; i < errors.size();) {
        size_t j = i + 1;
        while (j < errors.size() && errors[j].us - errors[j - 1].us <= split)
            ++j;
        runs.push_back({i, j});
        i = j;
    }
    return runs;
}

// Requests in [fromUs, toUs), prorated over the series' request bins.
double requestsIn(const ErrorSeries &series, qint64 fromUs, qint64 toUs)
{
    const std::vector<double> &req = series.requestBins();
    double sum = 0;
    const qint64 bin = series.binUs();
    for (qsizetype b = std::max<qsizetype>(0, series.binOf(fromUs)); b < qsizetype(req.size()); ++b) {
        const qint64 lo = std::max(fromUs, series.binStartUs(b)), hi = std::min(toUs, series.binStartUs(b) + bin);
        if (lo >= toUs)
            break;
        if (hi > lo)
            sum += req[size_t(b)] * double(hi - lo) / double(bin);
    }
    return sum;
}

// Bursts over a dense background (background: the median 502s per gap-long stretch, at least 2),
// with the statistical core's rule for it (coincidence.h): 502s further apart than the
// background's mean spacing (gap / background) start a new run. A run is the core of a burst when
// neither the overall rate in time nor the overall rate per request (a failure rate that is the
// same for every request puts more 502s in the busy seconds: keepalivecause.h) gives its 502s over
// its span, with the threshold of once in a thousand taken over the whole series (Bonferroni over
// the runs: a steady background splits into thousands of them, and a per-run level would flag a
// few by chance in any long series). Cores closer than `gap` make one burst, with every 502
// between them.
std::vector<Burst> denseBursts(const ErrorSeries &series, qint64 gap, double background, double ratePerSecond)
{
    const std::vector<ErrorSample> &errors = series.errors();
    const qint64 split = std::max<qint64>(qint64(double(gap) / background), 1000);
    double requests = 0;
    for (double r : series.requestBins())
        requests += r;
    const double perRequest = requests > 0 ? double(errors.size()) / requests : 0;
    const std::vector<std::pair<size_t, size_t>> runs = runsOf(errors, split);
    const double level = 1e-3 / double(std::max<size_t>(runs.size(), 1));
    std::vector<Burst> out;
    size_t lastEnd = 0; // one past the last 502 of the previous core
    for (const auto &[i, j] : runs) {
        const qint64 count = qint64(j - i);
        if (count < 3)
            continue;
        const qint64 spanUs = errors[j - 1].us - errors[i].us + split;
        const double expected = std::max(ratePerSecond * double(spanUs) / 1e6,
                                         perRequest * requestsIn(series, errors[i].us, errors[i].us + spanUs));
        if (poissonUpperTail(count, expected) >= level)
            continue;
        if (!out.empty() && errors[i].us - out.back().toUs <= gap) {
            out.back().toUs = errors[j - 1].us;
            out.back().errors += qint64(j - lastEnd);
        } else {
            out.push_back({errors[i].us, errors[j - 1].us, count});
        }
        lastEnd = j;
    }
    return out;
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
    // a thousand over their span. Where a steady background puts several 502s in most 8-s stretches
    // (backgroundPerStretch()), every 502 is within 8 s of the next and the whole series would be one
    // run: denseBursts() looks at runs closer than the background's own spacing instead.
    const double rate = double(errors.size()) / std::max(1.0, series.spanSeconds() - 60.0 * double(f.maskedMinutes)); // per second
    constexpr qint64 kGap = 8000000;
    qint64 inBursts = 0;
    const double background = backgroundPerStretch(series, kGap);
    if (background >= 2) {
        f.bursts = denseBursts(series, kGap, background, rate);
        for (const Burst &b : f.bursts)
            inBursts += b.errors;
    } else {
        for (const auto &[i, j] : runsOf(errors, kGap)) {
            const qint64 count = qint64(j - i);
            const double span = double(errors[j - 1].us - errors[i].us + kGap) / 1e6;
            if (count >= 3 && poissonUpperTail(count, rate * span) < 1e-3) {
                f.bursts.push_back({errors[i].us, errors[j - 1].us, count});
                inBursts += count;
            }
        }
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
