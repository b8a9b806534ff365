// The local cache of fetched S3 objects, in the user's cache folder (~/.cache/gateline/s3): each
// object is kept as stored (a .log.gz stays compressed, nothing is extracted) at
// ROOT/BUCKET/KEY, and is valid only while a marker beside it holds the object's ETag and size, so
// a changed object is fetched again. Bounded: the oldest-used objects are evicted past a total size.
// Holds no credential.
#pragma once

#include <QSet>
#include <QString>

namespace gateline {

class S3Cache
{
public:
    explicit S3Cache(QString root = defaultRoot(), qint64 maxBytes = 4ll << 30);
    static QString defaultRoot();
    QString root() const { return m_root; }
    qint64 maxBytes() const { return m_maxBytes; }

    // Where the object's bytes are kept; key segments "", "." and ".." become "_", so that no key
    // writes outside the cache.
    QString pathFor(const QString &bucket, const QString &key) const;
    // True when the file is complete for this ETag and size (and marks it used).
    bool isCached(const QString &path, const QString &etag, qint64 size) const;
    void markComplete(const QString &path, const QString &etag, qint64 size) const;
    void forget(const QString &path) const; // the marker only: the bytes stay readable
    // Removes the least recently used objects until the total is under the bound; keep is not touched.
    // Returns the bytes freed.
    qint64 evict(const QSet<QString> &keep) const;

private:
    QString m_root;
    qint64 m_maxBytes;
};

} // namespace gateline
