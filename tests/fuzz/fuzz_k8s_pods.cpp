// libFuzzer target for the K8sPods parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(K8sPods)
