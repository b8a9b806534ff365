// The commands both programs run without a window (main.cpp, workbenchmain.cpp): analyze, generate
// and capture, the usage text and the version. QtCore only: what needs QtNetwork comes in network.
#pragma once

#include <optional>

struct NetworkCommands; // networkcommands.h

// The exit code of the headless command argv[1] names; nothing if it names none (the window,
// export), or if network is null and the command needs it (capture, an analysis of S3 inputs or
// with --prometheus): the caller then starts the program that has it.
std::optional<int> runHeadlessCommand(int argc, char **argv, const NetworkCommands *network);
