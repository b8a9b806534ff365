// libFuzzer target for the NginxAccess parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(NginxAccess)
