#include "sourcepanes.h"

#include "hopcolumn.h"
#include "investigationsession.h"
#include "sourcepane.h"

#include <QSplitter>
#include <QTimer>
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
    case SourceFormat::CloudFront: return 12;    // the CDN in front (its own hop, leftmost)
    case SourceFormat::Cloudflare: return 13;
    case SourceFormat::Unknown: break;
    }
    return 14;
}
// A tab's label: short, so that a hop's tabs fit side by side (the pane's title has the rest).
QString shortTabLabel(SourceFormat f)
{
    switch (f) {
    case SourceFormat::Alb: return QStringLiteral("ALB");
    case SourceFormat::GcpLb: return QStringLiteral("GCP LB");
    case SourceFormat::NginxIngress: return QStringLiteral("ingress-nginx");
    case SourceFormat::NginxAccess: return QStringLiteral("NGINX access");
    case SourceFormat::TraefikClf: return QStringLiteral("Traefik");
    case SourceFormat::TraefikJson: return QStringLiteral("Traefik JSON");
    case SourceFormat::Envoy: return QStringLiteral("Envoy");
    case SourceFormat::NginxError: return QStringLiteral("NGINX errors");
    case SourceFormat::ControllerLog: return QStringLiteral("Controller");
    case SourceFormat::K8sEvents: return QStringLiteral("Events");
    case SourceFormat::K8sDescribe: return QStringLiteral("Describe");
    case SourceFormat::K8sPods: return QStringLiteral("Pods");
    case SourceFormat::CloudFront: return QStringLiteral("CloudFront");
    case SourceFormat::Cloudflare: return QStringLiteral("Cloudflare");
    case SourceFormat::Unknown: break;
    }
    return QStringLiteral("Other");
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
    // Queued: after every pane (connected later, per rebuild) has followed the range.
    connect(session->timeRange(), &TimeRange::visibleChanged, this, [this] { Q_EMIT rangeFollowed(); }, Qt::QueuedConnection);
    // The first pane built in a process pays Qt's one-time costs (its line edit's clear icon looked
    // up in the icon theme, the widgets' first polish): about 190 ms, which stalled the window
    // when a 10M-line load showed its panes (bench-gui.sh). Paid here instead, once the window is
    // up and before anything can be loading.
    QTimer::singleShot(0, this, [this] {
        delete new SourcePane(m_session, this);
    });
}

SourcePanes::Hop SourcePanes::hopOf(SourceFormat f)
{
    switch (f) {
    case SourceFormat::Alb:
    case SourceFormat::GcpLb: return LoadBalancerHop;
    case SourceFormat::NginxIngress:
    case SourceFormat::NginxAccess:
    case SourceFormat::TraefikClf:
    case SourceFormat::TraefikJson:
    case SourceFormat::Envoy:
    case SourceFormat::NginxError:
    case SourceFormat::ControllerLog: return IngressHop;
    case SourceFormat::K8sEvents:
    case SourceFormat::K8sDescribe:
    case SourceFormat::K8sPods: return KubernetesHop;
    case SourceFormat::CloudFront:
    case SourceFormat::Cloudflare: return CdnHop;
    case SourceFormat::Unknown: break;
    }
    return OtherHop;
}

QString SourcePanes::hopName(Hop h)
{
    switch (h) {
    case CdnHop: return QStringLiteral("CDN");
    case LoadBalancerHop: return QStringLiteral("Load balancer");
    case IngressHop: return QStringLiteral("Ingress and proxies");
    case KubernetesHop: return QStringLiteral("Kubernetes");
    case OtherHop: break;
    }
    return QStringLiteral("Other");
}

void SourcePanes::showPane(SourcePane *pane)
{
    for (QWidget *c : std::as_const(m_columns))
        if (auto *hop = qobject_cast<HopColumn *>(c))
            hop->setCurrentPane(pane);
}

void SourcePanes::clear()
{
    // The columns hold every pane (a pane alone, or the tabs of several).
    qDeleteAll(m_columns);
    m_columns.clear();
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
    std::map<int, QList<SourcePane *>> byHop;
    for (const auto &[key, ids] : groups) {
        auto *pane = new SourcePane(m_session, m_splitter);
        byHop[hopOf(store->source(ids.first()).format)].append(pane);
        pane->setObjectName(QStringLiteral("pane-%1").arg(formatId(store->source(ids.first()).format)));
        pane->setSources(ids);
        m_panes.append(pane);
        connect(pane, &SourcePane::currentRowChanged, this, [this](SourcePane *p, int row) {
            m_current = p;
            Q_EMIT currentRowChanged(p, row);
        });
        connect(pane, &SourcePane::goToRequested, m_session->timeRange(), &TimeRange::goTo);
        connect(pane, &SourcePane::pinNoteRequested, this, &SourcePanes::pinNoteRequested);
    }
    // One column per hop, left to right from the load balancer inwards; several panes of a hop are
    // its tabs, or a source selector when their whole labels do not fit (hopcolumn.h). Request
    // logs get more room than Kubernetes; the user rearranges from there.
    QList<int> sizes;
    for (const auto &[hop, panes] : byHop) {
        QWidget *column = panes.first();
        if (panes.size() > 1) {
            auto *hopColumn = new HopColumn(m_splitter);
            hopColumn->setObjectName(QStringLiteral("hopTabs-%1").arg(hop));
            for (SourcePane *p : panes)
                hopColumn->addPane(p, shortTabLabel(p->model()->format()), p->model()->title());
            column = hopColumn;
        }
        m_splitter->addWidget(column);
        m_columns.append(column);
        sizes << (Hop(hop) == KubernetesHop ? 900 : 1300);
    }
    m_splitter->setSizes(sizes);
}

bool SourcePanes::cancelSorts()
{
    bool any = false;
    for (SourcePane *p : std::as_const(m_panes))
        any = p->cancelRowsJob() || any; // a background sort or filter
    return any;
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
