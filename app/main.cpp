// Entry point: `gateline analyze|generate|capture|export ...` run headless; anything else starts the GUI
// with the given files, folders or archives open.
#include "analyzecommand.h"
#include "capturecommand.h"
#include "exportcommand.h"
#include "generatecommand.h"
#include "guimain.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdio>
#include <exception>

namespace {
void printUsage()
{
    QTextStream(stdout) << QStringLiteral(
        "Usage:\n"
        "  gateline [PATH...]                     open the workbench (with a bundle)\n"
        "  gateline --captured-at TIME PATH...    open it, counting kubectl ages back from TIME (RFC 3339)\n"
        "  gateline --version                     print the version\n"
        "  gateline analyze [options] PATH...     analyse headless (gateline analyze --help)\n"
        "  gateline generate [options] --out DIR  write a realistic incident bundle (gateline generate --help)\n"
        "  gateline capture --api-server URL --out DIR [options]\n"
        "                                         capture Kubernetes events and pods (gateline capture --help)\n"
        "  gateline export [options] PATH... --to DIR\n"
        "                                         write the postmortem draft, timeline CSV/JSON, chart PNG/SVG and\n"
        "                                         an HTML report (gateline export --help)\n");
}
// Whether a GUI can start: a display, or a platform chosen explicitly (offscreen, vnc, ...).
bool hasDisplay()
{
#if defined(Q_OS_LINUX)
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
#else
    return true;
#endif
}
} // namespace

int main(int argc, char **argv)
{
    const QString command = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (command == QLatin1String("analyze") || command == QLatin1String("generate")
        || command == QLatin1String("capture")) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("gateline"));
        QCoreApplication::setApplicationVersion(QStringLiteral(GATELINE_VERSION));
        QStringList args = app.arguments().mid(2);
        try {
            if (command == QLatin1String("analyze"))
                return runAnalyzeCommand(args);
            if (command == QLatin1String("capture"))
                return runCaptureCommand(args);
            return runGenerateCommand(args);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "gateline: internal error: %s\n", e.what());
            return 1;
        }
    }
    if (command == QLatin1String("export")) {
        // The chart is drawn with QPainter and needs fonts, so a (headless) GUI application.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("gateline"));
        try {
            return runExportCommand(app.arguments().mid(2));
        } catch (const std::exception &e) {
            std::fprintf(stderr, "gateline: internal error: %s\n", e.what());
            return 1;
        }
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        QCoreApplication app(argc, argv);
        printUsage();
        return 0;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        std::printf("gateline %s\n", GATELINE_VERSION);
        return 0;
    }
    if (!hasDisplay()) {
        std::fprintf(stderr,
                     "gateline: no display to open the workbench on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                     "  Run it under xvfb-run, or analyse headless: gateline analyze PATH...\n");
        return 2;
    }
    return runGui(argc, argv);
}
