#include "bundlegenerator.h"

#include "albwriter.h"
#include "cdnwriter.h"
#include "causescenario.h"
#include "gcplbwriter.h"
#include "ingresswriter.h"
#include "k8swriter.h"
#include "k8stextwriter.h"
#include "outputfile.h"
#include "sidecarwriter.h"
#include "trafficmodel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>
#include <cmath>

namespace gateline {

using namespace gen;

QStringList GeneratorOptions::causes()
{
    return {QStringLiteral("graceful-shutdown"),      QStringLiteral("keepalive-mismatch"),
            QStringLiteral("pod-not-ready"),          QStringLiteral("upstream-timeout"),
            QStringLiteral("hpa-too-slow"),           QStringLiteral("health-check-flapping"),
            QStringLiteral("dns-failure"),            QStringLiteral("connection-pool-exhaustion"),
            QStringLiteral("oom-crash"),              QStringLiteral("nodeport-busy"),
            QStringLiteral("no-ready-backend"),       QStringLiteral("passive-ejection"),
            QStringLiteral("idle-timer-race"),        QStringLiteral("cdn-hides-origin"),
            QStringLiteral("none")};
}

QStringList GeneratorOptions::ingressKinds()
{
    return {QStringLiteral("nginx"), QStringLiteral("traefik"), QStringLiteral("traefik-json"), QStringLiteral("none")};
}

QStringList GeneratorOptions::ingressClients()
{
    return {QStringLiteral("alb-node"), QStringLiteral("real")};
}

QStringList GeneratorOptions::albSchemes()
{
    return {QStringLiteral("internal"), QStringLiteral("internet-facing")};
}

QStringList GeneratorOptions::albTargetTypes()
{
    return {QStringLiteral("ip"), QStringLiteral("instance"), QStringLiteral("pod")};
}

QStringList GeneratorOptions::cdnKinds()
{
    return {QStringLiteral("none"), QStringLiteral("cloudfront"), QStringLiteral("cloudflare")};
}

QStringList GeneratorOptions::k8sEventsShapes()
{
    return K8sTextWriter::shapes();
}

QStringList GeneratorOptions::sidecarKinds()
{
    return {QStringLiteral("none"), QStringLiteral("istio")};
}

QStringList GeneratorOptions::ingressShapes()
{
    return {QStringLiteral("files"),       QStringLiteral("kubectl"),     QStringLiteral("kubectl-timestamps"),
            QStringLiteral("kubectl-prefix"), QStringLiteral("stern"),    QStringLiteral("stern-color"),
            QStringLiteral("cri"),         QStringLiteral("docker-json"), QStringLiteral("loki-logcli"),
            QStringLiteral("loki-json")};
}

GeneratorOptions GeneratorOptions::legacy()
{
    GeneratorOptions o;
    o.ingressClient = QStringLiteral("real");
    o.albScheme = QStringLiteral("internet-facing");
    o.replicaSkewSeconds = 0;
    o.ingressShape = QStringLiteral("files");
    o.wideTimings = false;
    return o;
}

bool GeneratorOptions::validCause(const QString &cause, QString *error)
{
    const QStringList parts = cause.split(QLatin1Char('+'));
    QString why;
    for (const QString &p : parts)
        if (!causes().contains(p))
            why = QStringLiteral("unknown cause '%1' (one of: %2, or two joined with '+')").arg(p, causes().join(QLatin1String(", ")));
    if (why.isEmpty() && parts.size() > 2)
        why = QStringLiteral("at most two causes can be mixed ('%1')").arg(cause);
    if (why.isEmpty() && parts.size() == 2
        && (parts[0] == parts[1] || parts.contains(QLatin1String("none"))
            || (parts.contains(QLatin1String("hpa-too-slow")) && parts.contains(QLatin1String("connection-pool-exhaustion")))))
        why = QStringLiteral("'%1' cannot be mixed (two different causes, not none, not hpa-too-slow with "
                             "connection-pool-exhaustion)").arg(cause);
    if (!why.isEmpty() && error)
        *error = why;
    return why.isEmpty();
}

namespace {

QDateTime toDateTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::UTC);
}

// With the app's pods as the ALB's targets: the causes that need a hop the shape does not have (the
// ALB straight to the NodePort; NGINX's DNS lookups, upstream pool, passive checks and keep-alive
// timers), as an error message; empty if none.
QString podTargetConflict(const GeneratorOptions &o)
{
    if (o.albTargetType != QLatin1String("pod"))
        return {};
    for (const QString &cause : o.cause.split(QLatin1Char('+'))) {
        if (cause == QLatin1String("nodeport-busy"))
            return QStringLiteral("cause nodeport-busy is the ALB straight to the app's NodePort: target type instance, not pod");
        if (cause == QLatin1String("dns-failure") || cause == QLatin1String("connection-pool-exhaustion")
            || cause == QLatin1String("passive-ejection") || cause == QLatin1String("idle-timer-race"))
            return QStringLiteral("cause %1 happens in an ingress controller: ALB target type pod has none").arg(cause);
    }
    return {};
}

bool validate(const GeneratorOptions &o, QString *error)
{
    if (!GeneratorOptions::validCause(o.cause, error))
        return false;
    if (!GeneratorOptions::ingressKinds().contains(o.ingress))
        *error = QStringLiteral("unknown ingress '%1' (one of: %2)").arg(o.ingress, GeneratorOptions::ingressKinds().join(QLatin1String(", ")));
    else if (!(o.requestsPerSecond > 0) || o.requestsPerSecond > 100000)
        *error = QStringLiteral("the request rate must be in (0, 100000]");
    else if (o.durationMinutes < 1 || o.durationMinutes > 24 * 60)
        *error = QStringLiteral("the duration must be 1 to 1440 minutes");
    else if (o.albNodes < 1 || o.albNodes > 8)
        *error = QStringLiteral("the number of ALB nodes must be 1 to 8");
    else if (!std::isfinite(o.ingressSkewSeconds) || std::abs(o.ingressSkewSeconds) > 86400)
        *error = QStringLiteral("the ingress clock skew must be within a day");
    else if (!std::isfinite(o.replicaSkewSeconds) || o.replicaSkewSeconds < 0 || o.replicaSkewSeconds > 3600)
        *error = QStringLiteral("the replica skew spread must be 0 to 3600 seconds");
    else if (!GeneratorOptions::ingressClients().contains(o.ingressClient))
        *error = QStringLiteral("unknown ingress client '%1' (one of: %2)").arg(o.ingressClient, GeneratorOptions::ingressClients().join(QLatin1String(", ")));
    else if (!GeneratorOptions::albSchemes().contains(o.albScheme))
        *error = QStringLiteral("unknown ALB scheme '%1' (one of: %2)").arg(o.albScheme, GeneratorOptions::albSchemes().join(QLatin1String(", ")));
    else if (!GeneratorOptions::albTargetTypes().contains(o.albTargetType))
        *error = QStringLiteral("unknown ALB target type '%1' (one of: %2)").arg(o.albTargetType, GeneratorOptions::albTargetTypes().join(QLatin1String(", ")));
    else if (o.albTargetType == QLatin1String("pod") && o.ingress != QLatin1String("none"))
        *error = QStringLiteral("ALB target type pod sends the requests to the app's pods: there is no ingress (--ingress none)");
    else if (const QString inIngress = podTargetConflict(o); !inIngress.isEmpty())
        *error = inIngress;
    else if (!GeneratorOptions::k8sEventsShapes().contains(o.k8sEventsShape))
        *error = QStringLiteral("unknown Kubernetes events shape '%1' (one of: %2)").arg(o.k8sEventsShape, GeneratorOptions::k8sEventsShapes().join(QLatin1String(", ")));
    else if (!GeneratorOptions::sidecarKinds().contains(o.sidecar))
        *error = QStringLiteral("unknown sidecar '%1' (one of: %2)").arg(o.sidecar, GeneratorOptions::sidecarKinds().join(QLatin1String(", ")));
    else if (o.sidecar != QLatin1String("none")
             && (o.ingress == QLatin1String("none") || o.cause.split(QLatin1Char('+')).contains(QLatin1String("no-ready-backend"))))
        *error = QStringLiteral("a sidecar needs an ingress (nginx or traefik) in front of the app");
    else if (!GeneratorOptions::ingressShapes().contains(o.ingressShape))
        *error = QStringLiteral("unknown ingress log shape '%1' (one of: %2)").arg(o.ingressShape, GeneratorOptions::ingressShapes().join(QLatin1String(", ")));
    else if (!o.start.isValid())
        *error = QStringLiteral("invalid start time");
    else if (!QTimeZone(o.timezone.toUtf8()).isValid())
        *error = QStringLiteral("unknown time zone '%1' (an IANA name such as Europe/Berlin)").arg(o.timezone);
    else if (o.targetAlbLines < 0 || o.targetAlbLines > 100000000)
        *error = QStringLiteral("the ALB line target must be 0 to 100000000");
    else
        return true;
    return false;
}

// A previous bundle in outDir would mix with the new one: remove the files its truth.json lists
// (and only those, and only inside outDir).
void removePreviousBundle(const QString &outDir)
{
    QFile f(QDir(outDir).filePath(QStringLiteral("truth.json")));
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QJsonObject old = QJsonDocument::fromJson(f.readAll()).object();
    if (old.value(QStringLiteral("schema")).toString() != QLatin1String("gateline.generator-truth/1"))
        return;
    const QString root = QDir(outDir).canonicalPath();
    for (const QJsonValue &v : old.value(QStringLiteral("files")).toArray()) {
        const QString rel = v.toString();
        if (rel.isEmpty() || QDir::isAbsolutePath(rel) || rel.split(QLatin1Char('/')).contains(QLatin1String("..")))
            continue;
        const QString path = QDir(root).filePath(rel);
        if (QFileInfo(path).canonicalFilePath().startsWith(root + QLatin1Char('/')))
            QFile::remove(path);
    }
}

} // namespace

bool generateBundle(const GeneratorOptions &o, const QString &outDir, GeneratorTruth *truth, QString *error)
{
    QString localError;
    if (!error)
        error = &localError;
    if (!validate(o, error))
        return false;
    if (!QDir().mkpath(outDir)) {
        *error = QStringLiteral("cannot create %1").arg(outDir);
        return false;
    }
    removePreviousBundle(outDir);
    const quint64 seed = o.seed;
    const bool traefik = o.ingress.startsWith(QLatin1String("traefik"));
    const qint64 start = o.start.toMSecsSinceEpoch() * 1000;
    const qint64 end = start + qint64(o.durationMinutes) * 60 * kSec;

    World world;
    buildWorld(world, seed, traefik, start);
    world.topo.albInstanceTargets = o.albTargetType == QLatin1String("instance");
    // The no-ready-backend branch is GKE's: a GCP load balancer sends to the pods (NEG), no ingress;
    // it has no ALB target type, so its backends stay as they are.
    const bool gcp = o.cause.split(QLatin1Char('+')).contains(QLatin1String("no-ready-backend"));
    world.topo.albPodTargets = o.albTargetType == QLatin1String("pod") && !gcp;
    Scenario sc;
    {
        Rng shape(seed, 2);
        sc.dayAmplitude = shape.uniform(0.2, 0.35);
        sc.wobbleAmplitude = shape.uniform(0.04, 0.1);
        sc.wobblePeriodSec = shape.uniform(480, 1200);
        sc.wobblePhase = shape.uniform(0, 6.283185307179586);
    }
    const double appShare = TrafficModel::appShare(world.topo);
    double baseRate = o.requestsPerSecond;
    if (o.targetAlbLines > 0)
        baseRate = double(o.targetAlbLines) / std::max(1.0, TrafficModel::loadIntegral(sc, start, end));

    Rng causeRng(seed, 3);
    ScenarioContext ctx{world, sc, causeRng, start, end, baseRate, appShare, traefik};
    ctx.wide = o.wideTimings || o.extremeTimings;
    ctx.extreme = o.extremeTimings;
    for (const QString &cause : o.cause.split(QLatin1Char('+')))
        if (!buildCauseScenario(cause, ctx, error))
            return false;
    if (o.noise) {
        Rng noiseRng(seed, 5);
        ScenarioContext noise{world, sc, noiseRng, start, end, baseRate, appShare, traefik};
        addNoise(noise);
    }
    if (o.targetAlbLines > 0 && !sc.bumps.empty()) {
        // Spikes add requests: rescale so that the total stays near the target, capacity with it.
        const double rescaled = double(o.targetAlbLines) / std::max(1.0, TrafficModel::loadIntegral(sc, start, end));
        sc.perPodCapacityRps *= rescaled / baseRate;
        baseRate = rescaled;
        ctx.baseRate = baseRate;
        if (sc.overload != OverloadMix::None)
            sc.windows = mergeWindows(overloadWindows(ctx), 2 * kSec);
    }
    {
        Rng capture(seed, 6);
        sc.captureTime = end + qint64(capture.uniform(60, 180) * double(kSec));
    }
    sc.events.clip(start - 45 * 60 * kSec, sc.captureTime);

    TrafficModel traffic(world, sc, seed, start, end, baseRate, o.albNodes, traefik);
    std::vector<SimRequest> requests = traffic.generate();
    // Istio sidecars answer for an app that is gone (sidecarwriter.h): what the ingress and ALB saw changes.
    std::vector<SidecarMade> sidecarMade;
    if (o.sidecar == QLatin1String("istio"))
        applyIstioSidecars(world, sc.events, requests, o.noise, &sidecarMade);

    GeneratorTruth t;
    t.cause = o.cause;
    t.variant = sc.variant;
    t.ingress = o.ingress;
    t.ingressSkewSeconds = o.ingressSkewSeconds;
    t.expectedIngressClockOffsetSeconds = o.ingressSkewSeconds == 0 ? 0 : -o.ingressSkewSeconds;
    t.timezone = o.timezone;
    t.ingressRetries = !traefik && world.topo.nginxRetries;
    t.seed = o.seed;
    t.start = toDateTime(start);
    t.end = toDateTime(end);
    const std::vector<TrafficModel::CauseMechanism> &mechanisms = traffic.mechanisms();
    for (size_t i = 0; i < requests.size(); ++i) {
        const SimRequest &r = requests[i];
        ++t.requests;
        if (r.elbStatus == 504)
            ++t.status504;
        if ((r.flags & ReqIngressLogged) && r.attempts > 1 && r.ingressStatus < 500)
            ++t.retriedOk;
        if (r.elbStatus != 502)
            continue;
        ++t.status502;
        if (r.targetStatus < 0)
            ++t.missingUpstream502;
        if (r.origin == Origin::Alb)
            ++t.origin502Alb;
        else if (r.origin == Origin::Ingress)
            ++t.origin502Ingress;
        else if (r.origin == Origin::Sidecar)
            ++t.origin502Sidecar;
        else
            ++t.origin502App;
        if (r.flags & ReqCause) {
            ++t.cause502;
            ++t.cause502By[QString::fromLatin1(TrafficModel::mechanismName(mechanisms[i]))];
        }
    }
    for (const Interval &w : sc.windows) {
        const qint64 from = std::max(w.from, start), to = std::min(w.to, end + 90 * kSec);
        if (from < to)
            t.incidentWindows.append({toDateTime(from), toDateTime(to)});
    }
    const Topology &topo = world.topo;
    auto s = [](const QByteArray &b) { return QString::fromUtf8(b); };
    t.account = s(topo.account);
    t.region = s(topo.region);
    t.loadBalancer = QStringLiteral("app/") + s(topo.lbName) + QLatin1Char('/') + s(topo.lbId);
    t.domain = s(topo.domain);
    t.appNamespace = s(topo.ns);
    t.appDeployment = s(topo.appName);
    t.appService = s(topo.services[0].name);
    t.frontendDeployment = s(topo.frontendName);
    t.externalService = s(topo.services[2].name);
    t.externalHost = s(topo.services[2].externalHost);
    t.slowEndpoint = s(sc.slowEndpoint);
    t.ingressNamespace = s(topo.ingressNs);
    for (int i : world.ingressPods)
        t.ingressPods << s(topo.pods[size_t(i)].name);
    for (const SimPod &p : topo.pods)
        if (p.group == PodGroup::App)
            t.appPods << s(p.name);
    for (const SimNode &n : topo.nodes)
        t.nodes << s(n.name);
    t.ingressShape = o.ingressShape;
    t.ingressClient = o.ingressClient;
    t.albScheme = o.albScheme;
    t.albTargetType = o.albTargetType;
    t.replicaSkewSeconds = o.replicaSkewSeconds;
    const bool internetFacing = o.albScheme == QLatin1String("internet-facing");
    std::vector<QByteArray> fileIps;
    for (int n = 0; n < o.albNodes; ++n) {
        const QByteArray &priv = topo.albNodePrivateIps[size_t(n)], &pub = topo.albNodeIps[size_t(n)];
        fileIps.push_back(internetFacing ? pub : priv);
        GeneratorAlbNode node;
        node.privateIp = s(priv);
        node.publicIp = internetFacing ? s(pub) : QString(); // an internal ALB has none
        node.fileIp = s(fileIps.back());
        t.albNodes.append(node);
    }
    // Each controller replica's node clock: the common skew plus its own, drawn within the spread.
    std::vector<qint64> skews;
    {
        Rng replicaRng(seed, 8);
        for (int i : world.ingressPods) {
            const double own = o.replicaSkewSeconds > 0 ? replicaRng.uniform(-o.replicaSkewSeconds, o.replicaSkewSeconds) : 0;
            skews.push_back(qint64(std::llround((o.ingressSkewSeconds + own) * double(kSec))));
            const SimPod &p = topo.pods[size_t(i)];
            GeneratorReplica r;
            r.pod = s(p.name);
            r.node = s(topo.nodes[size_t(p.node)].name);
            r.podIp = s(p.ip);
            r.skewSeconds = double(skews.back()) / double(kSec);
            r.expectedClockOffsetSeconds = skews.back() == 0 ? 0.0 : -r.skewSeconds;
            t.replicas.append(r);
        }
    }

    const int level = o.gzipLevel >= 0 ? std::min(o.gzipLevel, 9) : (requests.size() > 200000 ? 1 : 6);
    if (gcp) {
        GcpLbWriter lb(world, requests, seed);
        if (!lb.write(outDir, &t.files, error))
            return false;
        t.filesByKind.insert(QStringLiteral("gcp-lb"), t.files);
    } else {
        AlbWriter alb(world, requests, seed, level, o.threads, fileIps);
        if (!alb.write(outDir, &t.files, error))
            return false;
        t.filesByKind.insert(QStringLiteral("alb"), t.files);
    }
    if (o.ingress != QLatin1String("none") && !gcp) {
        IngressWriterOptions io;
        io.kind = !traefik ? IngressLogKind::Nginx
                           : (o.ingress == QLatin1String("traefik-json") ? IngressLogKind::TraefikJson : IngressLogKind::TraefikClf);
        io.skewUs = skews;
        io.zone = QTimeZone(o.timezone.toUtf8());
        io.windowStart = start;
        io.windowEnd = end + 5 * 60 * kSec;
        io.albNodeClient = o.ingressClient == QLatin1String("alb-node");
        io.traceId = o.ingressTraceId;
        io.noise = o.noise;
        io.shape = o.ingressShape;
        IngressWriter ingress(world, requests, seed, io);
        IngressStats stats;
        if (!ingress.write(outDir, &t.files, &stats, error))
            return false;
        t.ingressLines = stats.accessLines;
        t.errorLogLines = stats.errorLines;
        for (qsizetype k = 0; k < t.replicas.size(); ++k) {
            GeneratorReplica &r = t.replicas[k];
            r.accessLines = stats.replicaAccess[size_t(k)];
            r.errorLines = stats.replicaErrors[size_t(k)];
            r.otherLines = stats.replicaOther[size_t(k)];
            r.files = stats.replicaFiles[size_t(k)];
        }
        if (!stats.accessFiles.isEmpty())
            t.filesByKind.insert(QStringLiteral("ingress-access"), stats.accessFiles);
        if (!stats.errorFiles.isEmpty())
            t.filesByKind.insert(QStringLiteral("ingress-error"), stats.errorFiles);
        if (!stats.mixedFiles.isEmpty())
            t.filesByKind.insert(QStringLiteral("ingress-mixed"), stats.mixedFiles);
    }
    if (!sidecarMade.empty()) {
        // Each sidecar runs on its app pod's node: the clock of an ingress replica on that node,
        // else the node's own, drawn like the replicas'.
        SidecarWriterOptions so;
        Rng nodeRng(seed, 9);
        for (const SimNode &n : topo.nodes) {
            (void)n;
            const double own = o.replicaSkewSeconds > 0 ? nodeRng.uniform(-o.replicaSkewSeconds, o.replicaSkewSeconds) : 0;
            so.nodeSkewUs.push_back(qint64(std::llround((o.ingressSkewSeconds + own) * double(kSec))));
        }
        for (size_t k = 0; k < world.ingressPods.size(); ++k)
            so.nodeSkewUs[size_t(topo.pods[size_t(world.ingressPods[k])].node)] = skews[k];
        so.albNodeClient = o.ingressClient == QLatin1String("alb-node");
        so.nginxRequestId = !traefik;
        so.shape = o.ingressShape;
        SidecarWriter writer(world, sc.events, requests, sidecarMade, seed, so);
        SidecarStats stats;
        QStringList sidecarFiles;
        if (!writer.write(outDir, &sidecarFiles, &stats, error))
            return false;
        t.files << sidecarFiles;
        t.filesByKind.insert(QStringLiteral("sidecar"), sidecarFiles);
        t.sidecar = o.sidecar;
        t.sidecarLines = stats.lines;
        for (SidecarMade m : sidecarMade)
            t.sidecarMade503 += m == SidecarMade::Uf || m == SidecarMade::Uc ? 1 : 0;
        for (qsizetype k = 0; k < stats.pods.size(); ++k) {
            GeneratorReplica r;
            r.pod = stats.pods[k];
            for (const SimPod &p : topo.pods)
                if (s(p.name) == r.pod) {
                    r.node = s(topo.nodes[size_t(p.node)].name);
                    r.podIp = s(p.ip);
                }
            r.skewSeconds = stats.podSkewSeconds[size_t(k)];
            r.expectedClockOffsetSeconds = r.skewSeconds == 0 ? 0.0 : -r.skewSeconds;
            r.accessLines = stats.podLines[size_t(k)];
            r.files = stats.podFiles[size_t(k)];
            t.sidecars.append(r);
        }
    }
    // A CDN in front of the ALB (cdnwriter.h); cdn-hides-origin is its own errors.
    const bool cdnCause = o.cause.split(QLatin1Char('+')).contains(QLatin1String("cdn-hides-origin"));
    const QString cdnKind = o.cdn == QLatin1String("none") && cdnCause ? QStringLiteral("cloudfront") : o.cdn;
    if (cdnKind != QLatin1String("none") && !gcp) {
        CdnWriterOptions co;
        co.kind = cdnKind;
        co.hideOrigin = cdnCause;
        co.start = start;
        co.end = end;
        co.requestsPerSecond = o.requestsPerSecond;
        CdnWriter cdn(world, requests, seed, co);
        CdnStats stats;
        QStringList cdnFiles;
        if (!cdn.write(outDir, &cdnFiles, &stats, error))
            return false;
        t.files << cdnFiles;
        t.filesByKind.insert(QStringLiteral("cdn"), cdnFiles);
        t.cdn = cdnKind;
        t.cdnLines = stats.lines;
        t.cdnMade502 = stats.cdnMade;
        if (cdnCause && stats.cdnMade > 0) // steady, at no event: the whole span they occur in
            t.incidentWindows.append({toDateTime(stats.firstMade), toDateTime(stats.lastMade + kSec)});
    }
    if (o.writeK8s) {
        K8sWriter k8s(world, sc.events, seed, sc.captureTime);
        k8s.setEventsShape(o.k8sEventsShape);
        if (!k8s.write(outDir, &t.files, &t.k8sEvents, &t.pods, error))
            return false;
        t.filesByKind.insert(QStringLiteral("k8s-events"), k8s.eventFiles());
        t.filesByKind.insert(QStringLiteral("k8s-pods"), k8s.podFiles());
        t.k8sEventsShape = o.k8sEventsShape;
        t.capturedAt = QDateTime::fromSecsSinceEpoch(sc.captureTime / kSec, QTimeZone::UTC);
    }
    QJsonObject truthJson = t.toJson();
    if (!t.sidecar.isEmpty()) // bundles without sidecars keep their bytes
        truthJson.insert(QStringLiteral("sidecar"), t.sidecarJson());
    const QByteArray json = QJsonDocument(truthJson).toJson(QJsonDocument::Indented);
    if (!writeOutputFile(QDir(outDir).filePath(QStringLiteral("truth.json")), json.constData(), size_t(json.size()), -1, error))
        return false;
    if (truth)
        *truth = t;
    return true;
}

} // namespace gateline
