// Small helpers every cause scorer uses (the nine table rows in tablecauses.cpp, the playbook's
// further branches in branchcauses.cpp).
#pragma once

#include "evidence.h"

#include <algorithm>

namespace gateline::scoring {

// 0 at lo, 1 at hi, linear between.
inline double ramp(double x, double lo, double hi)
{
    return std::clamp((x - lo) / (hi - lo), 0.0, 1.0);
}

inline QString pct(double share)
{
    return Evidence::percent(share);
}

} // namespace gateline::scoring
