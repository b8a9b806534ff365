// Undoable change of one source's clock alignment.
#pragma once

#include "analysis/timeline.h"

#include <QUndoCommand>

namespace gateline {

class InvestigationSession;

class OffsetCommand : public QUndoCommand
{
public:
    OffsetCommand(InvestigationSession *session, SourceId source, const SourceAlignment &before,
                  const SourceAlignment &after, const QString &text);
    void redo() override;
    void undo() override;

private:
    InvestigationSession *m_session;
    SourceId m_source;
    SourceAlignment m_before, m_after;
};

} // namespace gateline
