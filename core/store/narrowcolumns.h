// The narrowest columns behind SourceData (issue 15: at most 48 bytes a request resident at 10M
// ALB lines), built on columns.h's chunked, delta and code columns:
// - SmallDict: up to 256 distinct keys named by one-byte codes.
// - IdColumn: string ids as one-byte codes while the column holds at most 256 distinct strings
//   (method, host, target, error reason), then 16-bit ids, then 32-bit ones.
// - CodesColumn: a record's kind+flags byte, status and upstream status as one byte together (a
//   source has a few dozen distinct triples); past 256 of them, one byte each plus the codes.
// - OffsetColumn: byte offsets as 16-bit deltas from a base per 32 rows; a block whose lines are
//   longer (or whose offsets are negative or go backwards) keeps its values as int64; if one block
//   in 8 does, the column is a DeltaColumn (int32 deltas) instead.
// - DurationColumn: durations that are whole milliseconds from -1 to 65,533 (every ALB, NGINX and
//   Envoy duration below 65 s) in 16 bits, other values beside them by row; past one in 16 rows
//   of other values, plain floats.
#pragma once

#include "columns.h"

#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

namespace gateline {

template<typename Key>
class SmallDict
{
public:
    static constexpr size_t kMax = 256;
    // The code of k, added if new; -1 when the dictionary is full and k is not in it.
    int code(Key k)
    {
        if (m_last < m_keys.size() && m_keys[m_last] == k)
            return int(m_last);
        int c = find(k);
        if (c < 0) {
            if (m_keys.size() == kMax)
                return -1;
            c = int(m_keys.size());
            m_keys.push_back(k);
            if (m_slots)
                insertSlot(size_t(c));
        }
        m_prev = m_last;
        m_last = size_t(c);
        return c;
    }
    // The code of k when it is one of the two code() gave last (the usual case, inline: runs of
    // one key, or two alternating), else -1.
    int lastCode(Key k) const
    {
        if (m_last < m_keys.size() && m_keys[m_last] == k)
            return int(m_last);
        return m_prev < m_keys.size() && m_keys[m_prev] == k ? int(m_prev) : -1;
    }
    Key key(quint8 c) const { return m_keys[c]; }
    size_t size() const { return m_keys.size(); }
    void clear()
    {
        m_keys.clear();
        m_keys.shrink_to_fit();
        m_slots.reset();
        m_last = 0;
        m_prev = 0;
    }
    void squeeze()
    {
        m_keys.shrink_to_fit();
        m_slots.reset(); // rebuilt if the column grows again
    }
    size_t bytes() const { return m_keys.capacity() * sizeof(Key) + (m_slots ? kSlots * sizeof(quint16) : 0); }

private:
    static constexpr size_t kSlots = 512; // open addressing, at most half full
    static size_t slotOf(Key k) { return size_t((quint64(k) * 0x9E3779B97F4A7C15ull) >> 55); }
    int find(Key k)
    {
        if (m_keys.size() <= 16) {
            for (size_t i = 0; i < m_keys.size(); ++i)
                if (m_keys[i] == k)
                    return int(i);
            return -1;
        }
        if (!m_slots) {
            m_slots.reset(new quint16[kSlots]());
            for (size_t i = 0; i < m_keys.size(); ++i)
                insertSlot(i);
        }
        for (size_t s = slotOf(k);; s = (s + 1) & (kSlots - 1)) {
            const quint16 c1 = m_slots[s];
            if (!c1)
                return -1;
            if (m_keys[c1 - 1] == k)
                return c1 - 1;
        }
    }
    void insertSlot(size_t code)
    {
        size_t s = slotOf(m_keys[code]);
        while (m_slots[s])
            s = (s + 1) & (kSlots - 1);
        m_slots[s] = quint16(code + 1);
    }

    std::vector<Key> m_keys;
    std::unique_ptr<quint16[]> m_slots; // code + 1; only past 16 keys
    size_t m_last = 0;
    size_t m_prev = 0;
};

class IdColumn
{
public:
    size_t size() const { return m_size; }
    quint32 operator[](size_t i) const
    {
        return m_tier == 0 ? m_dict.key(m_codes[i]) : m_tier == 1 ? quint32(m_narrow[i]) : m_values[i];
    }
    // Ids [from, from + n) into out (n rows from from must exist).
    void read(size_t from, size_t n, quint32 *out) const
    {
        if (m_tier == 0)
            m_codes.readInto(from, n, out, [this](quint8 c) { return m_dict.key(c); });
        else if (m_tier == 1)
            m_narrow.readInto(from, n, out, [](quint16 v) { return quint32(v); });
        else
            m_values.readInto(from, n, out, [](quint32 v) { return v; });
    }
    // The usual cases inline (the column's last code again; a 16-bit or 32-bit id), the rest in
    // pushSlow().
    Q_ALWAYS_INLINE void push_back(quint32 v)
    {
        ++m_size;
        if (m_tier == 0) {
            const int c = m_dict.lastCode(v);
            if (Q_LIKELY(c >= 0)) {
                m_codes.push_back(quint8(c));
                return;
            }
        } else if (m_tier == 1) {
            if (Q_LIKELY(v <= 0xFFFF)) {
                m_narrow.push_back(quint16(v));
                return;
            }
        } else {
            m_values.push_back(v);
            return;
        }
        pushSlow(v);
    }
    // Grows to n rows, new rows set to fill (inline: a compare when there is nothing to add).
    void growTo(size_t n, quint32 fill)
    {
        if (Q_UNLIKELY(m_size < n))
            growSlow(n, fill);
    }
    size_t bytes() const { return m_codes.bytes() + m_dict.bytes() + m_narrow.bytes() + m_values.bytes(); }
    size_t spilledBytes() const { return m_codes.spilledBytes() + m_narrow.spilledBytes() + m_values.spilledBytes(); }
    void setSpillable(bool on)
    {
        m_codes.setSpillable(on);
        m_narrow.setSpillable(on);
        m_values.setSpillable(on);
    }
    void squeeze()
    {
        m_codes.squeeze();
        m_dict.squeeze();
        m_narrow.squeeze();
        m_values.squeeze();
    }

private:
    [[gnu::noinline]] void growSlow(size_t n, quint32 fill)
    {
        while (m_size < n)
            push_back(fill);
    }
    // The rest of push_back (m_size already counts v).
    [[gnu::noinline]] void pushSlow(quint32 v)
    {
        if (m_tier == 0) {
            const int c = m_dict.code(v);
            if (Q_LIKELY(c >= 0)) {
                m_codes.push_back(quint8(c));
                return;
            }
            leaveDict();
        }
        if (m_tier == 1 && v > 0xFFFF) {
            for (size_t i = 0; i < m_narrow.size(); ++i)
                m_values.push_back(m_narrow[i]);
            m_narrow.clear();
            m_tier = 2;
        }
        if (m_tier == 1)
            m_narrow.push_back(quint16(v));
        else
            m_values.push_back(v);
    }
    [[gnu::noinline]] void leaveDict()
    {
        quint32 top = 0;
        for (size_t c = 0; c < m_dict.size(); ++c)
            top = std::max(top, m_dict.key(quint8(c)));
        m_tier = top <= 0xFFFF ? 1 : 2;
        for (size_t i = 0; i < m_codes.size(); ++i) {
            const quint32 v = m_dict.key(m_codes[i]);
            if (m_tier == 1)
                m_narrow.push_back(quint16(v));
            else
                m_values.push_back(v);
        }
        m_codes.clear();
        m_dict.clear();
    }

    size_t m_size = 0;
    int m_tier = 0; // 0: codes into m_dict; 1: 16-bit ids; 2: 32-bit ids
    ChunkedVector<quint8> m_codes;
    SmallDict<quint32> m_dict;
    ChunkedVector<quint16> m_narrow;
    ChunkedVector<quint32> m_values;
};

class CodesColumn
{
public:
    size_t size() const { return m_wide ? m_kindFlags.size() : m_codes.size(); }
    quint8 kindFlags(size_t i) const { return m_wide ? m_kindFlags[i] : quint8(m_dict.key(m_codes[i])); }
    qint16 status(size_t i) const { return m_wide ? m_status[i] : qint16(quint16(m_dict.key(m_codes[i]) >> 8)); }
    qint16 upstreamStatus(size_t i) const
    {
        return m_wide ? m_upstream[i] : qint16(quint16(m_dict.key(m_codes[i]) >> 24));
    }
    Q_ALWAYS_INLINE void push_back(quint8 kindFlags, qint16 status, qint16 upstreamStatus)
    {
        if (!m_wide) {
            const quint64 key = pack(kindFlags, status, upstreamStatus);
            int c = m_dict.lastCode(key); // runs of one triple (200s): no call
            if (c < 0)
                c = m_dict.code(key);
            if (Q_LIKELY(c >= 0)) {
                m_codes.push_back(quint8(c));
                return;
            }
            widen();
        }
        m_kindFlags.push_back(kindFlags);
        m_status.push_back(status);
        m_upstream.push_back(upstreamStatus);
    }
    // kind+flags and status of rows [from, from + n) into kindFlags and status.
    void read(size_t from, size_t n, quint8 *kindFlags, qint16 *status) const
    {
        if (m_wide) {
            for (size_t k = 0; k < n; ++k) {
                kindFlags[k] = m_kindFlags[from + k];
                status[k] = m_status[from + k];
            }
            return;
        }
        m_codes.readInto(from, n, kindFlags, [this](quint8 c) { return quint8(m_dict.key(c)); });
        // The codes again, now for the status (the chunk is in cache).
        m_codes.readInto(from, n, status, [this](quint8 c) { return qint16(quint16(m_dict.key(c) >> 8)); });
    }
    // f(i) for the rows i of [from, to) whose kind+flags, status and upstream status pass
    // test(kindFlags, status, upstreamStatus), in order. While the column holds codes, test is asked
    // once per distinct triple (at most 256) and the rows' one-byte codes are looked up in its
    // answers: a pass for the rows of one kind costs a byte and a lookup per row, not a decode.
    template<typename Test, typename F>
    void forEachWhere(size_t from, size_t to, Test &&test, F &&f) const
    {
        if (m_wide) {
            for (size_t i = from; i < to; ++i)
                if (test(m_kindFlags[i], m_status[i], m_upstream[i]))
                    f(i);
            return;
        }
        std::array<bool, SmallDict<quint64>::kMax> pass {};
        bool any = false;
        for (size_t c = 0; c < m_dict.size(); ++c) {
            const quint64 k = m_dict.key(quint8(c));
            pass[c] = test(quint8(k), qint16(quint16(k >> 8)), qint16(quint16(k >> 24)));
            any = any || pass[c];
        }
        if (any && to > from)
            m_codes.forEach(from, to - from, [&](size_t i, quint8 c) {
                if (pass[c])
                    f(i);
            });
    }
    void setKindFlags(size_t i, quint8 kindFlags)
    {
        if (!m_wide) {
            const int c = m_dict.code(pack(kindFlags, status(i), upstreamStatus(i)));
            if (c >= 0) {
                m_codes.ref(i) = quint8(c);
                return;
            }
            widen();
        }
        m_kindFlags.ref(i) = kindFlags;
    }
    size_t bytes() const
    {
        return m_codes.bytes() + m_dict.bytes() + m_kindFlags.bytes() + m_status.bytes() + m_upstream.bytes();
    }
    size_t spilledBytes() const
    {
        return m_codes.spilledBytes() + m_kindFlags.spilledBytes() + m_status.spilledBytes() + m_upstream.spilledBytes();
    }
    void setSpillable(bool on)
    {
        m_codes.setSpillable(on);
        m_kindFlags.setSpillable(on);
        m_status.setSpillable(on);
        m_upstream.setSpillable(on);
    }
    void squeeze()
    {
        m_codes.squeeze();
        m_dict.squeeze();
        m_kindFlags.squeeze();
        m_status.squeeze();
        m_upstream.squeeze();
    }

private:
    static quint64 pack(quint8 kindFlags, qint16 status, qint16 upstreamStatus)
    {
        return quint64(kindFlags) | (quint64(quint16(status)) << 8) | (quint64(quint16(upstreamStatus)) << 24);
    }
    [[gnu::noinline]] void widen()
    {
        for (size_t i = 0; i < m_codes.size(); ++i) {
            m_kindFlags.push_back(kindFlags(i));
            m_status.push_back(status(i));
            m_upstream.push_back(upstreamStatus(i));
        }
        m_codes.clear();
        m_dict.clear();
        m_wide = true;
    }

    ChunkedVector<quint8> m_codes;
    SmallDict<quint64> m_dict;
    // once more than 256 distinct triples
    ChunkedVector<quint8> m_kindFlags;
    CodeColumn m_status;
    CodeColumn m_upstream;
    bool m_wide = false;
};

class OffsetColumn
{
public:
    static constexpr int kBlockShift = 5;
    static constexpr size_t kBlockMask = (size_t(1) << kBlockShift) - 1;

    size_t size() const { return m_plain ? m_values.size() : m_delta.size(); }
    qint64 operator[](size_t i) const
    {
        if (Q_UNLIKELY(m_plain))
            return m_values[i];
        const qint64 base = m_base[i >> kBlockShift];
        return Q_LIKELY(base >= 0) ? base + m_delta[i] : m_wide[size_t(-1 - base) + (i & kBlockMask)];
    }
    Q_ALWAYS_INLINE void push_back(qint64 v)
    {
        if (Q_UNLIKELY(m_plain)) {
            m_values.push_back(v);
            return;
        }
        const size_t i = m_delta.size();
        if ((i & kBlockMask) == 0) {
            m_base.push_back(v >= 0 ? v : -1 - qint64(m_wide.size()));
            if (v < 0)
                ++m_wideBlocks;
        }
        const qint64 base = m_base[i >> kBlockShift];
        if (Q_LIKELY(base >= 0)) {
            const qint64 d = v - base;
            if (Q_LIKELY(d >= 0 && d <= 0xFFFF)) {
                m_delta.push_back(quint16(d));
                return;
            }
            if (widenBlock(i)) {
                m_values.push_back(v);
                return;
            }
        }
        m_delta.push_back(0);
        m_wide.push_back(v);
    }
    bool isPlain() const { return m_plain; }
    size_t bytes() const { return m_delta.bytes() + m_base.bytes() + m_wide.bytes() + m_values.bytes(); }
    size_t spilledBytes() const
    {
        return m_delta.spilledBytes() + m_base.spilledBytes() + m_wide.spilledBytes() + m_values.spilledBytes();
    }
    void setSpillable(bool on)
    {
        m_delta.setSpillable(on);
        m_base.setSpillable(on);
        m_wide.setSpillable(on);
        m_values.setSpillable(on);
    }
    void squeeze()
    {
        m_delta.squeeze();
        m_base.squeeze();
        m_wide.squeeze();
        m_values.squeeze();
    }

private:
    // Row i does not fit its block: the block's rows so far move to m_wide, and so will the rest.
    // Once one block in 8 is wide (lines of several KB, or one replica's lines interleaved with
    // others' in a shared file), the whole column turns into int32 deltas per 4096 rows instead
    // (true: row i goes there too).
    [[gnu::noinline]] bool widenBlock(size_t i)
    {
        const size_t first = i & ~kBlockMask;
        const qint64 base = m_base[i >> kBlockShift];
        if (++m_wideBlocks * 8 > m_base.size() && m_base.size() >= 64) {
            for (size_t k = 0; k < i; ++k)
                m_values.push_back((*this)[k]);
            m_delta.clear();
            m_base.clear();
            m_wide.clear();
            m_plain = true;
            return true;
        }
        const qint64 at = qint64(m_wide.size());
        for (size_t k = first; k < i; ++k)
            m_wide.push_back(base + m_delta[k]);
        m_base.ref(i >> kBlockShift) = -1 - at;
        return false;
    }

    ChunkedVector<quint16> m_delta; // 0 in a wide block
    ChunkedVector<qint64> m_base;   // >= 0: the block's first value; < 0: -1 - where its values start in m_wide
    ChunkedVector<qint64> m_wide;
    size_t m_wideBlocks = 0;
    DeltaColumn m_values; // once plain
    bool m_plain = false;
};

class DurationColumn
{
public:
    size_t size() const { return m_wide ? m_values.size() : m_ms.size(); }
    float operator[](size_t i) const
    {
        if (m_wide)
            return m_values[i];
        const quint16 c = m_ms[i];
        return Q_LIKELY(c != kOther) ? float(int(c) - 1) : other(i);
    }
    Q_ALWAYS_INLINE void push_back(float v)
    {
        if (!m_wide) {
            if (Q_LIKELY(v >= -1.0f && v <= 65533.0f && v == float(int(v)) && !(v == 0.0f && std::signbit(v)))) {
                m_ms.push_back(quint16(int(v) + 1));
                return;
            }
            if (m_otherRows.size() < 64 || m_otherRows.size() * 16 < m_ms.size()) {
                m_otherRows.push_back(quint32(m_ms.size()));
                m_otherValues.push_back(v);
                m_ms.push_back(kOther);
                return;
            }
            widen();
        }
        m_values.push_back(v);
    }
    // Values [from, from + n) into out.
    void read(size_t from, size_t n, float *out) const
    {
        if (m_wide) {
            m_values.readInto(from, n, out, [](float v) { return v; });
            return;
        }
        bool others = false;
        m_ms.readInto(from, n, out, [&others](quint16 c) {
            others |= c == kOther;
            return float(int(c) - 1);
        });
        if (Q_UNLIKELY(others))
            for (size_t k = 0; k < n; ++k)
                if (m_ms[from + k] == kOther)
                    out[k] = other(from + k);
    }
    size_t bytes() const
    {
        return m_ms.bytes() + m_values.bytes() + m_otherRows.capacity() * sizeof(quint32)
            + m_otherValues.capacity() * sizeof(float);
    }
    size_t spilledBytes() const { return m_ms.spilledBytes() + m_values.spilledBytes(); }
    void setSpillable(bool on)
    {
        m_ms.setSpillable(on);
        m_values.setSpillable(on);
    }
    void squeeze()
    {
        m_ms.squeeze();
        m_values.squeeze();
        m_otherRows.shrink_to_fit();
        m_otherValues.shrink_to_fit();
    }

private:
    static constexpr quint16 kOther = 0xFFFF;
    float other(size_t i) const
    {
        const auto it = std::lower_bound(m_otherRows.begin(), m_otherRows.end(), quint32(i));
        return m_otherValues[size_t(it - m_otherRows.begin())];
    }
    [[gnu::noinline]] void widen()
    {
        for (size_t i = 0; i < m_ms.size(); ++i)
            m_values.push_back((*this)[i]);
        m_ms.clear();
        std::vector<quint32>().swap(m_otherRows);
        std::vector<float>().swap(m_otherValues);
        m_wide = true;
    }

    ChunkedVector<quint16> m_ms; // whole milliseconds + 1, or kOther
    std::vector<quint32> m_otherRows; // rows whose value is not in m_ms, ascending (a source has < 2^32 rows)
    std::vector<float> m_otherValues;
    ChunkedVector<float> m_values; // once wide
    bool m_wide = false;
};

} // namespace gateline
