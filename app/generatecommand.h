// `gateline generate ...`: writes a realistic incident bundle for a chosen root cause.
#pragma once

#include <QStringList>

// args: the arguments after the word `generate`. Returns the process exit code (0 ok, 1 failure,
// 2 usage error).
int runGenerateCommand(const QStringList &args);
