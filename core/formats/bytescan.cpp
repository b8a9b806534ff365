#include "bytescan.h"

#include <bit>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace gateline {

#if defined(__x86_64__)
namespace {

// One bit per byte of a 64-byte block: the byte masks of its two halves.
[[gnu::target("avx2")]] inline quint64 mask(__m256i lo, __m256i hi)
{
    return quint64(quint32(_mm256_movemask_epi8(lo))) | (quint64(quint32(_mm256_movemask_epi8(hi))) << 32);
}

// Everything in one function compiled for AVX2 (and POPCNT, BMI): masks of spaces, quotes and
// backslashes per 64-byte block; quote parity by carry-less multiplication (inside quotes, counting
// the opening one); separators = spaces outside quotes, the line end counting as one.
// The last block of a line is loaded whole where its 64 bytes lie in one page (the line's own
// bytes make that page readable), and the bytes past the line's end masked off; only a block that
// would cross into the next page is copied out first. Those loads may read past the end of the
// caller's buffer, within the page: AddressSanitizer is told not to instrument them.
[[gnu::target("avx2,pclmul,popcnt,bmi,bmi2")]] __attribute__((no_sanitize_address)) bool
splitAvx2(const char *p, qsizetype len, int maxFields, SimpleFields *f)
{
    const __m256i space = _mm256_set1_epi8(' '), quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
    const __m128i ones = _mm_set1_epi8(char(0xFF));
    alignas(32) char tail[64];
    quint64 insideCarry = 0;  // all ones when the previous block ended inside quotes
    quint64 prevSep = 1;      // bit 0: a field starts at this block's first byte (the line start does)
    quint64 pendingClose = 0; // the previous block ended with a closing quote: a separator must follow
    quint64 quoted = 0;
    int n = 0;
    for (qsizetype base = 0; base < len && n < maxFields; base += 64) {
        const qsizetype left = len - base;
        const char *src = p + base;
        quint64 sentinel = 0;
        quint64 valid = ~quint64(0); // the bytes of this block that belong to the line
        if (left < 64) {
            sentinel = quint64(1) << left;
            valid = sentinel - 1;
            if ((reinterpret_cast<quintptr>(src) & 4095) > 4096 - 64) {
                std::memset(tail, 0, sizeof tail);
                std::memcpy(tail, src, size_t(left));
                src = tail;
            }
        }
        const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(src));
        const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(src + 32));
        // Escapes are the field-by-field reader's. Past the line's end (the last block) this may see
        // the next line's bytes too: a backslash there sends the line that way as well, which reads
        // it the same, only slower.
        const __m256i anyBackslash = _mm256_or_si256(_mm256_cmpeq_epi8(lo, backslash), _mm256_cmpeq_epi8(hi, backslash));
        if (!_mm256_testz_si256(anyBackslash, anyBackslash))
            return false;
        const quint64 spaces = mask(_mm256_cmpeq_epi8(lo, space), _mm256_cmpeq_epi8(hi, space)) & valid;
        const quint64 quotes = mask(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(hi, quote)) & valid;
        const quint64 parity =
            quint64(_mm_cvtsi128_si64(_mm_clmulepi64_si128(_mm_cvtsi64_si128(qint64(quotes)), ones, 0)));
        const quint64 inside = parity ^ insideCarry;
        if (sentinel & inside)
            return false; // the line ends inside quotes
        const quint64 sep = (spaces & ~inside) | sentinel;
        const quint64 starts = (sep << 1) | prevSep;
        if (sep & starts)
            return false; // two spaces in a row, or a space at the start or the end
        if (quotes & inside & ~starts)
            return false; // a quote opens inside a field
        const quint64 close = quotes & ~inside;
        if (((close << 1) & ~sep) | (pendingClose & ~sep))
            return false; // a closing quote not followed by a separator
        // Where the fields end (four without a branch per field; a block holds at most 32, since no
        // two separators are adjacent), and which were quoted: those ending with a closing quote.
        const quint64 closedBefore = (close << 1) | pendingClose;
        const int count = std::popcount(sep);
        quint64 bits = sep;
        for (int k = 0; k < 4; ++k) {
            const int i = std::countr_zero(bits) & 63;
            f->end[n + k] = quint32(base + i);
            quoted |= ((closedBefore >> i) & 1) << (n + k);
            bits &= bits - 1;
        }
        for (int k = 4; k < count; ++k) {
            const int i = std::countr_zero(bits);
            f->end[n + k] = quint32(base + i);
            quoted |= ((closedBefore >> i) & 1) << (n + k);
            bits &= bits - 1;
        }
        n += count;
        quoted &= (quint64(1) << n) - 1; // bits past the last field (from the unconditional four)
        pendingClose = close >> 63;
        prevSep = sep >> 63;
        insideCarry = quint64(0) - (inside >> 63);
    }
    if (n < maxFields && len % 64 == 0) {
        // The line ended with a full block: its end is the last separator.
        if (prevSep || insideCarry)
            return false;
        quoted |= pendingClose << n;
        f->end[n++] = quint32(len);
    }
    f->n = std::min(n, maxFields);
    f->quoted = quoted & ((quint64(1) << f->n) - 1);
    return true;
}

bool cpuHasAvx2()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("popcnt")
        && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
}

} // namespace

bool simpleFieldsSplitterAvailable()
{
    static const bool available = cpuHasAvx2();
    return available;
}

bool splitSimpleFields(QByteArrayView line, int maxFields, SimpleFields *out)
{
    if (line.isEmpty() || line.size() > qsizetype(0x7FFFFFFF) || maxFields < 1 || maxFields > SimpleFields::kMax
        || !simpleFieldsSplitterAvailable())
        return false;
    return splitAvx2(line.data(), line.size(), maxFields, out);
}
#else
bool simpleFieldsSplitterAvailable()
{
    return false;
}

bool splitSimpleFields(QByteArrayView, int, SimpleFields *)
{
    return false;
}
#endif

} // namespace gateline
