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
    case SourceFormat::GcpLb: name = QStringLiteral("JSON"); break;
    case SourceFormat::K8sEvents:
    case SourceFormat::K8sPods: {
        QByteArrayView t = sample.trimmed();
        name = (t.startsWith('{') || t.startsWith('[') || t.startsWith('"')) ? QStringLiteral("JSON") : QStringLiteral("YAML");
        break;
    }
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
