// Notes pinned to moments on the timeline: add one at the cursor (or the selection's start), edit
// the text in place, jump to a note's moment, remove it.
#pragma once

#include <QWidget>

class QTableView;

namespace gateline {

class InvestigationSession;

class NotesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit NotesPanel(InvestigationSession *session, QWidget *parent = nullptr);
    // Asks for a text and pins it at us.
    void pinNoteAt(qint64 us);
    // At the cursor, else the selection, else the visible range's centre.
    void pinNoteHere();
    QTableView *view() const { return m_view; }

private:
    InvestigationSession *m_session;
    QTableView *m_view;
};

} // namespace gateline
