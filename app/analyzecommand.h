// `gateline analyze`: headless analysis of files, folders and archives.
#pragma once

#include <QStringList>

#include <optional>

struct NetworkCommands; // networkcommands.h

// Nothing (before reading anything) when the analysis needs network (S3 inputs, --s3-endpoint,
// --prometheus) and it is null.
std::optional<int> runAnalyzeCommand(const QStringList &args, const NetworkCommands *network);
