#include "bytestream.h"

#include <QCoreApplication>
#include <zlib.h>

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

struct GzipStream::State {
    z_stream z {};
    QByteArray in;
    bool initialised = false;
    bool inEof = false;
    bool memberEnded = false; // the last member ended cleanly (nothing pending)
};

GzipStream::GzipStream(std::unique_ptr<ByteStream> inner, qint64 maxOutputBytes)
    : m_inner(std::move(inner))
    , m_z(std::make_unique<State>())
    , m_max(maxOutputBytes)
{
    m_z->in.resize(256 * 1024);
    if (inflateInit2(&m_z->z, 15 + 32) != Z_OK) {
        m_error = QStringLiteral("cannot initialise zlib");
        m_done = true;
    } else {
        m_z->initialised = true;
    }
}

GzipStream::~GzipStream()
{
    if (m_z->initialised)
        inflateEnd(&m_z->z);
}

qint64 GzipStream::read(char *buf, qint64 max)
{
    if (m_done || max <= 0)
        return 0;
    z_stream &z = m_z->z;
    const qint64 room = std::min(max, m_max - m_out + 1);
    z.next_out = reinterpret_cast<Bytef *>(buf);
    z.avail_out = uInt(std::min<qint64>(room, 1 << 30));
    while (z.avail_out > 0) {
        if (z.avail_in == 0 && !m_z->inEof) {
            const qint64 n = m_inner->read(m_z->in.data(), m_z->in.size());
            if (n <= 0) {
                m_z->inEof = true;
                if (!m_inner->error().isEmpty())
                    m_error = m_inner->error();
            }
            z.next_in = reinterpret_cast<Bytef *>(m_z->in.data());
            z.avail_in = uInt(std::max<qint64>(n, 0));
        }
        if (z.avail_in == 0 && m_z->inEof) {
            if (!m_z->memberEnded && m_error.isEmpty())
                m_error = QStringLiteral("truncated gzip: the data ends mid-stream; kept the %1 bytes before the damage")
                              .arg(m_out + qint64(reinterpret_cast<char *>(z.next_out) - buf));
            m_done = true;
            break;
        }
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            m_z->memberEnded = true;
            inflateReset(&z); // a further member may follow (multi-member gzip)
            continue;
        }
        if (rc == Z_OK || rc == Z_BUF_ERROR) {
            if (z.avail_in > 0 || rc == Z_OK)
                m_z->memberEnded = false;
            continue;
        }
        if (m_z->memberEnded) {
            // Trailing garbage after a complete member: keep what we have, say so.
            m_error = QStringLiteral("ignored %1 bytes of non-gzip data after the last gzip member").arg(z.avail_in);
        } else {
            m_error = QStringLiteral("corrupt gzip data (%1); kept the %2 bytes before the damage")
                          .arg(QString::fromLatin1(z.msg ? z.msg : "data error"))
                          .arg(m_out + qint64(reinterpret_cast<char *>(z.next_out) - buf));
        }
        m_done = true;
        break;
    }
    qint64 produced = qint64(reinterpret_cast<char *>(z.next_out) - buf);
    if (m_out + produced > m_max) {
        produced = m_max - m_out;
        m_error = QStringLiteral("decompressed size bound of %1 MiB reached (a gzip bomb?); stopped reading here")
                      .arg(m_max / (1024 * 1024));
        m_done = true;
    }
    m_out += produced;
    return produced;
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
