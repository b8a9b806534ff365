// libFuzzer target for the K8sDescribe parser (kubectl describe output).
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(K8sDescribe)
