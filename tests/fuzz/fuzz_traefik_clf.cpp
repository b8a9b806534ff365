// libFuzzer target for the TraefikClf parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(TraefikClf)
