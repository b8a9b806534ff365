#include "requestkey.h"

#include <algorithm>

namespace gateline {

namespace {
quint64 hashBytes(QByteArrayView s)
{
    quint64 h = 1469598103934665603ull;
    for (char c : s) {
        h ^= quint8(c);
        h *= 1099511628211ull;
    }
    return h;
}
quint64 mix(quint64 h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}
} // namespace

RequestKeys::RequestKeys(const SourceData &s)
    : m_s(s)
{
    const StringPool &pool = s.pool();
    m_hash.resize(pool.size());
    for (quint32 id = 0; id < pool.size(); ++id)
        m_hash[id] = hashBytes(pool.view(id));
}

quint64 RequestKeys::key(qsizetype row) const
{
    const quint64 c = m_hash[m_s.stringId(SourceData::Client, row)];
    const quint64 m = m_hash[m_s.stringId(SourceData::Method, row)];
    const quint64 p = m_hash[m_s.stringId(SourceData::Path, row)];
    return mix(c ^ mix(m + 0x9e3779b97f4a7c15ull) ^ mix(p * 31 + 7));
}

void KeyedTimeIndex::finish()
{
    std::sort(m_items.begin(), m_items.end());
}

std::pair<size_t, size_t> KeyedTimeIndex::range(quint64 key, qint64 us, qint64 windowUs) const
{
    const KeyedTime lo {key, us - windowUs, 0, 0};
    const KeyedTime hi {key, us + windowUs + 1, 0, 0};
    const auto b = std::lower_bound(m_items.begin(), m_items.end(), lo);
    const auto e = std::lower_bound(b, m_items.end(), hi);
    return {size_t(b - m_items.begin()), size_t(e - m_items.begin())};
}

const KeyedTime *KeyedTimeIndex::nearest(quint64 key, qint64 us, qint64 windowUs) const
{
    const auto [b, e] = range(key, us, windowUs);
    const KeyedTime *best = nullptr;
    for (size_t i = b; i < e; ++i)
        if (!best || std::llabs(m_items[i].us - us) < std::llabs(best->us - us))
            best = &m_items[i];
    return best;
}

} // namespace gateline
