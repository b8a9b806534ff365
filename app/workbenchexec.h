// `gateline` runs the headless commands itself and leaves the workbench window and export, which
// need QtGui and the widgets, to gateline-workbench beside it (app/CMakeLists.txt).
#pragma once

// Replaces this process with gateline-workbench, given the same arguments (argv[1..]). Returns
// only if that failed (after saying why on stderr), with exit code 1.
int execWorkbench(int argc, char **argv);
