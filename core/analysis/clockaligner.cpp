#include "clockaligner.h"

#include "albnodes.h"
#include "cdnorigin.h"
#include "podaddresses.h"
#include "requestkey.h"
#include "sidecaraligner.h"
#include "skewestimator.h"
#include "traceids.h"

#include "jobs/parallelfor.h"

#include <QFileInfo>

#include <memory>

namespace gateline {

bool overrideMatches(const QString &pattern, const SourceData &s)
{
    const QString display = s.locator.displayPath();
    if (display == pattern || display.endsWith(QLatin1Char('/') + pattern) || display.endsWith(QLatin1Char('!') + pattern)
        || QFileInfo(display).fileName() == pattern)
        return true;
    // A file's name (without "#pod") names every replica in it.
    if (!s.locator.replica.isEmpty() && !pattern.contains(QLatin1Char('#'))) {
        const QString file = display.left(display.lastIndexOf(QLatin1Char('#')));
        return file == pattern || file.endsWith(QLatin1Char('/') + pattern) || QFileInfo(file).fileName() == pattern;
    }
    return false;
}

namespace {
constexpr double kTraceWindowSeconds = 5; // around a sound key-based estimate
constexpr qint64 kMinTracePairs = 10;

const OffsetOverride *findOverride(const AlignOptions &options, const SourceData &s)
{
    for (const OffsetOverride &o : options.overrides)
        if (overrideMatches(o.source, s))
            return &o;
    return nullptr;
}

// Load-balancer requests keyed by one join mode, built on first use.
class LoadBalancerIndex
{
public:
    // Node joins key each load balancer's rows by its node address; sources with none are left out.
    LoadBalancerIndex(const EventStore &store, JoinKey mode, const AlbNodes *nodes = nullptr)
        : m_store(store), m_mode(mode), m_nodes(nodes) {}
    const SkewEstimator &estimator()
    {
        if (!m_built) {
            m_built = true;
            std::vector<std::vector<KeyedTime>> perSource(size_t(m_store.sourceCount()));
            parallelFor(m_store.sourceCount(), [&](qsizetype id) {
                const SourceData &s = m_store.source(SourceId{int(id)});
                if (!isLoadBalancerFormat(s.format))
                    return;
                QByteArray node;
                if (m_mode == JoinKey::NodeMethodPath || m_mode == JoinKey::NodePeerMethodPath) {
                    node = m_nodes ? m_nodes->addressOf(SourceId{int(id)}) : QByteArray();
                    if (node.isEmpty())
                        return;
                }
                const RequestKeys keys(s, m_mode, node);
                std::vector<KeyedTime> &out = perSource[size_t(id)];
                out.reserve(size_t(s.size()));
                for (qsizetype i = 0; i < s.size(); ++i)
                    if (s.kind(i) == EventKind::Request)
                        out.push_back({keys.key(i), s.time(i).us, int(id), qint32(i)});
            });
            for (auto &rows : perSource)
                m_index.addAll(std::move(rows));
            m_index.finish();
        }
        return m_estimator;
    }
    const KeyedTimeIndex &index()
    {
        estimator();
        return m_index;
    }
    // The most frequent target hosts (the ingress pods, with target-type ip).
    QList<QByteArray> topTargets(int max)
    {
        if (!m_targetsCounted) {
            m_targetsCounted = true;
            QHash<QByteArray, qint64> counts;
            for (qsizetype id = 0; id < m_store.sourceCount(); ++id) {
                const SourceData &s = m_store.source(SourceId{int(id)});
                if (!isLoadBalancerFormat(s.format))
                    continue;
                QHash<quint32, qint64> byId;
                for (qsizetype i = 0; i < s.size(); ++i)
                    ++byId[s.stringId(SourceData::Upstream, i)];
                for (auto it = byId.cbegin(); it != byId.cend(); ++it) {
                    const QByteArrayView host = hostOfAddress(s.pool().view(it.key()));
                    if (!host.isEmpty() && host != "-")
                        counts[host.toByteArray()] += it.value();
                }
            }
            QList<std::pair<qint64, QByteArray>> sorted;
            for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                sorted.append({it.value(), it.key()});
            // The most requests first; equal counts by address (the hash's order changes run to run).
            std::sort(sorted.begin(), sorted.end(),
                      [](const auto &a, const auto &b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
            for (const auto &p : sorted)
                m_targets << p.second;
        }
        return m_targets.mid(0, max);
    }

private:
    const EventStore &m_store;
    JoinKey m_mode;
    const AlbNodes *m_nodes;
    bool m_built = false;
    KeyedTimeIndex m_index;
    SkewEstimator m_estimator{m_index};
    QList<QByteArray> m_targets;
    bool m_targetsCounted = false;
};

bool better(const SkewEstimate &a, const SkewEstimate &b)
{
    return a.valid && (!b.valid || a.matched > b.matched);
}

// The indexes of the load balancers' requests, one per join, each built on first use.
struct LoadBalancerIndexes {
    LoadBalancerIndexes(const EventStore &store, const AlbNodes &nodes)
        : client(store, JoinKey::ClientMethodPath), peer(store, JoinKey::PeerMethodPath),
          node(store, JoinKey::NodeMethodPath, &nodes), nodePeer(store, JoinKey::NodePeerMethodPath, &nodes),
          request(store, JoinKey::MethodPath), nodes(nodes) {}
    LoadBalancerIndex &of(JoinKey k)
    {
        switch (k) {
        case JoinKey::ClientMethodPath: return client;
        case JoinKey::PeerMethodPath: return peer;
        case JoinKey::NodeMethodPath: return node;
        case JoinKey::NodePeerMethodPath: return nodePeer;
        case JoinKey::MethodPath: break;
        }
        return request;
    }
    LoadBalancerIndex client, peer, node, nodePeer, request;
    const AlbNodes &nodes;
};

// Picks the join that matches most of this source's requests to the load balancer's: the client
// IP where the ingress logs the real client, else the ALB target (the replica's pod IP, from the
// pods JSON or learned from the ALB's targets) together with the ALB node as the ingress' client
// where the node addresses are known, else either alone, else method and path. Fills a's join
// fields and, if e is given, the estimate.
void chooseJoin(const SourceData &s, LoadBalancerIndexes &lb, const PodAddresses &pods, double maxSkew,
                SkewEstimate *e, SourceAlignment *a)
{
    SkewEstimate best = lb.client.estimator().estimate(s, maxSkew);
    JoinKey mode = JoinKey::ClientMethodPath;
    a->peer.clear();
    a->peerFrom.clear();
    if (!best.valid || best.confidence < 0.5) {
        QByteArray pod;
        const QByteArray known = pods.ipOf(s, &pod);
        const QList<QByteArray> candidates = known.isEmpty() ? lb.peer.topTargets(64) : QList<QByteArray>{known};
        RequestKeys keys(s, JoinKey::PeerMethodPath);
        // Learned: the target whose requests match this log's best, clearly ahead of the next one
        // (a replica's own target matches nearly all its requests, another's only by chance).
        SkewEstimate top, second;
        QByteArray topIp;
        for (const QByteArray &ip : candidates) {
            keys.setFixedPeer(ip);
            const SkewEstimate c = lb.peer.estimator().estimate(s, keys, maxSkew);
            if (better(c, top)) {
                second = top;
                top = c;
                topIp = ip;
            } else if (better(c, second)) {
                second = c;
            }
        }
        const bool clear = !second.valid || double(top.matched) >= 1.5 * double(second.matched);
        if (better(top, best) && (clear || !known.isEmpty())) {
            best = top;
            mode = JoinKey::PeerMethodPath;
            a->peer = topIp;
            a->peerFrom = known.isEmpty() ? QStringLiteral("learned from the ALB's targets")
                                          : QStringLiteral("pod %1 in the loaded pods").arg(QString::fromUtf8(pod));
        }
        if (lb.nodes.anyKnown()) {
            // The ALB node as the ingress' client: with the pod, the most specific join there is,
            // taken unless it loses many matches (a wrong node address would); alone, when no pod is.
            if (mode == JoinKey::PeerMethodPath) {
                const SkewEstimate c = lb.nodePeer.estimator().estimate(
                    s, RequestKeys(s, JoinKey::NodePeerMethodPath, a->peer), maxSkew);
                if (c.valid && double(c.matched) >= 0.9 * double(best.matched)) {
                    best = c;
                    mode = JoinKey::NodePeerMethodPath;
                }
            } else {
                const SkewEstimate c = lb.node.estimator().estimate(s, RequestKeys(s, JoinKey::NodeMethodPath), maxSkew);
                if (better(c, best)) {
                    best = c;
                    mode = JoinKey::NodeMethodPath;
                }
            }
        }
        if (!best.valid || best.confidence < 0.3) {
            const SkewEstimate c = lb.request.estimator().estimate(s, RequestKeys(s, JoinKey::MethodPath), maxSkew);
            if (better(c, best)) {
                best = c;
                mode = JoinKey::MethodPath;
                a->peer.clear();
                a->peerFrom.clear();
            }
        }
    }
    a->joinKey = mode;
    if (e)
        *e = best;
}

// Pairs internet-facing ALB nodes (public IPs in the file names) with the private IPs the ingress
// logs: each estimated ingress source's requests are matched to the load balancer's on the join
// already chosen, on the aligned clock, and the node of each matched ALB line is counted against
// the ingress line's client host. Returns true if a node was paired.
bool learnNodePairs(const Timeline &timeline, LoadBalancerIndexes &lb, AlbNodes &nodes)
{
    const EventStore &store = timeline.store();
    constexpr qint64 kWindowUs = 500000; // aligned: the same request within half a second
    constexpr qsizetype kSamples = 20000;
    QHash<QByteArray, QHash<QByteArray, qint64>> pairs;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        const SourceAlignment &a = timeline.alignment(sid);
        if (!isIngressAccessSource(s) || a.method != SourceAlignment::Estimated
            || (a.joinKey != JoinKey::PeerMethodPath && a.joinKey != JoinKey::MethodPath) || s.size() == 0)
            continue;
        const RequestKeys keys(s, a.joinKey, a.peer);
        const KeyedTimeIndex &index = lb.of(a.joinKey).index();
        const qint64 shift = qint64(std::llround(a.offsetSeconds * 1e6));
        const qsizetype step = std::max<qsizetype>(1, s.size() / kSamples);
        for (qsizetype i = 0; i < s.size(); i += step) {
            if (s.kind(i) != EventKind::Request)
                continue;
            const KeyedTime *m = index.nearest(keys.key(i), s.time(i).us + shift, kWindowUs);
            if (!m)
                continue;
            if (const AlbNodes::Node *n = nodes.nodeOf(SourceId{m->source}))
                ++pairs[n->fileIp][hostOfAddress(s.bytes(SourceData::Client, i)).toByteArray()];
        }
    }
    return nodes.learn(pairs);
}

// The load balancer sources name their node: its address as the ingress sees it, and whence.
void describeNodes(Timeline &timeline, const AlbNodes &nodes)
{
    const EventStore &store = timeline.store();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const AlbNodes::Node *n = nodes.nodeOf(SourceId{int(id)});
        if (!n || n->privateIp.isEmpty())
            continue;
        SourceAlignment &a = timeline.alignment(SourceId{int(id)});
        a.peer = n->privateIp;
        a.peerFrom = n->privateIp == n->fileIp
            ? QStringLiteral("ALB node %1 (from the log file names)").arg(QString::fromUtf8(n->fileIp))
            : QStringLiteral("ALB node %1 = private %2 (%3)")
                  .arg(QString::fromUtf8(n->fileIp), QString::fromUtf8(n->privateIp), n->from);
        a.note = QStringLiteral("the reference clock; %1").arg(a.peerFrom);
    }
}

QString keysInWords(const SourceAlignment &a)
{
    if (a.joinKey == JoinKey::PeerMethodPath)
        return QStringLiteral("ALB target = ingress pod IP %1 (%2), method, path").arg(QString::fromUtf8(a.peer), a.peerFrom);
    if (a.joinKey == JoinKey::NodePeerMethodPath)
        return QStringLiteral("ALB node IP = ingress client, ALB target = ingress pod IP %1 (%2), method, path")
            .arg(QString::fromUtf8(a.peer), a.peerFrom);
    return joinKeyDescription(a.joinKey);
}

void applyOverride(SourceAlignment &a, const OffsetOverride &o)
{
    a.method = SourceAlignment::UserOverride;
    a.offsetSeconds = o.seconds;
    a.confidence = 1;
    a.note = QStringLiteral("offset set by the user");
}
} // namespace

QStringList alignClocks(Timeline &timeline, const AlignOptions &options)
{
    const EventStore &store = timeline.store();

    // The load balancers' requests are the reference clock, keyed by the client IP. Behind an ALB
    // the ingress logs the ALB node, not the client: then the ALB's target (the ingress pod) and
    // the ALB node (from the log file names) are joined instead, or method and path alone.
    AlbNodes nodes(store);
    auto lb = std::make_unique<LoadBalancerIndexes>(store, nodes);
    bool anyLoadBalancer = false;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        anyLoadBalancer |= isLoadBalancerFormat(store.source(SourceId{int(id)}).format) && store.source(SourceId{int(id)}).size() > 0;
    const PodAddresses pods(store);

    const auto alignIngress = [&](SourceId sid) {
        const SourceData &s = store.source(sid);
        SourceAlignment &a = timeline.alignment(sid);
        a.traceIds = carriesTraceIds(s);
        a.traceIdPairs = 0;
        if (const OffsetOverride *o = findOverride(options, s)) {
            applyOverride(a, *o);
            // The user's offset still needs the keys to find this source's requests.
            chooseJoin(s, *lb, pods, options.maxSkewSeconds, nullptr, &a);
            return;
        }
        if (!anyLoadBalancer) {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("no load-balancer log loaded: nothing to align against; offset 0 assumed");
            return;
        }
        SkewEstimate e;
        chooseJoin(s, *lb, pods, options.maxSkewSeconds, &e, &a);
        if (a.traceIds) {
            // The ingress logs X-Amzn-Trace-Id: pairs are exact, so they decide the offset, near the
            // estimate from the keys when it is sound, else anywhere within the maximum skew.
            const bool sound = e.valid && e.confidence >= 0.3;
            const SkewEstimate t = estimateByTraceIds(store, s, sound ? e.offsetSeconds : 0,
                                                      sound ? kTraceWindowSeconds : options.maxSkewSeconds);
            if (t.valid && t.matched >= kMinTracePairs) {
                applyEstimate(a, t, QStringLiteral("the load balancer"),
                              QStringLiteral("X-Amzn-Trace-Id (the same trace id in both lines)"));
                a.traceIdPairs = t.matched;
                return;
            }
        }
        if (e.valid) {
            applyEstimate(a, e, QStringLiteral("the load balancer"), keysInWords(a));
        } else {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("no requests matched the load balancer's within ±%1 s (tried client IP, ALB "
                                    "target = pod IP, ALB node IP, and method and path); offset 0 assumed")
                         .arg(options.maxSkewSeconds);
        }
    };

    QHash<QString, SourceId> accessByGroup;
    QList<SourceId> ingressSources;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (!isIngressAccessSource(s))
            continue;
        accessByGroup.insert(ingressGroupOf(s), sid);
        if (s.locator.replica.isEmpty()) // a replica of a stream pairs with its own access log only
            accessByGroup.insert(QFileInfo(ingressGroupOf(s)).path(), sid); // the folder, as a fallback
        ingressSources << sid;
        alignIngress(sid);
    }
    // An internet-facing ALB: its nodes' private IPs are learned from the first alignment, then
    // the sources not joined on the client IP are aligned again with the node known.
    if (anyLoadBalancer && nodes.anyUnpaired() && learnNodePairs(timeline, *lb, nodes)) {
        lb = std::make_unique<LoadBalancerIndexes>(store, nodes);
        for (SourceId sid : std::as_const(ingressSources))
            if (timeline.alignment(sid).joinKey != JoinKey::ClientMethodPath)
                alignIngress(sid);
    }
    describeNodes(timeline, nodes);
    // A CDN in front: its clock against the load balancer's (method, path and status).
    alignCdnSources(timeline, options.maxSkewSeconds);

    // Local-time logs (NGINX error log): zone and clock of the same ingress' access log.
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (s.format != SourceFormat::NginxError && s.format != SourceFormat::ControllerLog)
            continue;
        SourceAlignment &a = timeline.alignment(sid);
        const QString group = ingressGroupOf(s);
        SourceId sibling = accessByGroup.value(group, SourceId{});
        if (!sibling.isValid() && s.locator.replica.isEmpty())
            sibling = accessByGroup.value(QFileInfo(group).path(), SourceId{});
        if (sibling.isValid()) {
            const SourceData &acc = store.source(sibling);
            const SourceAlignment &sa = timeline.alignment(sibling);
            a.method = SourceAlignment::FromSibling;
            a.offsetSeconds = sa.offsetSeconds;
            a.confidence = sa.confidence;
            a.joinKey = sa.joinKey;
            a.peer = sa.peer;
            a.peerFrom = sa.peerFrom;
            if (s.format == SourceFormat::ControllerLog || s.wrapperTimes) {
                // UTC times (the controller's own, or the wrapper's): only the node's clock offset.
                a.localUtcOffsetSeconds = 0;
                a.note = QStringLiteral("UTC times; clock offset of the same replica's access log %1")
                             .arg(acc.locator.displayPath());
                continue;
            }
            a.localUtcOffsetSeconds = acc.sawUtcOffset ? acc.utcOffsetSeconds : 0;
            a.note = QStringLiteral("local time; zone UTC%1%2 and clock offset taken from the access log %3")
                         .arg(a.localUtcOffsetSeconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                         .arg(QStringLiteral("%1:%2")
                                  .arg(std::abs(a.localUtcOffsetSeconds) / 3600, 2, 10, QLatin1Char('0'))
                                  .arg(std::abs(a.localUtcOffsetSeconds) % 3600 / 60, 2, 10, QLatin1Char('0')))
                         .arg(acc.locator.displayPath());
        } else if (s.format == SourceFormat::ControllerLog || s.wrapperTimes) {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("UTC times; no access log of the same replica to take a clock offset from");
        } else if (options.localUtcOffsetSeconds) {
            a.method = SourceAlignment::UserOverride;
            a.localUtcOffsetSeconds = *options.localUtcOffsetSeconds;
            a.note = QStringLiteral("local time; UTC offset %1 s given by the user").arg(a.localUtcOffsetSeconds);
        } else {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("local time with no offset and no access log of the same ingress: assumed UTC "
                                    "(give --local-utc-offset to correct)");
        }
    }

    // Sidecars: against the ingress, once the ingress is on the load balancer's clock.
    timeline.recompute();
    alignSidecars(timeline, options.maxSkewSeconds);

    QStringList unmatched;
    for (const OffsetOverride &o : options.overrides) {
        bool hit = false;
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceData &s = store.source(SourceId{int(id)});
            if (!overrideMatches(o.source, s))
                continue;
            hit = true;
            if (!isIngressAccessSource(s)) // access logs (and their error logs) are done
                applyOverride(timeline.alignment(SourceId{int(id)}), o);
        }
        if (!hit)
            unmatched << o.source;
    }
    timeline.recompute();
    return unmatched;
}

} // namespace gateline
