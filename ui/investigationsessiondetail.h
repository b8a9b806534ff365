// Private to InvestigationSession's three source files: the job channels, the helpers that keep
// an analysis and a playbook run alive together, and the state a capture-time reload replaces.
#pragma once

#include "investigationsession.h"
#include "playbook/playbookrun.h"

namespace gateline {
namespace sessiondetail {

inline const QString kLoadChannel = QStringLiteral("load");
inline const QString kAnalysisChannel = QStringLiteral("analysis");

// An analysis that keeps its store alive.
inline std::shared_ptr<const Analysis> ownAnalysis(Analysis *a, std::shared_ptr<const EventStore> store)
{
    return std::shared_ptr<const Analysis>(a, [store](const Analysis *p) { delete p; });
}

// The playbook walked over an analysis, keeping that analysis alive.
inline std::shared_ptr<const PlaybookRun> walkPlaybook(const std::shared_ptr<const Analysis> &analysis)
{
    return std::shared_ptr<const PlaybookRun>(new PlaybookRun(*analysis), [analysis](const PlaybookRun *p) { delete p; });
}

} // namespace sessiondetail

// Everything a capture-time reload replaces, as it was shown: a cancelled reload puts it back.
struct InvestigationSession::ShownState {
    std::shared_ptr<const EventStore> store;
    std::shared_ptr<const Analysis> analysis;
    std::shared_ptr<const PlaybookRun> run;
    std::shared_ptr<const VerdictSummary> verdict;
    std::shared_ptr<const TimelineData> timeline;
    std::shared_ptr<const SourceTableModel::Orders> orders;
    std::shared_ptr<const MergedRows> merged;
    std::vector<SourceAlignment> original, desired;
    MatchOptions matchOptions;
    QHash<QString, SavedVerdict> verdicts;
    QList<PinnedNote> notes;
    bool notesDirty = false;
    QDateTime captureTime;
    TimeSpan bounds, visible, selection, pinned;
    int undoIndex = 0; // the undo index the state was shown at
};

} // namespace gateline
