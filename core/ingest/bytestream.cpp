#include "bytestream.h"

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
    const qint64 n = m_file.read(buf, max);
    if (n < 0) {
        m_error = QStringLiteral("read error: %1").arg(m_file.errorString());
        return 0;
    }
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
