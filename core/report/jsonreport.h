// The `gateline.analysis/1` JSON object of DESIGN.md's analyze contract.
#pragma once

#include "analysis/analysis.h"

#include <QJsonObject>

namespace gateline {

QJsonObject analysisToJson(const Analysis &analysis);
QString rfc3339(Timestamp t);

} // namespace gateline
