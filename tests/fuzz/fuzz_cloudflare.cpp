// libFuzzer target for the Cloudflare HTTP requests (Logpush NDJSON) parser.
#include "fuzzparser.h"

GATELINE_FUZZ_TARGET(Cloudflare)
