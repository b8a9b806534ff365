// The readable text form of an analysis, for terminals.
#pragma once

#include "analysis/analysis.h"

namespace gateline {

QString analysisToText(const Analysis &analysis);

} // namespace gateline
