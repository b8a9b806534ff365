#include "sourcesmodel.h"

#include <limits>

#include "timeformat.h"

#include <QFileInfo>
#include <QSet>

namespace gateline {

SourcesModel::SourcesModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void SourcesModel::beginLoad()
{
    clear();
}

void SourcesModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_byPath.clear();
    endResetModel();
}

int SourcesModel::findEntry(const QString &path) const
{
    return m_byPath.value(path, -1);
}

void SourcesModel::updateEntry(Entry &e, const IngestProgress &p)
{
    switch (p.stage) {
    case IngestProgress::SourceStarted:
        e.loading = true;
        e.state = QStringLiteral("reading");
        break;
    case IngestProgress::SourceProgress:
        e.loading = true;
        e.done = p.done;
        e.total = p.total;
        e.state = p.total > 0 ? QStringLiteral("%1%").arg(qint64(100.0 * double(p.done) / double(p.total)))
                              : QStringLiteral("%1 MiB").arg(p.done >> 20);
        break;
    case IngestProgress::SourceFinished:
        e.loading = false;
        e.records = p.records;
        e.rejected = p.rejected;
        e.state = QStringLiteral("read");
        break;
    case IngestProgress::Finished:
        break;
    }
}

void SourcesModel::applyProgress(const IngestProgress &p)
{
    applyProgress(QList<IngestProgress>{p});
}

void SourcesModel::applyProgress(const QList<IngestProgress> &batch)
{
    // The sources seen for the first time: one insertion at the end for all of them.
    QStringList added;
    QSet<QString> addedSet;
    for (const IngestProgress &p : batch) {
        if (p.stage == IngestProgress::Finished || p.source.isEmpty())
            continue;
        if (!m_byPath.contains(p.source) && !addedSet.contains(p.source)) {
            addedSet.insert(p.source);
            added.append(p.source);
        }
    }
    const int firstAdded = int(m_entries.size());
    if (!added.isEmpty()) {
        beginInsertRows({}, firstAdded, firstAdded + int(added.size()) - 1);
        for (const QString &path : std::as_const(added)) {
            Entry e;
            e.path = path;
            e.loading = true;
            e.state = QStringLiteral("waiting");
            m_byPath.insert(path, int(m_entries.size()));
            m_entries.append(e);
        }
        endInsertRows();
    }
    int lo = std::numeric_limits<int>::max(), hi = -1;
    for (const IngestProgress &p : batch) {
        if (p.stage == IngestProgress::Finished || p.source.isEmpty())
            continue;
        const int i = findEntry(p.source);
        updateEntry(m_entries[i], p);
        if (i < firstAdded) { // the new rows are told by their insertion
            lo = std::min(lo, i);
            hi = std::max(hi, i);
        }
    }
    if (hi >= 0)
        Q_EMIT dataChanged(index(lo, 0), index(hi, ColumnCount - 1));
}

void SourcesModel::setStore(std::shared_ptr<const EventStore> store)
{
    beginResetModel();
    m_entries.clear();
    if (store) {
        // Dates (and years) in the ranges when the bundle spans several days (or years).
        qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
        for (qsizetype i = 0; i < store->sourceCount(); ++i) {
            const SourceData &s = store->source(SourceId{int(i)});
            if (s.size()) {
                lo = std::min(lo, s.firstTime().us);
                hi = std::max(hi, s.lastTime().us);
            }
        }
        const DatePart datePart = lo <= hi ? datePartFor(lo, hi) : DatePart::None;
        for (qsizetype i = 0; i < store->sourceCount(); ++i) {
            const SourceData &s = store->source(SourceId{int(i)});
            Entry e;
            e.kind = EntryKind::Source;
            e.path = s.locator.displayPath();
            e.sourceId = int(i);
            e.format = formatId(s.format);
            e.records = s.size();
            e.rejected = s.rejected.total;
            e.state = s.size() ? formatTimeWithDate(s.firstTime().us, datePart, false) + QStringLiteral(" – ")
                                     + formatTimeWithDate(s.lastTime().us, datePart, false)
                               : QStringLiteral("no records");
            for (auto it = s.rejected.byReason.cbegin(); it != s.rejected.byReason.cend(); ++it)
                e.children << QStringLiteral("%1 line(s) rejected: %2").arg(it.value()).arg(it.key());
            for (qsizetype k = 0; k < s.rejected.sampleLines.size() && k < 5; ++k)
                e.children << QStringLiteral("line %1: %2").arg(s.rejected.sampleLines[k]).arg(s.rejected.sampleReasons.value(k));
            for (const QString &n : s.notes)
                e.children << n;
            if (!s.wrapper.isEmpty() || !s.pod.isEmpty()) {
                // A sub-source of an interleaved or wrapped stream.
                QString what = s.wrapper.isEmpty() ? QStringLiteral("interleaved stream") : s.wrapper;
                if (!s.pod.isEmpty())
                    what += QStringLiteral("; replica %1").arg(s.pod);
                if (!s.container.isEmpty())
                    what += QStringLiteral(", container %1").arg(s.container);
                e.children.prepend(what);
                e.detail = what;
            }
            if (s.rejected.total)
                e.detail = (e.detail.isEmpty() ? QString() : e.detail + QStringLiteral("; "))
                    + QStringLiteral("%1 line(s) rejected").arg(s.rejected.total);
            if (!s.notes.isEmpty())
                e.detail += (e.detail.isEmpty() ? QString() : QStringLiteral("; ")) + s.notes.first();
            if (s.format == SourceFormat::K8sEvents || s.format == SourceFormat::NginxError) {
                if (s.size() && (s.flags(0) & FlagNoTimezone))
                    e.children << QStringLiteral("times are local with no offset: aligned as set in Clock offsets");
            }
            e.severity = (s.rejected.total || !s.notes.isEmpty()) ? 1 : 0;
            if (s.size() == 0)
                e.severity = 2;
            m_entries.append(e);
        }
        for (const UnrecognisedSource &u : store->unrecognised) {
            Entry e;
            e.kind = EntryKind::Unrecognised;
            e.path = u.path;
            e.format = QStringLiteral("-");
            e.state = QStringLiteral("not recognised");
            e.detail = u.reason;
            e.severity = 2;
            m_entries.append(e);
        }
        for (const QString &m : store->messages) {
            Entry e;
            e.kind = EntryKind::Message;
            e.path = QStringLiteral("(bundle)");
            e.state = QStringLiteral("message");
            e.detail = m;
            e.severity = 1;
            m_entries.append(e);
        }
    }
    m_byPath.clear();
    for (int i = int(m_entries.size()) - 1; i >= 0; --i)
        m_byPath.insert(m_entries[i].path, i); // backwards: the first entry of a path wins
    endResetModel();
}

int SourcesModel::problemCount() const
{
    int n = 0;
    for (const Entry &e : m_entries)
        n += e.severity > 0 ? 1 : 0;
    return n;
}

int SourcesModel::loadingCount() const
{
    int n = 0;
    for (const Entry &e : m_entries)
        n += e.loading ? 1 : 0;
    return n;
}

QModelIndex SourcesModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_entries.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= m_entries.size())
        return {};
    if (row >= m_entries[parent.row()].children.size())
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex SourcesModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int SourcesModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_entries.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_entries[parent.row()].children.size());
}

int SourcesModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant SourcesModel::entryData(const Entry &e, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return e.kind == EntryKind::Message ? e.path : QFileInfo(e.path).fileName();
        case FormatColumn: return e.format;
        case RecordsColumn: return e.kind == EntryKind::Source ? QVariant(e.records) : QVariant();
        case RejectedColumn: return e.kind == EntryKind::Source ? QVariant(e.rejected) : QVariant();
        case StateColumn: return e.state;
        case DetailColumn: return e.detail;
        default: return {};
        }
    case Qt::ToolTipRole:
        return column == DetailColumn ? e.detail : e.path;
    case Qt::TextAlignmentRole:
        if (column == RecordsColumn || column == RejectedColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case ProgressRole:
        if (!e.loading)
            return -1;
        return e.total > 0 ? int(100 * e.done / e.total) : 0;
    case SeverityRole: return e.severity;
    case SourceIdRole: return e.sourceId;
    case PathRole: return e.path;
    default: return {};
    }
}

QVariant SourcesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0)
        return entryData(m_entries[index.row()], index.column(), role);
    const Entry &parent = m_entries[int(index.internalId() - 1)];
    if (index.column() == NameColumn && (role == Qt::DisplayRole || role == Qt::ToolTipRole))
        return parent.children[index.row()];
    if (role == SeverityRole)
        return parent.severity;
    if (role == SourceIdRole)
        return parent.sourceId;
    if (role == PathRole)
        return parent.path;
    return {};
}

QVariant SourcesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return QStringLiteral("Source");
    case FormatColumn: return QStringLiteral("Format");
    case RecordsColumn: return QStringLiteral("Records");
    case RejectedColumn: return QStringLiteral("Rejected");
    case StateColumn: return QStringLiteral("Range (UTC) / state");
    case DetailColumn: return QStringLiteral("Problems");
    default: return {};
    }
}

} // namespace gateline
