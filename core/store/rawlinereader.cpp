#include "rawlinereader.h"

#include "ingest/archivereader.h"
#include "ingest/gzipstream.h"
#include "ingest/streamdemux.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTimeZone>

#include <algorithm>

namespace gateline {

namespace {
constexpr qint64 kMaxDecompressed = 8ll << 30;
constexpr qint64 kMaxNestedMember = 1ll << 30;

QString keyOf(const SourceLocator &s)
{
    // (a Loki export's windows hold its rebuilt entries, not the file's bytes)
    return s.lokiExport ? s.displayPath() + QStringLiteral("#loki-entries") : s.displayPath();
}

// Skips n bytes of a stream. False if the stream ended first.
bool skip(ByteStream &s, qint64 n, QString *error)
{
    QByteArray buf(256 * 1024, Qt::Uninitialized);
    while (n > 0) {
        const qint64 got = s.read(buf.data(), std::min<qint64>(n, buf.size()));
        if (got <= 0) {
            if (error)
                *error = s.error().isEmpty() ? QStringLiteral("offset past the end of the source") : s.error();
            return false;
        }
        n -= got;
    }
    return true;
}

// Reads up to n bytes; sets *atEnd when the stream ended.
QByteArray readUpTo(ByteStream &s, qint64 n, bool *atEnd)
{
    QByteArray out;
    out.resize(n);
    qint64 have = 0;
    *atEnd = false;
    while (have < n) {
        const qint64 got = s.read(out.data() + have, n - have);
        if (got <= 0) {
            *atEnd = true;
            break;
        }
        have += got;
    }
    out.truncate(have);
    return out;
}

// Opens the stream of the source's decompressed bytes from the start.
std::unique_ptr<ByteStream> openSource(const SourceLocator &source, ArchiveReader *archives, ArchiveReader *nested,
                                       QString *error)
{
    std::unique_ptr<ByteStream> raw;
    if (source.memberPath.isEmpty()) {
        auto f = std::make_unique<FileStream>(source.filePath);
        if (!f->isOpen()) {
            *error = f->error().isEmpty() ? QStringLiteral("cannot open %1").arg(source.filePath) : f->error();
            return {};
        }
        raw = std::move(f);
    } else {
        // "a/b.tar!c/d.log": member c/d.log of the archive member a/b.tar.
        const QStringList parts = source.memberPath.split(QLatin1Char('!'));
        if (!archives->open(source.filePath)) {
            *error = QStringLiteral("cannot open archive %1: %2").arg(source.filePath, archives->error());
            return {};
        }
        ArchiveReader *current = archives;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            bool found = false;
            while (current->next()) {
                if (current->entryPath() == parts[i]) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                *error = QStringLiteral("archive member %1 not found").arg(parts[i]);
                return {};
            }
            if (i + 1 == parts.size())
                break;
            auto member = current->entryStream(kMaxNestedMember);
            bool atEnd = false;
            const QByteArray bytes = readUpTo(*member, kMaxNestedMember, &atEnd);
            if (current == nested || !nested->openMemory(bytes)) {
                *error = QStringLiteral("cannot open nested archive %1").arg(parts[i]);
                return {};
            }
            current = nested;
        }
        raw = current->entryStream(kMaxDecompressed);
    }
    if (source.gzip)
        raw = std::make_unique<GzipStream>(std::move(raw), kMaxDecompressed);
    return raw;
}

// The rebuilt entries of Loki JSON exports, once per file (every replica of the export, every window
// read and every join pass share them): rebuilding parses the whole document. Keyed by the file's
// identity (path, member, size, modification time), so a rewritten export is rebuilt; bounded in
// bytes (the most recent one is always kept).
class LokiEntries
{
public:
    static LokiEntries &instance()
    {
        static LokiEntries cache;
        return cache;
    }

    // The entries as the ingest read them (sourcereader.cpp), as one text.
    std::unique_ptr<ByteStream> open(const SourceLocator &source, QString *error)
    {
        const QFileInfo info(source.filePath);
        const QString key = source.filePath + QLatin1Char('!') + source.memberPath + QLatin1Char('#')
            + QString::number(info.size()) + QLatin1Char('@')
            + QString::number(info.lastModified(QTimeZone::UTC).toMSecsSinceEpoch());
        QMutexLocker lock(&m_mutex);
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->first == key) {
                m_entries.splice(m_entries.begin(), m_entries, it);
                return std::make_unique<MemoryStream>(it->second); // shares the bytes
            }
        }
        // The whole document is parsed again, since an entry's place in the text depends on every
        // entry before it.
        ArchiveReader archive;
        ArchiveReader nested;
        SourceLocator file = source;
        file.lokiExport = false;
        std::unique_ptr<ByteStream> raw = openSource(file, &archive, &nested, error);
        if (!raw)
            return {};
        bool atEnd = false;
        const QByteArray document = readUpTo(*raw, kMaxNestedMember, &atEnd);
        if (!atEnd) {
            *error = QStringLiteral("Loki JSON export larger than %1 bytes").arg(kMaxNestedMember);
            return {};
        }
        QByteArray lines = lokiExportAsLines(document, error);
        if (lines.isEmpty())
            return {};
        ++m_rebuilds;
        m_entries.emplace_front(key, lines);
        qint64 total = 0;
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            total += it->second.size();
            if (it != m_entries.begin() && total > kMaxBytes)
                it = m_entries.erase(it);
            else
                ++it;
        }
        return std::make_unique<MemoryStream>(std::move(lines));
    }

    qint64 rebuilds() const
    {
        QMutexLocker lock(&m_mutex);
        return m_rebuilds;
    }

private:
    static constexpr qint64 kMaxBytes = 256ll << 20;
    mutable QMutex m_mutex;
    std::list<std::pair<QString, QByteArray>> m_entries; // most recently used first
    qint64 m_rebuilds = 0;
};

// The stream a source's offsets count in: its decompressed bytes, or a Loki export's entries.
std::unique_ptr<ByteStream> openLines(const SourceLocator &source, ArchiveReader *archives, ArchiveReader *nested,
                                      QString *error)
{
    if (source.lokiExport)
        return LokiEntries::instance().open(source, error);
    return openSource(source, archives, nested, error);
}

QByteArray cutLines(const QByteArray &bytes, int maxLines, qsizetype maxBytes, bool *truncated)
{
    qsizetype end = 0;
    int lines = 0;
    while (end < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', end);
        if (nl < 0) {
            end = bytes.size();
            break;
        }
        end = nl + 1;
        if (++lines >= maxLines)
            break;
    }
    qsizetype len = end;
    while (len > 0 && (bytes[len - 1] == '\n' || bytes[len - 1] == '\r'))
        --len;
    *truncated = len > maxBytes || (end == bytes.size() && bytes.size() >= maxBytes && lines < maxLines);
    return bytes.left(std::min(len, maxBytes));
}
} // namespace

RawLineReader::RawLineReader(qint64 cacheBytes, qint64 windowBytes)
    : m_cacheBytes(cacheBytes)
    , m_windowBytes(std::max<qint64>(windowBytes, 64 * 1024))
{
}

RawLineReader::Line RawLineReader::readLine(const SourceLocator &source, LineOffset offset, qsizetype maxBytes)
{
    return readLines(source, offset, 1, maxBytes);
}

RawLineReader::Line RawLineReader::readLines(const SourceLocator &source, LineOffset offset, int maxLines,
                                             qsizetype maxBytes)
{
    Line line;
    if (offset.value < 0) {
        line.error = QStringLiteral("no offset recorded");
        return line;
    }
    QByteArray bytes;
    // One byte more than allowed, to tell a cut line from one that fits.
    if (!fetch(source, offset.value, qint64(maxBytes) + 1, &bytes, &line.error))
        return line;
    line.text = cutLines(bytes, std::max(1, maxLines), maxBytes, &line.truncated);
    return line;
}

bool RawLineReader::forEachLineAt(const SourceLocator &source, const std::vector<qint64> &offsets,
                                  const std::function<void(size_t, QByteArrayView)> &fn, QString *error,
                                  qsizetype maxBytes)
{
    if (offsets.empty())
        return true;
    QString ignored;
    if (!error)
        error = &ignored;
    ArchiveReader archive;
    ArchiveReader nested;
    std::unique_ptr<ByteStream> stream = openLines(source, &archive, &nested, error);
    if (!stream)
        return false;
    // buf holds the stream's bytes [bufStart, bufStart + buf.size()).
    QByteArray buf;
    qint64 bufStart = 0;
    bool atEnd = false;
    constexpr qint64 kChunk = 1 << 20;
    for (size_t i = 0; i < offsets.size(); ++i) {
        const qint64 want = offsets[i];
        if (want < bufStart) {
            if (error)
                *error = QStringLiteral("offsets of %1 are not ascending").arg(source.displayPath());
            return false;
        }
        for (;;) {
            // Drop what lies before the wanted line, then read until its line break is in buf.
            const qint64 drop = std::min<qint64>(want - bufStart, buf.size());
            if (drop > 0) {
                buf.remove(0, drop);
                bufStart += drop;
            }
            if (want == bufStart) {
                const qsizetype nl = buf.indexOf('\n');
                if (nl >= 0 || atEnd || buf.size() > maxBytes) {
                    qsizetype len = nl >= 0 ? nl : buf.size();
                    while (len > 0 && buf[len - 1] == '\r')
                        --len;
                    fn(i, QByteArrayView(buf.constData(), std::min(len, maxBytes)));
                    break;
                }
            }
            if (atEnd) {
                if (error)
                    *error = QStringLiteral("offset %1 is past the end of %2").arg(want).arg(source.displayPath());
                return false;
            }
            const qsizetype have = buf.size();
            buf.resize(have + kChunk);
            const qint64 got = stream->read(buf.data() + have, kChunk);
            buf.truncate(have + std::max<qint64>(0, got));
            atEnd = got <= 0;
        }
    }
    return true;
}

void RawLineReader::clearCache()
{
    QMutexLocker lock(&m_mutex);
    m_windows.clear();
}

qint64 RawLineReader::lokiExportRebuilds()
{
    return LokiEntries::instance().rebuilds();
}

qint64 RawLineReader::cachedBytes() const
{
    QMutexLocker lock(&m_mutex);
    qint64 n = 0;
    for (const Window &w : m_windows)
        n += w.data.size();
    return n;
}

bool RawLineReader::fetch(const SourceLocator &source, qint64 offset, qint64 want, QByteArray *out, QString *error)
{
    if (!source.gzip && source.memberPath.isEmpty() && !source.lokiExport)
        return readPlain(source.filePath, offset, want, out, error);

    QMutexLocker lock(&m_mutex);
    const QString key = keyOf(source);
    for (auto it = m_windows.begin(); it != m_windows.end(); ++it) {
        const qint64 end = it->start + it->data.size();
        if (it->key != key || offset < it->start || offset > end)
            continue;
        if (offset + want > end && !it->reachesEnd)
            continue;
        *out = it->data.mid(offset - it->start, want);
        m_windows.splice(m_windows.begin(), m_windows, it);
        return true;
    }
    Window w;
    if (!readWindow(source, offset, &w, error))
        return false;
    *out = w.data.mid(offset - w.start, want);
    m_windows.push_front(std::move(w));
    qint64 total = 0;
    for (auto it = m_windows.begin(); it != m_windows.end();) {
        total += it->data.size();
        if (it != m_windows.begin() && total > m_cacheBytes)
            it = m_windows.erase(it);
        else
            ++it;
    }
    return true;
}

bool RawLineReader::readPlain(const QString &path, qint64 offset, qint64 want, QByteArray *out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return false;
    }
    if (offset > f.size() || !f.seek(offset)) {
        *error = QStringLiteral("offset %1 is past the end of %2 (the file changed?)").arg(offset).arg(path);
        return false;
    }
    // Most lines are short: read a little first, more only if no line break came.
    QByteArray data = f.read(std::min<qint64>(want, 4096));
    if (!data.contains('\n') && data.size() < want)
        data += f.read(want - data.size());
    *out = std::move(data);
    return true;
}

bool RawLineReader::readWindow(const SourceLocator &source, qint64 offset, Window *w, QString *error)
{
    ArchiveReader archive;
    ArchiveReader nested;
    std::unique_ptr<ByteStream> stream = openLines(source, &archive, &nested, error);
    if (!stream)
        return false;
    // Keep some bytes before the offset too: views read neighbouring rows next.
    const qint64 start = std::max<qint64>(0, offset - m_windowBytes / 4);
    if (!skip(*stream, start, error))
        return false;
    bool atEnd = false;
    w->key = keyOf(source);
    w->start = start;
    w->data = readUpTo(*stream, m_windowBytes, &atEnd);
    w->reachesEnd = atEnd;
    if (offset > start + w->data.size()) {
        *error = QStringLiteral("offset %1 is past the end of %2").arg(offset).arg(source.displayPath());
        return false;
    }
    return true;
}

} // namespace gateline
