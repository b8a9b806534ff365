// The 502s against the request rate: traffic spikes, how much of the 502s fall in them, and how
// closely the 502 rate follows the load.
#pragma once

#include "evidenceseries.h"

#include "analysis/coincidence.h"

#include <algorithm>
#include <vector>

namespace gateline {

struct LoadFeatures {
    double requestsPerSecondBaseline = 0; // the median load outside the high load (computeLoadFeatures)
    double requestsPerSecondPeak = 0;   // over one-minute averages
    double peakToBaseline = 0;
    qint64 peakUs = 0;                  // middle of the busiest minute
    struct Window { qint64 fromUs, toUs; };
    std::vector<Window> highLoad;       // where the rate is >= params::kHighLoadFactor x the baseline (only if there is a spike)
    double highLoadTimeShare = 0;       // share of the range under high load
    double highLoadErrorShare = 0;      // share of the 502s under high load
    double highLoadRequestShare = 0;    // share of the requests under high load
    qint64 errors = 0, errorsHigh = 0;  // the 502s, and those under high load
    double correlation = 0;             // Pearson: per-minute requests vs 502s
    double errorRate = 0;               // 502s / requests
    double errorRateHigh = 0;           // under high load
    double errorRateLow = 0;            // outside it
    bool spikeFound = false;            // the peak is above high load beyond counting noise (computeLoadFeatures)
    bool spike() const { return spikeFound && !highLoad.empty(); }
    // The high load covers nearly the whole range loaded (90% of the time or 95% of the requests):
    // nothing outside it to compare the 502s with, so a load cause cannot be told (a wider range can).
    bool spikeCoversRange() const { return spike() && (highLoadTimeShare >= 0.9 || highLoadRequestShare >= 0.95); }
    // How strongly the 502s are a high-load thing: 0 (no more of them under high load than of the
    // requests: a steady failure rate per request) .. 1 (only under high load).
    double loadTie() const;
    // The share of all the 502s that the load accounts for: the high-load 502s beyond the rate
    // outside it, loadTie() x highLoadErrorShare (the attributable fraction in the whole
    // population), 0..1.
    double loadExplained() const { return std::clamp(loadTie() * highLoadErrorShare, 0.0, 1.0); }

    // The upstream's own 502s (ErrorSeries::appErrors(): the app answered 502 itself) against the
    // same high load. An app overloaded by a spike its pods cannot absorb fails in the app as well
    // as at the proxy: its workers or its own upstreams give up and answer 502, while the proxy
    // retries its refused connections on the next pod (proxy_next_upstream) and logs few 502s of
    // its own; at a few requests per second that leaves a spike too few proxy-made 502s to test.
    // The app's 502s are noise for the event-tied causes, but a steady per-request noise puts no
    // more of them under high load than the requests' share: appLoadTie() is loadTie()'s measure
    // and test on them (1 - the app's 502 rate outside high load / under it, when more of them fall
    // under high load than the requests' share gives, Poisson upper tail below 5%).
    qint64 appErrors = 0, appErrorsHigh = 0;
    double appErrorRateHigh = 0, appErrorRateLow = 0;
    double appLoadTie() const;
    // loadTie()'s measure and gate on one population of 502s (all of them, of which high fall under
    // the high load, at those rates per request under it and outside it).
    double tieOf(qint64 all, qint64 high, double rateHigh, double rateLow) const;
    // Why tieOf() ties none of these 502s to the spike, for the evidence ("7 of the 7 502s fall under
    // the high load, which holds 51% of the requests: more than that share, but too few to tell from
    // chance (Poisson p = 0.071)"); empty without a spike or when it ties some.
    QString noTieText(qint64 all, qint64 high, double rateHigh, double rateLow) const;

    // Without a spike: whether the 502 rate per request still follows the request rate. A busy app
    // drops what is beyond its capacity, which is not a ratio over the median load (a 1.2x rise
    // over replicas already at 80% of it overloads them). The one-minute rates split in a busier
    // and a quieter group (Otsu, lowerGroup()); follow is the coincidence core's test of the 502s
    // against the busier bins (analysis/coincidence.h: circular shifts keep the 502s' bursts whole,
    // so clustered 502s are no more significant than one of them); busierReal: the busier group's requests exceed the
    // quieter group's rate beyond counting noise (Poisson, p < 0.05).
    std::vector<Window> busier;
    double busierErrorShare = 0, busierRequestShare = 0;
    qint64 busierErrors = 0, followErrors = 0; // the 502s in the busier bins, and all of them
    double busierRateHigh = 0, busierRateLow = 0; // 502s per request in the busier / quieter bins
    Coincidence follow;
    bool busierReal = false;
    // The load's tie to the 502s: loadTie() with a spike; without one, 1 - quieter rate / busier
    // rate when the busier bins hold more 502s than chance (shift test and Poisson, p < 0.05).
    double followTie() const;
    double followExplained() const
    {
        return std::clamp(followTie() * (spike() ? highLoadErrorShare : busierErrorShare), 0.0, 1.0);
    }
    // The windows the load's tie rests on: the high load with a spike, else the busier bins.
    const std::vector<Window> &busyWindows() const { return spike() ? highLoad : busier; }
};

LoadFeatures computeLoadFeatures(const ErrorSeries &series);

} // namespace gateline
