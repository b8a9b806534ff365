// Notes pinned to moments on the timeline, sorted by time. The text is editable in place.
#pragma once

#include "investigation/investigation.h"

#include <QAbstractTableModel>

namespace gateline {

class NotesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns { TimeColumn, TextColumn, ColumnCount };
    enum Roles { TimeUsRole = Qt::UserRole };

    explicit NotesModel(QObject *parent = nullptr);

    void setNotes(const QList<PinnedNote> &notes);
    const QList<PinnedNote> &notes() const { return m_notes; }
    // Inserts in time order; returns the row.
    int addNote(const PinnedNote &note);
    void removeNote(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void notesEdited();

private:
    QList<PinnedNote> m_notes;
};

} // namespace gateline
