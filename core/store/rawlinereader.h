// Reads raw lines back by (source, offset), lazily, for the views: a plain file is seeked; a gzip
// file or an archive member is inflated from its start, and a window of it around the requested
// offset is cached (a few windows, bounded in bytes). Thread-safe.
#pragma once

#include "sourcedata.h"

#include <QByteArray>
#include <QMutex>
#include <functional>
#include <list>
#include <vector>

namespace gateline {

class RawLineReader
{
public:
    static constexpr qsizetype kDefaultMaxLineBytes = 16 * 1024;
    static constexpr qint64 kDefaultWindowBytes = 4 << 20;

    explicit RawLineReader(qint64 cacheBytes = 64 << 20, qint64 windowBytes = kDefaultWindowBytes);

    struct Line {
        QByteArray text;        // without the line break; cut at maxBytes
        bool truncated = false; // the line was longer than maxBytes
        QString error;          // why nothing could be read
    };
    // The line starting at offset.
    Line readLine(const SourceLocator &source, LineOffset offset, qsizetype maxBytes = kDefaultMaxLineBytes);
    // Up to maxLines physical lines from offset (for records spanning lines: JSON, YAML, FastCGI).
    Line readLines(const SourceLocator &source, LineOffset offset, int maxLines,
                   qsizetype maxBytes = kDefaultMaxLineBytes);

    // The lines starting at each of offsets (ascending), read in one pass over the source (a gzip
    // file is inflated once, up to the last offset), for callers that need many lines of one source
    // (the trace-id join). fn(i, line) gets offsets[i]'s line without its break, cut at maxBytes.
    // False, with *error, if the source cannot be read or an offset is past its end.
    static bool forEachLineAt(const SourceLocator &source, const std::vector<qint64> &offsets,
                              const std::function<void(size_t, QByteArrayView)> &fn, QString *error,
                              qsizetype maxBytes = kDefaultMaxLineBytes);

    void clearCache();
    qint64 cachedBytes() const;
    // How often a Loki JSON export's entries were rebuilt (once per file and version while cached,
    // shared by every reader and replica).
    static qint64 lokiExportRebuilds();

private:
    struct Window {
        QString key;
        qint64 start = 0;
        QByteArray data;
        bool reachesEnd = false; // data runs to the end of the source
    };
    // Bytes [offset, offset + want) (fewer at the end of the source), from the cache or the source.
    bool fetch(const SourceLocator &source, qint64 offset, qint64 want, QByteArray *out, QString *error);
    bool readPlain(const QString &path, qint64 offset, qint64 want, QByteArray *out, QString *error);
    bool readWindow(const SourceLocator &source, qint64 offset, Window *w, QString *error);

    mutable QMutex m_mutex;
    std::list<Window> m_windows; // most recently used first
    qint64 m_cacheBytes;
    qint64 m_windowBytes;
};

} // namespace gateline
