#include "sourcepanes.h"

#include "investigationsession.h"
#include "sourcepane.h"

#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <map>

namespace gateline {

namespace {
// Left to right: the request's path from the load balancer inwards, then Kubernetes.
int paneOrder(SourceFormat f)
{
    switch (f) {
    case SourceFormat::Alb: return 0;
    case SourceFormat::GcpLb: return 1;
    case SourceFormat::NginxIngress: return 2;
    case SourceFormat::NginxAccess: return 3;
    case SourceFormat::TraefikClf: return 4;
    case SourceFormat::TraefikJson: return 5;
    case SourceFormat::Envoy: return 6;          // the ingress gateway, then the sidecars
    case SourceFormat::NginxError: return 7;
    case SourceFormat::ControllerLog: return 8;
    case SourceFormat::K8sEvents: return 9;
    case SourceFormat::K8sDescribe: return 10;
    case SourceFormat::K8sPods: return 11;
    case SourceFormat::Unknown: break;
    }
    return 12;
}
} // namespace

SourcePanes::SourcePanes(InvestigationSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    m_splitter->setChildrenCollapsible(true);
    m_splitter->setObjectName(QStringLiteral("sourcePanesSplitter"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
}

void SourcePanes::clear()
{
    qDeleteAll(m_panes);
    m_panes.clear();
    m_current = nullptr;
}

void SourcePanes::rebuild()
{
    clear();
    const auto store = m_session->store();
    if (!store)
        return;
    std::map<int, QList<SourceId>> groups;
    for (qsizetype i = 0; i < store->sourceCount(); ++i) {
        const SourceId id{int(i)};
        if (store->source(id).size() > 0)
            groups[paneOrder(store->source(id).format) * 16 + int(store->source(id).format)].append(id);
    }
    for (const auto &[key, ids] : groups) {
        auto *pane = new SourcePane(m_session, m_splitter);
        pane->setObjectName(QStringLiteral("pane-%1").arg(formatId(store->source(ids.first()).format)));
        pane->setSources(ids);
        m_splitter->addWidget(pane);
        m_panes.append(pane);
        connect(pane, &SourcePane::currentRowChanged, this, [this](SourcePane *p, int row) {
            m_current = p;
            Q_EMIT currentRowChanged(p, row);
        });
        connect(pane, &SourcePane::goToRequested, m_session->timeRange(), &TimeRange::goTo);
        connect(pane, &SourcePane::pinNoteRequested, this, &SourcePanes::pinNoteRequested);
    }
    // Request logs get more room than events and pods; the user rearranges from there.
    QList<int> sizes;
    for (SourcePane *p : m_panes) {
        const SourceFormat f = p->model()->format();
        sizes << (f == SourceFormat::K8sPods ? 600 : f == SourceFormat::K8sEvents || f == SourceFormat::NginxError ? 900 : 1300);
    }
    m_splitter->setSizes(sizes);
}

void SourcePanes::refreshShifts()
{
    for (SourcePane *p : m_panes)
        p->refreshShifts();
}

SourcePane *SourcePanes::currentPane() const
{
    for (SourcePane *p : m_panes) {
        if (p->isAncestorOf(focusWidget()) || p->view()->hasFocus())
            return p;
    }
    return m_current ? m_current : (m_panes.isEmpty() ? nullptr : m_panes.first());
}

} // namespace gateline
