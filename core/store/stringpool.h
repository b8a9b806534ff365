// Interns byte strings: every distinct string is stored once and named by a 32-bit id.
#pragma once

#include "columns.h"

#include <QByteArrayView>
#include <QString>
#include <cstring>
#include <memory>
#include <vector>

namespace gateline {

namespace bytes {
inline quint64 load64(const char *p)
{
    quint64 v;
    std::memcpy(&v, p, 8);
    return v;
}
inline quint32 load32(const char *p)
{
    quint32 v;
    std::memcpy(&v, p, 4);
    return v;
}
inline quint64 mix(quint64 a, quint64 b)
{
    const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
    return quint64(r) ^ quint64(r >> 64);
}
} // namespace bytes

// Equality of two byte strings, inline (most interned strings are short: a call to memcmp and its
// set-up cost more than the compare).
Q_ALWAYS_INLINE bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    const qsizetype n = a.size();
    if (n != b.size())
        return false;
    const char *p = a.data(), *q = b.data();
    if (n >= 8) {
        for (qsizetype i = 0; i + 8 < n; i += 8)
            if (bytes::load64(p + i) != bytes::load64(q + i))
                return false;
        return bytes::load64(p + n - 8) == bytes::load64(q + n - 8);
    }
    if (n >= 4)
        return bytes::load32(p) == bytes::load32(q) && bytes::load32(p + n - 4) == bytes::load32(q + n - 4);
    for (qsizetype i = 0; i < n; ++i)
        if (p[i] != q[i])
            return false;
    return true;
}

// A fast, fixed (process- and run-independent) 32-bit hash of a byte string for the pool's table:
// 8-byte words mixed by 64x64->128-bit multiplication (the scheme of wyhash). Only slot placement
// depends on it; ids are given in order of first appearance.
Q_ALWAYS_INLINE quint32 hashBytes(const char *p, qsizetype n)
{
    using namespace bytes;
    constexpr quint64 k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull, k2 = 0x8ebc6af09c88c6e3ull;
    quint64 a = 0, b = 0, seed = k0;
    if (n <= 16) {
        if (n >= 8) {
            a = load64(p);
            b = load64(p + n - 8);
        } else if (n >= 4) {
            a = load32(p);
            b = load32(p + n - 4);
        } else if (n > 0) {
            a = (quint64(quint8(p[0])) << 16) | (quint64(quint8(p[n >> 1])) << 8) | quint8(p[n - 1]);
        }
    } else {
        const char *q = p;
        for (qsizetype left = n; left > 16; left -= 16, q += 16)
            seed = mix(load64(q) ^ k1, load64(q + 8) ^ seed);
        a = load64(p + n - 16);
        b = load64(p + n - 8);
    }
    const quint64 h = mix(a ^ k1 ^ seed, b ^ k2 ^ quint64(n));
    return quint32(h ^ (h >> 32));
}

class StringPool
{
public:
    static constexpr quint32 Empty = 0; // id 0 is always the empty string

    StringPool();
    quint32 intern(QByteArrayView s) { return s.isEmpty() ? Empty : intern(s, hashBytes(s.data(), s.size())); }
    // The same with s's hash already taken (hashBytes), after prefetch(hash): a row's strings are
    // hashed and their slots fetched first, so that the table's cache misses overlap.
    // stored, if given, gets the pool's own copy of s (what view() of the id returns), without a
    // look-up by id when the slot has it.
    quint32 intern(QByteArrayView s, quint32 hash, QByteArrayView *stored = nullptr);
    void prefetch(quint32 hash) const
    {
        if (!m_slots.empty())
            __builtin_prefetch(&m_slots[hash & (m_slots.size() - 1)]);
    }
    // After prefetch(hash), a while later: the bytes of the string its slot names, if the slot has
    // that hash (the usual case for a string seen before), so that intern()'s compare finds them.
    void prefetchBytes(quint32 hash) const
    {
        if (m_slots.empty())
            return;
        const Slot &slot = m_slots[hash & (m_slots.size() - 1)];
        if (slot.hash == hash && slot.ref)
            __builtin_prefetch(reinterpret_cast<const char *>(slot.ref & ((quint64(1) << 48) - 1)));
    }
    // Id of s if already interned, else -1 (never inserts).
    qint64 find(QByteArrayView s) const;
    QByteArrayView view(quint32 id) const
    {
        if (id == Empty)
            return {};
        const quint64 pos = m_wide ? m_posWide[id] : m_pos[id];
        const auto *p = reinterpret_cast<const quint8 *>(m_blocks[size_t(pos >> kOffsetBits)].get())
            + (pos & kOffsetMask);
        if (Q_LIKELY(p[0] < 0x80))
            return QByteArrayView(reinterpret_cast<const char *>(p + 1), p[0]);
        return viewLong(p);
    }
    QString string(quint32 id) const { return QString::fromUtf8(view(id)); }
    quint32 size() const { return quint32(m_wide ? m_posWide.size() : m_pos.size()); }
    qsizetype bytesUsed() const;
    // When no more strings will come (or rarely): gives back the last block's unused room and the
    // hash table (rebuilt if intern() is called again; find() then scans).
    void squeeze();

private:
    // Open addressing, linear probing. The hash both places the slot and rules out most mismatches
    // without touching the string; the string's address and length are in the slot too, so that a
    // match is confirmed with one memory access (the bytes) instead of two (its position by id,
    // then the bytes): for the columns whose values are mostly distinct (paths, addresses) those
    // are cache misses.
    struct Slot {
        quint64 ref = 0;  // the bytes' address in the low 48 bits, the length (kLongLength: look it
                          // up by id) in the high 16; 0: look it up by id
        quint32 hash = 0;
        quint32 id1 = 0;  // id + 1; 0 = free
    };
    static constexpr quint64 kLongLength = 0xFFFF;
    static Slot makeSlot(QByteArrayView s, quint32 hash, quint32 id);
    // The bytes a slot names: from the slot itself, or (no address or a long string) by id.
    QByteArrayView slotBytes(const Slot &slot) const;
    static quint32 hash(QByteArrayView s);
    void grow();
    void rebuildSlots();
    // Copies s, after its length, into a block; returns where its bytes are and sets *pos.
    const char *store(QByteArrayView s, quint64 *pos);
    void addPosition(quint64 pos);
    static QByteArrayView viewLong(const quint8 *p);

    // A string is stored in a block as its length (LEB128: one byte below 128) and its bytes, and
    // named by its position, block index << kOffsetBits | offset: 4 bytes a string (8 past 16,384
    // blocks) instead of a 16-byte view. Blocks never move, so views stay valid while it grows.
    static constexpr int kOffsetBits = 18; // blocks hold at most 256 KiB; a longer string has its own
    static constexpr quint64 kOffsetMask = (quint64(1) << kOffsetBits) - 1;
    ChunkedVector<quint32> m_pos;    // by id (chunked: no doubling slack, no copy when it grows)
    ChunkedVector<quint64> m_posWide; // once a position needs more than 32 bits
    bool m_wide = false;
    std::vector<Slot> m_slots;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    qsizetype m_current = -1; // the block small strings go to
    qsizetype m_blockUsed = 0;
    qsizetype m_blockSize = 0;
    qsizetype m_totalBlockBytes = 0;
};

} // namespace gateline
