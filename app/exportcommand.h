// `gateline export PATH... --to DIR [--from TIME] [--until TIME] [--formats LIST]`: writes the postmortem
// draft, the aligned timeline (CSV, JSON), the chart (PNG, SVG) and the HTML report into DIR.
#pragma once

#include <QStringList>

// args: the arguments after "export". Exit codes as `gateline analyze`: 0 written, 2 usage error,
// 3 nothing recognisable, 1 internal or write error. Renders the chart, so it needs a QGuiApplication
// on the offscreen platform: create one before calling (qputenv("QT_QPA_PLATFORM", "offscreen");
// QGuiApplication app(argc, argv);). If no application object exists yet, it creates that itself.
int runExportCommand(const QStringList &args);
