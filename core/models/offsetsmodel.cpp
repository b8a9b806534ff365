#include "offsetsmodel.h"

#include "timeformat.h"

#include <QFileInfo>

#include <cmath>

namespace gateline {

OffsetsModel::OffsetsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void OffsetsModel::setAnalysis(std::shared_ptr<const Analysis> analysis)
{
    const int rows = analysis ? int(analysis->store().sourceCount()) : 0;
    if (rows == m_rows && rows > 0 && m_analysis && &m_analysis->store() == &analysis->store()) {
        m_analysis = std::move(analysis);
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_analysis = std::move(analysis);
    m_rows = rows;
    endResetModel();
}

QString OffsetsModel::methodLabel(SourceAlignment::Method m)
{
    switch (m) {
    case SourceAlignment::Reference: return QStringLiteral("reference clock");
    case SourceAlignment::Estimated: return QStringLiteral("estimated from matched requests");
    case SourceAlignment::UserOverride: return QStringLiteral("set by you");
    case SourceAlignment::FromSibling: return QStringLiteral("from the same ingress' access log");
    case SourceAlignment::NotEstimated: return QStringLiteral("not estimated (0 assumed)");
    }
    return {};
}

int OffsetsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int OffsetsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OffsetsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_analysis)
        return {};
    const SourceId id{index.row()};
    const SourceData &s = m_analysis->store().source(id);
    const SourceAlignment &a = m_analysis->timeline().alignment(id);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SourceColumn: return QFileInfo(s.locator.displayPath()).fileName();
        case FormatColumn: return formatId(s.format);
        case OffsetColumn: return formatSeconds(a.offsetSeconds);
        case ConfidenceColumn:
            return a.method == SourceAlignment::Estimated ? QStringLiteral("%1%").arg(std::lround(a.confidence * 100))
                                                          : QString();
        case MethodColumn: return methodLabel(a.method);
        case MatchedColumn: return a.matchedRequests ? QVariant(a.matchedRequests) : QVariant(QString());
        case NoteColumn: {
            QString note = a.note;
            if (a.localUtcOffsetSeconds)
                note += (note.isEmpty() ? QString() : QStringLiteral("; ")) +
                        QStringLiteral("local time at UTC offset %1 h").arg(a.localUtcOffsetSeconds / 3600.0);
            return note;
        }
        default: return {};
        }
    case Qt::EditRole:
        return index.column() == OffsetColumn ? QVariant(a.offsetSeconds) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == SourceColumn)
            return s.locator.displayPath();
        if (index.column() == OffsetColumn)
            return a.method == SourceAlignment::Reference
                       ? QStringLiteral("The load balancer is the reference clock.")
                       : QStringLiteral("Seconds added to this source's times. Double-click to edit.");
        return data(index, Qt::DisplayRole);
    case Qt::TextAlignmentRole:
        if (index.column() == OffsetColumn || index.column() == ConfidenceColumn || index.column() == MatchedColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case SourceIdRole: return index.row();
    case OffsetSecondsRole: return a.offsetSeconds;
    case MethodRole: return int(a.method);
    default: return {};
    }
}

bool OffsetsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || index.column() != OffsetColumn || !m_analysis)
        return false;
    bool ok = false;
    QString text = value.toString().trimmed();
    if (text.endsWith(QLatin1Char('s')))
        text.chop(1);
    const double seconds = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || std::abs(seconds) > 7 * 86400)
        return false;
    Q_EMIT offsetEditRequested(SourceId{index.row()}, seconds);
    return true;
}

Qt::ItemFlags OffsetsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == OffsetColumn && m_analysis
        && m_analysis->timeline().alignment(SourceId{index.row()}).method != SourceAlignment::Reference)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant OffsetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SourceColumn: return QStringLiteral("Source");
    case FormatColumn: return QStringLiteral("Format");
    case OffsetColumn: return QStringLiteral("Offset");
    case ConfidenceColumn: return QStringLiteral("Confidence");
    case MethodColumn: return QStringLiteral("Method");
    case MatchedColumn: return QStringLiteral("Matched requests");
    case NoteColumn: return QStringLiteral("Note");
    default: return {};
    }
}

} // namespace gateline
