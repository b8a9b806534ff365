// SourceTableModel's background work on the pane's JobRunner channel: sorting and filtering
// millions of rows, and "nearest row" on a sorted pane, with cancel and superseded results dropped.
// The model itself (rows, window, display) is sourcetablemodel.cpp.
#include "sourcetablemodel.h"

#include "jobs/jobrunner.h"

#include <algorithm>
#include <limits>

namespace gateline {

void SourceTableModel::setJobRunner(JobRunner *runner, const QString &channel)
{
    stopRowsJob();
    m_jobs = runner;
    m_jobChannel = channel;
}

bool SourceTableModel::stopRowsJob()
{
    if (!m_sorting && !m_filtering)
        return false;
    ++m_rowsGeneration;
    m_sorting = false;
    m_filtering = false;
    if (m_jobs)
        m_jobs->cancel(m_jobChannel);
    return true;
}

void SourceTableModel::emitJobEnded(bool wasSorting, bool wasFiltering)
{
    if (wasSorting && !m_sorting)
        Q_EMIT sortingChanged(false);
    if (wasFiltering && !m_filtering)
        Q_EMIT filteringChanged(false);
}

void SourceTableModel::cancelSort()
{
    if (!m_sorting)
        return;
    if (m_filtering) {
        // The filter goes on, in time order.
        startRowsJob(m_wantFilter, -1, Qt::AscendingOrder);
        Q_EMIT sortingChanged(false);
        return;
    }
    stopRowsJob();
    Q_EMIT sortingChanged(false);
}

void SourceTableModel::cancelFilter()
{
    if (!m_filtering)
        return;
    const bool wasSorting = m_sorting;
    stopRowsJob();
    if (m_rowsStale) {
        // Nothing was shown yet: every row, unfiltered, in time order.
        beginResetModel();
        m_rowsStale = false;
        m_filter = SourceFilter{};
        m_sortColumn = -1;
        m_sortOrder = Qt::AscendingOrder;
        m_filtered = m_ordered;
        m_visible = m_ordered;
        resetWindow();
        endResetModel();
        Q_EMIT filterChanged();
    }
    emitJobEnded(wasSorting, true);
}

bool SourceTableModel::filterInBackground(const SourceFilter &filter) const
{
    if (!m_jobs || !m_store)
        return false;
    const RowFilter f(*m_store, m_shifts, filter);
    return !f.passesAll() && f.rowsToRead(*m_ordered) > m_syncFilterRows;
}

bool SourceTableModel::sortInBackground(qsizetype rows) const
{
    return m_jobs && rows > m_syncSortRows;
}

void SourceTableModel::findRowNearest(qint64 us, QObject *context, std::function<void(int)> done)
{
    const QString channel = m_jobChannel + QStringLiteral("-nearest");
    if (m_jobs && m_nearestTicket)
        m_jobs->cancel(channel); // an older question's answer is dropped
    const quint64 ticket = ++m_nearestTicket;
    if (m_visible->empty() || isTimeOrdered() || !m_jobs || !m_store || shownRows() <= m_syncSortRows) {
        done(rowNearest(us));
        return;
    }
    const Rows rows = m_visible;
    const std::shared_ptr<const EventStore> store = m_store;
    const std::vector<qint64> shifts = m_shifts;
    const QPointer<SourceTableModel> self(this);
    const QPointer<QObject> guard(context);
    m_jobs->start<qsizetype>(
        channel,
        [rows, store, shifts, us](const JobContext &ctx) {
            return nearestRow(*store, shifts, *rows, us, [&ctx] { return ctx.cancelled(); });
        },
        [self, guard, rows, ticket, done = std::move(done)](qsizetype g) {
            // Dropped when the rows changed meanwhile (another filter, sort, bundle) or a newer
            // question came.
            if (!self || !guard || g < 0 || self->m_visible != rows || self->m_nearestTicket != ticket)
                return;
            done(self->showRow(g));
        });
}

void SourceTableModel::sort(int column, Qt::SortOrder order)
{
    if (column >= int(m_columns.size()))
        return;
    if (m_filtering) {
        // A filter runs: the sort follows it in the same job (the rows shown stay until then).
        const bool wasSorting = m_sorting;
        startRowsJob(m_wantFilter, column, order);
        if (wasSorting && !m_sorting)
            Q_EMIT sortingChanged(false);
        return;
    }
    const bool timeOrder = column < 0 || (m_columns[column] == TimeColumn && order == Qt::AscendingOrder);
    if (!timeOrder && m_store && sortInBackground(qsizetype(m_filtered->size()))) {
        startRowsJob(std::nullopt, column, order); // the rows stay as they are until the sorted ones are in
        return;
    }
    beginResetModel();
    const bool wasSorting = stopRowsJob();
    m_sortColumn = column;
    m_sortOrder = order;
    m_visible = m_filtered;
    resetWindow();
    applySort();
    endResetModel();
    if (wasSorting)
        Q_EMIT sortingChanged(false);
}

void SourceTableModel::startRowsJob(const std::optional<SourceFilter> &refilter, int column, Qt::SortOrder order)
{
    stopRowsJob();
    const bool timeOrder = column < 0 || (m_columns.value(column, ColumnCount) == TimeColumn && order == Qt::AscendingOrder);
    m_filtering = refilter.has_value();
    m_sorting = !timeOrder;
    m_wantColumn = column;
    m_wantOrder = order;
    if (refilter)
        m_wantFilter = *refilter;
    m_filteringRows = refilter && m_store ? RowFilter(*m_store, m_shifts, *refilter).rowsToRead(*m_ordered) : 0;
    const quint64 generation = ++m_rowsGeneration;
    struct Result {
        Rows filtered, visible;
    };
    const Rows ordered = m_ordered;
    const Rows given = m_filtered;
    const std::shared_ptr<const EventStore> store = m_store;
    const std::vector<qint64> shifts = m_shifts;
    const std::optional<SourceFilter> filter = refilter;
    const RowSortSpec spec = sortSpec(column, order);
    const QPointer<SourceTableModel> self(this);
    m_jobs->start<Result>(
        m_jobChannel,
        [ordered, given, store, shifts, filter, spec, timeOrder, self, generation](const JobContext &ctx) -> Result {
            const auto stillWanted = [self, generation] {
                return self && (self->m_sorting || self->m_filtering) && self->m_rowsGeneration == generation;
            };
            const auto cancelled = [&ctx] { return ctx.cancelled(); };
            Rows filtered = given;
            if (filter) {
                RowFilter f(*store, shifts, *filter);
                if (f.passesAll()) {
                    filtered = ordered;
                } else {
                    auto rows = std::make_shared<std::vector<RowRef>>();
                    const auto progress = [&ctx, self, generation, stillWanted](int percent) {
                        ctx.post([self, generation, percent, stillWanted] {
                            if (stillWanted())
                                Q_EMIT self->filterProgress(percent);
                        });
                    };
                    if (!f.apply(*ordered, *rows, progress, cancelled))
                        return {};
                    filtered = std::move(rows);
                }
            }
            if (timeOrder)
                return {filtered, filtered};
            auto sorted = std::make_shared<std::vector<RowRef>>(*filtered);
            const auto progress = [&ctx, self, generation, stillWanted](int percent) {
                ctx.post([self, generation, percent, stillWanted] {
                    if (stillWanted())
                        Q_EMIT self->sortProgress(percent);
                });
            };
            if (!sortRows(*store, *sorted, spec, progress, cancelled))
                return {};
            return {filtered, std::move(sorted)};
        },
        [self, generation, column, order, filter](Result r) {
            if (!self || !r.visible || !(self->m_sorting || self->m_filtering) || self->m_rowsGeneration != generation)
                return; // cancelled, or another sort, filter or bundle came after it
            const bool wasSorting = self->m_sorting, wasFiltering = self->m_filtering;
            self->beginResetModel();
            self->m_sorting = false;
            self->m_filtering = false;
            self->m_rowsStale = false;
            if (filter)
                self->m_filter = *filter;
            self->m_sortColumn = column;
            self->m_sortOrder = order;
            self->m_filtered = std::move(r.filtered);
            self->m_visible = std::move(r.visible);
            self->resetWindow();
            self->endResetModel();
            self->emitJobEnded(wasSorting, wasFiltering);
            if (filter)
                Q_EMIT self->filterChanged();
        });
    if (m_sorting)
        Q_EMIT sortingChanged(true);
    if (m_filtering)
        Q_EMIT filteringChanged(true);
}

void SourceTableModel::applySort()
{
    if (m_sortColumn < 0 || !m_store || isTimeOrdered())
        return; // already in aligned-time order
    auto rows = std::make_shared<std::vector<RowRef>>(*m_visible); // sorting: a copy of its own
    sortRows(*m_store, *rows, sortSpec(m_sortColumn, m_sortOrder));
    m_visible = std::move(rows);
    resetWindow();
}

} // namespace gateline
