// Small helpers every cause scorer uses (the nine table rows in tablecauses.cpp, the playbook's
// further branches in branchcauses.cpp).
#pragma once

#include "causeranker.h"
#include "evidence.h"

#include <algorithm>

namespace gateline::scoring {

// 0 at lo, 1 at hi, linear between.
inline double ramp(double x, double lo, double hi)
{
    return std::clamp((x - lo) / (hi - lo), 0.0, 1.0);
}

// How clearly the 502s on a cause's events exceed chance, 0..1, for a cause that may act next to
// others. Coincidence::strength() weighs the excess over all the 502s, so a second cause whose 502s
// are a minority of the bundle reads as weak however significant its tie; here the excess may also
// be measured among the 502s on the events: the attributable fraction 1 - 1/rateRatio (the share of
// the 502s in the event windows beyond the background rate outside them; epidemiology's
// attributable fraction among the exposed). The larger of the two, with the same significance and
// burst weights.
inline double tieStrength(const Coincidence &a)
{
    const double s = a.strength();
    if (s <= 0)
        return 0;
    const double base = 0.35 + 0.65 * a.excess();
    const double attributable = a.attributable();
    return s / base * (0.35 + 0.65 * std::max(a.excess(), attributable));
}

// Adds one line of a cause's evidence, with the time range it is about where there is one.
inline void say(CauseScore &c, const QString &text, qint64 from = 0, qint64 to = 0)
{
    c.evidence << text;
    c.lines.append({text, Timestamp{from}, Timestamp{to}});
}

inline QString pct(double share)
{
    return Evidence::percent(share);
}

} // namespace gateline::scoring
