#include "bytestream.h"

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#endif

#include <cstring>

namespace gateline {

FileStream::FileStream(const QString &path)
    : m_file(path)
{
    if (!m_file.open(QIODevice::ReadOnly))
        m_error = QStringLiteral("cannot open: %1").arg(m_file.errorString());
    else
        m_size = m_file.size();
}

qint64 FileStream::read(char *buf, qint64 max)
{
    if (!m_file.isOpen())
        return 0;
    if (m_map && m_file.pos() != m_pos && !m_file.seek(m_pos)) { // in-place reads went ahead
        m_error = QStringLiteral("read error: %1").arg(m_file.errorString());
        return 0;
    }
    const qint64 n = m_file.read(buf, max);
    if (n < 0) {
        m_error = QStringLiteral("read error: %1").arg(m_file.errorString());
        return 0;
    }
    m_pos += n;
    return n;
}

qint64 FileStream::readInPlace(const char **data, qint64 max)
{
    // Past the size at open (a file that grows), read() goes on from there.
    if (!m_file.isOpen() || m_mapFailed || m_size <= 0 || m_pos >= m_size)
        return -1;
    if (!m_map) {
        // Read through the same file: what read() took stays taken (m_pos).
        m_map = m_file.map(0, m_size);
        if (!m_map) {
            m_mapFailed = true;
            return -1;
        }
    }
    const qint64 n = std::min(max, m_size - m_pos);
    *data = reinterpret_cast<const char *>(m_map) + m_pos;
#ifdef Q_OS_UNIX
    // The pages read go on counting as resident (the process's RSS) while they stay mapped: a
    // several-GiB archive would read as GiBs resident. Each time a handout crosses a multiple of
    // kRelease, the window before the previous one is given back (the page cache keeps it, and a
    // page touched again is mapped again): at most about 2 x kRelease of the file stays resident.
    constexpr qint64 kRelease = qint64(1) << 20;
    const qint64 boundary = (m_pos + n) / kRelease * kRelease;
    if (boundary > m_pos && boundary >= 2 * kRelease)
        madvise(const_cast<uchar *>(m_map) + (boundary - 2 * kRelease), size_t(kRelease), MADV_DONTNEED);
#endif
    m_pos += n;
    return n;
}

qint64 MemoryStream::read(char *buf, qint64 max)
{
    const qint64 n = std::min(max, m_data.size() - m_pos);
    if (n <= 0)
        return 0;
    std::memcpy(buf, m_data.constData() + m_pos, size_t(n));
    m_pos += n;
    return n;
}

PeekStream::PeekStream(std::unique_ptr<ByteStream> inner)
    : m_inner(std::move(inner))
{
}

QByteArray PeekStream::peek(qint64 n)
{
    while (m_head.size() < n) {
        const qsizetype old = m_head.size();
        m_head.resize(n);
        const qint64 got = m_inner->read(m_head.data() + old, n - old);
        m_head.resize(old + std::max<qint64>(got, 0));
        if (got <= 0)
            break;
    }
    m_error = m_inner->error();
    return m_head.left(n);
}

qint64 PeekStream::read(char *buf, qint64 max)
{
    if (m_headPos < m_head.size()) {
        const qint64 n = std::min(max, m_head.size() - m_headPos);
        std::memcpy(buf, m_head.constData() + m_headPos, size_t(n));
        m_headPos += n;
        return n;
    }
    const qint64 n = m_inner->read(buf, max);
    m_error = m_inner->error();
    return n;
}

qint64 PeekStream::readInPlace(const char **data, qint64 max)
{
    if (m_headPos < m_head.size()) {
        const qint64 n = std::min(max, m_head.size() - m_headPos);
        *data = m_head.constData() + m_headPos;
        m_headPos += n;
        return n;
    }
    const qint64 n = m_inner->readInPlace(data, max);
    m_error = m_inner->error();
    return n;
}

bool looksGzip(const QByteArray &head)
{
    return head.size() >= 3 && quint8(head[0]) == 0x1f && quint8(head[1]) == 0x8b && head[2] == 8;
}

bool looksZip(const QByteArray &head)
{
    return head.startsWith("PK\x03\x04") || head.startsWith("PK\x05\x06");
}

bool looksTar(const QByteArray &head)
{
    return head.size() >= 262 && std::memcmp(head.constData() + 257, "ustar", 5) == 0;
}

} // namespace gateline
