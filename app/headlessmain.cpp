#include "headlessmain.h"

#include "analyzecommand.h"
#include "generatecommand.h"
#include "networkcommands.h"
#include "usage.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <exception>

std::optional<int> runHeadlessCommand(int argc, char **argv, const NetworkCommands *network)
{
    const char *command = argc > 1 ? argv[1] : "";
    auto is = [command](const char *name) { return std::strcmp(command, name) == 0; };
    if (is("capture") && !network)
        return std::nullopt;
    if (is("analyze") || is("generate") || is("capture")) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("gateline"));
        QCoreApplication::setApplicationVersion(QStringLiteral(GATELINE_VERSION));
        const QStringList args = app.arguments().mid(2);
        try {
            if (is("analyze"))
                return runAnalyzeCommand(args, network);
            if (is("capture"))
                return network->capture(args);
            return runGenerateCommand(args);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "gateline: internal error: %s\n", e.what());
            return 1;
        }
    }
    if (is("--help") || is("-h") || is("help")) {
        QCoreApplication app(argc, argv);
        printUsage();
        return 0;
    }
    if (is("--version") || is("-v")) {
        std::printf("gateline %s\n", GATELINE_VERSION);
        return 0;
    }
    return std::nullopt;
}
