// The source panes: one per format group (all ALB files together, each ingress log format, the
// error log, events, pods), grouped by hop (load balancer, ingress, Kubernetes) side by side in a
// splitter the user can rearrange; a hop with several panes shows them as tabs, or as a source
// selector when the tabs' whole labels do not fit its width (hopcolumn.h), so that nine sources
// never become nine slivers nor seven clipped tabs.
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
    // Stops every pane's background sort or filter (Esc); false if none ran.
    bool cancelSorts();
    SourcePane *currentPane() const;
    QSplitter *splitter() const { return m_splitter; }
    // The hop a format's pane is grouped under, and that group's name.
    enum Hop { CdnHop, LoadBalancerHop, IngressHop, KubernetesHop, OtherHop }; // left to right
    static Hop hopOf(SourceFormat f);
    static QString hopName(Hop h);
    // Brings the pane forward (its tab, if it shares its hop with others).
    void showPane(SourcePane *pane);

Q_SIGNALS:
    void currentRowChanged(gateline::SourcePane *pane, int row);
    void pinNoteRequested(qint64 us);
    // Every pane has followed a change of the visible range.
    void rangeFollowed();

private:
    InvestigationSession *m_session;
    QSplitter *m_splitter;
    QList<SourcePane *> m_panes;
    QList<QWidget *> m_columns; // per hop: a pane, or a tab widget of panes
    SourcePane *m_current = nullptr;
};

} // namespace gateline
