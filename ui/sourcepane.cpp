#include "sourcepane.h"

#include <algorithm>
#include <limits>

#include "elidedlabel.h"
#include "investigationsession.h"
#include "models/timeformat.h"
#include "severitydelegate.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace gateline {

SourcePane::SourcePane(InvestigationSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new SourceTableModel(this))
    , m_view(new QTableView(this))
    , m_title(new ElidedLabel(this))
    , m_rangeHint(new ElidedLabel(this))
    , m_count(new QLabel(this))
    , m_status(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_follow(new QToolButton(this))
    , m_pin(new QToolButton(this))
    , m_stopSort(new QToolButton(this))
    , m_rowsBar(new QScrollBar(Qt::Vertical, this))
    , m_debounce(new QTimer(this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setObjectName(QStringLiteral("paneTitle"));
    QFont small = m_rangeHint->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_rangeHint->setFont(small);
    m_rangeHint->setForegroundRole(QPalette::PlaceholderText);
    m_rangeHint->setObjectName(QStringLiteral("paneRange"));
    m_count->setTextFormat(Qt::PlainText);
    m_count->setObjectName(QStringLiteral("paneCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);
    for (int s = 0; s < SourceFilter::StatusCount; ++s) {
        m_status->addItem(statusFilterLabel(SourceFilter::Status(s)), s);
        m_status->setItemData(s, statusFilterDescription(SourceFilter::Status(s)), Qt::ToolTipRole);
    }
    m_status->setToolTip(QStringLiteral("Show rows of this status class only"));
    m_status->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_status->setMinimumContentsLength(4);
    m_text->setMinimumWidth(50);
    m_text->setPlaceholderText(QStringLiteral("Filter (Ctrl+F)"));
    m_text->setToolTip(QStringLiteral("Rows containing this text (any column), or with this status code"));
    m_text->setClearButtonEnabled(true);
    m_follow->setText(QStringLiteral("Sel."));
    m_follow->setObjectName(QStringLiteral("followSelection"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(QStringLiteral("Show only rows inside the range selected on the timeline (Shift+drag there)"));
    m_pin->setText(QStringLiteral("Pin"));
    m_pin->setObjectName(QStringLiteral("pinRange"));
    m_pin->setCheckable(true);
    m_pin->setToolTip(QStringLiteral("Pin the selected range (else the chart's range): every pane stays on it while the "
                                     "chart zooms and pans, until you unpin it (Ctrl+Shift+P)"));
    m_stopSort->setText(QStringLiteral("Stop"));
    m_stopSort->setObjectName(QStringLiteral("stopSort"));
    m_stopSort->setToolTip(QStringLiteral("Stop sorting or filtering (Esc): the rows stay as they were"));
    m_stopSort->hide();
    // Sorting and filtering millions of rows: on the job helper, not on the GUI thread (one
    // channel per pane).
    m_model->setJobRunner(session->jobs(), QStringLiteral("rows-%1").arg(quintptr(this), 0, 16));
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);

    // Rows cut off the window's far end may hold the current row: the view then makes a row
    // next to it current, and must not scroll to it (the window slid because the user scrolled
    // away from it). Connected before the view's own handler, which picks that row.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { m_view->setAutoScroll(false); });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] { m_view->setAutoScroll(true); });
    m_view->setModel(m_model);
    m_view->setItemDelegate(new SeverityDelegate(SourceTableModel::SeverityRole, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAlternatingRowColors(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_title, 1);
    top->addWidget(m_count, 0);
    top->addWidget(m_stopSort, 0);
    m_count->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred);
    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_status);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_follow);
    filters->addWidget(m_pin);
    // Panes may be squeezed narrower than their filter row: the user widens the ones that matter.
    setMinimumWidth(140);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(3);
    layout->addLayout(top);
    layout->addWidget(m_rangeHint);
    layout->addLayout(filters);
    // The table and the scroll bar over all of its rows (the table's own spans its window only).
    m_view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_rowsBar->setObjectName(QStringLiteral("rowsBar"));
    auto *table = new QHBoxLayout;
    table->setContentsMargins(0, 0, 0, 0);
    table->setSpacing(0);
    table->addWidget(m_view, 1);
    table->addWidget(m_rowsBar, 0);
    layout->addLayout(table, 1);

    connect(m_status, &QComboBox::currentIndexChanged, this, &SourcePane::applyFilter);
    connect(m_text, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &SourcePane::applyFilter);
    connect(m_follow, &QToolButton::toggled, this, &SourcePane::applyFilter);
    // The pin is the session's (one for every pane): the button asks, the session's signal shows.
    connect(m_pin, &QToolButton::clicked, this, [this] {
        m_session->togglePin();
        m_pin->setChecked(m_session->isPinned());
    });
    connect(session, &InvestigationSession::pinnedRangeChanged, this, [this](TimeSpan pinned) {
        m_pin->setChecked(pinned.isValid());
        m_follow->setEnabled(!pinned.isValid());
        QFont f = m_rangeHint->font();
        f.setBold(pinned.isValid());
        m_rangeHint->setFont(f);
        m_rangeHint->setForegroundRole(pinned.isValid() ? QPalette::WindowText : QPalette::PlaceholderText);
        applyFilter();
    });
    connect(session->timeRange(), &TimeRange::selectionChanged, this, [this] {
        if (m_follow->isChecked())
            applyFilter();
        updateRangeHint();
    });
    connect(session->timeRange(), &TimeRange::visibleChanged, this, &SourcePane::followVisible);
    connect(session->timeRange(), &TimeRange::cursorChanged, this, &SourcePane::scrollToTime);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SourcePane::updateCount);
    connect(m_model, &SourceTableModel::sortingChanged, this, &SourcePane::showSortState);
    connect(m_model, &SourceTableModel::sortProgress, this, [this](int percent) {
        m_sortPercent = percent;
        updateCount();
    });
    connect(m_model, &SourceTableModel::filteringChanged, this, &SourcePane::showFilterState);
    connect(m_model, &SourceTableModel::filterProgress, this, [this](int percent) {
        m_filterPercent = percent;
        updateCount();
    });
    connect(m_stopSort, &QToolButton::clicked, this, &SourcePane::cancelRowsJob);
    // The window slides as the view reaches either end of it (the view asks for later rows by
    // itself, through fetchMore(); earlier ones are asked for here), and what the view showed
    // stays where it was on screen.
    connect(m_model, &SourceTableModel::windowShifted, this, &SourcePane::keepRowsInPlace);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &SourcePane::extendWindowNearEdges);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &SourcePane::syncRowsBar);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, &SourcePane::syncRowsBar);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SourcePane::syncRowsBar);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &SourcePane::syncRowsBar);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &SourcePane::syncRowsBar);
    connect(m_rowsBar, &QScrollBar::valueChanged, this, &SourcePane::scrollToShownRow);
    m_view->installEventFilter(this);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    Q_EMIT currentRowChanged(this, current.row());
            });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT goToRequested(m_model->alignedUs(index.row()));
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &SourcePane::showContextMenu);
}

std::shared_ptr<const std::vector<RowRef>> SourcePane::premergedRows(const QList<SourceId> &sources,
                                                                     const std::vector<qint64> &shifts) const
{
    const auto store = m_session->store();
    if (!store || sources.isEmpty())
        return nullptr;
    // Merged in the background for these shifts, of all the format's sources.
    auto merged = m_session->mergedRows(store->source(sources.first()).format, shifts);
    if (merged) {
        size_t total = 0;
        for (SourceId id : sources)
            total += size_t(store->source(id).size());
        if (total != merged->size())
            merged.reset(); // a pane of a subset of the format's sources
    }
    return merged;
}

void SourcePane::setSources(const QList<SourceId> &sources)
{
    const auto store = m_session->store();
    const std::vector<qint64> shifts = m_session->shifts();
    m_model->setSources(store, sources, m_session->orders(), shifts, premergedRows(sources, shifts));
    m_title->setText(m_model->title());
    m_pin->setChecked(m_session->isPinned());
    m_follow->setEnabled(!m_session->isPinned());
    applyFilter();
    // Size the short columns to their content once; the long ones get a readable width.
    QHeaderView *h = m_view->horizontalHeader();
    const QFontMetrics fm = m_view->fontMetrics();
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const auto lc = m_model->logicalColumn(c);
        int w = fm.horizontalAdvance(m_model->headerData(c, Qt::Horizontal).toString()) + 24;
        switch (lc) {
        case SourceTableModel::TimeColumn:
            // as wide as its first time or its header ("11-21 UTC"), whichever is wider
            w = std::max(w, fm.horizontalAdvance(m_model->rowCount() ? m_model->data(m_model->index(0, c)).toString()
                                                                     : QStringLiteral("00:00:00.000")) + 20);
            break;
        case SourceTableModel::StatusColumn:
        case SourceTableModel::UpstreamStatusColumn:
        case SourceTableModel::MethodColumn:
        case SourceTableModel::CountColumn: w = std::max(fm.horizontalAdvance(QStringLiteral("OPTIONS")) + 16, std::min(w, 90)); break;
        case SourceTableModel::DurationColumn: w = std::min(w, 80); break;
        case SourceTableModel::PathColumn:
        case SourceTableModel::TextColumn: w = std::max(w, 260); break;
        default: w = std::max(w, 120); break;
        }
        h->resizeSection(c, w);
    }
    followVisible();
}

void SourcePane::refreshShifts()
{
    std::vector<qint64> shifts = m_session->shifts();
    auto premerged = premergedRows(m_model->sources(), shifts);
    // The view keeps its rows, selection and scroll position, unless the model had to start anew
    // (then back to the chart's range).
    if (m_model->setShifts(std::move(shifts), std::move(premerged)))
        followVisible();
    else
        updateRangeHint();
}

void SourcePane::setStatusFilter(SourceFilter::Status s)
{
    m_status->setCurrentIndex(m_status->findData(int(s)));
}

void SourcePane::setFollowSelection(bool follow)
{
    m_follow->setChecked(follow);
}

void SourcePane::focusFilter()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void SourcePane::applyFilter()
{
    SourceFilter f;
    f.status = SourceFilter::Status(m_status->currentData().toInt());
    f.text = m_text->text();
    if (m_session->isPinned())
        f.span = m_session->pinnedRange();
    else if (m_follow->isChecked() && m_session->timeRange()->hasSelection())
        f.span = m_session->timeRange()->selection();
    m_model->setFilter(f);
    updateCount();
    followVisible();
}

QString SourcePane::title() const
{
    return m_title->text();
}

QString SourcePane::rangeHint() const
{
    return m_rangeHint->text();
}

void SourcePane::followVisible()
{
    // The chart's range, unless the user pinned one.
    const TimeSpan v = m_session->isPinned() ? m_session->pinnedRange() : m_session->timeRange()->visible();
    if (v.isValid() && m_model->rowCount() > 0) {
        const QModelIndex current = m_view->currentIndex();
        const bool currentInRange = current.isValid() && v.contains(m_model->alignedUs(current.row()));
        if (currentInRange) {
            m_view->scrollTo(current, QAbstractItemView::EnsureVisible);
            m_view->viewport()->update();
        } else if (m_model->isTimeOrdered()) {
            placeAt(m_model->firstRowAtOrAfter(v.fromUs), false);
        } else {
            // Sorted by another column: the row nearest the range's start, found on the job helper.
            m_model->findRowNearest(v.fromUs, this, [this](int row) { placeAt(row, false); });
        }
    }
    updateRangeHint();
}

void SourcePane::placeAt(int row, bool centre)
{
    if (row < 0 || m_model->rowCount() == 0)
        return;
    row = std::min(row, m_model->rowCount() - 1);
    const QModelIndex idx = m_model->index(row, 0);
    {
        // The current row moves with the range (the raw lines follow it); no signal: the window
        // asks for the raw lines once every pane has moved.
        const QSignalBlocker block(m_view->selectionModel());
        m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    m_view->scrollTo(idx, centre ? QAbstractItemView::PositionAtCenter : QAbstractItemView::PositionAtTop);
    m_view->viewport()->update();
}

void SourcePane::updateRangeHint()
{
    TimeRange *r = m_session->timeRange();
    const TimeSpan b = r->bounds();
    auto span = [&](const TimeSpan &s) {
        return formatTimeInSpan(s.fromUs, b.fromUs, b.toUs) + QStringLiteral(" – ") + formatTimeInSpan(s.toUs, b.fromUs, b.toUs);
    };
    QString hint;
    if (m_session->isPinned()) {
        hint = QStringLiteral("Pinned to %1: stays while the chart moves (Pin or Ctrl+Shift+P unpins)").arg(span(m_session->pinnedRange()));
    } else if (m_follow->isChecked() && r->hasSelection()) {
        hint = QStringLiteral("Filtered to the selection %1 (Esc clears)").arg(span(r->selection()));
    } else if (r->visible().isValid()) {
        const TimeSpan v = r->visible();
        const qsizetype n = m_model->rowsBetween(v.fromUs, v.toUs);
        hint = v == b ? QStringLiteral("Chart (all): %1").arg(span(v)) : QStringLiteral("Chart (zoomed): %1").arg(span(v));
        if (n >= 0)
            hint += QStringLiteral(": %1 %2").arg(QLocale().toString(qint64(n)), n == 1 ? QStringLiteral("row") : QStringLiteral("rows"));
    }
    m_rangeHint->setText(hint);
}

void SourcePane::updateCount()
{
    const QLocale loc;
    if (m_model->isFiltering()) {
        m_count->setText(QStringLiteral("Filtering %1 rows… %2%").arg(loc.toString(qint64(m_model->filteringRows()))).arg(m_filterPercent));
        updateRangeHint();
        return;
    }
    if (m_model->isSorting()) {
        m_count->setText(QStringLiteral("Sorting %1 rows by %2… %3%")
                             .arg(loc.toString(qint64(m_model->shownRows())),
                                  m_model->headerData(m_model->sortColumn(), Qt::Horizontal).toString())
                             .arg(m_sortPercent));
        updateRangeHint();
        return;
    }
    const qsizetype shown = m_model->shownRows(); // the window's rows are fewer
    const qsizetype total = m_model->totalRows();
    m_count->setText(shown == total ? QStringLiteral("%1 rows").arg(loc.toString(qint64(total)))
                                    : QStringLiteral("%1 of %2 rows").arg(loc.toString(qint64(shown)), loc.toString(qint64(total))));
    updateRangeHint();
}

void SourcePane::scrollToTime(qint64 us)
{
    // At once in time order; on the job helper when sorted by another column (a newer moment
    // supersedes it).
    m_model->findRowNearest(us, this, [this](int row) { placeAt(row, true); });
}

void SourcePane::showContextMenu(const QPoint &pos)
{
    const QModelIndex idx = m_view->indexAt(pos);
    if (!idx.isValid())
        return;
    const qint64 us = m_model->alignedUs(idx.row());
    QMenu menu(this);
    menu.addAction(QStringLiteral("Go to this moment in every pane"), this, [this, us] { Q_EMIT goToRequested(us); });
    menu.addAction(QStringLiteral("Pin a note here…"), this, [this, us] { Q_EMIT pinNoteRequested(us); });
    menu.addSeparator();
    menu.addAction(QStringLiteral("Show 502s only"), this, [this] { setStatusFilter(SourceFilter::Only502); });
    menu.addAction(QStringLiteral("Show all rows"), this, [this] {
        setStatusFilter(SourceFilter::AnyStatus);
        m_text->clear();
    });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

bool SourcePane::cancelSort()
{
    if (!m_model->isSorting())
        return false;
    m_model->cancelSort();
    return true;
}

bool SourcePane::cancelRowsJob()
{
    if (!m_model->isFiltering())
        return cancelSort();
    m_model->cancelFilter();
    // The fields say what the rows are filtered by again (the span is the pin's or the
    // selection's, as the range line says).
    m_debounce->stop();
    const SourceFilter &f = m_model->filter();
    {
        const QSignalBlocker block(m_status);
        m_status->setCurrentIndex(std::max(0, m_status->findData(int(f.status))));
    }
    if (m_text->text() != f.text) {
        const QSignalBlocker block(m_text);
        m_text->setText(f.text);
    }
    updateCount();
    return true;
}

void SourcePane::showFilterState(bool filtering)
{
    m_filterPercent = 0;
    m_stopSort->setVisible(filtering || m_model->isSorting());
    if (!filtering)
        followVisible(); // the filtered rows are in: back to the chart's range
    updateCount();
}

void SourcePane::showSortState(bool sorting)
{
    m_sortPercent = 0;
    m_stopSort->setVisible(sorting || m_model->isFiltering());
    if (!sorting) {
        // Done or stopped: the header shows the order the rows are in.
        QHeaderView *h = m_view->horizontalHeader();
        const QSignalBlocker block(h);
        h->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    }
    updateCount();
}

void SourcePane::extendWindowNearEdges()
{
    if (m_sliding || !m_model->canExtendBefore())
        return;
    const QScrollBar *bar = m_view->verticalScrollBar();
    // Within a page of the window's first row: earlier rows come in above it.
    if (bar->value() - bar->minimum() <= bar->pageStep())
        m_model->extendBefore();
}

void SourcePane::keepRowsInPlace(int delta)
{
    // The rows the view showed at r are now at r + delta: scroll by as much, after the view has
    // taken the new row count in (else the scroll bar's old range would clamp the value).
    const QScopedValueRollback<bool> sliding(m_sliding, true);
    m_view->doItemsLayout();
    QScrollBar *bar = m_view->verticalScrollBar();
    const int step = m_view->verticalScrollMode() == QAbstractItemView::ScrollPerItem
        ? 1
        : m_view->verticalHeader()->defaultSectionSize();
    bar->setValue(bar->value() + delta * step);
}

void SourcePane::syncRowsBar()
{
    // Range: every shown row; value: the shown row at the table's top; page: the rows in view.
    const int rowHeight = std::max(1, m_view->verticalHeader()->defaultSectionSize());
    const int page = std::max(1, m_view->viewport()->height() / rowHeight);
    const qsizetype shown = std::min<qsizetype>(m_model->shownRows(), std::numeric_limits<int>::max());
    const int top = std::max(0, m_view->rowAt(0));
    const QSignalBlocker block(m_rowsBar);
    m_rowsBar->setRange(0, int(std::max<qsizetype>(0, shown - page)));
    m_rowsBar->setPageStep(page);
    m_rowsBar->setSingleStep(1);
    m_rowsBar->setValue(int(std::min<qsizetype>(m_model->windowStart() + top, m_rowsBar->maximum())));
}

void SourcePane::scrollToShownRow(int shownRow)
{
    if (m_model->shownRows() == 0)
        return;
    // The window moves there if the row is outside it (SourceTableModel::rowOfShown()).
    const QScopedValueRollback<bool> sliding(m_sliding, true);
    const int row = m_model->rowOfShown(shownRow);
    m_view->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtTop);
    syncRowsBar();
}

void SourcePane::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    syncRowsBar(); // the page is the rows in view
}

bool SourcePane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (key->key() == Qt::Key_Escape && cancelRowsJob())
        return true;
    const int current = m_view->currentIndex().isValid() ? m_view->currentIndex().row() : 0;
    const int page = std::max(1, m_view->viewport()->height() / std::max(1, m_view->verticalHeader()->defaultSectionSize()));
    switch (key->key()) {
    case Qt::Key_Home:
    case Qt::Key_End: {
        // The pane's first or last row, not the window's.
        if (m_model->shownRows() == 0)
            return true;
        const bool home = key->key() == Qt::Key_Home;
        const int row = m_model->rowOfShown(home ? 0 : m_model->shownRows() - 1);
        const QModelIndex idx = m_model->index(row, std::max(0, m_view->currentIndex().column()));
        m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(idx, home ? QAbstractItemView::PositionAtTop : QAbstractItemView::PositionAtBottom);
        return true;
    }
    case Qt::Key_Up:
    case Qt::Key_PageUp:
        // Earlier rows first, so that the key moves on past the window's first row.
        if (current <= page && m_model->canExtendBefore())
            m_model->extendBefore();
        break;
    case Qt::Key_Down:
    case Qt::Key_PageDown:
        if (current >= m_model->rowCount() - 1 - page && m_model->canExtendAfter())
            m_model->extendAfter();
        break;
    default: break;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace gateline
