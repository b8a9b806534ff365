#include "clustersettings.h"

#include <QSettings>

namespace gateline {

void ClusterSettings::save(QSettings &settings) const
{
    settings.beginGroup(QStringLiteral("liveCapture"));
    settings.setValue(QStringLiteral("apiServer"), apiServer.adjusted(QUrl::RemoveUserInfo).toString());
    settings.setValue(QStringLiteral("tokenFile"), tokenFile);
    settings.setValue(QStringLiteral("caFile"), caFile);
    settings.setValue(QStringLiteral("insecureSkipTlsVerify"), insecureSkipTlsVerify);
    settings.setValue(QStringLiteral("namespaces"), namespaces);
    settings.setValue(QStringLiteral("ingressLogs"), ingressLogs);
    settings.setValue(QStringLiteral("ingressSelector"), ingressSelector);
    settings.setValue(QStringLiteral("ingressNamespace"), ingressNamespace);
    settings.setValue(QStringLiteral("ingressLogLimitBytes"), ingressLogLimitBytes);
    settings.endGroup();
}

ClusterSettings ClusterSettings::load(QSettings &settings)
{
    ClusterSettings s;
    settings.beginGroup(QStringLiteral("liveCapture"));
    s.apiServer = QUrl(settings.value(QStringLiteral("apiServer")).toString());
    s.tokenFile = settings.value(QStringLiteral("tokenFile")).toString();
    s.caFile = settings.value(QStringLiteral("caFile")).toString();
    s.insecureSkipTlsVerify = settings.value(QStringLiteral("insecureSkipTlsVerify"), false).toBool();
    s.namespaces = settings.value(QStringLiteral("namespaces")).toStringList();
    s.ingressLogs = settings.value(QStringLiteral("ingressLogs"), true).toBool();
    s.ingressSelector = settings.value(QStringLiteral("ingressSelector")).toString();
    s.ingressNamespace = settings.value(QStringLiteral("ingressNamespace")).toString();
    bool ok = false;
    const qint64 limit = settings.value(QStringLiteral("ingressLogLimitBytes")).toLongLong(&ok);
    if (ok && limit > 0)
        s.ingressLogLimitBytes = limit;
    settings.endGroup();
    return s;
}

} // namespace gateline
