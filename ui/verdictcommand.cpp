#include "verdictcommand.h"

#include "investigationsession.h"

namespace gateline {

VerdictCommand::VerdictCommand(InvestigationSession *session, const QString &step,
                               const std::optional<SavedVerdict> &before, const std::optional<SavedVerdict> &after,
                               const QString &text)
    : QUndoCommand(text)
    , m_session(session)
    , m_step(step)
    , m_before(before)
    , m_after(after)
{
}

void VerdictCommand::redo()
{
    m_session->applyVerdict(m_step, m_after);
}

void VerdictCommand::undo()
{
    m_session->applyVerdict(m_step, m_before);
}

} // namespace gateline
