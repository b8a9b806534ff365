// The body shared by every parser fuzz target: feed the bytes to one parser, plain and as if
// sniffed, and check the store's invariants.
#pragma once

#include "formats/parserregistry.h"
#include "ingest/bytestream.h"

#include <cstdlib>

inline int fuzzParser(gateline::SourceFormat format, const uint8_t *data, size_t size)
{
    using namespace gateline;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    ParserRegistry::sniff(QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 65536)));
    SourceData out;
    ParseOptions options;
    options.maxLineBytes = 64 * 1024;
    options.maxDocumentBytes = 1 << 20;
    ParseContext ctx{options, out, {}, nullptr};
    MemoryStream in(bytes);
    ParserRegistry::create(format)->parse(in, ctx);
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (out.offset(i).value < 0 || out.offset(i).value > bytes.size())
            std::abort();
    }
    return 0;
}

#define GATELINE_FUZZ_TARGET(FORMAT)                                                                           \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                                          \
        return fuzzParser(gateline::SourceFormat::FORMAT, data, size);                                         \
    }
