// libFuzzer target for the Alb parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(Alb)
