// Undoable change of the capture time kubectl's relative ages count back from: a reload of the bundle.
#pragma once

#include <QDateTime>
#include <QUndoCommand>

namespace gateline {

class InvestigationSession;

class CaptureTimeCommand : public QUndoCommand
{
public:
    // before, after: the user's capture time (invalid: the files' own).
    CaptureTimeCommand(InvestigationSession *session, const QDateTime &before, const QDateTime &after, const QString &text);
    void redo() override;
    void undo() override;

private:
    InvestigationSession *m_session;
    QDateTime m_before, m_after;
};

} // namespace gateline
