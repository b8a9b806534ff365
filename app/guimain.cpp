// Starts the workbench window with the files, folders, archives or investigation given.
#include "guimain.h"

#include "analysisarguments.h"
#include "investigationsession.h"
#include "mainwindow.h"
#include "s3opendialog.h"

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
    const QCommandLineOption s3Endpoint(QStringLiteral("s3-endpoint"),
                                        QStringLiteral("S3-compatible endpoint for s3:// paths, e.g. http://127.0.0.1:7480."),
                                        QStringLiteral("URL"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Range start for s3:// paths (RFC 3339)."),
                                  QStringLiteral("TIME"));
    const QCommandLineOption until(QStringLiteral("until"), QStringLiteral("Range end for s3:// paths (RFC 3339)."),
                                   QStringLiteral("TIME"));
    parser.addOptions({s3Endpoint, from, until});
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
    if (parser.isSet(s3Endpoint))
        gateline::setWorkbenchS3Endpoint(parser.value(s3Endpoint));
    gateline::IngestRange range;
    for (const auto &[option, out] : {std::pair{&from, &range.fromUs}, std::pair{&until, &range.untilUs}}) {
        gateline::Timestamp t;
        if (parser.isSet(*option) && !parseTimeArgument(parser.value(*option), &t)) {
            std::fprintf(stderr, "gateline: --%s wants an RFC 3339 time\n", qPrintable(option->names().first()));
            return 2;
        }
        if (parser.isSet(*option))
            *out = t.us;
    }
    const bool anyS3 = std::any_of(paths.begin(), paths.end(), [](const QString &p) { return gateline::isS3Url(p); });
    if (anyS3) {
        // s3:// paths: the range from --from/--until (the window's own dialog is for local files).
        window.session()->setIngestRange(range);
        window.session()->open(paths, captureTime);
    } else if (!paths.isEmpty()) {
        window.openPathsCapturedAt(paths, captureTime);
    }
    return app.exec();
}
