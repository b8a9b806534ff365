// The shape of the 502s in time: bursts against a steady trickle, how evenly they spread over the
// range, and whether the bursts come at a regular period (probe intervals).
#pragma once

#include "evidenceseries.h"

#include <vector>

namespace gateline {

struct Burst {
    qint64 fromUs = 0;
    qint64 toUs = 0;
    qint64 errors = 0;
};

struct BurstFeatures {
    qint64 errors = 0;
    // Runs of 502s far above the overall rate: 502s no more than 8 s apart, or, over a dense steady
    // background (a median of two or more 502s per 8 s), closer than the background's own spacing
    // and above both its rate in time and its rate per request (evidencebursts.cpp, denseBursts()).
    std::vector<Burst> bursts;
    double burstShare = 0;          // share of the 502s inside bursts
    double spreadRatio = 0;         // minutes with a 502 / minutes a Poisson process would hit (~1: steady)
    // Minutes whose 502s another cause explains (ErrorSeries::maskedBins): left out of the spread,
    // the dispersion and the rate, as time in which a steady cause could not be seen.
    qint64 maskedMinutes = 0;
    double rangeShare = 0;          // (last 502 - first 502) / time range
    double dispersion = 0;          // variance / mean of 502s per minute (~1: Poisson)
    double perMinute = 0;           // mean 502s per minute
    // Periodicity of the bursts: mean interval and its coefficient of variation (>= 4 bursts).
    double periodSeconds = 0;
    double periodCv = -1;           // -1: too few bursts to tell
    double autocorrPeak = 0;        // best autocorrelation of the per-bin series at lags of 30 s..1/3 range
    double autocorrLagSeconds = 0;
    bool periodic() const { return periodCv >= 0 && periodCv < 0.3; }
};

BurstFeatures computeBurstFeatures(const ErrorSeries &series);

} // namespace gateline
