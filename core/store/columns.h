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
// narrowcolumns.h builds the narrowest ones (string ids, status triples, offsets, durations) on these.
#pragma once

#include "columnspill.h"

#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

namespace gateline {

template<typename T>
class ChunkedVector
{
    static_assert(std::is_trivially_copyable_v<T>);

public:
    static constexpr int kShift = 14;
    static constexpr size_t kChunk = size_t(1) << kShift;
    static constexpr size_t kMask = kChunk - 1;

    ChunkedVector() = default;
    ChunkedVector(const ChunkedVector &) = delete;
    ChunkedVector &operator=(const ChunkedVector &) = delete;
    ChunkedVector(ChunkedVector &&o) noexcept { swap(o); }
    ChunkedVector &operator=(ChunkedVector &&o) noexcept
    {
        if (this != &o) {
            clear();
            swap(o);
        }
        return *this;
    }
    ~ChunkedVector() { clear(); }

    // Full chunks (and the last one, at squeeze()) go to the column spill when it is on
    // (columnspill.h). Off by default: only a SourceData's own columns spill.
    void setSpillable(bool on) { m_spillable = on; }

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T operator[](size_t i) const { return m_chunks[i >> kShift][i & kMask]; }
    // f(i, value) for rows [from, from + n), a chunk at a time.
    template<typename F>
    void forEach(size_t from, size_t n, F &&f) const
    {
        while (n > 0) {
            const size_t at = from & kMask;
            const size_t run = std::min(n, kChunk - at);
            const T *p = m_chunks[from >> kShift] + at;
            for (size_t k = 0; k < run; ++k)
                f(from + k, p[k]);
            from += run;
            n -= run;
        }
    }
    // Values [from, from + n) converted by f into out, a chunk at a time (for passes over many rows:
    // the chunk is looked up once per run, not per value).
    template<typename Out, typename F>
    void readInto(size_t from, size_t n, Out *out, F &&f) const
    {
        while (n > 0) {
            const size_t at = from & kMask;
            const size_t run = std::min(n, kChunk - at);
            const T *p = m_chunks[from >> kShift] + at;
            for (size_t k = 0; k < run; ++k)
                out[k] = f(p[k]);
            out += run;
            from += run;
            n -= run;
        }
    }
    T &ref(size_t i)
    {
        unspill(i >> kShift);
        return m_chunks[i >> kShift][i & kMask];
    }
    // The common case inline (room left in the last chunk): a store and two counters. Everything
    // else (a new chunk, a first chunk doubling, a squeezed or spilled last chunk) in pushSlow().
    // Always inline: GCC left it a call in SourceData::append (a large function), 3% of ingest.
    Q_ALWAYS_INLINE void push_back(T v)
    {
        if (Q_LIKELY(m_room != 0)) {
            m_chunks.back()[m_size & kMask] = v;
            ++m_size;
            if (Q_UNLIKELY(--m_room == 0) && (m_size & kMask) == 0)
                spill(m_chunks.size() - 1, kChunk);
            return;
        }
        pushSlow(v);
    }
    // Grows to n rows, new rows set to fill.
    void growTo(size_t n, T fill)
    {
        while (m_size < n)
            push_back(fill);
    }
    void clear()
    {
        for (size_t c = 0; c < m_chunks.size(); ++c)
            freeChunk(c);
        m_chunks.clear();
        m_spilled.clear();
        m_size = 0;
        m_lastCapacity = 0;
        m_room = 0;
    }
    // Gives back the last chunk's unused room (when the column is complete); with the spill on, the
    // last chunk goes there too once it is worth a page.
    void squeeze()
    {
        m_room = 0; // the next push_back takes the slow way, which sees what squeeze left
        if (m_chunks.empty() || m_spilled.back())
            return;
        const size_t used = m_size - ((m_chunks.size() - 1) << kShift);
        if (spill(m_chunks.size() - 1, used))
            return;
        if (used == m_lastCapacity)
            return;
        T *exact = new T[std::max<size_t>(used, 1)];
        std::memcpy(exact, m_chunks.back(), used * sizeof(T));
        delete[] m_chunks.back();
        m_chunks.back() = exact;
        m_lastCapacity = std::max<size_t>(used, 1);
        m_chunks.shrink_to_fit();
        m_spilled.shrink_to_fit();
    }
    // Heap bytes (spilled chunks are not in the heap; see spilledBytes()).
    size_t bytes() const
    {
        if (m_chunks.empty())
            return 0;
        size_t n = m_chunks.capacity() * sizeof(void *);
        for (size_t c = 0; c < m_chunks.size(); ++c)
            if (!m_spilled[c])
                n += capacityOf(c) * sizeof(T);
        return n;
    }
    size_t spilledBytes() const
    {
        size_t n = 0;
        for (size_t c = 0; c < m_chunks.size(); ++c)
            if (m_spilled[c])
                n += ColumnSpill::padded(capacityOf(c) * sizeof(T));
        return n;
    }

private:
    [[gnu::noinline]] void pushSlow(T v)
    {
        const size_t at = m_size & kMask;
        if (at == 0 && (m_chunks.size() << kShift) == m_size) {
            m_chunks.push_back(new T[kFirst]);
            m_spilled.push_back(false);
            m_lastCapacity = kFirst;
        } else if (at == m_lastCapacity || m_spilled.back()) {
            // The last chunk is full below the chunk size (double it), or was spilled when the
            // column was squeezed and grows again.
            const size_t grown = at == m_lastCapacity ? std::min(kChunk, m_lastCapacity * 2) : m_lastCapacity;
            T *bigger = new T[grown];
            std::memcpy(bigger, m_chunks.back(), m_lastCapacity * sizeof(T));
            freeChunk(m_chunks.size() - 1);
            m_chunks.back() = bigger;
            m_lastCapacity = grown;
        }
        m_chunks.back()[at] = v;
        ++m_size;
        m_room = m_lastCapacity - (at + 1);
        if (at + 1 == kChunk)
            spill(m_chunks.size() - 1, kChunk);
    }
    static constexpr size_t kFirst = 64;
    size_t capacityOf(size_t c) const { return c + 1 == m_chunks.size() ? m_lastCapacity : kChunk; }
    void swap(ChunkedVector &o) noexcept
    {
        std::swap(m_chunks, o.m_chunks);
        std::swap(m_spilled, o.m_spilled);
        std::swap(m_size, o.m_size);
        std::swap(m_lastCapacity, o.m_lastCapacity);
        std::swap(m_room, o.m_room);
        std::swap(m_spillable, o.m_spillable);
    }
    // Moves chunk c (n values, all of its capacity when it is full) to the spill; false if not.
    bool spill(size_t c, size_t n)
    {
        if (!m_spillable || n * sizeof(T) < ColumnSpill::kPage)
            return false;
        ColumnSpill *s = ColumnSpill::active();
        if (!s)
            return false;
        const void *p = s->put(m_chunks[c], n * sizeof(T));
        if (!p)
            return false;
        delete[] m_chunks[c];
        m_chunks[c] = static_cast<T *>(const_cast<void *>(p)); // read-only mapping: never written through
        m_spilled[c] = true;
        if (c + 1 == m_chunks.size()) {
            m_lastCapacity = n;
            m_room = 0;
        }
        return true;
    }
    // A chunk about to be written (rare: a retimed record) comes back to the heap.
    void unspill(size_t c)
    {
        if (!m_spilled[c])
            return;
        const size_t cap = capacityOf(c);
        T *copy = new T[cap];
        std::memcpy(copy, m_chunks[c], cap * sizeof(T));
        freeChunk(c);
        m_chunks[c] = copy;
    }
    void freeChunk(size_t c)
    {
        if (m_spilled[c]) {
            if (ColumnSpill *owner = ColumnSpill::process())
                owner->release(m_chunks[c], capacityOf(c) * sizeof(T));
            m_spilled[c] = false;
        } else {
            delete[] m_chunks[c];
        }
        m_chunks[c] = nullptr;
    }

    std::vector<T *> m_chunks;
    std::vector<bool> m_spilled;
    size_t m_size = 0;
    size_t m_lastCapacity = 0;
    size_t m_room = 0; // values push_back may store in the last chunk without the slow way
    bool m_spillable = false;
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
    Q_ALWAYS_INLINE void push_back(qint64 v)
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
    // Values [from, from + n) into out.
    void read(size_t from, size_t n, qint64 *out) const
    {
        if (m_wide) {
            m_values.readInto(from, n, out, [](qint64 v) { return v; });
            return;
        }
        while (n > 0) {
            const size_t block = from >> kBlockShift;
            const size_t run = std::min(n, (size_t(1) << kBlockShift) - (from & ((size_t(1) << kBlockShift) - 1)));
            const qint64 base = m_base[block];
            m_delta.readInto(from, run, out, [base](qint32 d) { return base + d; });
            out += run;
            from += run;
            n -= run;
        }
    }
    size_t bytes() const { return m_delta.bytes() + m_base.capacity() * sizeof(qint64) + m_values.bytes(); }
    size_t spilledBytes() const { return m_delta.spilledBytes() + m_values.spilledBytes(); }
    void setSpillable(bool on)
    {
        m_delta.setSpillable(on);
        m_values.setSpillable(on);
    }
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
    size_t spilledBytes() const { return m_codes.spilledBytes() + m_values.spilledBytes(); }
    void setSpillable(bool on)
    {
        m_codes.setSpillable(on);
        m_values.setSpillable(on);
    }
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

} // namespace gateline
