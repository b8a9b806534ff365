// A 64-bit key for "the same request" across sources (never byte counts: the ALB counts headers
// too). Computed once per distinct string, not per row.
#pragma once

#include "store/sourcedata.h"

#include <QString>
#include <vector>

namespace gateline {

// What joins a load balancer's request to the ingress line of the same request.
enum class JoinKey : quint8 {
    ClientMethodPath, // the real client IP is logged on both sides (forwarded headers trusted)
    PeerMethodPath,   // behind an ALB the ingress logs the ALB node as its client: the ALB's
                      // target IP (the ingress pod) on one side, the replica's pod IP on the other
    MethodPath,       // neither is known: method and path alone
    NodeMethodPath,   // the ALB node's private IP (from its log file names, or learned for an
                      // internet-facing ALB) is the ingress' $remote_addr
    NodePeerMethodPath, // both: the ALB node is the ingress' client and its target the ingress pod
};
// The joins from the most specific to the least (the order a request's ingress line is looked for).
inline constexpr JoinKey kJoinKeysBySpecificity[] = {JoinKey::ClientMethodPath, JoinKey::NodePeerMethodPath,
                                                     JoinKey::PeerMethodPath, JoinKey::NodeMethodPath,
                                                     JoinKey::MethodPath};
inline constexpr int kJoinKeyCount = 5;
QString joinKeyDescription(JoinKey k);
// "client", "target-pod", "method-path" (JSON).
QString joinKeyId(JoinKey k);

// The host part of "10.1.2.3:8080", "[fd00::1]:80" or a list "a:1, b:2" (its last entry).
QByteArrayView hostOfAddress(QByteArrayView address);

class RequestKeys
{
public:
    // fixedPeer is the source's own address: a load balancer's node IP, an ingress replica's pod IP.
    // PeerMethodPath: load-balancer rows use their target's IP (the Upstream column), other sources
    // fixedPeer. NodeMethodPath: load-balancer rows use fixedPeer, other sources each row's client
    // host. NodePeerMethodPath: both pairs.
    // The reference side of a join keys rows by their upstream (a load balancer's target); the
    // joined side by its own fixed address. Auto: load balancers are the reference.
    enum class Side : quint8 { Auto, Reference, Joined };
    explicit RequestKeys(const SourceData &s, JoinKey mode = JoinKey::ClientMethodPath, QByteArrayView fixedPeer = {},
                         Side side = Side::Auto);
    void setFixedPeer(QByteArrayView peer);
    quint64 key(qsizetype row) const;

private:
    const SourceData &m_s;
    JoinKey m_mode;
    bool m_loadBalancer = false;
    quint64 m_fixedPeer = 0;
    std::vector<quint64> m_hash;   // per string id of the source's pool
    std::vector<quint64> m_host;   // per string id: hash of the address' host part (address joins only)
};

// One request of some source, placed on the aligned timeline.
// Ordered by (key, time, source, row): a total order. Keys are hashes whose values change from
// process to process (requestkey.cpp), so rows of one key at the same time (whole-second logs have
// many) must not be left in the order a sort of their bucket, with other keys, happens to give:
// nearest() and range() then take the first logged of equally near rows, in every run.
struct KeyedTime {
    quint64 key;
    qint64 us;     // aligned (or reference) time
    int source;
    qint32 row;
    bool operator<(const KeyedTime &o) const
    {
        if (key != o.key)
            return key < o.key;
        if (us != o.us)
            return us < o.us;
        return source != o.source ? source < o.source : row < o.row;
    }
};

// Sorted (key, time) index over many rows; finds the nearest row of a key around a time.
class KeyedTimeIndex
{
public:
    void add(const KeyedTime &k) { m_items.push_back(k); }
    // Adds many rows at once (for rows gathered in parallel); kept apart until finish().
    void addAll(std::vector<KeyedTime> &&rows) { m_parts.push_back(std::move(rows)); }
    void reserve(size_t n) { m_items.reserve(n); }
    void finish();
    size_t size() const { return m_items.size(); }
    // Rows with this key and |time - us| <= windowUs, as an index range [begin, end).
    std::pair<size_t, size_t> range(quint64 key, qint64 us, qint64 windowUs) const;
    const KeyedTime &at(size_t i) const { return m_items[i]; }
    // The nearest row, or nullptr.
    const KeyedTime *nearest(quint64 key, qint64 us, qint64 windowUs) const;

private:
    // Sorted by (key, time) and cut into buckets by the key's top bits (keys are hashes, so the
    // buckets are even and small): a lookup searches one bucket, not the whole index.
    std::vector<KeyedTime> m_items;
    std::vector<std::vector<KeyedTime>> m_parts; // from addAll(), merged by finish()
    std::vector<quint32> m_bucketStart; // bucket b is [m_bucketStart[b], m_bucketStart[b + 1])
    int m_shift = 64;
};

} // namespace gateline
