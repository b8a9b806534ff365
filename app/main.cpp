// `gateline`: the headless commands (analyze, generate, capture) run in this program, which loads
// QtCore and QtNetwork only; the workbench window (`gateline [PATH...]`) and `export`, which need
// QtGui, the widgets and Charts, run in gateline-workbench beside it (workbenchexec.h), with the
// same arguments. Loading those libraries took about 40 ms of every headless run.
#include "headlessmain.h"
#include "workbenchexec.h"

int main(int argc, char **argv)
{
    if (const std::optional<int> code = runHeadlessCommand(argc, argv))
        return *code;
    return execWorkbench(argc, argv);
}
