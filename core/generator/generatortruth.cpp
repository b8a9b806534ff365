#include "generatoroptions.h"

#include <QJsonArray>

#include <algorithm>

namespace gateline {

QJsonObject GeneratorTruth::toJson() const
{
    auto iso = [](const QDateTime &t) { return t.toUTC().toString(Qt::ISODate); };
    QJsonArray windows;
    for (const GeneratorWindow &w : incidentWindows)
        windows.append(QJsonObject{{QStringLiteral("from"), iso(w.from)}, {QStringLiteral("to"), iso(w.to)}});
    QJsonObject byKind;
    for (auto it = filesByKind.cbegin(); it != filesByKind.cend(); ++it)
        byKind.insert(it.key(), QJsonArray::fromStringList(it.value()));
    // Per replica, and keyed by source: "<file>" for a file of one pod, "<file>#<pod>" for a merged one.
    QJsonArray replicaArray;
    QJsonObject sourceOffsets;
    for (const GeneratorReplica &r : replicas) {
        replicaArray.append(QJsonObject{{QStringLiteral("pod"), r.pod},
                                        {QStringLiteral("node"), r.node},
                                        {QStringLiteral("podIP"), r.podIp},
                                        {QStringLiteral("skewSeconds"), r.skewSeconds},
                                        {QStringLiteral("expectedClockOffsetSeconds"), r.expectedClockOffsetSeconds},
                                        {QStringLiteral("accessLines"), r.accessLines},
                                        {QStringLiteral("errorLines"), r.errorLines},
                                        {QStringLiteral("otherLines"), r.otherLines},
                                        {QStringLiteral("files"), QJsonArray::fromStringList(r.files)}});
        for (const QString &f : r.files) {
            const bool shared = std::any_of(replicas.cbegin(), replicas.cend(), [&](const GeneratorReplica &o) {
                return o.pod != r.pod && o.files.contains(f);
            });
            sourceOffsets.insert(shared ? f + QLatin1Char('#') + r.pod : f, r.expectedClockOffsetSeconds);
        }
    }
    QJsonObject causeBy;
    for (auto it = cause502By.cbegin(); it != cause502By.cend(); ++it)
        causeBy.insert(it.key(), it.value());
    QJsonArray albNodeArray;
    for (const GeneratorAlbNode &n : albNodes)
        albNodeArray.append(QJsonObject{{QStringLiteral("privateIp"), n.privateIp},
                                 {QStringLiteral("publicIp"), n.publicIp},
                                 {QStringLiteral("fileIp"), n.fileIp}});
    QJsonObject o{
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
                     {QStringLiteral("cause502By"), causeBy},
                     {QStringLiteral("status504"), status504},
                     {QStringLiteral("retriedOk"), retriedOk},
                     {QStringLiteral("ingressLines"), ingressLines},
                     {QStringLiteral("errorLogLines"), errorLogLines},
                     {QStringLiteral("k8sEvents"), k8sEvents},
                     {QStringLiteral("pods"), pods},
                     {QStringLiteral("cdnLines"), cdnLines},
                     {QStringLiteral("cdnMade502"), cdnMade502}}},
        {QStringLiteral("cdn"), cdn},
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
        {QStringLiteral("filesByKind"), byKind},
        {QStringLiteral("ingressShape"), ingressShape},
        {QStringLiteral("ingressClient"), ingressClient},
        {QStringLiteral("albScheme"), albScheme},
        {QStringLiteral("albTargetType"), albTargetType},
        {QStringLiteral("replicaSkewSeconds"), replicaSkewSeconds},
        {QStringLiteral("replicas"), replicaArray},
        {QStringLiteral("sourceClockOffsets"), sourceOffsets},
        {QStringLiteral("albNodes"), albNodeArray},
    };
    if (k8sEventsShape != QLatin1String("json")) { // json bundles keep their bytes
        o.insert(QStringLiteral("k8sEventsShape"), k8sEventsShape);
        o.insert(QStringLiteral("capturedAt"), iso(capturedAt));
    }
    return o;
}

const GeneratorReplica *GeneratorTruth::replicaFor(const QString &source) const
{
    const qsizetype hash = source.lastIndexOf(QLatin1Char('#'));
    const QString file = hash < 0 ? source : source.left(hash);
    const QString pod = hash < 0 ? QString() : source.mid(hash + 1);
    auto sameFile = [&file](const QString &rel) {
        return file == rel || file.endsWith(QLatin1Char('/') + rel);
    };
    for (const GeneratorReplica &r : replicas) {
        if (!pod.isEmpty() && r.pod != pod)
            continue;
        for (const QString &f : r.files) {
            if (!sameFile(f))
                continue;
            // A file without #pod names a replica only if no other replica's lines are in it.
            if (pod.isEmpty()) {
                for (const GeneratorReplica &o : replicas)
                    if (&o != &r && o.files.contains(f))
                        return nullptr;
            }
            return &r;
        }
    }
    return nullptr;
}

double GeneratorTruth::expectedClockOffsetFor(const QString &source, bool *found) const
{
    const GeneratorReplica *r = replicaFor(source);
    if (found)
        *found = r != nullptr;
    return r ? r->expectedClockOffsetSeconds : 0;
}

} // namespace gateline
