// One source pane: a format group's rows (virtualized SourceTableModel), with a status filter, a
// text filter, and a toggle to filter to the timeline selection. It follows the shared time range:
// a zoom scrolls it to the first row in the chart's range, the cursor scrolls it to that moment,
// and a line under the title says which range it shows. A range the user pinned (Pin, Ctrl+Shift+P;
// InvestigationSession::pinnedRange) is the exception: the pane stays on it, filtered to it, and
// the line says so, until unpinned.
// The table shows a window of the rows (SourceTableModel): scrolling or paging past either end
// slides the window without moving what is on screen, Home and End go to the pane's first and
// last rows, and a sort of many rows runs on the job helper (Stop or Esc cancels it). So does a
// filter of many rows: the rows stay until the filtered ones are in, typing on supersedes it, and
// Stop or Esc leaves the rows and the filter fields as they were. "Go to this moment" on a pane
// sorted by another column than time finds its row on the job helper too. The scroll bar beside
// the table spans every row of the pane, not the window: dragging its thumb to the middle shows the
// middle of the whole source (the window moves there), and scrolling the table moves the thumb.
#pragma once

#include "models/sourcetablemodel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QScrollBar;
class QTableView;
class QTimer;
class QToolButton;

namespace gateline {

class ElidedLabel;
class InvestigationSession;

class SourcePane : public QWidget
{
    Q_OBJECT
public:
    SourcePane(InvestigationSession *session, QWidget *parent = nullptr);

    void setSources(const QList<SourceId> &sources);
    void refreshShifts();
    SourceTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_text; }
    void setStatusFilter(SourceFilter::Status s);
    void setFollowSelection(bool follow);
    QToolButton *pinButton() const { return m_pin; }
    // The scroll bar over every shown row (the table's own one spans its window only, and is hidden).
    QScrollBar *rowsBar() const { return m_rowsBar; }
    // Scrolls to (and selects) the row nearest to us.
    void scrollToTime(qint64 us);
    void focusFilter();
    // Scrolls to the first row in the chart's visible range (keeps a current row already in it).
    void followVisible();
    // "Chart range 10:18:30 – 10:22:00: 1,234 rows", or the selection it is filtered to.
    QString rangeHint() const;
    QString title() const;
    // A background sort runs: stop it (the rows stay as they were). False if none ran.
    bool cancelSort();
    // A background filter (or sort) runs: stop it; the rows and the filter fields stay as they
    // were. False if none ran.
    bool cancelRowsJob();

Q_SIGNALS:
    // The current row changed (raw line view, chart cursor).
    void currentRowChanged(gateline::SourcePane *pane, int row);
    // "Go to this moment" in every pane (Enter or double-click on a row).
    void goToRequested(qint64 us);
    void pinNoteRequested(qint64 us);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyFilter();
    // The session's background merge of these sources for these shifts, if it has one.
    std::shared_ptr<const std::vector<RowRef>> premergedRows(const QList<SourceId> &sources,
                                                             const std::vector<qint64> &shifts) const;
    void extendWindowNearEdges();
    void keepRowsInPlace(int delta);
    void syncRowsBar();                 // the whole-source bar follows the table
    void scrollToShownRow(int shownRow); // the table follows the whole-source bar
    void showSortState(bool sorting);
    void showFilterState(bool filtering);
    void placeAt(int row, bool centre); // current row, scrolled to
    void updateCount();
    void updateRangeHint();
    void showContextMenu(const QPoint &pos);

    InvestigationSession *m_session;
    SourceTableModel *m_model;
    QTableView *m_view;
    ElidedLabel *m_title;
    ElidedLabel *m_rangeHint;
    QLabel *m_count;
    QComboBox *m_status;
    QLineEdit *m_text;
    QToolButton *m_follow;
    QToolButton *m_pin;
    QToolButton *m_stopSort;
    QScrollBar *m_rowsBar;
    QTimer *m_debounce;
    int m_sortPercent = 0;
    int m_filterPercent = 0;
    bool m_sliding = false; // the window is sliding: no second slide from its own scroll
};

} // namespace gateline
