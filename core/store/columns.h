// Narrow column types behind SourceData: what makes the store about 25 bytes per request plus its
// strings, instead of 46 plus doubling slack.
// - ChunkedVector: fixed-size chunks, so growing never copies the column (no 2x peak while a
//   std::vector reallocates) and never leaves half a column of slack; the last chunk grows by
//   doubling up to the chunk size, so a source of a hundred records stays small.
// - DeltaColumn: int64 values (microseconds, byte offsets) as int32 deltas from a base per block of
//   4096 rows; if one value does not fit, the column turns into plain int64 (rare: a sparse log
//   whose 4096 consecutive records span more than half an hour).
// - CodeColumn: a few distinct small values (HTTP status codes) as one-byte codes into a table;
//   past 255 distinct values it turns into plain int16.
// - IdColumn: string ids as 16 bits until an id needs more, then as 32 bits.
#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

namespace gateline {

template<typename T>
class ChunkedVector
{
public:
    static constexpr int kShift = 14;
    static constexpr size_t kChunk = size_t(1) << kShift;
    static constexpr size_t kMask = kChunk - 1;

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T operator[](size_t i) const { return m_chunks[i >> kShift][i & kMask]; }
    T &ref(size_t i) { return m_chunks[i >> kShift][i & kMask]; }
    void push_back(T v)
    {
        const size_t at = m_size & kMask;
        if (at == 0 && (m_chunks.size() << kShift) == m_size) {
            m_chunks.emplace_back(new T[kFirst]);
            m_lastCapacity = kFirst;
        } else if (at == m_lastCapacity) {
            // The last chunk is full below the chunk size: double it.
            const size_t grown = std::min(kChunk, m_lastCapacity * 2);
            std::unique_ptr<T[]> bigger(new T[grown]);
            std::memcpy(bigger.get(), m_chunks.back().get(), m_lastCapacity * sizeof(T));
            m_chunks.back() = std::move(bigger);
            m_lastCapacity = grown;
        }
        m_chunks.back()[at] = v;
        ++m_size;
    }
    // Grows to n rows, new rows set to fill.
    void growTo(size_t n, T fill)
    {
        while (m_size < n)
            push_back(fill);
    }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
        m_lastCapacity = 0;
    }
    // Gives back the last chunk's unused room (when the column is complete).
    void squeeze()
    {
        if (m_chunks.empty())
            return;
        const size_t used = m_size - ((m_chunks.size() - 1) << kShift);
        if (used == m_lastCapacity)
            return;
        std::unique_ptr<T[]> exact(new T[std::max<size_t>(used, 1)]);
        std::memcpy(exact.get(), m_chunks.back().get(), used * sizeof(T));
        m_chunks.back() = std::move(exact);
        m_lastCapacity = std::max<size_t>(used, 1);
        m_chunks.shrink_to_fit();
    }
    size_t bytes() const
    {
        if (m_chunks.empty())
            return 0;
        return ((m_chunks.size() - 1) * kChunk + m_lastCapacity) * sizeof(T) + m_chunks.capacity() * sizeof(void *);
    }

private:
    static constexpr size_t kFirst = 64;
    std::vector<std::unique_ptr<T[]>> m_chunks;
    size_t m_size = 0;
    size_t m_lastCapacity = 0;
};

class DeltaColumn
{
public:
    static constexpr int kBlockShift = 12;

    size_t size() const { return m_wide ? m_values.size() : m_delta.size(); }
    qint64 operator[](size_t i) const
    {
        return m_wide ? m_values[i] : m_base[i >> kBlockShift] + m_delta[i];
    }
    void push_back(qint64 v)
    {
        if (m_wide) {
            m_values.push_back(v);
            return;
        }
        const size_t i = m_delta.size();
        if ((i & ((size_t(1) << kBlockShift) - 1)) == 0)
            m_base.push_back(v);
        const qint64 d = v - m_base.back();
        if (fits(d)) {
            m_delta.push_back(qint32(d));
            return;
        }
        widen();
        m_values.push_back(v);
    }
    void set(size_t i, qint64 v)
    {
        if (!m_wide) {
            const qint64 d = v - m_base[i >> kBlockShift];
            if (fits(d)) {
                m_delta.ref(i) = qint32(d);
                return;
            }
            widen();
        }
        m_values.ref(i) = v;
    }
    bool isWide() const { return m_wide; }
    size_t bytes() const { return m_delta.bytes() + m_base.capacity() * sizeof(qint64) + m_values.bytes(); }
    void squeeze()
    {
        m_delta.squeeze();
        m_base.shrink_to_fit();
        m_values.squeeze();
    }

private:
    static bool fits(qint64 d)
    {
        return d >= std::numeric_limits<qint32>::min() && d <= std::numeric_limits<qint32>::max();
    }
    void widen()
    {
        for (size_t i = 0; i < m_delta.size(); ++i)
            m_values.push_back(m_base[i >> kBlockShift] + m_delta[i]);
        m_delta.clear();
        m_base.clear();
        m_base.shrink_to_fit();
        m_wide = true;
    }

    ChunkedVector<qint32> m_delta;
    std::vector<qint64> m_base;
    ChunkedVector<qint64> m_values; // once wide
    bool m_wide = false;
};

class CodeColumn
{
public:
    size_t size() const { return m_wide ? m_values.size() : m_codes.size(); }
    qint16 operator[](size_t i) const { return m_wide ? m_values[i] : m_table[m_codes[i]]; }
    void push_back(qint16 v)
    {
        if (m_wide) {
            m_values.push_back(v);
            return;
        }
        // The last code is the likeliest (runs of 200s), then a short linear search.
        if (m_last < m_table.size() && m_table[m_last] == v) {
            m_codes.push_back(quint8(m_last));
            return;
        }
        const auto it = std::find(m_table.begin(), m_table.end(), v);
        if (it != m_table.end()) {
            m_last = size_t(it - m_table.begin());
            m_codes.push_back(quint8(m_last));
            return;
        }
        if (m_table.size() < 256) {
            m_table.push_back(v);
            m_last = m_table.size() - 1;
            m_codes.push_back(quint8(m_last));
            return;
        }
        for (size_t i = 0; i < m_codes.size(); ++i)
            m_values.push_back(m_table[m_codes[i]]);
        m_codes.clear();
        m_wide = true;
        m_values.push_back(v);
    }
    size_t bytes() const { return m_codes.bytes() + m_values.bytes() + m_table.capacity() * sizeof(qint16); }
    void squeeze()
    {
        m_codes.squeeze();
        m_values.squeeze();
        m_table.shrink_to_fit();
    }

private:
    ChunkedVector<quint8> m_codes;
    std::vector<qint16> m_table;
    size_t m_last = 0;
    ChunkedVector<qint16> m_values; // once wide
    bool m_wide = false;
};

class IdColumn
{
public:
    size_t size() const { return m_wide ? m_values.size() : m_narrow.size(); }
    quint32 operator[](size_t i) const { return m_wide ? m_values[i] : m_narrow[i]; }
    void push_back(quint32 v)
    {
        if (!m_wide && v <= 0xFFFF) {
            m_narrow.push_back(quint16(v));
            return;
        }
        if (!m_wide) {
            for (size_t i = 0; i < m_narrow.size(); ++i)
                m_values.push_back(m_narrow[i]);
            m_narrow.clear();
            m_wide = true;
        }
        m_values.push_back(v);
    }
    void growTo(size_t n, quint32 fill)
    {
        while (size() < n)
            push_back(fill);
    }
    size_t bytes() const { return m_narrow.bytes() + m_values.bytes(); }
    void squeeze()
    {
        m_narrow.squeeze();
        m_values.squeeze();
    }

private:
    ChunkedVector<quint16> m_narrow;
    ChunkedVector<quint32> m_values; // once an id needs more than 16 bits
    bool m_wide = false;
};

} // namespace gateline
