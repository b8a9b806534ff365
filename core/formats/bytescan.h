// Byte scanning for the line parsers.
// findByte: the first c in [p, end), or end. For the short hops between fields (typically under
// 32 bytes), where memchr's call and set-up cost more than the scan: 16 bytes per step with SSE2
// (part of every x86-64 CPU), memchr elsewhere.
// splitSimpleFields: a whole line's field boundaries from bit masks of its spaces and quotes.
#pragma once

#include <QByteArrayView>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gateline {

inline const char *findByte(const char *p, const char *end, char c)
{
#if defined(__SSE2__)
    const __m128i needle = _mm_set1_epi8(c);
    for (; end - p >= 16; p += 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(block, needle));
        if (mask)
            return p + __builtin_ctz(unsigned(mask));
    }
    for (; p < end; ++p) // the last few bytes: never read past the end
        if (*p == c)
            return p;
    return end;
#else
    const void *hit = p < end ? std::memchr(p, c, size_t(end - p)) : nullptr;
    return hit ? static_cast<const char *>(hit) : end;
#endif
}

// The fields of a line made of bare tokens and "quoted" strings separated by single spaces (the
// shape of ALB and most access logs): where each ends, and which were quoted.
struct SimpleFields {
    static constexpr int kMax = 32; // so that field indices stay below 64 even a block past it
    int n = 0;          // fields found, at most the number asked for
    quint64 quoted = 0; // bit i: field i is "quoted" (it starts and ends with the quote)
    // end[i]: offset of the byte after field i (its separator, or the line's end), for the fields
    // whose bit is set in splitSimpleFields()'s wanted mask (the others may be left as they were,
    // or set too).
    // Room for a 64-byte block's worth of separators past the last field asked for, and some slack.
    quint32 end[kMax + 40];
    qsizetype begin(int i) const { return i == 0 ? 0 : qsizetype(end[i - 1]) + 1; }
};

// Splits line into at most maxFields (<= SimpleFields::kMax) fields, 64 bytes at a time with AVX2.
// False when the line has any other shape, which a field-by-field reader must then read: two
// spaces in a row or one at either end, a quote that opens inside a field or closes anywhere but
// at a field's end, a backslash (escapes), a quote left open; also (rarely, and harmlessly) when a
// backslash follows the line within its last 64-byte block, which is read whole where it lies in
// one page; and always false where the CPU lacks AVX2, carry-less multiplication or BMI (see
// simpleFieldsSplitterAvailable()). wanted: bit i asks for end[i] (begin(i) needs end[i - 1]).
bool splitSimpleFields(QByteArrayView line, int maxFields, SimpleFields *out, quint64 wanted = ~quint64(0));
// The line that starts at p and ends at the first '\n' of [p, p + size): its length (without the
// '\n'), or -1 where [p, p + size) holds no '\n'. *split: out holds the line's fields, exactly what
// splitSimpleFields(that line, maxFields, out, wanted) gives where that returns true; false where it
// would return false (out is then undefined). With AVX-512 the search for the line's end and the
// split are one pass over its bytes (the split needs the bytes up to the wanted fields only, the
// search all of them); elsewhere memchr, then splitSimpleFields. Reads nothing outside [p, p + size).
qsizetype splitSimpleFieldsOfLine(const char *p, qsizetype size, int maxFields, SimpleFields *out, bool *split,
                                  quint64 wanted = ~quint64(0));
bool simpleFieldsSplitterAvailable();
// Where PDEP/PEXT are slow (AMD before Zen 3) the splitter walks each block's separators instead;
// tests set either way to check both give the same fields. Not for use while lines are split.
void setSplitterWalksSeparators(bool walk);
// Where the CPU has AVX-512 (BW and VBMI2) the splitter uses it (same result, about half the
// instructions per block; it writes every field end of the blocks it reads, wanted or not). Tests
// turn it off to check the AVX2 way too; false if on was asked and the CPU lacks it. Not for use
// while lines are split.
bool setSplitterUsesAvx512(bool on);

} // namespace gateline
