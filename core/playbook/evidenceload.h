// The 502s against the request rate: traffic spikes, how much of the 502s fall in them, and how
// closely the 502 rate follows the load.
#pragma once

#include "evidenceseries.h"

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
    // How strongly the 502s are a high-load thing: 0 (no more of them under high load than of the
    // requests: a steady failure rate per request) .. 1 (only under high load).
    double loadTie() const;
    // The share of all the 502s that the load accounts for: the high-load 502s beyond the rate
    // outside it, loadTie() x highLoadErrorShare (the attributable fraction in the whole
    // population), 0..1.
    double loadExplained() const { return std::clamp(loadTie() * highLoadErrorShare, 0.0, 1.0); }
};

LoadFeatures computeLoadFeatures(const ErrorSeries &series);

} // namespace gateline
