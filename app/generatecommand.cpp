#include "generatecommand.h"

#include "generator/bundlegenerator.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimeZone>
#include <cstdio>

using namespace gateline;

namespace {

QString helpText()
{
    return QStringLiteral(
               "Usage: gateline generate [options] --out DIR\n"
               "\n"
               "Writes a realistic, deterministic incident bundle: ALB access logs (AWS layout, .gz per\n"
               "5-minute slice and node), ingress logs, Kubernetes events and pods, and truth.json with\n"
               "the counts and incident windows the analysis should find.\n"
               "\n"
               "Options:\n"
               "  --out DIR            output folder (created if needed; required)\n"
               "  --cause C            root cause to stage (default graceful-shutdown):\n"
               "                       %1\n"
               "                       or two joined with '+' acting together (graceful-shutdown+keepalive-mismatch)\n"
               "  --ingress KIND       nginx | traefik | traefik-json | none (default nginx)\n"
               "  --skew SECONDS       the ingress clock runs this far ahead of the ALB (default 0)\n"
               "  --replica-skew S     each controller replica's node clock adds its own skew, drawn\n"
               "                       within +-S seconds (default 2; 0: one clock for all)\n"
               "  --ingress-client C   what the ingress logs as the client: alb-node (the ALB node's\n"
               "                       private IP, default) | real (the client's IP)\n"
               "  --alb-scheme S       internal (default; ALB file names carry the node's private IP) |\n"
               "                       internet-facing (they carry its public IP)\n"
               "  --alb-target-type T  ip (default; the ALB's targets are the ingress pods) | instance\n"
               "                       (their nodes' NodePort, externalTrafficPolicy Local) | pod (the\n"
               "                       app's own pods, no ingress in the path; needs --ingress none)\n"
               "  --ingress-trace-id   the ingress log format carries X-Amzn-Trace-Id (off by default)\n"
               "  --cdn KIND           a CDN in front of the ALB, its log written too: none (default) |\n"
               "                       cloudfront | cloudflare (cause cdn-hides-origin: cloudfront unless set)\n"
               "  --sidecar KIND       none (default) | istio: an Istio sidecar in front of each app pod,\n"
               "                       its access log (istio-proxy) written in the ingress shape\n"
               "  --ingress-shape S    how the ingress logs were collected (default kubectl):\n"
               "                       %2\n"
               "  --timings T          wide (default: readiness gaps, endpoint propagation, SIGTERM and\n"
               "                       restart delays from wide real-world ranges) | narrow | extreme\n"
               "                       (removal lag and readiness gap 0-60 s, spike 1.2-6x, keep-alive\n"
               "                       502 rate 0.2-3x: the accuracy study's draws)\n"
               "  --legacy             the first generator's output: real client IPs, internet-facing,\n"
               "                       one ingress clock, files shape, narrow timings (flags override)\n"
               "  --rate RPS           mean requests per second (default 20)\n"
               "  --minutes M          window length in minutes (default 30)\n"
               "  --seed N             seed for names and randomness (default 1)\n"
               "  --alb-lines N        about N ALB lines instead of rate x duration (benchmark)\n"
               "  --alb-nodes N        load-balancer nodes, one file each per slice (default 2)\n"
               "  --start ISO          window start, UTC (default 2026-11-21T10:00:00Z)\n"
               "  --timezone TZ        IANA zone of the ingress logs (default UTC)\n"
               "  --no-noise           no unrelated events, no stray app 502s\n"
               "  --events-shape S     how the Kubernetes events were collected (default json):\n"
               "                       json | get-events | get-events-wide | kubectl-events | describe\n"
               "                       (kubectl's text, ages counted back from the capture time)\n"
               "  --no-k8s             do not write k8s/events.json and k8s/pods.json\n"
               "  --threads N          gzip workers (default: one per core)\n"
               "  -h, --help           show this help\n")
        .arg(GeneratorOptions::causes().join(QLatin1Char(' ')), GeneratorOptions::ingressShapes().join(QLatin1Char(' ')));
}

int usageError(const QString &message)
{
    std::fprintf(stderr, "gateline generate: %s\nTry 'gateline generate --help'.\n", qPrintable(message));
    return 2;
}

} // namespace

int runGenerateCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption out(QStringLiteral("out"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption cause(QStringLiteral("cause"), QString(), QStringLiteral("C"));
    const QCommandLineOption ingress(QStringLiteral("ingress"), QString(), QStringLiteral("KIND"));
    const QCommandLineOption skew(QStringLiteral("skew"), QString(), QStringLiteral("SECONDS"));
    const QCommandLineOption rate(QStringLiteral("rate"), QString(), QStringLiteral("RPS"));
    const QCommandLineOption minutes(QStringLiteral("minutes"), QString(), QStringLiteral("M"));
    const QCommandLineOption seed(QStringLiteral("seed"), QString(), QStringLiteral("N"));
    const QCommandLineOption albLines(QStringLiteral("alb-lines"), QString(), QStringLiteral("N"));
    const QCommandLineOption albNodes(QStringLiteral("alb-nodes"), QString(), QStringLiteral("N"));
    const QCommandLineOption start(QStringLiteral("start"), QString(), QStringLiteral("ISO"));
    const QCommandLineOption timezone(QStringLiteral("timezone"), QString(), QStringLiteral("TZ"));
    const QCommandLineOption noNoise(QStringLiteral("no-noise"), QString());
    const QCommandLineOption noK8s(QStringLiteral("no-k8s"), QString());
    const QCommandLineOption threads(QStringLiteral("threads"), QString(), QStringLiteral("N"));
    const QCommandLineOption replicaSkew(QStringLiteral("replica-skew"), QString(), QStringLiteral("S"));
    const QCommandLineOption ingressClient(QStringLiteral("ingress-client"), QString(), QStringLiteral("C"));
    const QCommandLineOption albScheme(QStringLiteral("alb-scheme"), QString(), QStringLiteral("S"));
    const QCommandLineOption ingressShape(QStringLiteral("ingress-shape"), QString(), QStringLiteral("S"));
    const QCommandLineOption albTargetType(QStringLiteral("alb-target-type"), QString(), QStringLiteral("T"));
    const QCommandLineOption legacy(QStringLiteral("legacy"), QString());
    const QCommandLineOption ingressTraceId(QStringLiteral("ingress-trace-id"), QString());
    const QCommandLineOption timings(QStringLiteral("timings"), QString(), QStringLiteral("T"));
    const QCommandLineOption cdn(QStringLiteral("cdn"), QString(), QStringLiteral("KIND"));
    const QCommandLineOption sidecar(QStringLiteral("sidecar"), QString(), QStringLiteral("KIND"));
    const QCommandLineOption eventsShape(QStringLiteral("events-shape"), QString(), QStringLiteral("S"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QString());
    p.addOptions({out, cause, ingress, skew, rate, minutes, seed, albLines, albNodes, start, timezone, noNoise, noK8s,
                  threads, replicaSkew, ingressClient, albScheme, albTargetType, ingressShape, legacy, timings, ingressTraceId, cdn, help});
    p.addOption(sidecar);
    p.addOption(eventsShape);
    if (!p.parse(QStringList{QStringLiteral("gateline-generate")} + args))
        return usageError(p.errorText());
    if (p.isSet(help)) {
        std::fputs(qPrintable(helpText()), stdout);
        return 0;
    }
    if (!p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().constFirst()));
    if (!p.isSet(out) || p.value(out).isEmpty())
        return usageError(QStringLiteral("--out DIR is required"));

    GeneratorOptions o = p.isSet(legacy) ? GeneratorOptions::legacy() : GeneratorOptions();
    bool ok = true;
    if (p.isSet(cause))
        o.cause = p.value(cause);
    if (QString why; !GeneratorOptions::validCause(o.cause, &why))
        return usageError(why);
    if (p.isSet(ingress))
        o.ingress = p.value(ingress);
    if (!GeneratorOptions::ingressKinds().contains(o.ingress))
        return usageError(QStringLiteral("unknown ingress '%1' (one of: %2)")
                              .arg(o.ingress, GeneratorOptions::ingressKinds().join(QLatin1String(", "))));
    if (p.isSet(skew) && (o.ingressSkewSeconds = p.value(skew).toDouble(&ok), !ok))
        return usageError(QStringLiteral("--skew wants a number of seconds, not '%1'").arg(p.value(skew)));
    if (p.isSet(replicaSkew) && (o.replicaSkewSeconds = p.value(replicaSkew).toDouble(&ok), !ok || o.replicaSkewSeconds < 0 || o.replicaSkewSeconds > 3600))
        return usageError(QStringLiteral("--replica-skew wants 0 to 3600 seconds, not '%1'").arg(p.value(replicaSkew)));
    if (p.isSet(ingressClient))
        o.ingressClient = p.value(ingressClient);
    if (p.isSet(ingressTraceId))
        o.ingressTraceId = true;
    if (!GeneratorOptions::ingressClients().contains(o.ingressClient))
        return usageError(QStringLiteral("unknown ingress client '%1' (one of: %2)")
                              .arg(o.ingressClient, GeneratorOptions::ingressClients().join(QLatin1String(", "))));
    if (p.isSet(albScheme))
        o.albScheme = p.value(albScheme);
    if (!GeneratorOptions::albSchemes().contains(o.albScheme))
        return usageError(QStringLiteral("unknown ALB scheme '%1' (one of: %2)")
                              .arg(o.albScheme, GeneratorOptions::albSchemes().join(QLatin1String(", "))));
    if (p.isSet(albTargetType))
        o.albTargetType = p.value(albTargetType);
    if (!GeneratorOptions::albTargetTypes().contains(o.albTargetType))
        return usageError(QStringLiteral("unknown ALB target type '%1' (one of: %2)")
                              .arg(o.albTargetType, GeneratorOptions::albTargetTypes().join(QLatin1String(", "))));
    if (p.isSet(cdn))
        o.cdn = p.value(cdn);
    if (!GeneratorOptions::cdnKinds().contains(o.cdn))
        return usageError(QStringLiteral("unknown CDN '%1' (one of: %2)").arg(o.cdn, GeneratorOptions::cdnKinds().join(QLatin1String(", "))));
    if (p.isSet(sidecar))
        o.sidecar = p.value(sidecar);
    if (!GeneratorOptions::sidecarKinds().contains(o.sidecar))
        return usageError(QStringLiteral("unknown sidecar '%1' (one of: %2)").arg(o.sidecar, GeneratorOptions::sidecarKinds().join(QLatin1String(", "))));
    if (p.isSet(eventsShape))
        o.k8sEventsShape = p.value(eventsShape);
    if (!GeneratorOptions::k8sEventsShapes().contains(o.k8sEventsShape))
        return usageError(QStringLiteral("unknown events shape '%1' (one of: %2)")
                              .arg(o.k8sEventsShape, GeneratorOptions::k8sEventsShapes().join(QLatin1String(", "))));
    if (p.isSet(ingressShape))
        o.ingressShape = p.value(ingressShape);
    if (!GeneratorOptions::ingressShapes().contains(o.ingressShape))
        return usageError(QStringLiteral("unknown ingress shape '%1' (one of: %2)")
                              .arg(o.ingressShape, GeneratorOptions::ingressShapes().join(QLatin1String(", "))));
    if (p.isSet(timings)) {
        const QString t = p.value(timings);
        if (t != QLatin1String("wide") && t != QLatin1String("narrow") && t != QLatin1String("extreme"))
            return usageError(QStringLiteral("--timings wants wide, narrow or extreme, not '%1'").arg(t));
        o.wideTimings = t != QLatin1String("narrow");
        o.extremeTimings = t == QLatin1String("extreme");
    }
    if (p.isSet(rate) && (o.requestsPerSecond = p.value(rate).toDouble(&ok), !ok || o.requestsPerSecond <= 0))
        return usageError(QStringLiteral("--rate wants a positive number, not '%1'").arg(p.value(rate)));
    if (p.isSet(minutes) && (o.durationMinutes = p.value(minutes).toInt(&ok), !ok || o.durationMinutes < 1 || o.durationMinutes > 1440))
        return usageError(QStringLiteral("--minutes wants 1 to 1440, not '%1'").arg(p.value(minutes)));
    if (p.isSet(seed) && (o.seed = p.value(seed).toUInt(&ok), !ok))
        return usageError(QStringLiteral("--seed wants a non-negative integer below 2^32, not '%1'").arg(p.value(seed)));
    if (p.isSet(albLines) && (o.targetAlbLines = p.value(albLines).toLongLong(&ok), !ok || o.targetAlbLines < 1 || o.targetAlbLines > 100000000))
        return usageError(QStringLiteral("--alb-lines wants 1 to 100000000, not '%1'").arg(p.value(albLines)));
    if (p.isSet(albNodes) && (o.albNodes = p.value(albNodes).toInt(&ok), !ok || o.albNodes < 1 || o.albNodes > 8))
        return usageError(QStringLiteral("--alb-nodes wants 1 to 8, not '%1'").arg(p.value(albNodes)));
    if (p.isSet(threads) && (o.threads = p.value(threads).toInt(&ok), !ok || o.threads < 1 || o.threads > 256))
        return usageError(QStringLiteral("--threads wants 1 to 256, not '%1'").arg(p.value(threads)));
    if (p.isSet(start)) {
        QDateTime t = QDateTime::fromString(p.value(start), Qt::ISODateWithMs);
        if (!t.isValid())
            t = QDateTime::fromString(p.value(start), Qt::ISODate);
        if (!t.isValid())
            return usageError(QStringLiteral("--start wants an ISO 8601 time such as 2026-11-21T10:00:00Z, not '%1'").arg(p.value(start)));
        if (t.timeSpec() == Qt::LocalTime)
            t.setTimeZone(QTimeZone::UTC);
        o.start = t.toUTC();
    }
    if (p.isSet(timezone)) {
        o.timezone = p.value(timezone);
        if (!QTimeZone(o.timezone.toUtf8()).isValid())
            return usageError(QStringLiteral("unknown time zone '%1' (an IANA name such as Europe/Berlin)").arg(o.timezone));
    }
    o.noise = !p.isSet(noNoise);
    o.writeK8s = !p.isSet(noK8s);

    QElapsedTimer timer;
    timer.start();
    GeneratorTruth truth;
    QString error;
    if (!generateBundle(o, p.value(out), &truth, &error)) {
        std::fprintf(stderr, "gateline generate: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("generated %s (seed %u, ingress %s, %s shape) in %s: %lld ALB requests, %lld 502s (%lld missing-upstream; "
                "origin alb %lld, ingress %lld, app %lld), %lld files, %.1f s\n",
                qPrintable(o.cause), o.seed, qPrintable(o.ingress), qPrintable(o.ingressShape), qPrintable(p.value(out)), truth.requests,
                truth.status502, truth.missingUpstream502, truth.origin502Alb, truth.origin502Ingress, truth.origin502App,
                qint64(truth.files.size()) + 1, double(timer.elapsed()) / 1000.0);
    if (!truth.sidecar.isEmpty())
        std::printf("%s sidecars: %lld access lines, %lld 502s they made (origin sidecar), %lld 503s they answered for a gone app\n",
                    qPrintable(truth.sidecar), truth.sidecarLines, truth.origin502Sidecar, truth.sidecarMade503);
    return 0;
}
