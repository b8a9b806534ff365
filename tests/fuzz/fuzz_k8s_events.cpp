// libFuzzer target for the K8sEvents parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(K8sEvents)
