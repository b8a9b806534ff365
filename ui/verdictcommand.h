// Undoable verdict on a playbook step (accepting the suggestion or overriding it).
#pragma once

#include "investigation/investigation.h"

#include <QUndoCommand>

#include <optional>

namespace gateline {

class InvestigationSession;

class VerdictCommand : public QUndoCommand
{
public:
    VerdictCommand(InvestigationSession *session, const QString &step, const std::optional<SavedVerdict> &before,
                   const std::optional<SavedVerdict> &after, const QString &text);
    void redo() override;
    void undo() override;

private:
    InvestigationSession *m_session;
    QString m_step;
    std::optional<SavedVerdict> m_before, m_after;
};

} // namespace gateline
