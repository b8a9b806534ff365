#include "notecommand.h"

#include "models/notesmodel.h"

namespace gateline {

NoteCommand::NoteCommand(NotesModel *model, const PinnedNote &note)
    : QUndoCommand(QStringLiteral("Pin note"))
    , m_model(model)
    , m_note(note)
{
}

void NoteCommand::redo()
{
    m_model->addNote(m_note);
}

void NoteCommand::undo()
{
    const QList<PinnedNote> &notes = m_model->notes();
    for (qsizetype i = notes.size() - 1; i >= 0; --i) {
        if (notes[i].us == m_note.us) {
            m_note = notes[i]; // keep in-place text edits for redo
            m_model->removeNote(int(i));
            return;
        }
    }
}

} // namespace gateline
