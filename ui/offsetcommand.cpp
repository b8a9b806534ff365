#include "offsetcommand.h"

#include "investigationsession.h"

namespace gateline {

OffsetCommand::OffsetCommand(InvestigationSession *session, SourceId source, const SourceAlignment &before,
                             const SourceAlignment &after, const QString &text)
    : QUndoCommand(text)
    , m_session(session)
    , m_source(source)
    , m_before(before)
    , m_after(after)
{
}

void OffsetCommand::redo()
{
    m_session->applyAlignment(m_source, m_after);
}

void OffsetCommand::undo()
{
    m_session->applyAlignment(m_source, m_before);
}

} // namespace gateline
