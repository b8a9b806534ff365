// The commands both programs run without a window (main.cpp, workbenchmain.cpp): analyze, generate
// and capture, the usage text and the version. QtCore only.
#pragma once

#include <optional>

// The exit code of the headless command argv[1] names; nothing if it names none (the window, export).
std::optional<int> runHeadlessCommand(int argc, char **argv);
