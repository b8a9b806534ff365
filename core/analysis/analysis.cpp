#include "analysis.h"

#include "jobs/cancellation.h"

namespace gateline {

Analysis::Analysis(const EventStore &store, const AnalysisOptions &options)
    : m_options(options)
    , m_timeline(store)
{
    m_counts = countRequests(store);
    m_unmatchedOverrides = alignClocks(m_timeline, m_options.align);
    runDependent();
}

void Analysis::setAlignment(SourceId id, const SourceAlignment &a)
{
    m_timeline.alignment(id) = a;
    m_timeline.recompute();
    runDependent();
}

void Analysis::rematch(const MatchOptions &options)
{
    m_options.matching = options;
    m_matching = matchErrors(m_timeline, &m_origin, m_options.matching);
}

void Analysis::runDependent()
{
    m_origin = classifyOrigins(m_timeline);
    if (cancelRequested())
        return; // superseded (jobs/cancellation.h): the partial analysis is dropped
    m_matching = matchErrors(m_timeline, &m_origin, m_options.matching);
}

} // namespace gateline
