#include "matchpairsmodel.h"

#include "timeformat.h"

namespace gateline {

MatchPairsModel::MatchPairsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MatchPairsModel::setAnalysis(std::shared_ptr<const Analysis> analysis)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    endResetModel();
}

int MatchPairsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_analysis ? 0 : int(m_analysis->matching().pairs.size());
}

int MatchPairsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MatchPairsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_analysis)
        return {};
    const MatchedPair &p = m_analysis->matching().pairs[size_t(index.row())];
    const EventStore &store = m_analysis->store();
    const SourceData &err = store.source(p.errorSource);
    const SourceData &ev = store.source(p.event.source);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ErrorTimeColumn: return role == Qt::ToolTipRole ? formatDateTime(p.errorUs) : formatTimeOfDay(p.errorUs);
        case EventTimeColumn: return role == Qt::ToolTipRole ? formatDateTime(p.event.us) : formatTimeOfDay(p.event.us);
        case DeltaColumn:
            // "2.5 s after", "0.4 s before": when the event came, seen from the 502.
            if (std::abs(p.deltaSeconds) < 0.05)
                return QStringLiteral("same time");
            return QStringLiteral("%1 s %2").arg(std::abs(p.deltaSeconds), 0, 'f', 1)
                .arg(p.deltaSeconds > 0 ? QStringLiteral("after") : QStringLiteral("before"));
        case KindColumn: return eventClassShortLabel(p.event.cls);
        case EventColumn: {
            QString t = ev.string(SourceData::Reason, p.event.row);
            const QString obj = ev.string(SourceData::Object, p.event.row);
            if (!obj.isEmpty())
                t += QLatin1Char(' ') + obj;
            return t;
        }
        case PodColumn: {
            // The 502's upstream address and the pod that had it then (podaddresshistory.h).
            const QString pod = p.pod.startsWith(QLatin1String("Pod/")) ? p.pod.mid(4) : p.pod;
            QString t = p.upstream;
            if (!pod.isEmpty())
                t = t.isEmpty() ? pod : QStringLiteral("%1 (%2)").arg(t, pod);
            if (role == Qt::ToolTipRole)
                return t.isEmpty() ? QStringLiteral("The 502's upstream address is not known")
                                   : t + (p.samePod ? QStringLiteral(": the event is this pod's own")
                                                    : QStringLiteral(": the event is another object's"));
            return p.samePod ? t + QStringLiteral(" · its own event") : t;
        }
        case RequestColumn:
            return err.string(SourceData::Method, p.errorRow) + QLatin1Char(' ') + err.string(SourceData::Path, p.errorRow);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == DeltaColumn ? QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter))
                                             : QVariant();
    case ErrorUsRole: return p.errorUs;
    case EventUsRole: return p.event.us;
    case ErrorSourceRole: return p.errorSource.value;
    case ErrorRowRole: return p.errorRow;
    case EventSourceRole: return p.event.source.value;
    case EventRowRole: return p.event.row;
    default: return {};
    }
}

QVariant MatchPairsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ErrorTimeColumn: return QStringLiteral("502 at");
    case EventTimeColumn: return QStringLiteral("Event at");
    case DeltaColumn: return QStringLiteral("Event came");
    case PodColumn: return QStringLiteral("502 went to");
    case KindColumn: return QStringLiteral("Kind");
    case EventColumn: return QStringLiteral("Event");
    case RequestColumn: return QStringLiteral("502 request");
    default: return {};
    }
}

} // namespace gateline
