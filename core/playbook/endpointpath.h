// An endpoint's path, the one definition shared by its string and its hash: the path as logged
// ("/api/orders/123?x=1", or a full URL some proxies log) without its query and scheme, each
// segment that names one thing rather than a route (numbers, hashes, UUIDs, long tokens with
// digits in them) folded into "{id}": "/api/orders/{id}".
#pragma once

#include <QByteArrayView>
#include <QString>

namespace gateline {

// A path segment that names one thing rather than a route.
bool isIdSegment(QByteArrayView seg);

// Walks the normalised path piece by piece into sink(QByteArrayView).
template<typename Sink>
void walkPath(QByteArrayView path, Sink &&sink)
{
    const qsizetype q = path.indexOf('?');
    if (q >= 0)
        path = path.first(q);
    // Full URLs (some proxies log them): keep the path only.
    if (path.startsWith("http://") || path.startsWith("https://")) {
        const qsizetype slash = path.indexOf('/', path.indexOf("//") + 2);
        path = slash < 0 ? QByteArrayView("/") : path.sliced(slash);
    }
    qsizetype p = 0;
    if (path.isEmpty())
        sink(QByteArrayView("/"));
    while (p < path.size()) {
        qsizetype e = path.indexOf('/', p);
        if (e < 0)
            e = path.size();
        const QByteArrayView seg = path.sliced(p, e - p);
        sink(isIdSegment(seg) ? QByteArrayView("{id}") : seg);
        if (e < path.size())
            sink(QByteArrayView("/"));
        p = e + 1;
    }
}

// "-" for a request without a method.
inline QByteArrayView methodOrDash(QByteArrayView method)
{
    return method.isEmpty() ? QByteArrayView("-") : method;
}

// "GET /api/orders/{id}".
QString endpointString(QByteArrayView method, QByteArrayView path);

// A 64-bit hash of the normalised path (never 0): equal normalised paths, equal hashes. The value
// only groups endpoints within one run (ErrorSeries folds its groups by endpointString() at the end).
quint64 pathHash(QByteArrayView path);
// The same value, by the definition: the pieces of walkPath() joined, then hashed. The reference
// pathHash() is tested against.
quint64 pathHashOfPieces(QByteArrayView path);

// The method and the path's hash in one key.
quint64 endpointKey(QByteArrayView method, quint64 pathHash);

} // namespace gateline
