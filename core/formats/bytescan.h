// findByte: the first c in [p, end), or end. For the short hops between fields (typically under
// 32 bytes), where memchr's call and set-up cost more than the scan: 16 bytes per step with SSE2
// (part of every x86-64 CPU), memchr elsewhere.
#pragma once

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

} // namespace gateline
