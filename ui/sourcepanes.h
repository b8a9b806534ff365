// The side-by-side source panes: one per format group (all ALB files together, each ingress log
// format, the error log, events, pods), in a splitter the user can rearrange.
#pragma once

#include "types.h"

#include <QList>
#include <QWidget>

class QSplitter;

namespace gateline {

class InvestigationSession;
class SourcePane;

class SourcePanes : public QWidget
{
    Q_OBJECT
public:
    explicit SourcePanes(InvestigationSession *session, QWidget *parent = nullptr);

    // Rebuilds the panes from the session's store.
    void rebuild();
    void clear();
    // New clock offsets: every pane re-merges its rows.
    void refreshShifts();
    const QList<SourcePane *> &panes() const { return m_panes; }
    SourcePane *currentPane() const;
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    void currentRowChanged(gateline::SourcePane *pane, int row);
    void pinNoteRequested(qint64 us);

private:
    InvestigationSession *m_session;
    QSplitter *m_splitter;
    QList<SourcePane *> m_panes;
    SourcePane *m_current = nullptr;
};

} // namespace gateline
