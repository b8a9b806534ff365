#include "stringpool.h"

#include <cstring>

namespace gateline {

namespace {
constexpr qsizetype kBlock = 256 * 1024;
}

StringPool::StringPool()
{
    m_slots.assign(1024, 0);
    m_strings.push_back(QByteArrayView());
}

quint64 StringPool::hash(QByteArrayView s)
{
    // FNV-1a, 64 bit: short strings dominate (IPs, paths, names).
    quint64 h = 1469598103934665603ull;
    for (char c : s) {
        h ^= quint8(c);
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
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
        m_blocks.push_back(std::make_unique<char[]>(size_t(kBlock)));
        m_blockSize = kBlock;
        m_blockUsed = 0;
        m_totalBlockBytes += kBlock;
    }
    char *p = m_blocks.back().get() + m_blockUsed;
    std::memcpy(p, s.data(), size_t(n));
    m_blockUsed += n;
    return p;
}

void StringPool::grow()
{
    std::vector<quint32> slots(m_slots.size() * 2, 0);
    const size_t mask = slots.size() - 1;
    for (quint32 id = 1; id < m_strings.size(); ++id) {
        size_t i = hash(m_strings[id]) & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = id + 1;
    }
    m_slots.swap(slots);
}

quint32 StringPool::intern(QByteArrayView s)
{
    if (s.isEmpty())
        return Empty;
    const size_t mask = m_slots.size() - 1;
    size_t i = hash(s) & mask;
    while (quint32 slot = m_slots[i]) {
        const QByteArrayView existing = m_strings[slot - 1];
        if (existing.size() == s.size() && std::memcmp(existing.data(), s.data(), size_t(s.size())) == 0)
            return slot - 1;
        i = (i + 1) & mask;
    }
    const quint32 id = quint32(m_strings.size());
    m_strings.emplace_back(store(s), s.size());
    m_slots[i] = id + 1;
    if (m_strings.size() * 2 > m_slots.size())
        grow();
    return id;
}

qint64 StringPool::find(QByteArrayView s) const
{
    if (s.isEmpty())
        return Empty;
    const size_t mask = m_slots.size() - 1;
    size_t i = hash(s) & mask;
    while (quint32 slot = m_slots[i]) {
        const QByteArrayView existing = m_strings[slot - 1];
        if (existing == s)
            return slot - 1;
        i = (i + 1) & mask;
    }
    return -1;
}

qsizetype StringPool::bytesUsed() const
{
    return m_totalBlockBytes + qsizetype(m_strings.capacity() * sizeof(QByteArrayView))
        + qsizetype(m_slots.capacity() * sizeof(quint32));
}

} // namespace gateline
