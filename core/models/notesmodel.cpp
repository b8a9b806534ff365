#include "notesmodel.h"

#include "timeformat.h"

#include <algorithm>

namespace gateline {

NotesModel::NotesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void NotesModel::setNotes(const QList<PinnedNote> &notes)
{
    beginResetModel();
    m_notes = notes;
    std::stable_sort(m_notes.begin(), m_notes.end(), [](const auto &a, const auto &b) { return a.us < b.us; });
    endResetModel();
}

int NotesModel::addNote(const PinnedNote &note)
{
    const auto it = std::upper_bound(m_notes.begin(), m_notes.end(), note.us,
                                     [](qint64 us, const PinnedNote &n) { return us < n.us; });
    const int row = int(it - m_notes.begin());
    beginInsertRows({}, row, row);
    m_notes.insert(row, note);
    endInsertRows();
    Q_EMIT notesEdited();
    return row;
}

void NotesModel::removeNote(int row)
{
    if (row < 0 || row >= m_notes.size())
        return;
    beginRemoveRows({}, row, row);
    m_notes.removeAt(row);
    endRemoveRows();
    Q_EMIT notesEdited();
}

int NotesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_notes.size());
}

int NotesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NotesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PinnedNote &n = m_notes[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == TimeColumn ? formatTimeOfDay(n.us) : n.text;
    case Qt::EditRole:
        return index.column() == TextColumn ? QVariant(n.text) : QVariant();
    case Qt::ToolTipRole:
        return index.column() == TimeColumn ? formatDateTime(n.us) : n.text;
    case TimeUsRole:
        return n.us;
    default:
        return {};
    }
}

bool NotesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != TextColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString text = value.toString();
    if (text == m_notes[index.row()].text)
        return true;
    m_notes[index.row()].text = text;
    Q_EMIT dataChanged(index, index);
    Q_EMIT notesEdited();
    return true;
}

Qt::ItemFlags NotesModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == TextColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant NotesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == TimeColumn ? QStringLiteral("Time (UTC)") : QStringLiteral("Note");
}

} // namespace gateline
