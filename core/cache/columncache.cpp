#include "columncache.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStorageInfo>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>

namespace gateline {

namespace {

constexpr char kMagic[8] = {'G', 'L', 'C', 'O', 'L', 'S', '\r', '\n'};
constexpr quint32 kFormatVersion = 2; // bump when SourceData::write() or a header field changes
constexpr qint64 kEndBytes = 64 * 1024;
// Files from this size up get an entry. Measured on generated days of ALB files (4 nodes x 288
// five-minute .gz files, analyze over the day; CPU time, medians of 3-7 runs, 2 cores): per file, a
// warm open (from the cache) saved 0.06 ms at 2.4 KB, 0.30 ms at 8.9 KB, 0.47 ms at 50 KB and
// 0.68 ms at 100 KB (a day of 1M lines: 1.29 s parsed, 0.50 s from the cache), while writing an
// entry cost 0.7-1.1 ms (creating its file, most of it). From about 64 KiB a file's entry is paid
// back by the first or second reopen; a smaller file's would take many. (It was 256 KiB: a 1M-line
// day's files, 70-110 KB, were never cached.)
constexpr qint64 kDefaultMinFileBytes = 64 * 1024;
// What an entry's write must leave free on the disk (ColumnCache::storeFits).
constexpr qint64 kKeepFreeBytes = qint64(1) << 30;

std::atomic<int> g_enabled {-1}; // -1: from the environment
std::atomic<qint64> g_minFileBytes {-1};

// A fast 64-bit hash of the payload: detects truncation and damage, not an adversary.
quint64 hash64(const char *p, size_t n)
{
    constexpr quint64 k1 = 0x9E3779B97F4A7C15ull, k2 = 0xC2B2AE3D27D4EB4Full;
    quint64 h = k1 ^ (n * k2);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 w;
        std::memcpy(&w, p + i, 8);
        h ^= w * k2;
        h = ((h << 31) | (h >> 33)) * k1;
    }
    for (; i < n; ++i)
        h = (h ^ quint8(p[i])) * k1;
    h ^= h >> 29;
    return h * k2;
}

QByteArray fingerprint(const QString &path, qint64 size)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha1);
    h.addData(QByteArray::number(size));
    h.addData(f.read(kEndBytes));
    if (size > kEndBytes) {
        f.seek(std::max(kEndBytes, size - kEndBytes));
        h.addData(f.read(kEndBytes));
    }
    return h.result();
}

QByteArray optionsKey(const IngestOptions &o)
{
    QByteArray k;
    QDataStream s(&k, QIODevice::WriteOnly);
    s << o.parse.maxLineBytes << o.parse.maxDocumentBytes
      << (o.parse.captureTime.isValid() ? o.parse.captureTime.toMSecsSinceEpoch() : qint64(-1))
      << qint32(o.forceFormat) << o.maxDecompressedBytes;
    return k;
}

// The program that parses: a rebuilt parser must not read an older one's records. Both the running
// executable and argv[0] count: run through the build root's loader (scripts/env.sh), the former is
// ld.so and only argv[0] names the program.
QByteArray buildId()
{
    static const QByteArray id = [] {
        QByteArray out;
        if (!QCoreApplication::instance())
            return out;
        for (const QString &exe : {QCoreApplication::applicationFilePath(), QCoreApplication::arguments().value(0)}) {
            const QFileInfo fi(exe);
            out += fi.canonicalFilePath().toUtf8() + '|' + QByteArray::number(fi.size()) + '@'
                   + QByteArray::number(fi.lastModified().toMSecsSinceEpoch()) + ';';
        }
        return out;
    }();
    return id;
}

struct Key {
    QString path;
    qint64 size = -1;
    qint64 mtimeMs = 0;
    QByteArray fingerprint, options, build;
    QByteArray bytes() const
    {
        QByteArray b;
        QDataStream s(&b, QIODevice::WriteOnly);
        s.setVersion(QDataStream::Qt_6_5);
        s << path << size << mtimeMs << fingerprint << options << build;
        return b;
    }
};

Key keyOf(const QString &path, const IngestOptions &o)
{
    const QFileInfo fi(path);
    Key k;
    k.path = fi.absoluteFilePath();
    k.size = fi.size();
    k.mtimeMs = fi.lastModified().toMSecsSinceEpoch();
    k.fingerprint = fingerprint(path, k.size);
    k.options = optionsKey(o);
    k.build = buildId();
    return k;
}

template<typename T>
bool take(QByteArrayView &in, T *v)
{
    if (in.size() < qsizetype(sizeof(T)))
        return false;
    std::memcpy(v, in.data(), sizeof(T));
    in = in.sliced(sizeof(T));
    return true;
}

// Free bytes on folder's disk for this user; -1 when the disk does not say.
qint64 freeBytesAt(const QString &folder)
{
    const QStorageInfo disk(folder);
    return disk.isValid() && disk.isReady() ? disk.bytesAvailable() : -1;
}

} // namespace

ColumnCache::ColumnCache(QString folder, qint64 maxBytes) : m_folder(std::move(folder)), m_maxBytes(maxBytes) {}

QString ColumnCache::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/gateline/columns");
}

qint64 ColumnCache::defaultMaxBytes()
{
    bool ok = false;
    const qint64 mb = qEnvironmentVariableIntValue("GATELINE_COLUMN_CACHE_MB", &ok);
    return (ok && mb >= 0 ? mb : 8192) << 20;
}

bool ColumnCache::enabled()
{
    int e = g_enabled.load();
    if (e < 0) {
        e = qEnvironmentVariableIsSet("GATELINE_NO_COLUMN_CACHE") ? 0 : 1;
        g_enabled.store(e);
    }
    return e == 1;
}

void ColumnCache::setEnabled(bool on) { g_enabled.store(on ? 1 : 0); }

qint64 ColumnCache::minFileBytes()
{
    const qint64 m = g_minFileBytes.load();
    return m >= 0 ? m : kDefaultMinFileBytes;
}

void ColumnCache::setMinFileBytes(qint64 bytes) { g_minFileBytes.store(std::max<qint64>(bytes, -1)); }

QString ColumnCache::entryPath(const QString &path, const IngestOptions &options) const
{
    const QByteArray name = QCryptographicHash::hash(QFileInfo(path).absoluteFilePath().toUtf8() + '\0' + optionsKey(options),
                                                     QCryptographicHash::Sha1)
                                .toHex();
    return m_folder + QLatin1Char('/') + QString::fromLatin1(name) + QStringLiteral(".glc");
}

ColumnCache::Lookup ColumnCache::lookup(const QString &path, const IngestOptions &options,
                                        std::vector<std::unique_ptr<SourceData>> *sources) const
{
    const QString entry = entryPath(path, options);
    QFile f(entry);
    if (!f.open(QIODevice::ReadOnly))
        return Lookup::Miss;
    const qint64 size = f.size();
    const uchar *mapped = size > 0 ? f.map(0, size) : nullptr;
    const auto corrupt = [&] {
        f.close();
        QFile::remove(entry);
        return Lookup::Corrupt;
    };
    if (!mapped)
        return corrupt();
    QByteArrayView in(reinterpret_cast<const char *>(mapped), size);
    quint32 version = 0, keyLength = 0, count = 0;
    quint64 payloadLength = 0, payloadHash = 0;
    if (in.size() < 8 || std::memcmp(in.data(), kMagic, 8) != 0)
        return corrupt();
    in = in.sliced(8);
    if (!take(in, &version) || version != kFormatVersion)
        return corrupt(); // another version: ignored, and replaced when this file is read
    if (!take(in, &keyLength) || in.size() < qsizetype(keyLength))
        return corrupt();
    const QByteArrayView storedKey = in.first(keyLength);
    in = in.sliced(keyLength);
    if (storedKey != QByteArrayView(keyOf(path, options).bytes()))
        return Lookup::Stale;
    if (!take(in, &payloadLength) || !take(in, &payloadHash) || !take(in, &count)
        || quint64(in.size()) != payloadLength || hash64(in.data(), size_t(in.size())) != payloadHash)
        return corrupt();
    std::vector<std::unique_ptr<SourceData>> out;
    for (quint32 i = 0; i < count; ++i) {
        std::unique_ptr<SourceData> s = SourceData::read(in);
        if (!s)
            return corrupt();
        out.push_back(std::move(s));
    }
    if (!in.isEmpty())
        return corrupt();
    f.close();
    // Most recently used first when the folder is trimmed.
    QFile touch(entry);
    if (touch.open(QIODevice::ReadWrite))
        touch.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
    *sources = std::move(out);
    return Lookup::Hit;
}

qint64 ColumnCache::budget(qint64 maxBytes, qint64 cachedBytes, qint64 freeBytes)
{
    if (freeBytes < 0) // the disk did not say: only maxBytes
        return maxBytes;
    return std::min(maxBytes, (cachedBytes + freeBytes) / 4);
}

bool ColumnCache::storeFits(qint64 entryBytes, qint64 freeBytes)
{
    return freeBytes < 0 || freeBytes - entryBytes >= kKeepFreeBytes;
}

bool ColumnCache::reserveRoom(qint64 bytes) const
{
    // One read of the mount table per cache object (a load), not per entry; then every entry
    // written is taken off, whichever worker wrote it.
    std::call_once(m_freeRead, [this] { m_freeBytes.store(freeBytesAt(m_folder)); });
    qint64 free = m_freeBytes.load();
    do {
        if (free < 0)
            return true; // the disk did not say: only maxBytes bounds the folder
        if (!storeFits(bytes, free))
            return false;
    } while (!m_freeBytes.compare_exchange_weak(free, free - bytes));
    return true;
}

bool ColumnCache::store(const QString &path, const IngestOptions &options,
                        const std::vector<std::unique_ptr<SourceData>> &sources) const
{
    if (!QDir().mkpath(m_folder))
        return false;
    QByteArray payload;
    for (const auto &s : sources)
        s->write(payload);
    if (!reserveRoom(payload.size()))
        return false;
    const QByteArray key = keyOf(path, options).bytes();
    QByteArray header(kMagic, 8);
    const auto append = [&](auto v) { header.append(reinterpret_cast<const char *>(&v), sizeof v); };
    append(kFormatVersion);
    append(quint32(key.size()));
    header.append(key);
    append(quint64(payload.size()));
    append(hash64(payload.constData(), size_t(payload.size())));
    append(quint32(sources.size()));
    // A temporary file in the folder, renamed over the entry: a reader sees the old entry or the new
    // one, never half of one. Not synced to disk (QSaveFile fdatasyncs every entry, a wait on the
    // disk per file; a day's 1,152 entries paid 1,152): an entry cut short by a crash fails its
    // length or payload hash and is deleted at its next lookup, and the file is parsed again.
    const QString target = entryPath(path, options);
    static std::atomic<quint64> serial {0};
    QFile out(target + QLatin1Char('.') + QString::number(QCoreApplication::applicationPid()) + QLatin1Char('.')
              + QString::number(serial.fetch_add(1)) + QStringLiteral(".tmp"));
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return false;
    const bool written = out.write(header) == header.size() && out.write(payload) == payload.size() && out.flush();
    out.close();
    if (!written || std::rename(QFile::encodeName(out.fileName()).constData(), QFile::encodeName(target).constData()) != 0) {
        out.remove();
        return false;
    }
    return true;
}

void ColumnCache::trim() const
{
    QDir dir(m_folder);
    QFileInfoList entries = dir.entryInfoList({QStringLiteral("*.glc")}, QDir::Files, QDir::Time); // newest first
    qint64 total = 0;
    for (const QFileInfo &e : entries)
        total += e.size();
    // Temporaries of writes cut short (a crash between store()'s write and its rename): no write
    // takes an hour.
    const QDateTime hourAgo = QDateTime::currentDateTimeUtc().addSecs(-3600);
    for (const QFileInfo &t : dir.entryInfoList({QStringLiteral("*.glc.*.tmp")}, QDir::Files))
        if (t.lastModified() < hourAgo)
            QFile::remove(t.absoluteFilePath());
    const qint64 allowed = budget(m_maxBytes, total, freeBytesAt(m_folder));
    while (total > allowed && !entries.isEmpty()) {
        const QFileInfo oldest = entries.takeLast();
        if (QFile::remove(oldest.absoluteFilePath()))
            total -= oldest.size();
    }
}

} // namespace gateline
