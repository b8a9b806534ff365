#include "generatoroptions.h"

#include <QJsonArray>

namespace gateline {

QJsonObject GeneratorTruth::toJson() const
{
    auto iso = [](const QDateTime &t) { return t.toUTC().toString(Qt::ISODate); };
    QJsonArray windows;
    for (const GeneratorWindow &w : incidentWindows)
        windows.append(QJsonObject{{QStringLiteral("from"), iso(w.from)}, {QStringLiteral("to"), iso(w.to)}});
    return QJsonObject{
        {QStringLiteral("schema"), QStringLiteral("gateline.generator-truth/1")},
        {QStringLiteral("cause"), cause},
        {QStringLiteral("variant"), variant},
        {QStringLiteral("ingress"), ingress},
        {QStringLiteral("ingressSkewSeconds"), ingressSkewSeconds},
        {QStringLiteral("expectedIngressClockOffsetSeconds"), expectedIngressClockOffsetSeconds},
        {QStringLiteral("timezone"), timezone},
        {QStringLiteral("ingressRetries"), ingressRetries},
        {QStringLiteral("seed"), qint64(seed)},
        {QStringLiteral("start"), iso(start)},
        {QStringLiteral("end"), iso(end)},
        {QStringLiteral("counts"),
         QJsonObject{{QStringLiteral("requests"), requests},
                     {QStringLiteral("status502"), status502},
                     {QStringLiteral("missingUpstream502"), missingUpstream502},
                     {QStringLiteral("byOrigin"), QJsonObject{{QStringLiteral("alb"), origin502Alb},
                                                             {QStringLiteral("ingress"), origin502Ingress},
                                                             {QStringLiteral("app"), origin502App}}},
                     {QStringLiteral("cause502"), cause502},
                     {QStringLiteral("status504"), status504},
                     {QStringLiteral("retriedOk"), retriedOk},
                     {QStringLiteral("ingressLines"), ingressLines},
                     {QStringLiteral("errorLogLines"), errorLogLines},
                     {QStringLiteral("k8sEvents"), k8sEvents},
                     {QStringLiteral("pods"), pods}}},
        {QStringLiteral("incidentWindows"), windows},
        {QStringLiteral("names"),
         QJsonObject{{QStringLiteral("account"), account},
                     {QStringLiteral("region"), region},
                     {QStringLiteral("loadBalancer"), loadBalancer},
                     {QStringLiteral("domain"), domain},
                     {QStringLiteral("namespace"), appNamespace},
                     {QStringLiteral("deployment"), appDeployment},
                     {QStringLiteral("service"), appService},
                     {QStringLiteral("frontend"), frontendDeployment},
                     {QStringLiteral("externalService"), externalService},
                     {QStringLiteral("externalHost"), externalHost},
                     {QStringLiteral("slowEndpoint"), slowEndpoint},
                     {QStringLiteral("ingressNamespace"), ingressNamespace},
                     {QStringLiteral("ingressPods"), QJsonArray::fromStringList(ingressPods)},
                     {QStringLiteral("appPods"), QJsonArray::fromStringList(appPods)},
                     {QStringLiteral("nodes"), QJsonArray::fromStringList(nodes)}}},
        {QStringLiteral("files"), QJsonArray::fromStringList(files)},
    };
}

} // namespace gateline
