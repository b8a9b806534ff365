// Starts the workbench window with the files, folders, archives or investigation given.
#include "guimain.h"

#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

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
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("Log files, folders, archives or a .gateline investigation to open"),
                                 QStringLiteral("[PATH...]"));
    parser.process(app);

    gateline::MainWindow window;
    window.show();
    const QStringList paths = parser.positionalArguments();
    if (!paths.isEmpty())
        window.openPaths(paths);
    return app.exec();
}
