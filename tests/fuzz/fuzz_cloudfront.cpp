// libFuzzer target for the CloudFront access-log parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(CloudFront)
