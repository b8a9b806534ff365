// One source pane: a format group's rows (virtualized SourceTableModel), with a status filter, a
// text filter, and a toggle to follow the timeline selection. Scrolls to the shared cursor.
#pragma once

#include "models/sourcetablemodel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolButton;

namespace gateline {

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
    // Scrolls to (and selects) the row nearest to us.
    void scrollToTime(qint64 us);
    void focusFilter();

Q_SIGNALS:
    // The current row changed (raw line view, chart cursor).
    void currentRowChanged(gateline::SourcePane *pane, int row);
    // "Go to this moment" in every pane (Enter or double-click on a row).
    void goToRequested(qint64 us);
    void pinNoteRequested(qint64 us);

private:
    void applyFilter();
    void updateCount();
    void showContextMenu(const QPoint &pos);

    InvestigationSession *m_session;
    SourceTableModel *m_model;
    QTableView *m_view;
    QLabel *m_title;
    QLabel *m_count;
    QComboBox *m_status;
    QLineEdit *m_text;
    QToolButton *m_follow;
    QTimer *m_debounce;
};

} // namespace gateline
