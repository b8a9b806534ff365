#include "endpointpath.h"

#include <QByteArray>
#include <QHashFunctions>

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gateline {

namespace {

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// isIdSegment's rule from a segment's size and its counts of digits and of hex digits or '-'.
inline bool idRule(qsizetype size, qsizetype digits, qsizetype hex)
{
    return digits > 0 && (digits == size || (hex == size && size >= 6) || (size >= 8 && digits * 4 >= size));
}

// FNV-1a over bytes.
quint64 fnv(QByteArrayView bytes)
{
    quint64 h = 14695981039346656037ull;
    for (char c : bytes)
        h = (h ^ quint8(c)) * 1099511628211ull;
    return h;
}

// The hash of a normalised path's bytes: qHashBits with a fixed seed, not 0 (Qt takes its AES
// rounds, 16 bytes at a time, only with a seed), where FNV-1a was a multiplication per byte one
// after another.
quint64 normalisedPathHash(const char *bytes, qsizetype size)
{
    constexpr size_t kSeed = size_t(0x9e3779b97f4a7c15ull);
    return quint64(qHashBits(bytes, size_t(size), kSeed)) | 1; // never 0: 0 marks "not computed yet" in caches
}

constexpr qsizetype kLongest = 256; // past it, pathHashOfPieces

// One pass over a path of 1..kLongest bytes (its query cut, no scheme) into a buffer on the stack:
// each segment's bytes are copied while its digits are counted, and the copy goes back to where the
// segment began, then takes "{id}", where idRule() says so.
quint64 pathHashBytewise(const char *p, qsizetype n)
{
    char out[4 * kLongest]; // "{id}" may stand for a one-byte segment
    qsizetype o = 0;
    for (qsizetype i = 0;; ++i) {
        const qsizetype start = i, outStart = o;
        qsizetype digits = 0, hex = 0;
        for (; i < n && p[i] != '/'; ++i) {
            const char c = p[i];
            const bool digit = c >= '0' && c <= '9';
            digits += digit;
            hex += digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
            out[o++] = c;
        }
        if (idRule(i - start, digits, hex)) {
            o = outStart;
            std::memcpy(out + o, "{id}", 4);
            o += 4;
        }
        if (i >= n)
            break;
        out[o++] = '/';
    }
    return normalisedPathHash(out, o);
}

#if defined(__SSE2__)
// A path of 1..64 bytes: its slashes, digits and hex digits (or '-') as bit masks, 16 bytes per
// compare; then one step per segment instead of per byte. Where no segment is an id, the
// normalised path is the path itself and is hashed where it lies; else it is built segment by
// segment.
// The 16-byte blocks are loaded where the path lies when they stay in its first byte's page (the
// bytes past its end are masked off; the path's own bytes make that page readable), else from a
// copy: a copy read back in 16-byte loads at once stalls each load on the copy's stores.
// AddressSanitizer is told not to instrument those loads past the end.
__attribute__((no_sanitize_address)) quint64 pathHashShort(const char *p, qsizetype n)
{
    alignas(16) char copy[64];
    const char *src = p;
    if ((reinterpret_cast<quintptr>(p) & 4095) > 4096 - 64) {
        std::memcpy(copy, p, size_t(n));
        src = copy;
    }
    const __m128i slashByte = _mm_set1_epi8('/'), dashByte = _mm_set1_epi8('-'), caseBit = _mm_set1_epi8(0x20);
    const __m128i below0 = _mm_set1_epi8('0' - 1), above9 = _mm_set1_epi8('9' + 1);
    const __m128i belowA = _mm_set1_epi8('a' - 1), aboveF = _mm_set1_epi8('f' + 1);
    quint64 slashes = 0, digits = 0, hex = 0;
    for (int k = 0; k * 16 < n; ++k) {
        // Bytes >= 0x80 compare as negative: neither digits nor letters.
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + 16 * k));
        const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, below0), _mm_cmplt_epi8(v, above9));
        const __m128i lower = _mm_or_si128(v, caseBit);
        const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, belowA), _mm_cmplt_epi8(lower, aboveF));
        const __m128i hexish = _mm_or_si128(_mm_or_si128(digit, letter), _mm_cmpeq_epi8(v, dashByte));
        slashes |= quint64(quint16(_mm_movemask_epi8(_mm_cmpeq_epi8(v, slashByte)))) << (16 * k);
        digits |= quint64(quint16(_mm_movemask_epi8(digit))) << (16 * k);
        hex |= quint64(quint16(_mm_movemask_epi8(hexish))) << (16 * k);
    }
    const quint64 valid = n == 64 ? ~quint64(0) : (quint64(1) << n) - 1;
    slashes &= valid;
    char out[4 * 64];
    qsizetype o = 0;
    bool folded = false; // out holds the normalised path so far (else the path up to here is it)
    qsizetype start = 0;
    for (quint64 rest = slashes;; rest &= rest - 1) {
        const qsizetype end = rest ? std::countr_zero(rest) : n;
        const qsizetype size = end - start;
        const quint64 upToEnd = end >= 64 ? ~quint64(0) : (quint64(1) << end) - 1;
        const quint64 segment = start >= 64 ? 0 : upToEnd & ~((quint64(1) << start) - 1);
        const quint64 segmentDigits = digits & segment;
        // idRule without counting where it can (x86-64's baseline has no popcount instruction).
        const bool id = segmentDigits
            && (segmentDigits == segment || ((hex & segment) == segment && size >= 6)
                || (size >= 8 && qsizetype(std::popcount(segmentDigits)) * 4 >= size));
        if (id) {
            if (!folded) {
                std::memcpy(out, p, size_t(start));
                o = start;
                folded = true;
            }
            std::memcpy(out + o, "{id}", 4);
            o += 4;
        } else if (folded) {
            std::memcpy(out + o, p + start, size_t(size));
            o += size;
        }
        if (end >= n)
            break;
        if (folded)
            out[o++] = '/';
        start = end + 1;
    }
    return folded ? normalisedPathHash(out, o) : normalisedPathHash(p, n);
}
#endif

} // namespace

bool isIdSegment(QByteArrayView seg)
{
    if (seg.isEmpty())
        return false;
    qsizetype digits = 0, hex = 0;
    for (char c : seg) {
        digits += c >= '0' && c <= '9';
        hex += isHexDigit(c) || c == '-';
    }
    return idRule(seg.size(), digits, hex);
}

QString endpointString(QByteArrayView method, QByteArrayView path)
{
    QByteArray out;
    out.reserve(method.size() + path.size() + 8);
    out.append(methodOrDash(method));
    out.append(' ');
    walkPath(path, [&out](QByteArrayView piece) { out.append(piece); });
    return QString::fromUtf8(out);
}

quint64 pathHashOfPieces(QByteArrayView path)
{
    QByteArray joined;
    walkPath(path, [&joined](QByteArrayView piece) { joined.append(piece); });
    return normalisedPathHash(joined.constData(), joined.size());
}

// The usual path (no scheme, not empty, not long) in one pass (ErrorSeries hashes every distinct
// path string of every source: a few hundred thousand in the 1M-line bench bundle); the others by
// the definition.
quint64 pathHash(QByteArrayView path)
{
    const char *const p = path.data();
    qsizetype n = path.size();
    if (const void *q = n > 0 ? std::memchr(p, '?', size_t(n)) : nullptr)
        n = static_cast<const char *>(q) - p;
    if (n == 0 || n > kLongest
        || (p[0] == 'h' && (QByteArrayView(p, n).startsWith("http://") || QByteArrayView(p, n).startsWith("https://"))))
        return pathHashOfPieces(path);
#if defined(__SSE2__)
    if (n <= 64)
        return pathHashShort(p, n);
#endif
    return pathHashBytewise(p, n);
}

quint64 endpointKey(QByteArrayView method, quint64 pathHash)
{
    return (fnv(methodOrDash(method)) * 0x9e3779b97f4a7c15ull) ^ pathHash;
}

} // namespace gateline
