// `gateline analyze`: headless analysis of files, folders and archives.
#pragma once

#include <QStringList>

int runAnalyzeCommand(const QStringList &args);
