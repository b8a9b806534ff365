#include "fieldcursor.h"

#include "bytescan.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gateline {

namespace {
// Where "://" first occurs in t if that is before index 8, else -1 (later or nowhere): all that
// the absolute-form test below needs, without a substring search through the whole target.
qsizetype schemeEnd(QByteArrayView t)
{
    const qsizetype last = std::min<qsizetype>(t.size() - 3, 7);
    for (qsizetype i = 0; i <= last; ++i)
        if (t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/')
            return i;
    return -1;
}
} // namespace

bool splitRequest(QByteArrayView request, QByteArrayView *method, QByteArrayView *path, QByteArrayView *host)
{
    // One pass over the method (A-Z up to the first space) and a look back over "HTTP/x.y" at the
    // end, without a call: the same answers as the first space by indexOf and the last by lastIndexOf.
    const char *const p = request.data();
    const qsizetype n = request.size();
    qsizetype sp1 = 0;
    while (sp1 < n && quint8(p[sp1] - 'A') <= quint8('Z' - 'A'))
        ++sp1;
    if (sp1 == n || p[sp1] != ' ' || sp1 == 0) {
        // No space; a space first; or a byte other than A-Z before the first space, which then
        // ends a method that is not one.
        if (sp1 == 0 && n > 0 && p[0] == ' ')
            return false;
        const void *space = sp1 < n ? std::memchr(p + sp1, ' ', size_t(n - sp1)) : nullptr;
        if (space)
            *method = request.first(static_cast<const char *>(space) - p);
        return false;
    }
    *method = request.first(sp1);
    QByteArrayView target = request.sliced(sp1 + 1);
    qsizetype sp2 = target.size() - 1;
    while (sp2 >= 0 && target[sp2] != ' ')
        --sp2;
    if (sp2 >= 0 && target.size() - sp2 - 1 >= 5 && std::memcmp(target.data() + sp2 + 1, "HTTP/", 5) == 0)
        target = target.first(sp2);
    if (target.isEmpty())
        return false;
    // Absolute form: scheme://host[:port]/path
    const qsizetype scheme =
        target.size() >= 8 && std::memcmp(target.data(), "https://", 8) == 0 ? 5 : schemeEnd(target);
    if (scheme > 0 && scheme < 8) {
        const QByteArrayView afterScheme = target.sliced(scheme + 3);
        const char *const a = afterScheme.data();
        const qsizetype slash = findByte(a, a + afterScheme.size(), '/') - a;
        const QByteArrayView hostPort = afterScheme.first(slash);
        if (host)
            *host = stripPort(hostPort);
        *path = slash == afterScheme.size() ? QByteArrayView("/") : afterScheme.sliced(slash);
    } else {
        *path = target;
    }
    return true;
}

QByteArrayView stripPort(QByteArrayView hostPort)
{
    if (hostPort.startsWith('[')) {
        const qsizetype close = hostPort.indexOf(']');
        return close > 0 ? hostPort.sliced(1, close - 1) : hostPort;
    }
    // "ip:port": the last colon, if it is the only one (IPv6 without brackets has several).
#if defined(__SSE2__)
    // 16 to 64 bytes (an IPv4 address with its port, a host name with its port): the colons of the
    // whole string in one mask, 16 bytes a compare (the last block overlapping the one before),
    // instead of a scan back to the last colon and a call to memchr for another before it.
    const qsizetype n = hostPort.size();
    if (n >= 16 && n <= 64) {
        const char *const p = hostPort.data();
        const __m128i colon = _mm_set1_epi8(':');
        auto colonsAt = [&](qsizetype i) {
            const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
            return quint64(quint32(_mm_movemask_epi8(_mm_cmpeq_epi8(block, colon)))) << i;
        };
        quint64 colons = colonsAt(n - 16);
        for (qsizetype i = 0; i + 16 < n; i += 16)
            colons |= colonsAt(i);
        // Exactly one colon, and not the first byte: the same answer as the scans below.
        if (colons > 1 && (colons & (colons - 1)) == 0)
            return hostPort.first(qsizetype(std::countr_zero(colons)));
        return hostPort;
    }
#endif
    qsizetype colon = hostPort.size() - 1;
    while (colon >= 0 && hostPort[colon] != ':')
        --colon;
    if (colon > 0 && !std::memchr(hostPort.data(), ':', size_t(colon)))
        return hostPort.first(colon);
    return hostPort;
}

} // namespace gateline
