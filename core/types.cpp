#include "types.h"

#include <QLocale>

namespace gateline {

namespace {
struct FormatName { SourceFormat format; const char *id; };
constexpr FormatName kFormats[] = {
    {SourceFormat::Alb, "alb"},
    {SourceFormat::NginxAccess, "nginx-access"},
    {SourceFormat::NginxIngress, "nginx-ingress"},
    {SourceFormat::NginxError, "nginx-error"},
    {SourceFormat::TraefikClf, "traefik-clf"},
    {SourceFormat::TraefikJson, "traefik-json"},
    {SourceFormat::K8sEvents, "k8s-events"},
    {SourceFormat::K8sPods, "k8s-pods"},
    {SourceFormat::GcpLb, "gcp-lb"},
    {SourceFormat::Envoy, "envoy"},
    {SourceFormat::ControllerLog, "controller-log"},
    {SourceFormat::K8sDescribe, "k8s-describe"},
    {SourceFormat::CloudFront, "cloudfront"},
    {SourceFormat::Cloudflare, "cloudflare"},
};
} // namespace

QString formatId(SourceFormat f)
{
    for (const auto &n : kFormats)
        if (n.format == f)
            return QString::fromLatin1(n.id);
    return QStringLiteral("unknown");
}

SourceFormat formatFromId(QStringView id)
{
    for (const auto &n : kFormats)
        if (id == QLatin1StringView(n.id))
            return n.format;
    return SourceFormat::Unknown;
}

bool isLoadBalancerFormat(SourceFormat f)
{
    return f == SourceFormat::Alb || f == SourceFormat::GcpLb;
}

bool isCdnFormat(SourceFormat f)
{
    return f == SourceFormat::CloudFront || f == SourceFormat::Cloudflare;
}

bool isIngressAccessFormat(SourceFormat f)
{
    return f == SourceFormat::NginxAccess || f == SourceFormat::NginxIngress
        || f == SourceFormat::TraefikClf || f == SourceFormat::TraefikJson;
}

QString readableCount(qint64 n)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(n);
}

QString countOf(qint64 n, QLatin1StringView one, QLatin1StringView many)
{
    return readableCount(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

} // namespace gateline
