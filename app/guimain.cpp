// Starts the workbench window with the files, folders, archives or investigation given.
#include "guimain.h"

#include "analysisarguments.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimeZone>

#include <cstdio>

int runGui(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gateline"));
    QApplication::setOrganizationDomain(QStringLiteral("gateline.example.org"));
    QApplication::setApplicationName(QStringLiteral("Gateline"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gateline"));
    QApplication::setApplicationVersion(QStringLiteral(GATELINE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(GATELINE_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gateline.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Investigation workbench for intermittent HTTP 502s"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption capturedAt(
        QStringLiteral("captured-at"),
        QStringLiteral("When kubectl output with relative ages (get events, describe) was captured, RFC 3339, e.g. "
                       "2024-06-02T10:30:00Z (default: a time line in the file, else its modification time)."),
        QStringLiteral("TIME"));
    parser.addOption(capturedAt);
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("Log files, folders, archives or a .gateline investigation to open"),
                                 QStringLiteral("[PATH...]"));
    parser.process(app);
    QDateTime captureTime;
    if (parser.isSet(capturedAt)) {
        gateline::Timestamp t;
        if (!parseTimeArgument(parser.value(capturedAt), &t)) {
            std::fprintf(stderr, "gateline: --captured-at wants an RFC 3339 time, e.g. 2024-06-02T10:30:00Z\n");
            return 2;
        }
        captureTime = QDateTime::fromMSecsSinceEpoch(t.us / 1000, QTimeZone::UTC);
    }

    gateline::MainWindow window;
    window.show();
    const QStringList paths = parser.positionalArguments();
    if (!paths.isEmpty())
        window.openPathsCapturedAt(paths, captureTime);
    return app.exec();
}
