#include "simtypes.h"

#include <algorithm>
#include <cmath>

namespace gateline::gen {

bool SimPod::listening(qint64 t) const
{
    if (t < listenFrom || t >= listenTo)
        return false;
    for (const Interval &i : down)
        if (i.contains(t))
            return false;
    return true;
}

bool SimPod::inEndpoints(qint64 t) const
{
    if (t < endpointFrom || t >= endpointTo)
        return false;
    for (const Interval &i : endpointOut)
        if (i.contains(t))
            return false;
    return true;
}

qint64 SimPod::deathIn(qint64 from, qint64 to) const
{
    qint64 best = kNever;
    for (qint64 d : deaths)
        if (d > from && d <= to && d < best)
            best = d;
    return best;
}

double SimPod::slowdown(qint64 t) const
{
    for (const Interval &i : slow)
        if (i.contains(t))
            return slowFactor;
    return 1;
}

double Scenario::rateFactor(qint64 t) const
{
    double f = 1;
    for (const RateBump &b : bumps) {
        if (t < b.from || t >= b.to)
            continue;
        double w;
        if (t < b.peakFrom)
            w = double(t - b.from) / double(std::max<qint64>(1, b.peakFrom - b.from));
        else if (t < b.peakTo)
            w = 1;
        else
            w = 1 - double(t - b.peakTo) / double(std::max<qint64>(1, b.to - b.peakTo));
        f *= 1 + (b.factor - 1) * w;
    }
    return f;
}

double Scenario::loadFactor(qint64 t) const
{
    const double secs = double(t) / double(kSec);
    const double hour = std::fmod(secs, 86400.0) / 3600.0;
    // Peak in the early afternoon, trough at night.
    const double day = 1 + dayAmplitude * std::sin(2 * M_PI * (hour - 8) / 24);
    const double wobble = 1 + wobbleAmplitude * std::sin(2 * M_PI * secs / wobblePeriodSec + wobblePhase);
    return day * wobble * rateFactor(t);
}

} // namespace gateline::gen
