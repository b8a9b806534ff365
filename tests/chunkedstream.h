// A test ByteStream that hands out its bytes at most `chunk` at a time, so that headers, member
// boundaries and trailers are split across reads (tst_gzipstream, fuzz_gzip).
#pragma once

#include "ingest/bytestream.h"

#include <algorithm>

namespace testutil {

class ChunkedStream : public gateline::MemoryStream
{
public:
    ChunkedStream(QByteArray data, qint64 chunk) : MemoryStream(std::move(data)), m_chunk(chunk) {}
    qint64 read(char *buf, qint64 max) override { return MemoryStream::read(buf, std::min(max, m_chunk)); }

private:
    qint64 m_chunk;
};

} // namespace testutil
