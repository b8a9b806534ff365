// `gateline capture`: live capture of Kubernetes events and pods into a bundle folder.
#pragma once

#include <QStringList>

// Exit codes: 0 captured (until --duration or SIGINT/SIGTERM), 2 usage or settings error,
// 4 a source failed (what was captured is still saved), 1 internal error.
int runCaptureCommand(const QStringList &args);
