// Undoable pinning of a note to a moment on the timeline.
#pragma once

#include "investigation/investigation.h"

#include <QUndoCommand>

namespace gateline {

class NotesModel;

class NoteCommand : public QUndoCommand
{
public:
    NoteCommand(NotesModel *model, const PinnedNote &note);
    void redo() override;
    void undo() override;

private:
    NotesModel *m_model;
    PinnedNote m_note;
};

} // namespace gateline
