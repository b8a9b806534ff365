// The headless commands' uses of QtNetwork (core/live: S3 inputs, Prometheus, the Kubernetes API),
// in one table that the program linking them gives runHeadlessCommand (headlessmain.h):
// gateline-workbench links them (gateline_cli_net, networkcommands.cpp); `gateline` does not, so
// that a local analysis loads QtCore alone (QtNetwork and the libraries it pulls in were most of
// its start-up), and it starts gateline-workbench with the same arguments for a command that needs
// them (main.cpp): capture, and analyze with s3:// inputs, --s3-endpoint or --prometheus.
#pragma once

#include "capturecommand.h"
#include "prometheusoption.h"
#include "s3inputs.h"

#include <QStringList>

#include <algorithm>

struct NetworkCommands {
    decltype(&::loadInputs) loadInputs;
    decltype(&::queryPrometheusForAnalyze) queryPrometheus;
    decltype(&::runCaptureCommand) capture;
};

// gateline_cli_net's table.
const NetworkCommands &networkCommands();

// Whether any input is an S3 URL (s3://bucket/key or prefix; core/live's isS3Url).
inline bool anyS3Input(const QStringList &inputs)
{
    return std::any_of(inputs.begin(), inputs.end(),
                       [](const QString &i) { return i.startsWith(QLatin1StringView("s3://"), Qt::CaseInsensitive); });
}
