// The Clock offsets panel: the estimated offset of every source with its confidence and method;
// the offset is edited in place (undoable), and every view realigns at once.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace gateline {

class InvestigationSession;

class OffsetsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit OffsetsPanel(InvestigationSession *session, QWidget *parent = nullptr);
    QTableView *view() const { return m_view; }

private:
    void resetSelected();

    InvestigationSession *m_session;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QPushButton *m_reset;
    QLabel *m_status;
};

} // namespace gateline
