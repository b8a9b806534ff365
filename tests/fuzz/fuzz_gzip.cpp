// libFuzzer target for GzipStream: a differential check of the ISA-L engine against zlib. Wherever
// zlib inflates an input without complaint, ISA-L must give the very same bytes, also when its
// input arrives and its output is read in odd-sized pieces; and neither may crash or overrun.
#include "ingest/gzipstream.h"
#include "../chunkedstream.h"

#include <cstdlib>

namespace {

struct Result {
    QByteArray data;
    QString error;
};

Result inflateAll(const QByteArray &in, gateline::Inflater::Engine engine, qint64 chunk, qint64 inputChunk = 1 << 20)
{
    gateline::GzipStream gz(std::make_unique<testutil::ChunkedStream>(in, inputChunk), 4 << 20, engine);
    Result r;
    QByteArray buf(chunk, '\0');
    for (qint64 n; (n = gz.read(buf.data(), chunk)) > 0;) {
        if (n > chunk)
            std::abort();
        r.data += buf.left(n);
    }
    r.error = gz.error();
    return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using gateline::Inflater;
    const QByteArray in(reinterpret_cast<const char *>(data), qsizetype(size));
    const qint64 oddChunk = size ? 1 + data[size - 1] % 61 : 1;
    const Result ref = inflateAll(in, Inflater::Engine::Zlib, 65536);
    const Result fast = inflateAll(in, Inflater::Engine::Best, 65536);
    const qint64 oddInput = size > 1 ? 1 + data[size - 2] % 29 : 1;
    const Result odd = inflateAll(in, Inflater::Engine::Best, oddChunk, oddInput);
    if (ref.data.size() > (4 << 20) || fast.data.size() > (4 << 20))
        std::abort();
    if (ref.error.isEmpty() && (!fast.error.isEmpty() || fast.data != ref.data || odd.data != ref.data))
        std::abort();
    if (fast.error.isEmpty() != odd.error.isEmpty() || (fast.error.isEmpty() && fast.data != odd.data))
        std::abort();
    return 0;
}
