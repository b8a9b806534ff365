// libFuzzer target for the Envoy / Istio access-log parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(Envoy)
