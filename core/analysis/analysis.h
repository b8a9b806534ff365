// The whole headless analysis of a loaded bundle: aligned timeline, counts, 502 origin, the
// matching step and the ranked causes. The GUI and `gateline analyze` both use it.
#pragma once

#include "clockaligner.h"
#include "counts.h"
#include "originclassifier.h"
#include "restartmatcher.h"
#include "timeline.h"

#include <memory>

namespace gateline {

struct AnalysisOptions {
    AlignOptions align;
    MatchOptions matching;
};

class Analysis
{
public:
    // The store must outlive the analysis.
    Analysis(const EventStore &store, const AnalysisOptions &options);

    const EventStore &store() const { return m_timeline.store(); }
    const Timeline &timeline() const { return m_timeline; }
    const AnalysisOptions &options() const { return m_options; }
    const RequestCounts &counts() const { return m_counts; }
    const OriginResult &origin() const { return m_origin; }
    const MatchingResult &matching() const { return m_matching; }
    const QStringList &unmatchedOverrides() const { return m_unmatchedOverrides; }

    // Re-run what depends on the clock offsets (after the user edits one).
    void setAlignment(SourceId id, const SourceAlignment &a);
    // Re-run the matching step with other options (window, range, namespaces).
    void rematch(const MatchOptions &options);

private:
    void runDependent();

    AnalysisOptions m_options;
    Timeline m_timeline;
    RequestCounts m_counts;
    OriginResult m_origin;
    MatchingResult m_matching;
    QStringList m_unmatchedOverrides;
};

} // namespace gateline
