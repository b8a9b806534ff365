#include "syntaxsupport.h"

#include <KSyntaxHighlighting/Repository>

#include <QPalette>

namespace gateline {

KSyntaxHighlighting::Repository &syntaxRepository()
{
    static KSyntaxHighlighting::Repository *repo = [] {
        auto *r = new KSyntaxHighlighting::Repository;
        // Searches ":/syntax/" (resources/CMakeLists.txt compiles resources/syntax/* there).
        r->addCustomSearchPath(QStringLiteral(":/"));
        return r;
    }();
    return *repo;
}

static bool startsLikeJson(QByteArrayView sample)
{
    const QByteArrayView t = sample.trimmed();
    return t.startsWith('{') || t.startsWith('[') || t.startsWith('"');
}

KSyntaxHighlighting::Definition syntaxDefinitionFor(SourceFormat format, QByteArrayView sample)
{
    QString name;
    switch (format) {
    case SourceFormat::Alb: name = QStringLiteral("Gateline ALB Access Log"); break;
    case SourceFormat::NginxAccess:
    case SourceFormat::NginxIngress: name = QStringLiteral("Gateline NGINX Access Log"); break;
    case SourceFormat::NginxError: name = QStringLiteral("Gateline NGINX Error Log"); break;
    case SourceFormat::TraefikClf: name = QStringLiteral("Gateline Traefik Access Log"); break;
    case SourceFormat::TraefikJson:
    case SourceFormat::GcpLb:
    case SourceFormat::Cloudflare: name = QStringLiteral("JSON"); break;
    case SourceFormat::K8sEvents:
    case SourceFormat::K8sPods: name = startsLikeJson(sample) ? QStringLiteral("JSON") : QStringLiteral("YAML"); break;
    // Envoy's JSON access log and zap's JSON lines (objects); their text forms (Envoy's "[2024-…]"
    // lines, logrus' time=…, klog's I0102…, Go panics) have no definition of their own.
    case SourceFormat::Envoy:
    case SourceFormat::ControllerLog:
        if (sample.trimmed().startsWith('{'))
            name = QStringLiteral("JSON");
        break;
    // "Key:  value" blocks, indented: YAML's rules colour them as well as they colour YAML.
    case SourceFormat::K8sDescribe: name = QStringLiteral("YAML"); break;
    case SourceFormat::CloudFront: // tab-separated W3C fields: nothing to colour
    case SourceFormat::Unknown: break;
    }
    return name.isEmpty() ? KSyntaxHighlighting::Definition() : syntaxRepository().definitionForName(name);
}

KSyntaxHighlighting::Theme syntaxThemeFor(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return syntaxRepository().defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                : KSyntaxHighlighting::Repository::LightTheme);
}

} // namespace gateline
