// libFuzzer target for the request-id scanners of the cross-hop joins (core/analysis/traceids.*):
// traceRootHash (X-Amzn-Trace-Id's Root) and requestIdHash (X-Request-ID / $req_id) on arbitrary
// lines. Neither may crash or read out of bounds; a hash is never 0 when an id was found, and the
// same id found in a line is found again when the line is repeated after a prefix.
#include "analysis/traceids.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace gateline;
    const QByteArrayView line(reinterpret_cast<const char *>(data), qsizetype(size));
    const quint64 root = traceRootHash(line);
    const quint64 id = requestIdHash(line);
    // A prefix ending in a space changes neither the first Root nor the last request id.
    const QByteArray prefixed = QByteArray("x ") + line.toByteArray();
    if (root != 0 && traceRootHash(prefixed) != root)
        std::abort();
    if (id != 0 && requestIdHash(prefixed) != id)
        std::abort();
    return 0;
}
