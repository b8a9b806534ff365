// One source pane's table: the rows of one or more sources of a format group, merged on the
// aligned timeline, read column by column from the SourceData on demand (no copy of any row).
// Sortable and filterable (status class, text, time span).
#pragma once

#include "rowsort.h"
#include "sourcerows.h"
#include "timeformat.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

namespace gateline {

class JobRunner;

class SourceTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Logical columns; each format group shows a subset (see columnsFor()).
    enum Columns {
        TimeColumn,
        StatusColumn,
        UpstreamStatusColumn,
        DurationColumn,
        ClientColumn,
        MethodColumn,
        PathColumn,
        HostColumn,
        UpstreamColumn,
        ReasonColumn,
        ObjectColumn,
        NamespaceColumn,
        CountColumn,
        TextColumn,
        SourceColumn,
        ColumnCount
    };
    enum Roles {
        TimeUsRole = Qt::UserRole, // aligned UTC microseconds (qint64)
        SourceIdRole,
        RowRole,
        OffsetRole,                // byte offset of the raw line
        SeverityRole,              // Severity
        LogicalColumnRole,         // Columns, in headerData
    };
    enum Severity { Normal, Notice, Warning, Error, Critical };
    using Orders = std::vector<std::vector<qint32>>; // per SourceId value: rows in time order

    explicit SourceTableModel(QObject *parent = nullptr);
    ~SourceTableModel() override;

    // Sorts of more than kSyncSortRows rows run on this job helper's channel (the view keeps
    // its rows until the sorted ones are in; sortProgress() and sortingChanged() tell, and
    // cancelSort() stops it). Without a runner every sort runs at once, on the caller's thread.
    static constexpr qsizetype kSyncSortRows = 100000;
    void setJobRunner(JobRunner *runner, const QString &channel);
    void setSyncSortRows(qsizetype rows) { m_syncSortRows = rows; } // tests
    bool isSorting() const { return m_sorting; }
    void cancelSort();
    // Filters that read more than kSyncFilterRows rows (those in the filter's time span) run on
    // the same channel, followed by the sort asked for: the rows shown stay until the new ones are
    // in (isFiltering(), filteringChanged(), filterProgress()). A newer filter supersedes the job
    // (its rows are never shown); cancelFilter() stops it, and the rows and filter() stay as they
    // were (after new sources or shifts, when no rows were shown yet: every row, no filter).
    static constexpr qsizetype kSyncFilterRows = 100000;
    void setSyncFilterRows(qsizetype rows) { m_syncFilterRows = rows; } // tests
    bool isFiltering() const { return m_filtering; }
    void cancelFilter();
    qsizetype filteringRows() const { return m_filteringRows; } // rows the running filter reads
    // Calls done(row) with the row nearest to us (rowNearest()), on this thread: at once when the
    // rows are in time order (a binary search) or few, else after a scan on the job helper (a
    // newer call, or new rows, drop the older answer; nothing is called then). Not if context
    // is gone by then.
    void findRowNearest(qint64 us, QObject *context, std::function<void(int row)> done);
    // The sort asked for (the one running, else the one the rows are in): -1 for none.
    int sortColumn() const { return m_sorting ? m_wantColumn : m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sorting ? m_wantOrder : m_sortOrder; }

    // premerged: the sources' rows already merged in aligned-time order for these shifts (made in
    // the background); without it the merge runs here.
    void setSources(std::shared_ptr<const EventStore> store, const QList<SourceId> &sources,
                    std::shared_ptr<const Orders> orders, std::vector<qint64> shifts,
                    std::shared_ptr<const std::vector<RowRef>> premerged = {});
    void clear();
    // New clock offsets (per SourceId value). premerged: the sources' rows already merged for these
    // shifts (made in the background); without it the merge runs here when the sources moved
    // apart. The smallest change a view can follow: none when no row of the table moved;
    // dataChanged when they all moved by one amount (unless a time filter then takes other rows);
    // a layout change when they moved apart on an unfiltered pane in time order (the rows a view
    // holds, selected or current, follow); else a reset (rows re-merged, filter and sort re-applied
    // on the job helper where they are long). True when it was a reset: the view starts at the top.
    bool setShifts(std::vector<qint64> shifts, std::shared_ptr<const std::vector<RowRef>> premerged = {});
    void setFilter(const SourceFilter &filter);
    // The filter asked for (the one running, else the one the rows are in).
    const SourceFilter &filter() const { return m_filtering ? m_wantFilter : m_filter; }
    const SourceFilter &shownFilter() const { return m_filter; } // the one the rows are in

    SourceFormat format() const { return m_format; }
    QList<SourceId> sources() const { return m_sources; }
    QString title() const;
    qsizetype totalRows() const { return qsizetype(m_ordered->size()); }
    // Every row in aligned-time order (the premerged rows when they were given).
    const std::shared_ptr<const std::vector<RowRef>> &orderedRows() const { return m_ordered; }
    // The view sees a window of the shown (filtered, sorted) rows, at most windowRows() of them
    // at once: a view's reset costs O(rows) (QHeaderView keeps a section per row: 0.4 s at 10M
    // rows, 2.5 s at 50M, on the GUI thread). firstRowAtOrAfter() and rowNearest() move the
    // window to the row they find; fetchMore() grows it as the view scrolls to its end. Row
    // numbers in this API are the window's, as the view's are.
    // The window slides both ways without a reset: extendBefore() puts up to a quarter window of
    // earlier rows at its top, extendAfter() (and fetchMore()) later rows at its end, and a window
    // grown past twice windowRows() is cut at the far end. windowShifted(delta) then says that
    // the rows a view showed at row r are at r + delta, so it can keep them where they were.
    static constexpr int kDefaultWindowRows = 100000;
    void setWindowRows(int rows) { m_windowRows = std::max(1, rows); } // before setSources (tests)
    int windowRows() const { return m_windowRows; }
    qsizetype windowStart() const { return m_windowStart; }
    bool canExtendBefore() const { return m_windowStart > 0; }
    bool canExtendAfter() const { return m_windowStart + m_windowLength < qsizetype(m_visible->size()); }
    int extendBefore(); // rows inserted at the top (0: the window starts at the first row)
    int extendAfter();  // rows appended
    // The window's row of shown row g (0 ≤ g < shownRows()), moving the window there if needed:
    // Home and End go to the first and the last row of the whole pane this way.
    int rowOfShown(qsizetype g) { return showRow(g); }
    qsizetype shownRows() const { return qsizetype(m_visible->size()); } // all of them, not the window's
    RowRef rowRef(int row) const { return (*m_visible)[size_t(m_windowStart + row)]; }
    qint64 alignedUs(int row) const;
    // The row whose time is nearest to us (-1 if there are no rows).
    int rowNearest(qint64 us) const;
    // Rows in time order (not sorted by another column): the first row at or after us (rowCount()
    // if none), and how many shown rows fall in [fromUs, toUs) (-1 when sorted by another column).
    bool isTimeOrdered() const;
    int firstRowAtOrAfter(qint64 us) const;
    qsizetype rowsBetween(qint64 fromUs, qint64 toUs) const;
    Columns logicalColumn(int column) const { return m_columns.value(column, ColumnCount); }
    int columnOf(Columns c) const { return int(m_columns.indexOf(c)); }
    static QList<Columns> columnsFor(SourceFormat f);
    static QString columnTitle(Columns c, SourceFormat f);
    static QString columnToolTip(Columns c, SourceFormat f);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void filterChanged(); // the rows shown are filtered anew (shownFilter() may be the same)
    void filteringChanged(bool filtering); // a background filter started, or ended (done or cancelled)
    void filterProgress(int percent);
    void windowShifted(int delta);
    void sortingChanged(bool sorting); // a background sort started, or ended (done or cancelled)
    void sortProgress(int percent);

private:
    QVariant display(const SourceData &s, qsizetype row, Columns c, qint64 alignedUs) const;
    Severity severity(const SourceData &s, qsizetype row) const;
    void rebuild();
    void reorderForShifts(std::vector<qint64> shifts, std::shared_ptr<const std::vector<RowRef>> premerged);
    void applySort();
    bool stopRowsJob(); // true if one (a sort, a filter, or both) was running
    // Filters (when refilter is set: from every row, else the rows' filter stays) and sorts (unless
    // column and order are time order) on the job helper.
    void startRowsJob(const std::optional<SourceFilter> &refilter, int column, Qt::SortOrder order);
    bool filterInBackground(const SourceFilter &filter) const;
    void emitJobEnded(bool wasSorting, bool wasFiltering);
    void updateShowDate();
    qint64 alignedUsAt(qsizetype shownRow) const;
    qsizetype shownFirstAtOrAfter(qint64 us) const; // in the shown rows, time-ordered
    void resetWindow(); // at the start of the shown rows (inside a model reset)
    // Moves the window (a model reset) so that shown row g is in it; returns g's row in it.
    int showRow(qsizetype g) const;
    void growWindow(); // fetchMore()'s rows, on the event loop
    void trimWindow(bool atFront); // back to twice windowRows() at most
    bool sortInBackground(qsizetype rows) const;
    RowSortSpec sortSpec(int column, Qt::SortOrder order) const;

    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const Orders> m_orders;
    QList<SourceId> m_sources;
    SourceFormat m_format = SourceFormat::Unknown;
    QList<Columns> m_columns;
    std::vector<qint64> m_shifts;
    // Every row in aligned-time order, and the filtered, sorted rows shown. Shared, never copied
    // while nothing filters or sorts: a million-row pane costs no copy (and no stall) to show.
    using Rows = std::shared_ptr<const std::vector<RowRef>>;
    Rows m_ordered = noRows();
    Rows m_filtered = noRows(); // the filter's rows, in aligned-time order
    Rows m_visible = noRows();
    static Rows noRows();
    SourceFilter m_filter;
    int m_sortColumn = -1;
    RowDates m_dates; // the date part the rows carry (timeformat.h)
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_windowRows = kDefaultWindowRows;
    // Moved by const finders (the view's rows change with a model reset, as any other change).
    mutable qsizetype m_windowStart = 0, m_windowLength = 0;
    bool m_fetchQueued = false;
    QPointer<JobRunner> m_jobs;
    QString m_jobChannel;
    bool m_sorting = false;   // the job sorts
    bool m_filtering = false; // the job filters
    bool m_rowsStale = false; // no rows shown until the job's are in (new sources or shifts)
    int m_wantColumn = -1; // the background sort running
    Qt::SortOrder m_wantOrder = Qt::AscendingOrder;
    SourceFilter m_wantFilter; // the background filter running
    qsizetype m_filteringRows = 0;
    quint64 m_rowsGeneration = 0; // a result of an older job is dropped
    quint64 m_nearestTicket = 0;  // an answer to an older findRowNearest() is dropped
    qsizetype m_syncSortRows = kSyncSortRows;
    qsizetype m_syncFilterRows = kSyncFilterRows;
};

} // namespace gateline
