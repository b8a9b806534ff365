#include "archivereader.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <archive.h>
#include <archive_entry.h>

namespace gateline {

class ArchiveReader::EntryStream : public ByteStream
{
public:
    EntryStream(ArchiveReader *owner, qint64 maxBytes) : m_owner(owner), m_max(maxBytes) {}
    qint64 read(char *buf, qint64 max) override
    {
        if (m_done)
            return 0;
        const qint64 want = std::min(max, m_max - m_out + 1);
        const la_ssize_t n = archive_read_data(m_owner->m_a, buf, size_t(want));
        if (n < 0) {
            m_error = QStringLiteral("archive entry damaged: %1; kept the %2 bytes before the damage")
                          .arg(QString::fromUtf8(archive_error_string(m_owner->m_a)))
                          .arg(m_out);
            m_done = true;
            return 0;
        }
        if (n == 0) {
            m_done = true;
            return 0;
        }
        qint64 got = n;
        if (m_out + got > m_max) {
            got = m_max - m_out;
            m_error = QStringLiteral("decompressed size bound of %1 MiB reached (a bomb?); stopped reading this entry")
                          .arg(m_max >> 20);
            m_done = true;
        }
        m_out += got;
        return got;
    }
    qint64 inputPosition() const override { return m_out; }
    qint64 inputSize() const override { return m_owner->m_entrySize; }

private:
    ArchiveReader *m_owner;
    qint64 m_max;
    qint64 m_out = 0;
    bool m_done = false;
};

ArchiveReader::ArchiveReader()
    : m_a(archive_read_new())
{
    archive_read_support_filter_all(m_a);
    archive_read_support_format_tar(m_a);
    archive_read_support_format_gnutar(m_a);
    archive_read_support_format_zip(m_a);
}

ArchiveReader::~ArchiveReader()
{
    archive_read_free(m_a);
}

bool ArchiveReader::open(const QString &path)
{
    m_fileSize = QFileInfo(path).size();
    if (archive_read_open_filename(m_a, QFile::encodeName(path).constData(), 256 * 1024) != ARCHIVE_OK) {
        m_error = QString::fromUtf8(archive_error_string(m_a));
        return false;
    }
    return true;
}

bool ArchiveReader::openMemory(const QByteArray &data)
{
    m_memory = data;
    m_fileSize = data.size();
    if (archive_read_open_memory(m_a, m_memory.constData(), size_t(m_memory.size())) != ARCHIVE_OK) {
        m_error = QString::fromUtf8(archive_error_string(m_a));
        return false;
    }
    return true;
}

bool ArchiveReader::next()
{
    struct archive_entry *e = nullptr;
    for (;;) {
        const int rc = archive_read_next_header(m_a, &e);
        if (rc == ARCHIVE_EOF)
            return false;
        if (rc == ARCHIVE_FATAL) {
            m_error = QStringLiteral("archive damaged: %1").arg(QString::fromUtf8(archive_error_string(m_a)));
            return false;
        }
        if (archive_entry_filetype(e) != AE_IFREG)
            continue;
        const char *name = archive_entry_pathname_utf8(e);
        if (!name)
            name = archive_entry_pathname(e);
        m_entryPath = QString::fromUtf8(name ? name : "");
        m_entrySize = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
        return true;
    }
}

bool ArchiveReader::entryPathIsUnsafe() const
{
    if (m_entryPath.startsWith(QLatin1Char('/')) || m_entryPath.startsWith(QLatin1Char('\\'))
        || (m_entryPath.size() > 1 && m_entryPath[1] == QLatin1Char(':')))
        return true;
    const QStringList parts = m_entryPath.split(QRegularExpression(QStringLiteral("[/\\\\]")));
    return parts.contains(QStringLiteral(".."));
}

std::unique_ptr<ByteStream> ArchiveReader::entryStream(qint64 maxBytes)
{
    return std::make_unique<EntryStream>(this, maxBytes);
}

qint64 ArchiveReader::compressedPosition() const
{
    return archive_filter_bytes(m_a, -1);
}

} // namespace gateline
