// libFuzzer target for the NginxIngress parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(NginxIngress)
