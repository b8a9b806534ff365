#include "matchingcommand.h"

#include "investigationsession.h"

namespace gateline {

MatchingCommand::MatchingCommand(InvestigationSession *session, const MatchOptions &before, const MatchOptions &after,
                                 const QString &text)
    : QUndoCommand(text)
    , m_session(session)
    , m_before(before)
    , m_after(after)
{
}

void MatchingCommand::redo()
{
    m_session->runMatching(m_after);
}

void MatchingCommand::undo()
{
    m_session->runMatching(m_before);
}

} // namespace gateline
