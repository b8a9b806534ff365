// libFuzzer target for the NginxError parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(NginxError)
