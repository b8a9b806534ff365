// libFuzzer target for the TraefikJson parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(TraefikJson)
