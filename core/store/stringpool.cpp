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
    m_strings.push_back(QByteArrayView());
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
        return m_strings[slot.id1 - 1];
    return QByteArrayView(reinterpret_cast<const char *>(slot.ref & ((quint64(1) << 48) - 1)), qsizetype(length));
}

quint32 StringPool::hash(QByteArrayView s)
{
    return hashBytes(s.data(), s.size());
}

const char *StringPool::store(QByteArrayView s)
{
    const qsizetype n = s.size();
    if (n > kBlock / 4) {
        auto big = std::make_unique<char[]>(size_t(n));
        std::memcpy(big.get(), s.data(), size_t(n));
        const char *p = big.get();
        // keep the current block as the last one so small strings continue to fill it
        m_blocks.insert(m_blocks.end() - (m_blocks.empty() ? 0 : 1), std::move(big));
        m_totalBlockBytes += n;
        return p;
    }
    if (m_blocks.empty() || m_blockUsed + n > m_blockSize) {
        // Blocks double from 4 KiB up to 256 KiB.
        const qsizetype size = std::max(n, std::min(kBlock, m_blockSize ? m_blockSize * 2 : kFirstBlock));
        m_blocks.push_back(std::make_unique<char[]>(size_t(size)));
        m_blockSize = size;
        m_blockUsed = 0;
        m_totalBlockBytes += size;
    }
    char *p = m_blocks.back().get() + m_blockUsed;
    std::memcpy(p, s.data(), size_t(n));
    m_blockUsed += n;
    return p;
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
    while (n < m_strings.size() * 2)
        n *= 2;
    m_slots.assign(n, Slot());
    const size_t mask = n - 1;
    for (quint32 id = 1; id < m_strings.size(); ++id) {
        const QByteArrayView s = m_strings[id];
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
    if (m_blocks.empty() || m_blockUsed == m_blockSize)
        return;
    // Copy the last block's used part into an exact allocation and move its strings' views there.
    char *old = m_blocks.back().get();
    auto exact = std::make_unique<char[]>(size_t(std::max<qsizetype>(m_blockUsed, 1)));
    std::memcpy(exact.get(), old, size_t(m_blockUsed));
    for (quint32 id = 1; id < m_strings.size(); ++id) {
        QByteArrayView &v = m_strings.ref(id);
        if (v.data() >= old && v.data() < old + m_blockUsed)
            v = QByteArrayView(exact.get() + (v.data() - old), v.size());
    }
    m_totalBlockBytes -= m_blockSize - std::max<qsizetype>(m_blockUsed, 1);
    m_blocks.back() = std::move(exact);
    m_blockSize = std::max<qsizetype>(m_blockUsed, 1);
    m_blocks.shrink_to_fit();
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
    const quint32 id = quint32(m_strings.size());
    const QByteArrayView copy(store(s), s.size());
    m_strings.push_back(copy);
    m_slots[i] = makeSlot(copy, h, id);
    if (stored)
        *stored = copy;
    if (m_strings.size() * 2 > m_slots.size())
        grow();
    return id;
}

qint64 StringPool::find(QByteArrayView s) const
{
    if (s.isEmpty())
        return Empty;
    if (m_slots.empty()) { // squeezed: scan
        for (quint32 id = 1; id < m_strings.size(); ++id)
            if (m_strings[id] == s)
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
    return m_totalBlockBytes + qsizetype(m_strings.bytes())
        + qsizetype(m_slots.capacity() * sizeof(Slot));
}

} // namespace gateline
