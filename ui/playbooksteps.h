// The walked playbook as the panel's value structs: every step of the decision tree with its
// evidence, verdicts and suggestion (steps 1 and 2 with the origin and matching details), and the
// ranked causes with their evidence and the playbook's fix snippets.
#pragma once

#include "investigation/investigation.h"
#include "playbookview.h"

#include <QHash>

namespace gateline {

class Analysis;
class PlaybookRun;
struct VerdictSummary;

// summary: the session's verdict summary of this analysis (step 1 states its counts), if made.
QList<PlaybookStepView> buildPlaybookSteps(const Analysis &analysis, const PlaybookRun *run,
                                           const QHash<QString, SavedVerdict> &verdicts,
                                           const VerdictSummary *summary = nullptr);
QList<PlaybookCauseView> buildCauseViews(const PlaybookRun &run);

} // namespace gateline
