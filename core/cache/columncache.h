// A cache of parsed columns, one entry per input file, so that opening the same bundle again does
// not parse it again (core/ingest/bundleloader uses it for plain and .gz files of at least
// minFileBytes(); archives are read as before).
//
// An entry is a file in the user's cache folder (…/gateline/columns/<sha1 of path and options>.glc)
// holding the file's sources as SourceData::write() made them, after a header with:
//   - the format version (entries of another version are ignored and replaced);
//   - the key: absolute path, size, modification time, a content fingerprint (SHA-1 of the size and
//     the first and last 64 KiB: a file rewritten in place keeps neither), the options that change
//     parsing, and the build of the program (its executable's size and time), so that a new
//     parser never reads an old parser's records;
//   - the payload's length and a 64-bit hash of it: a truncated or corrupted entry is detected,
//     ignored and deleted.
// The folder is bounded (maxBytes(), default 8 GiB, GATELINE_COLUMN_CACHE_MB): after a load that
// wrote entries (or was refused one), the least recently used ones go first. The disk is the user's
// too: the folder keeps to a quarter of what it and the disk's free space add up to, and no entry is
// written that would leave less than 1 GiB free (budget(), storeFits(): the free space is read at
// the first store() and every entry written since is counted against it, whichever of the loader's
// workers wrote it). GATELINE_NO_COLUMN_CACHE=1 or
// setEnabled(false) turns the cache off.
#pragma once

#include "ingest/sourcereader.h"
#include "store/sourcedata.h"

#include <QString>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace gateline {

class ColumnCache
{
public:
    enum class Lookup { Hit, Miss, Stale, Corrupt };

    explicit ColumnCache(QString folder = defaultFolder(), qint64 maxBytes = defaultMaxBytes());
    static QString defaultFolder();
    static qint64 defaultMaxBytes();
    // Process-wide switch (BundleLoader asks it); on unless GATELINE_NO_COLUMN_CACHE is set.
    static bool enabled();
    static void setEnabled(bool on);
    // Files smaller than this are not cached: their entry would cost more to write than reopens save
    // (columncache.cpp: 64 KiB, from measurements). setMinFileBytes(-1) restores the default.
    static qint64 minFileBytes();
    static void setMinFileBytes(qint64 bytes);

    // The sources saved for path (a plain or .gz file), if its entry is there, sound and made from
    // this very file with these options by this build.
    Lookup lookup(const QString &path, const IngestOptions &options,
                  std::vector<std::unique_ptr<SourceData>> *sources) const;
    // Saves path's sources (complete, not cancelled). Written to a temporary file and renamed.
    bool store(const QString &path, const IngestOptions &options,
               const std::vector<std::unique_ptr<SourceData>> &sources) const;
    // Deletes least recently used entries until the folder holds at most budget().
    void trim() const;
    // What the folder may hold: maxBytes, but no more than a quarter of cached + free bytes.
    static qint64 budget(qint64 maxBytes, qint64 cachedBytes, qint64 freeBytes);
    // Whether an entry of entryBytes may be written with freeBytes left on the disk.
    static bool storeFits(qint64 entryBytes, qint64 freeBytes);

    QString folder() const { return m_folder; }
    qint64 maxBytes() const { return m_maxBytes; }
    QString entryPath(const QString &path, const IngestOptions &options) const;

private:
    // Takes bytes from the room the disk has for this object's entries (storeFits); false if none.
    bool reserveRoom(qint64 bytes) const;

    QString m_folder;
    qint64 m_maxBytes;
    // The disk's free bytes as this object counts them (-1: the disk did not say), read once.
    mutable std::once_flag m_freeRead;
    mutable std::atomic<qint64> m_freeBytes {-1};
};

} // namespace gateline
