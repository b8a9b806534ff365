// The playbook steps the analysis can already speak to, as PlaybookStepView values: step 1
// "Locate where the 502 is generated" (from the 502 origins) and step 2 "Check if 502s correlate
// with deployments" (the user-driven matching step). The full playbook engine replaces this.
#pragma once

#include "investigation/investigation.h"
#include "playbookview.h"

#include <QHash>

namespace gateline {

class Analysis;

QList<PlaybookStepView> buildBasicPlaybookSteps(const Analysis &analysis, const QHash<QString, SavedVerdict> &verdicts);

} // namespace gateline
