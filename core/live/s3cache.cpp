#include "s3cache.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace gateline {

namespace {
const QLatin1StringView kMarker(".gateline-etag");
}

S3Cache::S3Cache(QString root, qint64 maxBytes) : m_root(std::move(root)), m_maxBytes(maxBytes) {}

QString S3Cache::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/gateline/s3");
}

QString S3Cache::pathFor(const QString &bucket, const QString &key) const
{
    QStringList parts{bucket};
    for (QString seg : key.split(QLatin1Char('/'))) {
        if (seg.isEmpty() || seg == QLatin1StringView(".") || seg == QLatin1StringView(".."))
            seg = QStringLiteral("_");
        if (seg.endsWith(kMarker))
            seg += QLatin1Char('_');
        parts << seg.left(200);
    }
    return m_root + QLatin1Char('/') + parts.join(QLatin1Char('/'));
}

bool S3Cache::isCached(const QString &path, const QString &etag, qint64 size) const
{
    QFile marker(path + kMarker);
    if (!marker.open(QIODevice::ReadOnly))
        return false;
    const QByteArray want = etag.toUtf8() + ' ' + QByteArray::number(size);
    if (marker.read(4096).trimmed() != want || QFileInfo(path).size() != size)
        return false;
    QFile data(path);
    if (data.open(QIODevice::ReadWrite))
        data.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
    return true;
}

void S3Cache::markComplete(const QString &path, const QString &etag, qint64 size) const
{
    QSaveFile marker(path + kMarker);
    if (!marker.open(QIODevice::WriteOnly))
        return;
    marker.write(etag.toUtf8() + ' ' + QByteArray::number(size) + '\n');
    marker.commit();
}

void S3Cache::forget(const QString &path) const
{
    QFile::remove(path + kMarker);
}

qint64 S3Cache::evict(const QSet<QString> &keep) const
{
    struct Entry {
        QString path;
        qint64 size;
        QDateTime used;
    };
    QList<Entry> entries;
    qint64 total = 0;
    QDirIterator it(m_root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo fi = it.nextFileInfo();
        if (fi.fileName().endsWith(kMarker))
            continue;
        entries.append({fi.filePath(), fi.size(), fi.lastModified()});
        total += fi.size();
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.used < b.used; });
    qint64 freed = 0;
    for (const Entry &e : entries) {
        if (total <= m_maxBytes)
            break;
        if (keep.contains(e.path))
            continue;
        QFile::remove(e.path + kMarker);
        if (QFile::remove(e.path)) {
            total -= e.size;
            freed += e.size;
        }
    }
    return freed;
}

} // namespace gateline
