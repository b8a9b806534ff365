#include "requestkey.h"

#include <QHashFunctions>

#include <algorithm>
#include <limits>

namespace gateline {

namespace {
quint64 hashBytes(QByteArrayView s)
{
    // Qt's hash (AES-based where the CPU has it; needs a non-zero seed). The seed is fixed, so keys
    // are comparable across sources within a process; Qt mixes in a per-process seed too (unless
    // QT_HASH_SEED=0), so a key's value, and the order of two keys, changes from run to run: only
    // keys' equality may decide anything (KeyedTime's order breaks ties without the key's value).
    return quint64(qHashBits(s.data(), size_t(s.size()), size_t(0x9e3779b97f4a7c15ull)));
}
quint64 mix(quint64 h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}
} // namespace

QString joinKeyDescription(JoinKey k)
{
    switch (k) {
    case JoinKey::ClientMethodPath: return QStringLiteral("client IP, method, path");
    case JoinKey::PeerMethodPath: return QStringLiteral("ALB target = ingress pod IP, method, path");
    case JoinKey::MethodPath: return QStringLiteral("method, path only");
    case JoinKey::NodeMethodPath: return QStringLiteral("ALB node IP = ingress client, method, path");
    case JoinKey::NodePeerMethodPath:
        return QStringLiteral("ALB node IP = ingress client, ALB target = ingress pod IP, method, path");
    }
    return {};
}

QString joinKeyId(JoinKey k)
{
    switch (k) {
    case JoinKey::ClientMethodPath: return QStringLiteral("client");
    case JoinKey::PeerMethodPath: return QStringLiteral("target-pod");
    case JoinKey::MethodPath: return QStringLiteral("method-path");
    case JoinKey::NodeMethodPath: return QStringLiteral("alb-node");
    case JoinKey::NodePeerMethodPath: return QStringLiteral("alb-node+target-pod");
    }
    return {};
}

QByteArrayView hostOfAddress(QByteArrayView a)
{
    const qsizetype comma = a.lastIndexOf(", ");
    if (comma >= 0)
        a = a.sliced(comma + 2);
    a = a.trimmed();
    if (a.startsWith('[')) {
        const qsizetype close = a.indexOf(']');
        return close > 0 ? a.sliced(1, close - 1) : a;
    }
    const qsizetype colon = a.indexOf(':');
    if (colon >= 0 && a.indexOf(':', colon + 1) < 0)
        return a.first(colon);
    return a; // no port, or a bare IPv6 address
}

RequestKeys::RequestKeys(const SourceData &s, JoinKey mode, QByteArrayView fixedPeer, Side side)
    : m_s(s)
    , m_mode(mode)
    , m_loadBalancer(side == Side::Auto ? isLoadBalancerFormat(s.format) : side == Side::Reference)
{
    const StringPool &pool = s.pool();
    m_hash.resize(pool.size());
    for (quint32 id = 0; id < pool.size(); ++id)
        m_hash[id] = hashBytes(pool.view(id));
    if (mode != JoinKey::ClientMethodPath && mode != JoinKey::MethodPath) {
        m_host.resize(pool.size());
        for (quint32 id = 0; id < pool.size(); ++id)
            m_host[id] = hashBytes(hostOfAddress(pool.view(id)));
    }
    setFixedPeer(fixedPeer);
}

void RequestKeys::setFixedPeer(QByteArrayView peer)
{
    m_fixedPeer = hashBytes(peer);
}

quint64 RequestKeys::key(qsizetype row) const
{
    quint64 c = 0x5bd1e9955bd1e995ull;
    // The node (the ALB's address as the ingress sees it) and the pod (the ALB's target, the
    // ingress replica's own address), from whichever side each is known on.
    const auto node = [&] { return m_loadBalancer ? m_fixedPeer : m_host[m_s.stringId(SourceData::Client, row)]; };
    const auto pod = [&] { return m_loadBalancer ? m_host[m_s.stringId(SourceData::Upstream, row)] : m_fixedPeer; };
    switch (m_mode) {
    case JoinKey::ClientMethodPath: c = m_hash[m_s.stringId(SourceData::Client, row)]; break;
    case JoinKey::PeerMethodPath: c = pod(); break;
    case JoinKey::NodeMethodPath: c = node() * 3 + 1; break;
    case JoinKey::NodePeerMethodPath: c = node() ^ mix(pod() + 0x632be59bd9b4e019ull); break;
    case JoinKey::MethodPath: break;
    }
    const quint64 m = m_hash[m_s.stringId(SourceData::Method, row)];
    const quint64 p = m_hash[m_s.stringId(SourceData::Path, row)];
    return mix(c ^ mix(m + 0x9e3779b97f4a7c15ull) ^ mix(p * 31 + 7));
}

void KeyedTimeIndex::finish()
{
    // A counting sort on the key's top bits, then a sort of each (small) bucket: much faster
    // than one big sort, and the bucket table makes every lookup a short search.
    m_parts.push_back(std::move(m_items));
    size_t n = 0;
    for (const auto &part : m_parts)
        n += part.size();
    int bits = 1;
    while (bits < 22 && (size_t(1) << bits) < n / 4)
        ++bits;
    m_shift = 64 - bits;
    const size_t buckets = size_t(1) << bits;
    m_bucketStart.assign(buckets + 1, 0);
    for (const auto &part : m_parts)
        for (const KeyedTime &k : part)
            ++m_bucketStart[size_t(k.key >> m_shift) + 1];
    for (size_t b = 0; b < buckets; ++b)
        m_bucketStart[b + 1] += m_bucketStart[b];
    std::vector<KeyedTime> sorted(n);
    std::vector<quint32> fill(m_bucketStart.begin(), m_bucketStart.end() - 1);
    for (auto &part : m_parts) {
        for (const KeyedTime &k : part)
            sorted[fill[size_t(k.key >> m_shift)]++] = k;
        std::vector<KeyedTime>().swap(part);
    }
    m_parts.clear();
    for (size_t b = 0; b < buckets; ++b)
        std::sort(sorted.begin() + m_bucketStart[b], sorted.begin() + m_bucketStart[b + 1]);
    m_items.swap(sorted);
}

std::pair<size_t, size_t> KeyedTimeIndex::range(quint64 key, qint64 us, qint64 windowUs) const
{
    if (m_bucketStart.empty())
        return {0, 0};
    const size_t bucket = size_t(key >> m_shift);
    const auto first = m_items.begin() + m_bucketStart[bucket], last = m_items.begin() + m_bucketStart[bucket + 1];
    constexpr int kMinSource = std::numeric_limits<int>::min();
    constexpr qint32 kMinRow = std::numeric_limits<qint32>::min();
    const KeyedTime lo {key, us - windowUs, kMinSource, kMinRow};
    const KeyedTime hi {key, us + windowUs + 1, kMinSource, kMinRow};
    const auto b = std::lower_bound(first, last, lo);
    const auto e = std::lower_bound(b, last, hi);
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
