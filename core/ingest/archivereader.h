// Iterates the entries of a tar (plain, gzip, bzip2, xz) or zip archive with libarchive, in
// memory: nothing is ever extracted to disk, so entries named "../x" or "/etc/x" write nothing.
#pragma once

#include "bytestream.h"

#include <QString>
#include <memory>

struct archive;

namespace gateline {

class ArchiveReader
{
public:
    ArchiveReader();
    ~ArchiveReader();
    ArchiveReader(const ArchiveReader &) = delete;
    ArchiveReader &operator=(const ArchiveReader &) = delete;

    bool open(const QString &path);
    bool openMemory(const QByteArray &data);
    // Advances to the next regular file. False at the end or on error (see error()).
    bool next();
    QString entryPath() const { return m_entryPath; }
    qint64 entrySize() const { return m_entrySize; } // -1 if unknown
    // True when the entry name is absolute or climbs out with "..": reported, never written.
    bool entryPathIsUnsafe() const;
    // A stream over the current entry's data, bounded to maxBytes; valid until next().
    std::unique_ptr<ByteStream> entryStream(qint64 maxBytes);
    QString error() const { return m_error; }
    qint64 compressedPosition() const;

private:
    class EntryStream;
    struct archive *m_a = nullptr;
    QByteArray m_memory;
    QString m_entryPath;
    qint64 m_entrySize = -1;
    qint64 m_fileSize = -1;
    QString m_error;
};

} // namespace gateline
