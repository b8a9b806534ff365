// `gateline`: the headless commands (analyze, generate) run in this program, which loads QtCore
// only; the workbench window (`gateline [PATH...]`) and `export`, which need QtGui, the widgets and
// Charts, and what needs QtNetwork (capture; analyze of s3:// inputs or with --prometheus;
// networkcommands.h) run in gateline-workbench beside it (workbenchexec.h), with the same
// arguments. Loading those libraries took about 40 ms of every headless run, QtNetwork's 7 ms.
#include "headlessmain.h"
#include "workbenchexec.h"

int main(int argc, char **argv)
{
    if (const std::optional<int> code = runHeadlessCommand(argc, argv, nullptr))
        return *code;
    return execWorkbench(argc, argv);
}
