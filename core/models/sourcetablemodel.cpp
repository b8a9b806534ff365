#include "sourcetablemodel.h"

#include "jobs/jobrunner.h"
#include "timeformat.h"

#include <QFileInfo>

#include <algorithm>
#include <limits>
#include <numeric>

namespace gateline {

namespace {
QString upstreamStatusText(qint16 v)
{
    if (v == kUpstreamDash)
        return QStringLiteral("-");
    if (v == kNoUpstreamStatus)
        return {};
    return QString::number(v);
}

SourceData::StringColumn stringColumnOf(SourceTableModel::Columns c)
{
    switch (c) {
    case SourceTableModel::ClientColumn: return SourceData::Client;
    case SourceTableModel::MethodColumn: return SourceData::Method;
    case SourceTableModel::PathColumn: return SourceData::Path;
    case SourceTableModel::HostColumn: return SourceData::Host;
    case SourceTableModel::UpstreamColumn: return SourceData::Upstream;
    case SourceTableModel::ReasonColumn: return SourceData::Reason;
    case SourceTableModel::ObjectColumn: return SourceData::Object;
    case SourceTableModel::NamespaceColumn: return SourceData::Namespace;
    case SourceTableModel::TextColumn: return SourceData::Text;
    default: return SourceData::StringColumnCount;
    }
}
} // namespace

SourceTableModel::SourceTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

SourceTableModel::~SourceTableModel()
{
    stopRowsJob();
    if (m_jobs && m_nearestTicket)
        m_jobs->cancel(m_jobChannel + QStringLiteral("-nearest"));
}

void SourceTableModel::setSources(std::shared_ptr<const EventStore> store, const QList<SourceId> &sources,
                                  std::shared_ptr<const Orders> orders, std::vector<qint64> shifts,
                                  std::shared_ptr<const std::vector<RowRef>> premerged)
{
    beginResetModel();
    const bool wasSorting = m_sorting, wasFiltering = m_filtering;
    const SourceFilter wanted = filter();
    stopRowsJob();
    m_filter = wanted;
    m_store = std::move(store);
    m_orders = std::move(orders);
    m_sources = sources;
    m_shifts = std::move(shifts);
    m_format = (!sources.isEmpty() && m_store) ? m_store->source(sources.first()).format : SourceFormat::Unknown;
    m_columns = columnsFor(m_format);
    m_sortColumn = -1;
    m_ordered = noRows();
    m_visible = noRows();
    if (premerged) { // (every row of the sources, merged for these shifts)
        Q_ASSERT(!m_orders || premerged->size() == std::accumulate(m_sources.begin(), m_sources.end(), size_t(0), [this](size_t n, SourceId id) { return n + (*m_orders)[size_t(id.value)].size(); }));
        m_ordered = std::move(premerged);
    }
    else if (m_store && m_orders)
        m_ordered = std::make_shared<const std::vector<RowRef>>(mergeByAlignedTime(*m_store, m_sources, *m_orders, m_shifts));
    updateShowDate();
    rebuild();
    endResetModel();
    emitJobEnded(wasSorting, wasFiltering);
}

void SourceTableModel::updateShowDate()
{
    // The whole bundle's span decides, not this pane's rows: a pane of one day in a bundle of
    // several days (or years) still shows the date (and the year) of its rows off the main day,
    // the day the requests are on (timeformat.h RowDates).
    m_dates = {};
    if (!m_store)
        return;
    constexpr qint64 kNone = std::numeric_limits<qint64>::max();
    qint64 lo = kNone, hi = std::numeric_limits<qint64>::min();
    qint64 mainLo = kNone, mainHi = std::numeric_limits<qint64>::min();
    for (qsizetype i = 0; i < m_store->sourceCount(); ++i) {
        const SourceData &s = m_store->source(SourceId{int(i)});
        if (s.size() == 0)
            continue;
        const qint64 shift = size_t(i) < m_shifts.size() ? m_shifts[size_t(i)] : 0;
        lo = std::min(lo, s.firstTime().us + shift);
        hi = std::max(hi, s.lastTime().us + shift);
        if (isLoadBalancerFormat(s.format) || isCdnFormat(s.format) || isIngressAccessSource(s)) {
            mainLo = std::min(mainLo, s.firstTime().us + shift);
            mainHi = std::max(mainHi, s.lastTime().us + shift);
        }
    }
    m_dates = rowDatesFor(lo, hi, mainLo, mainHi);
}

void SourceTableModel::clear()
{
    beginResetModel();
    const bool wasSorting = m_sorting, wasFiltering = m_filtering;
    stopRowsJob();
    m_rowsStale = false;
    m_store.reset();
    m_orders.reset();
    m_sources.clear();
    m_ordered = noRows();
    m_filtered = noRows();
    m_visible = noRows();
    resetWindow();
    m_columns.clear();
    m_format = SourceFormat::Unknown;
    endResetModel();
    emitJobEnded(wasSorting, wasFiltering);
}

bool SourceTableModel::setShifts(std::vector<qint64> shifts, std::shared_ptr<const std::vector<RowRef>> premerged)
{
    if (!m_store)
        return false;
    // When every source of this table moves by the same amount, the merged order stays the same.
    bool uniform = shifts.size() == m_shifts.size(), moved = !uniform;
    for (qsizetype i = 0; uniform && i < m_sources.size(); ++i) {
        const size_t a = size_t(m_sources[0].value), b = size_t(m_sources[i].value);
        uniform = shifts[b] - m_shifts[b] == shifts[a] - m_shifts[a];
        moved = moved || shifts[b] != m_shifts[b];
    }
    const RowDates datesBefore = m_dates;
    const auto datesChanged = [&] {
        return m_dates.otherDays != datesBefore.otherDays || m_dates.hasMainDay != datesBefore.hasMainDay
            || m_dates.mainDay != datesBefore.mainDay;
    };
    if (uniform && (!moved || !m_filter.span.isValid())) {
        // The same rows in the same order (a time filter keeps its rows when none of them moved):
        // only their times change, and the dates shown with them. The view keeps its selection and
        // its scroll position.
        m_shifts = std::move(shifts);
        updateShowDate();
        if (datesChanged())
            Q_EMIT headerDataChanged(Qt::Horizontal, 0, std::max(0, columnCount() - 1));
        if ((moved || datesChanged()) && m_windowLength > 0)
            Q_EMIT dataChanged(index(0, 0), index(int(m_windowLength) - 1, columnCount() - 1));
        return false;
    }
    if (!m_filter.isActive() && isTimeOrdered() && !m_sorting && !m_filtering && !m_rowsStale) {
        // Every row, in time order: the sources moved apart, so the rows are merged in a new order
        // (a layout change). The rows the view holds (current, selected) follow to their new place,
        // the window stays where it was.
        reorderForShifts(std::move(shifts), std::move(premerged));
        return false;
    }
    // Rows come and go (a time filter) or are filtered or sorted on the job helper: anew.
    const bool wasSorting = m_sorting, wasFiltering = m_filtering;
    beginResetModel();
    m_shifts = std::move(shifts);
    if (premerged)
        m_ordered = std::move(premerged);
    else if (!uniform)
        m_ordered = std::make_shared<const std::vector<RowRef>>(mergeByAlignedTime(*m_store, m_sources, *m_orders, m_shifts));
    updateShowDate();
    rebuild();
    endResetModel();
    emitJobEnded(wasSorting, wasFiltering);
    return true;
}

void SourceTableModel::reorderForShifts(std::vector<qint64> shifts, std::shared_ptr<const std::vector<RowRef>> premerged)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<RowRef> refs;
    refs.reserve(size_t(before.size()));
    for (const QModelIndex &i : before)
        refs.push_back(rowRef(i.row()));
    m_shifts = std::move(shifts);
    m_ordered = premerged ? std::move(premerged)
                          : std::make_shared<const std::vector<RowRef>>(mergeByAlignedTime(*m_store, m_sources, *m_orders, m_shifts));
    m_filtered = m_ordered;
    m_visible = m_ordered;
    updateShowDate();
    // Same rows, so the same count: the window keeps its start and length.
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype k = 0; k < before.size(); ++k) {
        const RowRef r = refs[size_t(k)];
        const qint64 us = m_store->source(SourceId{r.source}).time(r.row).us + m_shifts[size_t(r.source)];
        qsizetype g = shownFirstAtOrAfter(us);
        const qsizetype n = qsizetype(m_visible->size());
        while (g < n && !((*m_visible)[size_t(g)] == r) && alignedUsAt(g) == us)
            ++g;
        const bool found = g < n && (*m_visible)[size_t(g)] == r;
        after.append(found && g >= m_windowStart && g < m_windowStart + m_windowLength
                         ? index(int(g - m_windowStart), before[k].column())
                         : QModelIndex());
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void SourceTableModel::setFilter(const SourceFilter &filter)
{
    if (filter == this->filter())
        return;
    if (!m_rowsStale && filterInBackground(filter)) {
        // The rows shown stay (in their sort) until the job's are in; a sort running or asked
        // for runs after the filter, in the same job.
        startRowsJob(filter, sortColumn(), sortOrder());
        return;
    }
    const bool wasSorting = m_sorting, wasFiltering = m_filtering;
    beginResetModel();
    m_wantFilter = filter;
    m_filter = filter;
    rebuild();
    endResetModel();
    emitJobEnded(wasSorting, wasFiltering);
    Q_EMIT filterChanged();
}

SourceTableModel::Rows SourceTableModel::noRows()
{
    static const Rows empty = std::make_shared<const std::vector<RowRef>>();
    return empty;
}

void SourceTableModel::rebuild()
{
    // The sort asked for stays, on the new rows (a running one starts again on them).
    const int column = sortColumn();
    const Qt::SortOrder order = sortOrder();
    const SourceFilter wanted = filter();
    stopRowsJob(); // the caller says so (emitJobEnded) after its reset
    m_filter = wanted;
    m_sortColumn = column;
    m_sortOrder = order;
    m_rowsStale = false;
    m_filtered = noRows();
    m_visible = noRows();
    resetWindow();
    if (m_store && filterInBackground(m_filter)) {
        // No rows until the job's are in: the rows shown before were of other sources or shifts.
        m_rowsStale = true;
        m_sortColumn = -1;
        m_sortOrder = Qt::AscendingOrder;
        startRowsJob(m_filter, column, order);
        return;
    }
    if (m_store) {
        RowFilter f(*m_store, m_shifts, m_filter);
        m_filtered = f.passesAll() ? m_ordered : std::make_shared<const std::vector<RowRef>>(f.apply(*m_ordered));
        m_visible = m_filtered;
        resetWindow();
        if (!isTimeOrdered() && sortInBackground(qsizetype(m_filtered->size()))) {
            // Too long for this thread: the rows show in time order until the job has sorted them.
            m_sortColumn = -1;
            m_sortOrder = Qt::AscendingOrder;
            startRowsJob(std::nullopt, column, order);
            return;
        }
        applySort();
    }
}

qint64 SourceTableModel::alignedUs(int row) const
{
    return alignedUsAt(m_windowStart + row);
}

qint64 SourceTableModel::alignedUsAt(qsizetype shownRow) const
{
    const RowRef r = (*m_visible)[size_t(shownRow)];
    return m_store->source(SourceId{r.source}).time(r.row).us + m_shifts[size_t(r.source)];
}

void SourceTableModel::resetWindow()
{
    m_windowStart = 0;
    m_windowLength = std::min<qsizetype>(qsizetype(m_visible->size()), m_windowRows);
}

int SourceTableModel::showRow(qsizetype g) const
{
    const qsizetype n = qsizetype(m_visible->size());
    g = std::clamp<qsizetype>(g, 0, std::max<qsizetype>(0, n - 1));
    if (g >= m_windowStart && g < m_windowStart + m_windowLength)
        return int(g - m_windowStart);
    auto *self = const_cast<SourceTableModel *>(this);
    self->beginResetModel();
    // A quarter of the window before the row, the rest after it.
    m_windowStart = std::clamp<qsizetype>(g - m_windowRows / 4, 0, std::max<qsizetype>(0, n - m_windowRows));
    m_windowLength = std::min<qsizetype>(n - m_windowStart, m_windowRows);
    self->endResetModel();
    return int(g - m_windowStart);
}

bool SourceTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && canExtendAfter();
}

void SourceTableModel::fetchMore(const QModelIndex &parent)
{
    // Later, on the event loop: a view (or QAbstractItemModelTester) may ask in the middle of
    // handling a reset, when rows must not be inserted yet.
    if (!canFetchMore(parent) || m_fetchQueued)
        return;
    m_fetchQueued = true;
    QMetaObject::invokeMethod(this, &SourceTableModel::growWindow, Qt::QueuedConnection);
}

void SourceTableModel::growWindow()
{
    m_fetchQueued = false;
    extendAfter();
}

int SourceTableModel::extendAfter()
{
    if (!canExtendAfter())
        return 0;
    const qsizetype more = std::min<qsizetype>(qsizetype(m_visible->size()) - m_windowStart - m_windowLength,
                                               std::max(1, m_windowRows / 4));
    beginInsertRows({}, int(m_windowLength), int(m_windowLength + more - 1));
    m_windowLength += more;
    endInsertRows();
    trimWindow(true);
    return int(more);
}

int SourceTableModel::extendBefore()
{
    if (!canExtendBefore())
        return 0;
    const qsizetype more = std::min<qsizetype>(m_windowStart, std::max(1, m_windowRows / 4));
    beginInsertRows({}, 0, int(more - 1));
    m_windowStart -= more;
    m_windowLength += more;
    endInsertRows();
    Q_EMIT windowShifted(int(more));
    trimWindow(false);
    return int(more);
}

void SourceTableModel::trimWindow(bool atFront)
{
    const qsizetype excess = m_windowLength - 2 * qsizetype(m_windowRows);
    if (excess <= 0)
        return;
    if (atFront) {
        beginRemoveRows({}, 0, int(excess - 1));
        m_windowStart += excess;
        m_windowLength -= excess;
        endRemoveRows();
        Q_EMIT windowShifted(-int(excess));
    } else {
        beginRemoveRows({}, int(m_windowLength - excess), int(m_windowLength - 1));
        m_windowLength -= excess;
        endRemoveRows();
    }
}

qsizetype SourceTableModel::shownFirstAtOrAfter(qint64 us) const
{
    qsizetype lo = 0, hi = qsizetype(m_visible->size());
    while (lo < hi) {
        const qsizetype mid = lo + (hi - lo) / 2;
        if (alignedUsAt(mid) < us)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool SourceTableModel::isTimeOrdered() const
{
    return m_sortColumn < 0 || (logicalColumn(m_sortColumn) == TimeColumn && m_sortOrder == Qt::AscendingOrder);
}

int SourceTableModel::firstRowAtOrAfter(qint64 us) const
{
    if (!isTimeOrdered())
        return std::max(0, rowNearest(us));
    const qsizetype g = shownFirstAtOrAfter(us);
    if (m_visible->empty())
        return 0;
    if (g >= qsizetype(m_visible->size()))
        return showRow(g - 1) + 1; // rowCount(): the window then ends with the last row
    return showRow(g);
}

qsizetype SourceTableModel::rowsBetween(qint64 fromUs, qint64 toUs) const
{
    if (!isTimeOrdered())
        return -1;
    return std::max<qsizetype>(0, shownFirstAtOrAfter(toUs) - shownFirstAtOrAfter(fromUs));
}

int SourceTableModel::rowNearest(qint64 us) const
{
    if (m_visible->empty())
        return -1;
    const qsizetype n = qsizetype(m_visible->size());
    if (isTimeOrdered()) {
        const qsizetype lo = shownFirstAtOrAfter(us);
        if (lo >= n)
            return showRow(n - 1);
        // The nearer of the rows around us.
        if (lo > 0 && us - alignedUsAt(lo - 1) <= alignedUsAt(lo) - us)
            return showRow(lo - 1);
        return showRow(lo);
    }
    return showRow(std::max<qsizetype>(0, nearestRow(*m_store, m_shifts, *m_visible, us)));
}

int SourceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_windowLength);
}

int SourceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

SourceTableModel::Severity SourceTableModel::severity(const SourceData &s, qsizetype row) const
{
    const qint16 status = s.status(row);
    switch (s.kind(row)) {
    case EventKind::Request:
        if (status == 502)
            return s.upstreamStatus(row) == kUpstreamDash ? Critical : Error;
        if (status >= 500)
            return Error;
        if (status >= 400)
            return Notice;
        return Normal;
    case EventKind::UpstreamError:
        return Error;
    case EventKind::PodTermination:
        return Error;
    default:
        return (s.flags(row) & FlagWarning) ? Warning : Normal;
    }
}

QVariant SourceTableModel::display(const SourceData &s, qsizetype row, Columns c, qint64 alignedUs) const
{
    switch (c) {
    case TimeColumn: return formatRowTime(alignedUs, m_dates);
    case StatusColumn: return s.status(row) ? QVariant(int(s.status(row))) : QVariant(QString());
    case UpstreamStatusColumn: return upstreamStatusText(s.upstreamStatus(row));
    case DurationColumn: {
        const float d = s.durationMs(row);
        return d < 0 ? QString() : QString::number(d, 'f', d < 10 ? 1 : 0);
    }
    case CountColumn: return int(s.count(row));
    case SourceColumn: return QFileInfo(s.locator.displayPath()).fileName();
    default: {
        const auto sc = stringColumnOf(c);
        return sc == SourceData::StringColumnCount ? QString() : s.string(sc, row);
    }
    }
}

QVariant SourceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_store)
        return {};
    const RowRef r = (*m_visible)[size_t(m_windowStart + index.row())];
    const SourceData &s = m_store->source(SourceId{r.source});
    const qint64 us = s.time(r.row).us + m_shifts[size_t(r.source)];
    const Columns c = m_columns[index.column()];
    switch (role) {
    case Qt::DisplayRole: return display(s, r.row, c, us);
    case Qt::ToolTipRole:
        if (c == TimeColumn)
            return formatDateTime(us);
        if (c == SourceColumn)
            return s.locator.displayPath();
        return display(s, r.row, c, us);
    case Qt::TextAlignmentRole:
        if (c == StatusColumn || c == UpstreamStatusColumn || c == DurationColumn || c == CountColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case TimeUsRole: return us;
    case SourceIdRole: return r.source;
    case RowRole: return r.row;
    case OffsetRole: return s.offset(r.row).value;
    case SeverityRole: return int(severity(s, r.row));
    default: return {};
    }
}

RowSortSpec SourceTableModel::sortSpec(int column, Qt::SortOrder order) const
{
    RowSortSpec spec;
    spec.descending = order == Qt::DescendingOrder;
    switch (m_columns.value(column, ColumnCount)) {
    case TimeColumn: spec.key = RowSortSpec::Time; break;
    case StatusColumn: spec.key = RowSortSpec::Status; break;
    case UpstreamStatusColumn: spec.key = RowSortSpec::UpstreamStatus; break;
    case DurationColumn: spec.key = RowSortSpec::Duration; break;
    case CountColumn: spec.key = RowSortSpec::Count; break;
    case SourceColumn: spec.key = RowSortSpec::Source; break;
    default:
        spec.string = stringColumnOf(m_columns.value(column, ColumnCount));
        // A column with nothing to sort by keeps the rows in time order (as before).
        spec.key = spec.string == SourceData::StringColumnCount ? RowSortSpec::Time : RowSortSpec::String;
        if (spec.key == RowSortSpec::Time)
            spec.descending = false;
        break;
    }
    return spec;
}

} // namespace gateline
