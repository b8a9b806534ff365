#include "networkcommands.h"

const NetworkCommands &networkCommands()
{
    static const NetworkCommands table{&loadInputs, &queryPrometheusForAnalyze, &runCaptureCommand};
    return table;
}
