#include "capturecommand.h"

#include "live/clustercapture.h"
#include "live/ingresspoddiscovery.h"
#include "live/podlogfetcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>

using namespace gateline;

namespace {

std::atomic<int> g_signal{0};

extern "C" void onStopSignal(int sig)
{
    g_signal.store(sig);
}

int usageError(const QString &message)
{
    QTextStream(stderr) << "gateline capture: " << message << "\nTry 'gateline capture --help'.\n";
    return 2;
}

QString countsLine(const CaptureCounts &c, qint64 elapsedMs)
{
    QString line = QStringLiteral("capture: %1 s  events %2  pods %3  updates %4  relists %5  retries %6  sources %7/%8")
                       .arg(elapsedMs / 1000)
                       .arg(c.events)
                       .arg(c.pods)
                       .arg(c.updates)
                       .arg(c.relists)
                       .arg(c.retries)
                       .arg(c.watching)
                       .arg(c.sources);
    if (c.failed > 0)
        line += QStringLiteral("  failed %1").arg(c.failed);
    if (c.logs > 0)
        line += QStringLiteral("  ingress logs %1/%2 reading, %3 bytes").arg(c.logsReading).arg(c.logs).arg(c.logBytes);
    return line;
}

// "ingress logs: NS/POD 1234 bytes, NS/POD 99 bytes": bytes per pod (previous instances included).
QString podBytesLine(const PodLogFetcher *logs)
{
    if (!logs || logs->streams().empty())
        return {};
    QMap<QString, qint64> perPod;
    for (const auto &s : logs->streams())
        perPod[s->target().ns + QLatin1Char('/') + s->target().pod] += s->bytes();
    QStringList parts;
    for (auto it = perPod.cbegin(); it != perPod.cend(); ++it)
        parts << QStringLiteral("%1 %2 bytes").arg(it.key()).arg(it.value());
    return QStringLiteral("ingress logs: ") + parts.join(QStringLiteral(", "));
}

} // namespace

int runCaptureCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Capture Kubernetes events (core/v1 and events.k8s.io/v1) and pods from a cluster into a bundle folder, "
        "listing and then watching them, until --duration ends or SIGINT/SIGTERM (Ctrl+C). Kubernetes keeps events "
        "for one hour: capture them while the incident runs.\n"
        "Sources: a `kubectl proxy` URL (http://127.0.0.1:8001), or an API server URL with --token-file and "
        "--ca-file. TLS certificates are verified. The token is never written anywhere.\n"
        "Also reads the ingress controller pods' logs (found by --ingress-selector, or by the well-known labels of "
        "ingress-nginx, Traefik, RKE2, NGINX Inc., Contour/Envoy, Istio and the AWS Load Balancer Controller), from an "
        "hour before the start on (the reach of the events), every container, and the crashed instance of a "
        "restarted one; this needs the permission pods/log get.\n"
        "Writes DIR/k8s-events.json, DIR/k8s-pods.json, DIR/ingress-logs/NS/POD_CONTAINER[.previous].log (as "
        "`kubectl logs --prefix --timestamps`; open DIR with gateline) and DIR/.gateline-capture.json.\n"
        "Exit codes: 0 captured, 2 usage or settings error, 4 a source failed (what was captured is saved), "
        "1 internal error."));
    p.addHelpOption();
    const QCommandLineOption apiServer(QStringLiteral("api-server"),
                                       QStringLiteral("API server or kubectl proxy URL."), QStringLiteral("URL"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
                                       QStringLiteral("File holding a bearer token (e.g. a service account token)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    QStringLiteral("CA certificate(s) of the cluster, PEM (instead of the system's)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption insecure(QStringLiteral("insecure-skip-tls-verify"),
                                      QStringLiteral("Do not verify the server's certificate (unsafe)."));
    const QCommandLineOption ns({QStringLiteral("n"), QStringLiteral("namespace")},
                                QStringLiteral("Namespace to capture (repeat for several; default: all)."),
                                QStringLiteral("NS"));
    const QCommandLineOption out({QStringLiteral("o"), QStringLiteral("out")},
                                 QStringLiteral("Bundle folder to write into (created if needed)."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Stop after this many seconds (default: until interrupted)."),
                                      QStringLiteral("SECONDS"));
    const QCommandLineOption retries(QStringLiteral("retries"),
                                     QStringLiteral("Failed attempts in a row before a source gives up (default 5)."),
                                     QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds without an answer before a request fails (default 20)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("20"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("No live counts on stderr."));
    const QCommandLineOption ingressSelector(
        QStringLiteral("ingress-selector"),
        QStringLiteral("Label selector of the ingress controller pods whose logs to read (default: auto-detect: %1).")
            .arg(IngressPodDiscovery::wellKnownSelectors().join(QStringLiteral("; "))),
        QStringLiteral("SELECTOR"));
    const QCommandLineOption ingressNamespace(QStringLiteral("ingress-namespace"),
                                              QStringLiteral("Namespace of the ingress controller (default: all)."),
                                              QStringLiteral("NS"));
    const QCommandLineOption ingressLimit(QStringLiteral("ingress-log-limit"),
                                          QStringLiteral("Bound of each container's log, MiB (default 256); the rest is "
                                                         "cut off and said so."),
                                          QStringLiteral("MIB"), QStringLiteral("256"));
    const QCommandLineOption noIngressLogs(QStringLiteral("no-ingress-logs"),
                                           QStringLiteral("Do not read the ingress controller logs."));
    p.addOptions({apiServer, tokenFile, caFile, insecure, ns, out, duration, retries, timeout, quiet, ingressSelector,
                  ingressNamespace, ingressLimit, noIngressLogs});
    QStringList argv = args;
    argv.prepend(QStringLiteral("gateline capture"));
    if (!p.parse(argv))
        return usageError(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << p.helpText().replace(QStringLiteral("gateline capture [options]"),
                                                    QStringLiteral("gateline capture --api-server URL --out DIR [options]"));
        return 0;
    }
    if (!p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));
    if (!p.isSet(apiServer))
        return usageError(QStringLiteral("--api-server URL is required"));
    if (!p.isSet(out))
        return usageError(QStringLiteral("--out DIR is required"));
    bool ok = false;
    double seconds = 0;
    if (p.isSet(duration)) {
        seconds = p.value(duration).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 30 * 86400)
            return usageError(QStringLiteral("--duration takes a number of seconds > 0"));
    }
    RetryPolicy policy;
    policy.maxAttempts = p.value(retries).toInt(&ok);
    if (!ok || policy.maxAttempts < 1 || policy.maxAttempts > 100)
        return usageError(QStringLiteral("--retries takes a number from 1 to 100"));
    const double timeoutSeconds = p.value(timeout).toDouble(&ok);
    if (!ok || timeoutSeconds < 0.1 || timeoutSeconds > 3600)
        return usageError(QStringLiteral("--timeout takes seconds from 0.1 to 3600"));
    policy.transferTimeoutMs = int(timeoutSeconds * 1000);
    const double limitMiB = p.value(ingressLimit).toDouble(&ok);
    if (!ok || limitMiB < 0.001 || limitMiB > 1024 * 1024)
        return usageError(QStringLiteral("--ingress-log-limit takes MiB from 0.001 to 1048576"));

    ClusterSettings settings;
    settings.apiServer = QUrl::fromUserInput(p.value(apiServer));
    settings.tokenFile = p.value(tokenFile);
    settings.caFile = p.value(caFile);
    settings.insecureSkipTlsVerify = p.isSet(insecure);
    for (const QString &v : p.values(ns)) {
        for (const QString &n : v.split(QLatin1Char(','), Qt::SkipEmptyParts))
            settings.namespaces << n.trimmed();
    }
    settings.ingressLogs = !p.isSet(noIngressLogs);
    settings.ingressSelector = p.value(ingressSelector).trimmed();
    settings.ingressNamespace = p.value(ingressNamespace).trimmed();
    settings.ingressLogLimitBytes = std::max<qint64>(1024, qint64(limitMiB * 1024 * 1024));

    QTextStream err(stderr);
    ClusterCapture capture(settings, p.value(out), policy);
    QElapsedTimer clock;
    clock.start();
    bool finished = false;
    bool success = false;
    QObject::connect(&capture, &ClusterCapture::message, [&](const QString &m) {
        err << "gateline capture: " << m << '\n';
        err.flush();
    });
    QObject::connect(&capture, &ClusterCapture::finished, [&](bool ok, const QString &summary) {
        finished = true;
        success = ok;
        err << summary << '\n';
        err.flush();
        QCoreApplication::exit(0);
    });

    LiveError error;
    if (!capture.start(&error)) {
        err << "gateline capture: " << error.message << '\n';
        return 2;
    }
    if (settings.insecureSkipTlsVerify)
        err << "gateline capture: warning: TLS certificates are not verified.\n";
    err << "gateline capture: capturing from " << displayUrl(settings.apiServer) << " into " << p.value(out)
        << (seconds > 0 ? QStringLiteral(" for %1 s").arg(seconds) : QStringLiteral(" until Ctrl+C")) << '\n';
    err.flush();

    g_signal.store(0);
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);

    // Live counts every 2 s when they change; stop on --duration or a signal.
    QString lastLine;
    QString lastPodLine;
    const bool showCounts = !p.isSet(quiet);
    QTimer poll;
    poll.setInterval(100);
    qint64 lastPrint = -1;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (finished)
            return;
        if (const int sig = g_signal.load()) {
            err << "gateline capture: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ": stopping, saving files\n";
            err.flush();
            capture.stop();
            return;
        }
        if (seconds > 0 && clock.elapsed() >= qint64(seconds * 1000)) {
            capture.stop();
            return;
        }
        if (showCounts && (lastPrint < 0 || clock.elapsed() - lastPrint >= 2000)) {
            const QString line = countsLine(capture.counts(), clock.elapsed());
            const QString key = line.section(QStringLiteral("  "), 1);
            if (key != lastLine) {
                err << line << '\n';
                err.flush();
                lastLine = key;
            }
            const QString podLine = podBytesLine(capture.ingressLogs());
            if (!podLine.isEmpty() && podLine != lastPodLine) {
                err << podLine << '\n';
                err.flush();
                lastPodLine = podLine;
            }
            lastPrint = clock.elapsed();
        }
    });
    poll.start();
    if (!finished)
        QCoreApplication::exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (showCounts) {
        err << countsLine(capture.counts(), clock.elapsed()) << '\n';
        const QString podLine = podBytesLine(capture.ingressLogs());
        if (!podLine.isEmpty())
            err << podLine << '\n';
        for (const QString &f : capture.writtenFiles())
            err << "wrote " << f << '\n';
    }
    return success ? 0 : 4;
}
