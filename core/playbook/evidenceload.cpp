#include "evidenceload.h"

#include "analysis/coincidence.h"
#include "causeparams.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace gateline {

double LoadFeatures::loadTie() const
{
    // Against the requests' share, not the time's: under high load there are more requests, so a
    // failure rate that is the same for every request already puts more than the time's share of
    // the 502s there (traffic rising 4x gave "82% of the 502s in 50% of the time" and a pool
    // exhaustion diagnosis on a flat 0.3% failure rate).
    // The measure: the share of the high-load 502s beyond the rate outside high load, i.e. the
    // part of them that the load itself explains (1 - low rate / high rate). Only when more of them
    // sit under high load than the requests' share would put there by chance (Poisson upper tail
    // below 5%, as the coincidence core judges an event window): 12 502s that all fell in the 92%
    // of the requests under high load are no sign of load (a ramp named pool exhaustion at 0.92).
    return tieOf(errors, errorsHigh, errorRateHigh, errorRateLow);
}

double LoadFeatures::appLoadTie() const
{
    return tieOf(appErrors, appErrorsHigh, appErrorRateHigh, appErrorRateLow);
}

double LoadFeatures::tieOf(qint64 all, qint64 high, double rateHigh, double rateLow) const
{
    if (!spike() || spikeCoversRange() || rateHigh <= 0)
        return 0;
    if (poissonUpperTail(high, double(all) * highLoadRequestShare) >= 0.05)
        return 0;
    return std::clamp(1 - rateLow / rateHigh, 0.0, 1.0);
}

QString LoadFeatures::noTieText(qint64 all, qint64 high, double rateHigh, double rateLow) const
{
    if (!spike() || all <= 0 || tieOf(all, high, rateHigh, rateLow) > 0)
        return {};
    if (spikeCoversRange())
        return QStringLiteral("the high load takes nearly the whole range: nothing outside it to compare the 502s with");
    if (rateHigh <= 0)
        return QStringLiteral("none of the %1 502s falls under the high load").arg(all);
    const QString share = QStringLiteral("%1 of the %2 502s fall under the high load, which holds %3% of the requests: ")
                              .arg(high)
                              .arg(all)
                              .arg(qRound(highLoadRequestShare * 100));
    if (double(high) <= double(all) * highLoadRequestShare)
        return share + QStringLiteral("no more than that share (a steady rate per request)");
    return share + QStringLiteral("more than that share, but too few to tell from chance (Poisson p = %1)")
                       .arg(poissonUpperTail(high, double(all) * highLoadRequestShare), 0, 'g', 2);
}

double LoadFeatures::followTie() const
{
    if (spike())
        return loadTie();
    if (!busierReal || busier.empty() || follow.tooFew || follow.pValue >= 0.05 || busierRateHigh <= 0)
        return 0;
    if (poissonUpperTail(busierErrors, double(followErrors) * busierRequestShare) >= 0.05)
        return 0;
    return std::clamp(1 - busierRateLow / busierRateHigh, 0.0, 1.0);
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

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::nth_element(v.begin(), v.begin() + qsizetype(v.size() / 2), v.end());
    return v[v.size() / 2];
}

// The lower of two groups of rates, split where the spread within the groups is least (Otsu's
// criterion, 1-D two-means), if the upper group's median is at least `factor` times the lower one's;
// else nothing.
std::vector<double> lowerGroup(std::vector<double> v, double factor)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    if (n < 4)
        return {};
    std::vector<double> sum(n + 1, 0), sq(n + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        sum[i + 1] = sum[i] + v[i];
        sq[i + 1] = sq[i] + v[i] * v[i];
    }
    auto spread = [&](size_t a, size_t b) { // sum of squares about the mean of v[a, b)
        const double m = (sum[b] - sum[a]) / double(b - a);
        return sq[b] - sq[a] - m * (sum[b] - sum[a]);
    };
    size_t best = 0;
    double bestSpread = 0;
    for (size_t k = 1; k < n; ++k) {
        const double w = spread(0, k) + spread(k, n);
        if (best == 0 || w < bestSpread) {
            best = k;
            bestSpread = w;
        }
    }
    const double lowMedian = v[best / 2], highMedian = v[best + (n - best) / 2];
    if (highMedian < factor * lowMedian)
        return {};
    return std::vector<double>(v.begin(), v.begin() + qsizetype(best));
}

// The busier bins without a spike (LoadFeatures::busier): the upper of the two groups the
// one-minute rates split in, the 502s' rate per request there and in the rest, and the coincidence
// core's test of the 502s against those bins.
void computeBusier(LoadFeatures &f, const ErrorSeries &series, const std::vector<double> &smooth)
{
    const std::vector<double> &req = series.requestBins();
    const std::vector<double> &err = series.errorBins();
    const size_t n = smooth.size();
    const std::vector<double> low = lowerGroup(smooth, 1.0);
    if (low.empty() || low.size() == n)
        return;
    const double cut = *std::max_element(low.begin(), low.end());
    std::vector<char> busy(n, 0);
    double hiReq = 0, loReq = 0, hiErr = 0, loErr = 0;
    qint64 hiBins = 0;
    for (size_t i = 0; i < n; ++i) {
        busy[i] = smooth[i] > cut;
        (busy[i] ? hiReq : loReq) += req[i];
        (busy[i] ? hiErr : loErr) += err[i];
        hiBins += busy[i];
        if (busy[i]) {
            const qint64 from = series.binStartUs(qsizetype(i));
            if (!f.busier.empty() && f.busier.back().toUs >= from)
                f.busier.back().toUs = from + series.binUs();
            else
                f.busier.push_back({from, from + series.binUs()});
        }
    }
    const qint64 loBins = qint64(n) - hiBins;
    if (hiBins == 0 || loBins == 0 || loReq <= 0)
        return;
    f.busierReal = poissonUpperTail(qint64(std::llround(hiReq)), loReq / double(loBins) * double(hiBins)) < 0.05;
    loErr += err[n]; // the partial last bin counts as quieter, as in the spike's split
    loReq += req[n];
    const double total = hiErr + loErr;
    f.followErrors = qint64(std::llround(total));
    f.busierErrors = qint64(std::llround(hiErr));
    f.busierErrorShare = total > 0 ? hiErr / total : 0;
    f.busierRequestShare = hiReq / (hiReq + loReq);
    f.busierRateHigh = hiReq > 0 ? hiErr / hiReq : 0;
    f.busierRateLow = loReq > 0 ? loErr / loReq : 0;
    // Do the 502s sit in the busier bins beyond chance? The one statistical core (circular shifts of
    // the 502 series, bursts kept whole), each busier window an event with its own end.
    std::vector<qint64> times, starts, ends;
    times.reserve(series.errors().size());
    for (const ErrorSample &e : series.errors())
        times.push_back(e.us);
    for (const LoadFeatures::Window &w : f.busier) {
        starts.push_back(w.fromUs);
        ends.push_back(w.toUs);
    }
    CoincidenceQuery q;
    q.fromUs = series.fromUs();
    q.toUs = series.toUs();
    q.eventEndsUs = std::move(ends);
    f.follow = testCoincidence(times, std::move(starts), q);
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
    // The baseline is the typical load outside the high load. The median of the whole range is that
    // only while high load takes less than half of it: a spike (or a pool running out under load)
    // that lasts most of the range makes the median the high load itself, and then nothing is
    // "high". So the median is taken again over the bins below high load (params::kHighLoadFactor
    // times the previous one), until it no longer changes (it only goes down; a few rounds). A
    // baseline is the load of at least a quarter of the range: on a steady ramp the rounds would
    // otherwise walk down to its first minutes. When high load takes more than half of the range, no
    // bin may reach high load over that median: then the rates are split in two groups
    // (lowerGroup()), and the lower one is the baseline's if the other is high load by the same
    // factor and it holds a quarter of the range (a 5-minute bundle whose 1.75x spike took 60% of it
    // had a 1.2x "peak": no spike at all).
    double baseline = median(smooth);
    for (int round = 0; round < 8; ++round) {
        std::vector<double> low;
        for (double r : smooth)
            if (r < baseline * params::kHighLoadFactor)
                low.push_back(r);
        if (low.size() == smooth.size())
            low = lowerGroup(smooth, params::kHighLoadFactor);
        if (low.empty() || low.size() * 4 < smooth.size())
            break;
        const double next = median(low);
        if (next >= baseline)
            break;
        baseline = next;
    }
    // A load at two levels kHighLoadFactor apart (lowerGroup()) whose upper level takes just under
    // half of the range puts the median in the gap between them: the median of the bins below high
    // load over it is then the same median again (the upper level is not 1.5x above the gap), and
    // the rounds stop at a "baseline" no request ever ran at. The lower level's median is the load
    // outside high load by the same definition as the fallback above, so it is the baseline when it
    // lies lower and holds a quarter of the range. (A 7-minute NodePort bundle whose 1.8x load took
    // 49% of the range, with 94 of its 95 502s in it, had a 1.5x "peak" over its 50/50 median and
    // no spike at all: study seed 1316.)
    if (const std::vector<double> levels = lowerGroup(smooth, params::kHighLoadFactor);
        !levels.empty() && levels.size() * 4 >= smooth.size())
        baseline = std::min(baseline, median(levels));
    f.requestsPerSecondBaseline = baseline;
    const auto peak = std::max_element(smooth.begin(), smooth.end());
    f.requestsPerSecondPeak = *peak;
    f.peakUs = series.binStartUs(qsizetype(peak - smooth.begin())) + series.binUs() / 2;
    f.peakToBaseline = f.requestsPerSecondBaseline > 0 ? f.requestsPerSecondPeak / f.requestsPerSecondBaseline : 0;
    f.correlation = pearson(smooth, smoothErr);

    const double total = double(series.errors().size());
    f.errorRate = total / double(series.requests());
    // A spike: the busiest minute's requests beyond what high load gives, by more than counting
    // noise (causeparams.h). At 2 rps that takes about 1.7x the baseline, at 100 rps 1.53x.
    const double threshold = f.requestsPerSecondBaseline * params::kHighLoadFactor;
    const size_t at = size_t(peak - smooth.begin());
    const double peakSeconds = binSeconds * double(std::min(n - 1, at + 2) - (at >= 3 ? at - 3 : 0) + 1);
    f.spikeFound = f.requestsPerSecondPeak > threshold
        && poissonUpperTail(qint64(std::llround(f.requestsPerSecondPeak * peakSeconds)), threshold * peakSeconds) < 0.05;
    if (!f.spikeFound) {
        computeBusier(f, series, smooth);
        return f;
    }
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
    f.highLoadRequestShare = hiReq + loReq > 0 ? hiReq / (hiReq + loReq) : 0;
    f.errors = qint64(std::llround(total));
    f.errorsHigh = qint64(std::llround(hiErr));
    f.errorRateHigh = hiReq > 0 ? hiErr / hiReq : 0;
    f.errorRateLow = loReq > 0 ? loErr / loReq : 0;
    // The app's own 502s on the same bins (the partial last bin as low load, as above).
    for (const ErrorSample &e : series.appErrors()) {
        const qsizetype b = series.binOf(e.us);
        ++f.appErrors;
        f.appErrorsHigh += b >= 0 && size_t(b) < n && smooth[size_t(b)] >= threshold;
    }
    f.appErrorRateHigh = hiReq > 0 ? double(f.appErrorsHigh) / hiReq : 0;
    f.appErrorRateLow = loReq > 0 ? double(f.appErrors - f.appErrorsHigh) / loReq : 0;
    return f;
}

} // namespace gateline
