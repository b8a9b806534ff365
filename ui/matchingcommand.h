// Undoable change of the matching step's options (window, range): the step's range changes only
// by such an explicit action, and Ctrl+Z brings the previous one back (and re-runs the matching).
#pragma once

#include "analysis/restartmatcher.h"

#include <QUndoCommand>

namespace gateline {

class InvestigationSession;

class MatchingCommand : public QUndoCommand
{
public:
    MatchingCommand(InvestigationSession *session, const MatchOptions &before, const MatchOptions &after, const QString &text);
    void redo() override;
    void undo() override;

private:
    InvestigationSession *m_session;
    MatchOptions m_before, m_after;
};

} // namespace gateline
