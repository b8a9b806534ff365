#include "gzipstream.h"

namespace gateline {

namespace {
// Bytes after a complete member that may be read without output before an error still counts
// as junk after the data (a gzip header is at least 10 bytes, with optional parts).
constexpr qint64 kJunkBytes = 32;
} // namespace

GzipStream::GzipStream(std::unique_ptr<ByteStream> inner, qint64 maxOutputBytes, Inflater::Engine engine)
    : m_inner(std::move(inner))
    , m_inflater(Inflater::create(engine))
    , m_max(maxOutputBytes)
{
    if (!m_inflater) {
        m_error = QStringLiteral("cannot initialise the inflate engine");
        m_done = true;
        return;
    }
    m_in.resize(256 * 1024);
}

qint64 GzipStream::read(char *buf, qint64 max)
{
    if (m_done || max <= 0)
        return 0;
    const qint64 room = std::min(max, m_max - m_out + 1);
    qint64 produced = 0;
    while (produced < room && step(buf, room, &produced)) {
    }
    if (m_out + produced > m_max) {
        produced = m_max - m_out;
        m_error = QStringLiteral("decompressed size bound of %1 MiB reached (a gzip bomb?); stopped reading here")
                      .arg(m_max / (1024 * 1024));
        m_done = true;
    }
    m_out += produced;
    return produced;
}

bool GzipStream::step(char *buf, qint64 room, qint64 *produced)
{
    if (m_inflater->inputLeft() == 0 && !m_inEof) {
        const qint64 n = m_inner->read(m_in.data(), m_in.size());
        if (n <= 0) {
            m_inEof = true;
            if (!m_inner->error().isEmpty())
                m_error = m_inner->error();
        }
        m_inflater->setInput(m_in.constData(), std::max<qint64>(n, 0));
    }
    const bool drained = m_inEof && m_inflater->inputLeft() == 0;
    const qint64 inBefore = m_inflater->inputLeft();
    qint64 got = 0;
    // With the input drained this still runs once: an engine may hold decoded output back.
    const Inflater::Status status = m_inflater->inflate(buf + *produced, room - *produced, &got);
    *produced += got;
    const qint64 consumed = inBefore - m_inflater->inputLeft();
    const bool moved = got > 0 || consumed > 0;
    m_consumedSinceEnd += std::max<qint64>(consumed, 0);
    m_outputSinceEnd |= got > 0;
    switch (status) {
    case Inflater::Status::MemberEnd:
        m_memberEnded = true;
        m_consumedSinceEnd = 0;
        m_outputSinceEnd = false;
        m_inflater->nextMember(); // a further member may follow (multi-member gzip)
        return true;
    case Inflater::Status::Progress:
        if (moved)
            return true;
        if (!drained) { // input there, room there, nothing happened: never spin
            m_error = QStringLiteral("corrupt gzip data (no progress); kept the %1 bytes before the damage")
                          .arg(m_out + *produced);
        } else if (!(m_memberEnded && m_consumedSinceEnd == 0) && m_error.isEmpty()) {
            m_error = QStringLiteral("truncated gzip: the data ends mid-stream; kept the %1 bytes before the damage")
                          .arg(m_out + *produced);
        }
        m_done = true;
        return false;
    case Inflater::Status::Error:
        if (m_memberEnded && !m_outputSinceEnd && m_consumedSinceEnd < kJunkBytes)
            m_error = QStringLiteral("ignored %1 bytes of non-gzip data after the last gzip member")
                          .arg(m_consumedSinceEnd - consumed + inBefore);
        else
            m_error = QStringLiteral("corrupt gzip data (%1); kept the %2 bytes before the damage")
                          .arg(m_inflater->errorText())
                          .arg(m_out + *produced);
        m_done = true;
        return false;
    }
    return false;
}

} // namespace gateline
