// The Sources/Problems panel: what was read from every file (format, records, rejects with their
// reasons, notes), what was not recognised and why, with per-source progress and a Cancel while
// loading.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeView;

namespace gateline {

class InvestigationSession;

class SourcesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SourcesPanel(InvestigationSession *session, QWidget *parent = nullptr);
    QTreeView *view() const { return m_view; }

private:
    void updateSummary();
    void fitRows(); // spans the problem rows, sizes the columns (after the store came in)

    InvestigationSession *m_session;
    QTreeView *m_view;
    QLabel *m_summary;
    QPushButton *m_cancel;
};

} // namespace gateline
