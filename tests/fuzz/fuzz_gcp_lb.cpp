// libFuzzer target for the GcpLb parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(GcpLb)
