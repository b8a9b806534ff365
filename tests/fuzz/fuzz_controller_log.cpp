// libFuzzer target for the ControllerLog parser (klog, logrus, zerolog, JSON, Envoy app log, panics).
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(ControllerLog)
