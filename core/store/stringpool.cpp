#include "stringpool.h"

#include <algorithm>
#include <cstring>

namespace gateline {

namespace {
constexpr qsizetype kBlock = 256 * 1024;   // the largest block; the first ones are smaller
constexpr qsizetype kFirstBlock = 4 * 1024; // so that a small source's pool stays small
}

StringPool::StringPool()
{
    m_slots.assign(1024, Slot());
    m_pos.push_back(0); // id 0, the empty string: view() never reads it
}

void StringPool::addPosition(quint64 pos)
{
    if (!m_wide && pos > 0xFFFFFFFFu) {
        for (size_t i = 0; i < m_pos.size(); ++i)
            m_posWide.push_back(m_pos[i]);
        m_pos.clear();
        m_wide = true;
    }
    if (m_wide)
        m_posWide.push_back(pos);
    else
        m_pos.push_back(quint32(pos));
}

QByteArrayView StringPool::viewLong(const quint8 *p)
{
    quint64 n = 0;
    int shift = 0;
    while (*p & 0x80) {
        n |= quint64(*p++ & 0x7F) << shift;
        shift += 7;
    }
    n |= quint64(*p++) << shift;
    return QByteArrayView(reinterpret_cast<const char *>(p), qsizetype(n));
}

StringPool::Slot StringPool::makeSlot(QByteArrayView s, quint32 hash, quint32 id)
{
    Slot slot;
    const quint64 address = quint64(reinterpret_cast<quintptr>(s.data()));
    if (address >> 48 == 0)
        slot.ref = address | (quint64(std::min<qsizetype>(s.size(), qsizetype(kLongLength))) << 48);
    slot.hash = hash;
    slot.id1 = id + 1;
    return slot;
}

QByteArrayView StringPool::slotBytes(const Slot &slot) const
{
    const quint64 length = slot.ref >> 48;
    if (slot.ref == 0 || length == kLongLength)
        return view(slot.id1 - 1);
    return QByteArrayView(reinterpret_cast<const char *>(slot.ref & ((quint64(1) << 48) - 1)), qsizetype(length));
}

quint32 StringPool::hash(QByteArrayView s)
{
    return hashBytes(s.data(), s.size());
}

const char *StringPool::store(QByteArrayView s, quint64 *pos)
{
    const qsizetype n = s.size();
    quint8 prefix[10];
    int k = 0;
    for (quint64 left = quint64(n);; left >>= 7) {
        prefix[k++] = quint8((left & 0x7F) | (left >= 0x80 ? 0x80 : 0));
        if (left < 0x80)
            break;
    }
    const qsizetype need = n + k;
    char *p;
    if (n > kBlock / 4) {
        // A block of its own, at offset 0; small strings continue to fill the current block.
        auto big = std::make_unique<char[]>(size_t(need));
        p = big.get();
        *pos = quint64(m_blocks.size()) << kOffsetBits;
        m_blocks.push_back(std::move(big));
        m_totalBlockBytes += need;
    } else {
        if (m_current < 0 || m_blockUsed + need > m_blockSize) {
            // Blocks double from 4 KiB up to 256 KiB.
            const qsizetype size = std::max(need, std::min(kBlock, m_blockSize ? m_blockSize * 2 : kFirstBlock));
            m_current = qsizetype(m_blocks.size());
            m_blocks.push_back(std::make_unique<char[]>(size_t(size)));
            m_blockSize = size;
            m_blockUsed = 0;
            m_totalBlockBytes += size;
        }
        p = m_blocks[size_t(m_current)].get() + m_blockUsed;
        *pos = (quint64(m_current) << kOffsetBits) | quint64(m_blockUsed);
        m_blockUsed += need;
    }
    std::memcpy(p, prefix, size_t(k));
    std::memcpy(p + k, s.data(), size_t(n));
    return p + k;
}

void StringPool::grow()
{
    std::vector<Slot> slots(m_slots.size() * 2);
    const size_t mask = slots.size() - 1;
    for (const Slot &slot : m_slots) {
        if (!slot.id1)
            continue;
        size_t i = slot.hash & mask;
        while (slots[i].id1)
            i = (i + 1) & mask;
        slots[i] = slot;
    }
    m_slots.swap(slots);
}

void StringPool::rebuildSlots()
{
    size_t n = 1024;
    while (n < size_t(size()) * 2)
        n *= 2;
    m_slots.assign(n, Slot());
    const size_t mask = n - 1;
    for (quint32 id = 1; id < size(); ++id) {
        const QByteArrayView s = view(id);
        const quint32 h = hash(s);
        size_t i = h & mask;
        while (m_slots[i].id1)
            i = (i + 1) & mask;
        m_slots[i] = makeSlot(s, h, id);
    }
}

void StringPool::squeeze()
{
    std::vector<Slot>().swap(m_slots);
    if (m_current < 0 || m_blockUsed == m_blockSize)
        return;
    // Copy the current block's used part into an exact allocation: positions stay as they are.
    auto exact = std::make_unique<char[]>(size_t(std::max<qsizetype>(m_blockUsed, 1)));
    std::memcpy(exact.get(), m_blocks[size_t(m_current)].get(), size_t(m_blockUsed));
    m_totalBlockBytes -= m_blockSize - std::max<qsizetype>(m_blockUsed, 1);
    m_blocks[size_t(m_current)] = std::move(exact);
    m_blockSize = std::max<qsizetype>(m_blockUsed, 1);
    m_blocks.shrink_to_fit();
    m_pos.squeeze();
    m_posWide.squeeze();
}

quint32 StringPool::intern(QByteArrayView s, quint32 h, QByteArrayView *stored)
{
    if (s.isEmpty()) {
        if (stored)
            *stored = QByteArrayView();
        return Empty;
    }
    if (m_slots.empty())
        rebuildSlots();
    const size_t mask = m_slots.size() - 1;
    size_t i = h & mask;
    while (m_slots[i].id1) {
        const Slot &slot = m_slots[i];
        if (slot.hash == h) {
            const QByteArrayView bytes = slotBytes(slot);
            if (sameBytes(bytes, s)) {
                if (stored)
                    *stored = bytes;
                return slot.id1 - 1;
            }
        }
        i = (i + 1) & mask;
    }
    const quint32 id = size();
    quint64 pos = 0;
    const QByteArrayView copy(store(s, &pos), s.size());
    addPosition(pos);
    m_slots[i] = makeSlot(copy, h, id);
    if (stored)
        *stored = copy;
    if (size_t(size()) * 2 > m_slots.size())
        grow();
    return id;
}

qint64 StringPool::find(QByteArrayView s) const
{
    if (s.isEmpty())
        return Empty;
    if (m_slots.empty()) { // squeezed: scan
        for (quint32 id = 1; id < size(); ++id)
            if (view(id) == s)
                return id;
        return -1;
    }
    const quint32 h = hash(s);
    const size_t mask = m_slots.size() - 1;
    size_t i = h & mask;
    while (m_slots[i].id1) {
        const Slot &slot = m_slots[i];
        if (slot.hash == h && sameBytes(slotBytes(slot), s))
            return slot.id1 - 1;
        i = (i + 1) & mask;
    }
    return -1;
}

qsizetype StringPool::bytesUsed() const
{
    return m_totalBlockBytes + qsizetype(m_pos.bytes() + m_posWide.bytes())
        + qsizetype(m_blocks.capacity() * sizeof(m_blocks[0]) + m_slots.capacity() * sizeof(Slot));
}

} // namespace gateline
