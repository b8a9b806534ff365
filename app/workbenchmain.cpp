// gateline-workbench: the workbench window (with the given files, folders or archives open) and
// `export`; `gateline`, which users run, executes it for those (main.cpp). It runs the headless
// commands (analyze, generate, capture) too, with what they need QtNetwork for, which `gateline`
// hands to it (networkcommands.h).
#include "exportcommand.h"
#include "guimain.h"
#include "headlessmain.h"
#include "networkcommands.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdio>
#include <exception>

namespace {
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
    if (const std::optional<int> code = runHeadlessCommand(argc, argv, &networkCommands()))
        return *code;
    const QString command = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
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
    if (!hasDisplay()) {
        std::fprintf(stderr,
                     "gateline: no display to open the workbench on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                     "  Run it under xvfb-run, or analyse headless: gateline analyze PATH...\n");
        return 2;
    }
    return runGui(argc, argv);
}
