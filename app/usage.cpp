#include "usage.h"

#include <QString>
#include <QTextStream>


void printUsage()
{
    QTextStream(stdout) << QStringLiteral(
        "Usage:\n"
        "  gateline [PATH...]                     open the workbench (with a bundle)\n"
        "  gateline --captured-at TIME PATH...    open it, counting kubectl ages back from TIME (RFC 3339)\n"
        "  gateline --version                     print the version\n"
        "  gateline analyze [options] PATH...     analyse headless (gateline analyze --help)\n"
        "  gateline generate [options] --out DIR  write a realistic incident bundle (gateline generate --help)\n"
        "  gateline capture --api-server URL --out DIR [options]\n"
        "                                         capture Kubernetes events and pods (gateline capture --help)\n"
        "  gateline export [options] PATH... --to DIR\n"
        "                                         write the postmortem draft, timeline CSV/JSON, chart PNG/SVG and\n"
        "                                         an HTML report (gateline export --help)\n");
}
