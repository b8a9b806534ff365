// One source pane's table: the rows of one or more sources of a format group, merged on the
// aligned timeline, read column by column from the SourceData on demand (no copy of any row).
// Sortable and filterable (status class, text, time span).
#pragma once

#include "sourcerows.h"
#include "timeformat.h"

#include <QAbstractTableModel>

#include <algorithm>
#include <memory>

namespace gateline {

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

    // premerged: the sources' rows already merged in aligned-time order for these shifts (made in
    // the background); without it the merge runs here.
    void setSources(std::shared_ptr<const EventStore> store, const QList<SourceId> &sources,
                    std::shared_ptr<const Orders> orders, std::vector<qint64> shifts,
                    std::shared_ptr<const std::vector<RowRef>> premerged = {});
    void clear();
    // New clock offsets (per SourceId value): rows re-merged, filter re-applied.
    void setShifts(std::vector<qint64> shifts);
    void setFilter(const SourceFilter &filter);
    const SourceFilter &filter() const { return m_filter; }

    SourceFormat format() const { return m_format; }
    QList<SourceId> sources() const { return m_sources; }
    QString title() const;
    qsizetype totalRows() const { return qsizetype(m_ordered->size()); }
    // The view sees a window of the shown (filtered, sorted) rows, at most windowRows() of them
    // at once: a view's reset costs O(rows) (QHeaderView keeps a section per row: 0.4 s at 10M
    // rows, 2.5 s at 50M, on the GUI thread). firstRowAtOrAfter() and rowNearest() move the
    // window to the row they find; fetchMore() grows it as the view scrolls to its end. Row
    // numbers in this API are the window's, as the view's are.
    static constexpr int kDefaultWindowRows = 100000;
    void setWindowRows(int rows) { m_windowRows = std::max(1, rows); } // before setSources (tests)
    int windowRows() const { return m_windowRows; }
    qsizetype windowStart() const { return m_windowStart; }
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
    void filterChanged();

private:
    QVariant display(const SourceData &s, qsizetype row, Columns c, qint64 alignedUs) const;
    Severity severity(const SourceData &s, qsizetype row) const;
    void rebuild();
    void applySort();
    void updateShowDate();
    qint64 alignedUsAt(qsizetype shownRow) const;
    qsizetype shownFirstAtOrAfter(qint64 us) const; // in the shown rows, time-ordered
    void resetWindow(); // at the start of the shown rows (inside a model reset)
    // Moves the window (a model reset) so that shown row g is in it; returns g's row in it.
    int showRow(qsizetype g) const;
    void growWindow(); // fetchMore()'s rows, on the event loop

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
    Rows m_visible = noRows();
    static Rows noRows();
    SourceFilter m_filter;
    int m_sortColumn = -1;
    DatePart m_datePart = DatePart::None; // the bundle spans several UTC days (or years)
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_windowRows = kDefaultWindowRows;
    // Moved by const finders (the view's rows change with a model reset, as any other change).
    mutable qsizetype m_windowStart = 0, m_windowLength = 0;
    bool m_fetchQueued = false;
};

} // namespace gateline
