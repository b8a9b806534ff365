#include "bytescan.h"

#include <bit>

#if defined(__x86_64__)
#include <cpuid.h>
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
// PDEP/PEXT run in one cycle on Intel (Haswell on) and AMD Zen 3 on, but are microcoded on AMD
// before family 19h (Zen 1/2, common on cloud VMs: hundreds of cycles each): there the block's
// separators are walked one by one instead (same result; tst_albparser checks both).
bool g_walkSeparators = false;

[[gnu::target("avx2,pclmul,popcnt,bmi,bmi2")]] __attribute__((no_sanitize_address)) bool
splitAvx2(const char *p, qsizetype len, int maxFields, quint64 wanted, SimpleFields *f)
{
    const bool walk = g_walkSeparators;
    const __m256i space = _mm256_set1_epi8(' '), quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
    const __m128i ones = _mm_set1_epi8(char(0xFF));
    alignas(32) char tail[64];
    quint64 insideCarry = 0;  // all ones when the previous block ended inside quotes
    quint64 prevSep = 1;      // bit 0: a field starts at this block's first byte (the line start does)
    quint64 pendingClose = 0; // the previous block ended with a closing quote: a separator must follow
    quint64 quoted = 0;
    __m256i backslashes = _mm256_setzero_si256();
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
        // Escapes are the field-by-field reader's: backslashes are gathered over the line and tested
        // once after it (the blocks before a backslash split as usual, and their result is dropped).
        // Past the line's end (the last block) this may see the next line's bytes too: a backslash
        // there sends the line that way as well, which reads it the same, only slower.
        backslashes = _mm256_or_si256(backslashes, _mm256_or_si256(_mm256_cmpeq_epi8(lo, backslash), _mm256_cmpeq_epi8(hi, backslash)));
        const quint64 spaces = mask(_mm256_cmpeq_epi8(lo, space), _mm256_cmpeq_epi8(hi, space)) & valid;
        const quint64 quotes = mask(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(hi, quote)) & valid;
        const quint64 parity =
            quint64(_mm_cvtsi128_si64(_mm_clmulepi64_si128(_mm_cvtsi64_si128(qint64(quotes)), ones, 0)));
        const quint64 inside = parity ^ insideCarry;
        const quint64 sep = (spaces & ~inside) | sentinel;
        const quint64 starts = (sep << 1) | prevSep;
        const quint64 close = quotes & ~inside;
        // The shapes the field-by-field reader must read, in one test (one branch per block instead
        // of four): the line ends inside quotes; two spaces in a row, or a space at the start or the
        // end (which also keeps a block's separators at 32 at most); a quote opens inside a field;
        // a closing quote not followed by a separator.
        if (Q_UNLIKELY((sentinel & inside) | (sep & starts) | (quotes & inside & ~starts)
                       | (((close << 1) | pendingClose) & ~sep)))
            return false;
        // Where the fields end (a block holds at most 32, since no two separators are adjacent), and
        // which were quoted: those ending with a closing quote. Only the ends asked for are written:
        // the j-th field ending in the block ends at its j-th separator (pdep selects that bit).
        // Writing every field's end cost more than finding it.
        const quint64 closedBefore = (close << 1) | pendingClose;
        const int count = std::popcount(sep);
        const quint64 blockWanted = (wanted >> n) & ((quint64(1) << count) - 1);
        if (Q_UNLIKELY(walk)) {
            int j = 0;
            for (quint64 s = sep; s; s &= s - 1, ++j) {
                const int at = std::countr_zero(s);
                quoted |= ((closedBefore >> at) & 1) << (n + j);
                if ((blockWanted >> j) & 1)
                    f->end[n + j] = quint32(base + at);
            }
        } else {
            for (quint64 w = blockWanted; w; w &= w - 1) {
                const int j = std::countr_zero(w);
                f->end[n + j] = quint32(base + std::countr_zero(_pdep_u64(quint64(1) << j, sep)));
            }
            // The quoted flags of this block's fields, in field order: closedBefore's bits at the
            // separators (n < 32 and count <= 32, so the shift stays inside the word).
            quoted |= _pext_u64(closedBefore, sep) << n;
        }
        n += count;
        pendingClose = close >> 63;
        prevSep = sep >> 63;
        insideCarry = quint64(0) - (inside >> 63);
    }
    if (!_mm256_testz_si256(backslashes, backslashes))
        return false;
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

// The state of an AVX-512 split (splitAvx512, splitLineAvx512) from one 64-byte block to the next.
struct LineSplit {
    quint64 insideCarry = 0;
    quint64 prevSep = 1;
    quint64 pendingClose = 0;
    quint64 quoted = 0;
    __mmask64 backslashes = 0;
    int n = 0;
    bool splitting = true; // false once the fields are all found or the shape is refused
};

// One block of an AVX-512 split (while s.splitting): v holds the line's bytes from base on;
// newlines, its '\n's (the first ends the line).
[[gnu::target("avx512f,avx512bw,avx512vbmi2,pclmul,popcnt,bmi,bmi2")]] __attribute__((always_inline)) inline void
splitBlockAvx512(LineSplit &s, __m512i v, qsizetype base, quint64 newlines, int maxFields, SimpleFields *f)
{
    const __m512i space = _mm512_set1_epi8(' '), quote = _mm512_set1_epi8('"'), backslash = _mm512_set1_epi8('\\');
    const __m512i positions = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46,
                                              45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28,
                                              27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9,
                                              8, 7, 6, 5, 4, 3, 2, 1, 0);
    const __m128i ones = _mm_set1_epi8(char(0xFF));
    const quint64 sentinel = newlines & (quint64(0) - newlines); // the first '\n', or 0
    const quint64 valid = sentinel ? sentinel - 1 : ~quint64(0);
    const quint64 quotes = _mm512_cmpeq_epi8_mask(v, quote) & valid;
    quint64 spaces = _mm512_cmpeq_epi8_mask(v, space) & valid;
    // The backslashes stay in a mask register (they were kept on the stack, short of registers).
    s.backslashes = _kor_mask64(s.backslashes, _mm512_mask_cmpeq_epi8_mask(__mmask64(valid), v, backslash));
    // The spaces are compared apart from the quote parity below: GCC folded "& ~inside" into the
    // space compare's mask, which put that compare after the carry-less multiplication, one chain of
    // about 20 cycles a block. Both ways (barrier, mask register) took the bench bundle's split from
    // 86 to 73.5 ns a line (thread CPU time, best of 7, two bench files).
    asm("" : "+r"(spaces));
    const quint64 parity =
        quint64(_mm_cvtsi128_si64(_mm_clmulepi64_si128(_mm_cvtsi64_si128(qint64(quotes)), ones, 0)));
    const quint64 inside = parity ^ s.insideCarry;
    const quint64 sep = (spaces & ~inside) | sentinel;
    const quint64 starts = (sep << 1) | s.prevSep;
    const quint64 close = quotes & ~inside;
    const quint64 closedBefore = (close << 1) | s.pendingClose;
    if (Q_UNLIKELY((sentinel & inside) | (sep & starts) | (quotes & inside & ~starts) | (closedBefore & ~sep))) {
        s.splitting = false;
        s.n = -1;
        return;
    }
    const int count = std::popcount(sep);
    const __m512i at = _mm512_maskz_compress_epi8(sep, positions);
    const __m512i offset = _mm512_set1_epi32(int(base));
    _mm512_storeu_si512(f->end + s.n, _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_castsi512_si128(at)), offset));
    if (count > 16)
        _mm512_storeu_si512(f->end + s.n + 16,
                            _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(at, 1)), offset));
    s.quoted |= _pext_u64(closedBefore, sep) << s.n;
    s.n += count;
    s.pendingClose = close >> 63;
    s.prevSep = sep >> 63;
    s.insideCarry = quint64(0) - (inside >> 63);
    s.splitting = s.n < maxFields;
}

// The same split with AVX-512 (BW for byte compares straight into mask registers, VBMI2 for
// compressing a block's separator positions): about half the instructions per block of splitAvx2.
// - The last block is a masked load: the bytes past the line's end are neither read nor faulted on
//   (no page check, no copy), and read as 0, so a backslash after the line no longer matters.
// - Every field end of a block is written (the separators' positions compressed into one vector
//   and widened to 32 bits), not only the wanted ones: at most 32 past n, within end[]'s room.
// The blocks are split by splitBlockAvx512 (below, shared with splitLineAvx512), the line's end
// standing for the '\n' it takes as the sentinel.
[[gnu::target("avx512f,avx512bw,avx512vbmi2,pclmul,popcnt,bmi,bmi2")]] __attribute__((no_sanitize_address)) bool
splitAvx512(const char *p, qsizetype len, int maxFields, SimpleFields *f)
{
    LineSplit s;
    for (qsizetype base = 0; base < len && s.splitting; base += 64) {
        const qsizetype left = len - base;
        const quint64 end = left < 64 ? quint64(1) << left : 0;
        const __m512i v = end ? _mm512_maskz_loadu_epi8(end - 1, p + base) : _mm512_loadu_si512(p + base);
        splitBlockAvx512(s, v, base, end, maxFields, f);
    }
    if (s.n < 0 || s.backslashes)
        return false;
    if (s.n < maxFields && len % 64 == 0) {
        if (s.prevSep || s.insideCarry)
            return false;
        s.quoted |= s.pendingClose << s.n;
        f->end[s.n++] = quint32(len);
    }
    f->n = std::min(s.n, maxFields);
    f->quoted = s.quoted & ((quint64(1) << f->n) - 1);
    return true;
}

// splitAvx512 and the search for the line's end in one pass: the line is the bytes before the
// first '\n' of [p, p + size), found in the same 64-byte blocks that are split (its bit is the
// sentinel, as the line's end is there). The blocks split are those splitAvx512 would split (up to
// the one where maxFields is reached); the search goes on alone past them, and past a shape
// splitAvx512 refuses. Every load is masked to [p, p + size). Returns the line's length or -1.
// Two blocks a turn while neither holds a '\n' (one test and branch for both: 15% less time per
// line than one block a turn, in a micro-benchmark of the bench bundle's lines), then one at a time.
[[gnu::target("avx512f,avx512bw,avx512vbmi2,pclmul,popcnt,bmi,bmi2")]] __attribute__((no_sanitize_address)) qsizetype
splitLineAvx512(const char *p, qsizetype size, int maxFields, SimpleFields *f, bool *split)
{
    const __m512i newline = _mm512_set1_epi8('\n');
    LineSplit s;
    *split = false;
    qsizetype base = 0;
    for (; size - base >= 128; base += 128) {
        const __m512i v0 = _mm512_loadu_si512(p + base), v1 = _mm512_loadu_si512(p + base + 64);
        if (_mm512_cmpeq_epi8_mask(v0, newline) | _mm512_cmpeq_epi8_mask(v1, newline))
            break;
        if (s.splitting)
            splitBlockAvx512(s, v0, base, 0, maxFields, f);
        if (s.splitting)
            splitBlockAvx512(s, v1, base + 64, 0, maxFields, f);
    }
    for (; base < size; base += 64) {
        const qsizetype left = size - base;
        const __m512i v = left < 64 ? _mm512_maskz_loadu_epi8((quint64(1) << left) - 1, p + base)
                                    : _mm512_loadu_si512(p + base);
        // Bytes past size load as 0, never '\n'.
        const quint64 newlines = _mm512_cmpeq_epi8_mask(v, newline);
        if (s.splitting)
            splitBlockAvx512(s, v, base, newlines, maxFields, f);
        if (newlines) {
            // n < 0: refused; n < maxFields here means the line ended in this block, its end
            // counted as the last separator (as splitAvx512's sentinel or its full last block).
            if (s.n >= 0 && !s.backslashes) {
                f->n = std::min(s.n, maxFields);
                f->quoted = s.quoted & ((quint64(1) << f->n) - 1);
                *split = true;
            }
            return base + std::countr_zero(newlines);
        }
    }
    return -1;
}

// AMD before family 19h: PDEP/PEXT are microcoded (slow).
bool cpuHasSlowPdep()
{
    if (!__builtin_cpu_is("amd"))
        return false;
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
        return true;
    const unsigned base = (eax >> 8) & 0xF;
    const unsigned family = base == 0xF ? base + ((eax >> 20) & 0xFF) : base;
    return family < 0x19;
}

bool g_avx512Available = false;
bool g_useAvx512 = false;

bool cpuHasAvx2()
{
    __builtin_cpu_init();
    g_walkSeparators = cpuHasSlowPdep();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul")
        && __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
    g_avx512Available = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vbmi2") && !g_walkSeparators;
    g_useAvx512 = g_avx512Available;
    return avx2;
}

} // namespace

bool simpleFieldsSplitterAvailable()
{
    static const bool available = cpuHasAvx2();
    return available;
}

void setSplitterWalksSeparators(bool walk)
{
    (void)simpleFieldsSplitterAvailable(); // its CPU check sets the default first
    g_walkSeparators = walk;
}

bool setSplitterUsesAvx512(bool on)
{
    (void)simpleFieldsSplitterAvailable();
    g_useAvx512 = on && g_avx512Available;
    return g_useAvx512 == on;
}

bool splitSimpleFields(QByteArrayView line, int maxFields, SimpleFields *out, quint64 wanted)
{
    if (line.isEmpty() || line.size() > qsizetype(0x7FFFFFFF) || maxFields < 1 || maxFields > SimpleFields::kMax
        || !simpleFieldsSplitterAvailable())
        return false;
    if (g_useAvx512)
        return splitAvx512(line.data(), line.size(), maxFields, out);
    return splitAvx2(line.data(), line.size(), maxFields, wanted, out);
}

qsizetype splitSimpleFieldsOfLine(const char *p, qsizetype size, int maxFields, SimpleFields *out, bool *split,
                                  quint64 wanted)
{
    // splitSimpleFields' tests, once.
    const bool usable = maxFields >= 1 && maxFields <= SimpleFields::kMax && simpleFieldsSplitterAvailable();
    if (usable && g_useAvx512 && size > 0 && size <= qsizetype(0x7FFFFFFF))
        return splitLineAvx512(p, size, maxFields, out, split);
    const void *nl = size > 0 ? std::memchr(p, '\n', size_t(size)) : nullptr;
    const qsizetype length = nl ? static_cast<const char *>(nl) - p : -1;
    *split = usable && length > 0 && length <= qsizetype(0x7FFFFFFF) && splitAvx2(p, length, maxFields, wanted, out);
    return length;
}
#else
bool simpleFieldsSplitterAvailable()
{
    return false;
}

void setSplitterWalksSeparators(bool)
{
}

bool setSplitterUsesAvx512(bool on)
{
    return !on;
}

bool splitSimpleFields(QByteArrayView, int, SimpleFields *, quint64)
{
    return false;
}

qsizetype splitSimpleFieldsOfLine(const char *p, qsizetype size, int, SimpleFields *, bool *split, quint64)
{
    const void *nl = size > 0 ? std::memchr(p, '\n', size_t(size)) : nullptr;
    *split = false;
    return nl ? static_cast<const char *>(nl) - p : -1;
}
#endif

} // namespace gateline
