#include "evidenceload.h"

#include <algorithm>
#include <cmath>

namespace gateline {

double LoadFeatures::loadTie() const
{
    if (!spike() || highLoadTimeShare >= 0.9)
        return 0;
    const double t = highLoadTimeShare;
    return std::clamp((highLoadErrorShare - t) / (1 - t), 0.0, 1.0);
}

namespace {

double pearson(const std::vector<double> &a, const std::vector<double> &b)
{
    const size_t n = std::min(a.size(), b.size());
    if (n < 3)
        return 0;
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= double(n);
    mb /= double(n);
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}

} // namespace

LoadFeatures computeLoadFeatures(const ErrorSeries &series)
{
    LoadFeatures f;
    const std::vector<double> &req = series.requestBins();
    const std::vector<double> &err = series.errorBins();
    if (req.size() < 6 || series.requests() == 0)
        return f;
    const double binSeconds = double(series.binUs()) / 1e6;
    // One-minute moving average (centred), in requests per second. The last bin may be partial:
    // leave it out of the statistics.
    const size_t n = req.size() - 1;
    std::vector<double> smooth(n, 0), smoothErr(n, 0);
    for (size_t i = 0; i < n; ++i) {
        const size_t lo = i >= 3 ? i - 3 : 0;
        const size_t hi = std::min(n - 1, i + 2);
        double s = 0, e = 0;
        for (size_t k = lo; k <= hi; ++k) {
            s += req[k];
            e += err[k];
        }
        smooth[i] = s / double(hi - lo + 1) / binSeconds;
        smoothErr[i] = e / double(hi - lo + 1);
    }
    std::vector<double> sorted = smooth;
    std::nth_element(sorted.begin(), sorted.begin() + qsizetype(sorted.size() / 2), sorted.end());
    f.requestsPerSecondMedian = sorted[sorted.size() / 2];
    const auto peak = std::max_element(smooth.begin(), smooth.end());
    f.requestsPerSecondPeak = *peak;
    f.peakUs = series.binStartUs(qsizetype(peak - smooth.begin())) + series.binUs() / 2;
    f.peakToMedian = f.requestsPerSecondMedian > 0 ? f.requestsPerSecondPeak / f.requestsPerSecondMedian : 0;
    f.correlation = pearson(smooth, smoothErr);

    const double total = double(series.errors().size());
    f.errorRate = total / double(series.requests());
    if (f.peakToMedian < 1.6)
        return f;
    const double threshold = f.requestsPerSecondMedian * 1.5;
    double hiReq = 0, loReq = 0, hiErr = 0, loErr = 0;
    qint64 hiBins = 0;
    for (size_t i = 0; i < n; ++i) {
        const bool high = smooth[i] >= threshold;
        (high ? hiReq : loReq) += req[i];
        (high ? hiErr : loErr) += err[i];
        hiBins += high;
        if (high) {
            const qint64 from = series.binStartUs(qsizetype(i));
            if (!f.highLoad.empty() && f.highLoad.back().toUs >= from)
                f.highLoad.back().toUs = from + series.binUs();
            else
                f.highLoad.push_back({from, from + series.binUs()});
        }
    }
    // The errors of the partial last bin count as low load.
    loErr += err[n];
    loReq += req[n];
    f.highLoadTimeShare = double(hiBins) / double(n);
    f.highLoadErrorShare = total > 0 ? hiErr / total : 0;
    f.errorRateHigh = hiReq > 0 ? hiErr / hiReq : 0;
    f.errorRateLow = loReq > 0 ? loErr / loReq : 0;
    return f;
}

} // namespace gateline
