#include "capturetimecommand.h"

#include "investigationsession.h"

namespace gateline {

CaptureTimeCommand::CaptureTimeCommand(InvestigationSession *session, const QDateTime &before, const QDateTime &after,
                                       const QString &text)
    : QUndoCommand(text)
    , m_session(session)
    , m_before(before)
    , m_after(after)
{
}

void CaptureTimeCommand::redo()
{
    m_session->applyCaptureTime(m_after);
}

void CaptureTimeCommand::undo()
{
    m_session->applyCaptureTime(m_before);
}

} // namespace gateline
