// The Clock offsets panel: the estimated offset of every source with its confidence and method;
// the offset is edited in place (undoable), and every view realigns in the background: the panel
// says which step the realignment is at, with a Cancel button (Esc) that undoes the edit.
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
    QPushButton *cancelButton() const { return m_cancel; }
    QString statusText() const;

private:
    void resetSelected();

    InvestigationSession *m_session;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QPushButton *m_reset;
    QPushButton *m_cancel;
    QLabel *m_status;
};

} // namespace gateline
