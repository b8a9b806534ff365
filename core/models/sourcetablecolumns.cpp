// SourceTableModel's columns: which a format group shows, their titles and tooltips, the header,
// and the pane's title. The rows and their window are sourcetablemodel.cpp; the background sorts
// and filters sourcetablejobs.cpp.
#include "sourcetablemodel.h"

#include <QFileInfo>

namespace gateline {

namespace {
QString formatGroupTitle(SourceFormat f)
{
    switch (f) {
    case SourceFormat::Alb: return QStringLiteral("ALB access log");
    case SourceFormat::GcpLb: return QStringLiteral("GCP load balancer");
    case SourceFormat::NginxAccess: return QStringLiteral("NGINX access log");
    case SourceFormat::NginxIngress: return QStringLiteral("ingress-nginx access log");
    case SourceFormat::NginxError: return QStringLiteral("NGINX error log");
    case SourceFormat::TraefikClf: return QStringLiteral("Traefik access log");
    case SourceFormat::TraefikJson: return QStringLiteral("Traefik JSON access log");
    case SourceFormat::K8sEvents: return QStringLiteral("Kubernetes events");
    case SourceFormat::K8sPods: return QStringLiteral("Kubernetes pods");
    case SourceFormat::Envoy: return QStringLiteral("Envoy / Istio access log");
    case SourceFormat::ControllerLog: return QStringLiteral("Controller / proxy log");
    case SourceFormat::K8sDescribe: return QStringLiteral("kubectl describe");
    case SourceFormat::CloudFront: return QStringLiteral("CloudFront access log (CDN)");
    case SourceFormat::Cloudflare: return QStringLiteral("Cloudflare HTTP requests (CDN)");
    case SourceFormat::Unknown: break;
    }
    return QStringLiteral("Unknown");
}
} // namespace

QList<SourceTableModel::Columns> SourceTableModel::columnsFor(SourceFormat f)
{
    switch (f) {
    case SourceFormat::Alb:
    case SourceFormat::GcpLb:
        return {TimeColumn, StatusColumn, UpstreamStatusColumn, DurationColumn, MethodColumn, PathColumn,
                ClientColumn, UpstreamColumn, HostColumn, ReasonColumn, SourceColumn};
    case SourceFormat::NginxAccess:
    case SourceFormat::NginxIngress:
    case SourceFormat::TraefikClf:
    case SourceFormat::TraefikJson:
        return {TimeColumn, StatusColumn, UpstreamStatusColumn, DurationColumn, MethodColumn, PathColumn,
                ClientColumn, UpstreamColumn, HostColumn, SourceColumn};
    case SourceFormat::CloudFront: // reason: the (detailed) result type; object: the edge location
    case SourceFormat::Cloudflare: // reason: the cache status; object: the colo
        return {TimeColumn, StatusColumn, UpstreamStatusColumn, ReasonColumn, DurationColumn, MethodColumn, PathColumn,
                ClientColumn, UpstreamColumn, HostColumn, ObjectColumn, SourceColumn};
    case SourceFormat::Envoy: // reason: the response flags; object: the upstream cluster
        return {TimeColumn, StatusColumn, ReasonColumn, UpstreamStatusColumn, DurationColumn, MethodColumn, PathColumn,
                ClientColumn, UpstreamColumn, ObjectColumn, HostColumn, SourceColumn};
    case SourceFormat::ControllerLog: // reason: the event category (reload, no-endpoints, ...)
        return {TimeColumn, ReasonColumn, TextColumn, SourceColumn};
    case SourceFormat::K8sDescribe:
        return {TimeColumn, ReasonColumn, StatusColumn, ObjectColumn, NamespaceColumn, CountColumn, TextColumn,
                SourceColumn};
    case SourceFormat::NginxError:
        return {TimeColumn, ReasonColumn, UpstreamColumn, PathColumn, ClientColumn, HostColumn, TextColumn,
                SourceColumn};
    case SourceFormat::K8sEvents:
        return {TimeColumn, ReasonColumn, ObjectColumn, NamespaceColumn, CountColumn, TextColumn, SourceColumn};
    case SourceFormat::K8sPods:
        return {TimeColumn, ReasonColumn, StatusColumn, ObjectColumn, NamespaceColumn, CountColumn, TextColumn,
                SourceColumn};
    case SourceFormat::Unknown: break;
    }
    return {TimeColumn, TextColumn, SourceColumn};
}

QString SourceTableModel::columnTitle(Columns c, SourceFormat f)
{
    switch (c) {
    case TimeColumn: return QStringLiteral("Time (UTC)");
    case StatusColumn: return f == SourceFormat::K8sPods ? QStringLiteral("Exit code") : QStringLiteral("Status");
    case UpstreamStatusColumn:
        return f == SourceFormat::Alb ? QStringLiteral("Target") : isCdnFormat(f) ? QStringLiteral("Origin") : QStringLiteral("Upstream");
    case DurationColumn: return QStringLiteral("Duration (ms)");
    case ClientColumn: return QStringLiteral("Client");
    case MethodColumn: return QStringLiteral("Method");
    case PathColumn: return f == SourceFormat::NginxError ? QStringLiteral("Request") : QStringLiteral("Path");
    case HostColumn: return QStringLiteral("Host");
    case UpstreamColumn:
        return f == SourceFormat::Alb ? QStringLiteral("Target address") : QStringLiteral("Upstream address");
    case ReasonColumn:
        return f == SourceFormat::Alb ? QStringLiteral("Error reason")
            : f == SourceFormat::Envoy ? QStringLiteral("Flags")
            : f == SourceFormat::ControllerLog ? QStringLiteral("Event") : QStringLiteral("Reason");
    case ObjectColumn: return f == SourceFormat::Envoy ? QStringLiteral("Upstream cluster") : QStringLiteral("Object");
    case NamespaceColumn: return QStringLiteral("Namespace");
    case CountColumn: return f == SourceFormat::K8sPods ? QStringLiteral("Restarts") : QStringLiteral("Count");
    case TextColumn: return QStringLiteral("Message");
    case SourceColumn: return QStringLiteral("File");
    case ColumnCount: break;
    }
    return {};
}

QString SourceTableModel::columnToolTip(Columns c, SourceFormat f)
{
    switch (c) {
    case TimeColumn: return QStringLiteral("UTC, with this source's clock offset applied (see Clock offsets)");
    case StatusColumn: return f == SourceFormat::K8sPods ? QStringLiteral("Exit code of the terminated container")
                                                         : QStringLiteral("Status sent to the client");
    case UpstreamStatusColumn:
        if (isCdnFormat(f))
            return QStringLiteral("Status the origin (the load balancer) answered; '-': the origin never answered, the CDN "
                                  "made the response; empty: served at the edge");
        return f == SourceFormat::Alb ? QStringLiteral("Status the target answered; '-': the target never answered")
                                      : QStringLiteral("Status the upstream answered; '-': the upstream never answered");
    default: return columnTitle(c, f);
    }
}

QString SourceTableModel::title() const
{
    if (m_sources.isEmpty() || !m_store)
        return QStringLiteral("(no source)");
    QString t = formatGroupTitle(m_format);
    if (m_sources.size() == 1)
        return t + QStringLiteral(" - ") + QFileInfo(m_store->source(m_sources.first()).locator.displayPath()).fileName();
    return t + QStringLiteral(" (%1 files)").arg(m_sources.size());
}

QVariant SourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        const QString day = m_columns[section] == TimeColumn ? m_dates.mainDayText() : QString();
        // "11-21 UTC": the day of the rows that show only their time, narrow enough for the
        // column its times fill ("Time (UTC, 11-21)" was cut at both ends in a 1280 px window).
        return day.isEmpty() ? columnTitle(m_columns[section], m_format) : QStringLiteral("%1 UTC").arg(day);
    }
    if (role == LogicalColumnRole)
        return int(m_columns[section]);
    if (role == Qt::ToolTipRole)
        return columnToolTip(m_columns[section], m_format);
    return {};
}

} // namespace gateline
