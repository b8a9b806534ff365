#include "cdnorigin.h"

#include "requestkey.h"
#include "skewestimator.h"

#include <algorithm>
#include <unordered_set>

namespace gateline {

namespace {

constexpr qint64 kSawWindowUs = 2000000; // after alignment, the origin's line of a request is within 2 s

quint64 withStatus(quint64 key, qint16 status)
{
    const quint64 k = key ^ (quint64(quint16(status)) * 0xc2b2ae3d27d4eb4full);
    return k ? k : 1; // 0 means "no key" to the estimator
}

QList<SourceId> sourcesWhere(const EventStore &store, bool (*pred)(SourceFormat))
{
    QList<SourceId> out;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (pred(s.format) && s.size() > 0)
            out << SourceId{int(id)};
    }
    return out;
}

// Load-balancer requests keyed by method and path (and, for the clock, the status too), at their
// reference times.
KeyedTimeIndex loadBalancerIndex(const Timeline &timeline, const QList<SourceId> &lb, bool status)
{
    const EventStore &store = timeline.store();
    KeyedTimeIndex index;
    for (SourceId sid : lb) {
        const SourceData &s = store.source(sid);
        const RequestKeys keys(s, JoinKey::MethodPath);
        const qint64 shift = timeline.shiftUs(sid);
        for (qsizetype i = 0; i < s.size(); ++i)
            if (s.kind(i) == EventKind::Request)
                index.add({status ? withStatus(keys.key(i), s.status(i)) : keys.key(i), s.time(i).us + shift, sid.value,
                           qint32(i)});
    }
    index.finish();
    return index;
}

} // namespace

bool isCdnGatewayError(int s)
{
    return s == 502 || s == 504 || (s >= 520 && s <= 527) || s == 530;
}

void alignCdnSources(Timeline &timeline, double maxSkewSeconds)
{
    const EventStore &store = timeline.store();
    const QList<SourceId> cdn = sourcesWhere(store, isCdnFormat);
    if (cdn.isEmpty())
        return;
    const QList<SourceId> lb = sourcesWhere(store, isLoadBalancerFormat);
    if (lb.isEmpty()) {
        for (SourceId sid : cdn) {
            SourceAlignment &a = timeline.alignment(sid);
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("no load-balancer log loaded: nothing to align the CDN against; offset 0 assumed");
        }
        return;
    }
    const KeyedTimeIndex index = loadBalancerIndex(timeline, lb, true);
    const SkewEstimator estimator(index);
    // Per file first; then one clock per CDN: its files (hours, batches, edge servers) are cut from
    // one provider's NTP-synchronised log, so the best-supported estimate of a format stands for all
    // its files (a five-minute batch with a handful of origin requests estimates nothing alone).
    std::vector<SkewEstimate> estimates;
    for (SourceId sid : cdn) {
        const SourceData &s = store.source(sid);
        // Only the requests the origin answered reach the ALB with the same status: the CDN's own
        // answers (cache hits, its 502s) have no twin there.
        const RequestKeys keys(s, JoinKey::MethodPath);
        estimates.push_back(estimator.estimate(
            s,
            [&](qsizetype i) -> quint64 {
                const qint16 up = s.upstreamStatus(i);
                return up > 0 ? withStatus(keys.key(i), up) : 0;
            },
            maxSkewSeconds));
    }
    for (qsizetype k = 0; k < cdn.size(); ++k) {
        const SourceData &s = store.source(cdn[k]);
        SourceAlignment &a = timeline.alignment(cdn[k]);
        a.joinKey = JoinKey::MethodPath;
        a.peer.clear();
        a.peerFrom.clear();
        qsizetype best = -1;
        for (qsizetype j = 0; j < cdn.size(); ++j)
            if (store.source(cdn[j]).format == s.format && estimates[size_t(j)].valid
                && (best < 0 || estimates[size_t(j)].matched > estimates[size_t(best)].matched))
                best = j;
        const QString keys = QStringLiteral("method, path and status (the CDN's egress IP is the ALB's client; "
                                            "CloudFront's X-Amz-Cf-Id is not in the ALB log)");
        if (best < 0) {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("no CDN request answered by the origin matched the load balancer's within ±%1 s "
                                    "(method, path and status); offset 0 assumed")
                         .arg(maxSkewSeconds);
        } else if (best == k) {
            applyEstimate(a, estimates[size_t(k)], QStringLiteral("the load balancer"), keys);
        } else {
            applyEstimate(a, estimates[size_t(best)], QStringLiteral("the load balancer"), keys);
            a.note += QStringLiteral("; taken from %1, the CDN's best-matched file (one clock for all its files)")
                          .arg(store.source(cdn[best]).locator.displayPath());
        }
    }
}

std::vector<CdnGatewayError> cdnGatewayErrors(const Timeline &timeline, bool *lbLoaded)
{
    const EventStore &store = timeline.store();
    std::vector<CdnGatewayError> out;
    const QList<SourceId> cdn = sourcesWhere(store, isCdnFormat);
    const QList<SourceId> lb = sourcesWhere(store, isLoadBalancerFormat);
    if (lbLoaded)
        *lbLoaded = !lb.isEmpty();
    if (cdn.isEmpty())
        return out;
    const auto rowId = [](const KeyedTime &k) { return (quint64(quint32(k.source)) << 32) | quint32(k.row); };
    // The window the origin's line of a CDN row can sit in: it ends at or before the edge's, so
    // search back over the edge's duration.
    const auto window = [](const SourceData &s, qsizetype i, qint64 us) {
        const qint64 dur = s.durationMs(i) > 0 ? qint64(double(s.durationMs(i)) * 1000.0) : 0;
        return std::make_pair(us - dur / 2, dur / 2 + kSawWindowUs);
    };
    // One to one: each ALB line is the twin of at most one CDN line. The CDN's lines the origin
    // answered take theirs first (same method, path and status, nearest in time); a CDN-made error
    // is "seen" by the ALB only if a line on its method and path is left over (on a busy path the
    // nearest line is usually another request's).
    std::unordered_set<quint64> taken;
    KeyedTimeIndex byPath;
    if (!lb.isEmpty()) {
        const KeyedTimeIndex byStatus = loadBalancerIndex(timeline, lb, true);
        for (SourceId sid : cdn) {
            const SourceData &s = store.source(sid);
            const RequestKeys keys(s, JoinKey::MethodPath);
            for (qsizetype i = 0; i < s.size(); ++i) {
                const qint16 up = s.upstreamStatus(i);
                if (s.kind(i) != EventKind::Request || up <= 0)
                    continue;
                const auto [centre, half] = window(s, i, timeline.aligned(sid, i).us);
                const auto [b, e] = byStatus.range(withStatus(keys.key(i), up), centre, half);
                const KeyedTime *best = nullptr;
                for (size_t j = b; j < e; ++j)
                    if (!taken.count(rowId(byStatus.at(j)))
                        && (!best || std::llabs(byStatus.at(j).us - centre) < std::llabs(best->us - centre)))
                        best = &byStatus.at(j);
                if (best)
                    taken.insert(rowId(*best));
            }
        }
        byPath = loadBalancerIndex(timeline, lb, false);
    }
    for (SourceId sid : cdn) {
        const SourceData &s = store.source(sid);
        const RequestKeys keys(s, JoinKey::MethodPath);
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.kind(i) != EventKind::Request || !isCdnGatewayError(s.status(i)))
                continue;
            CdnGatewayError g;
            g.source = sid;
            g.row = qint32(i);
            g.us = timeline.aligned(sid, i).us;
            g.edgeStatus = s.status(i);
            g.originStatus = s.upstreamStatus(i);
            g.cdnMade = g.originStatus == kUpstreamDash;
            if (byPath.size() > 0) {
                const auto [centre, half] = window(s, i, g.us);
                const auto [b, e] = byPath.range(keys.key(i), centre, half);
                const KeyedTime *best = nullptr;
                for (size_t j = b; j < e; ++j) {
                    const KeyedTime &k = byPath.at(j);
                    // The CDN's passed-on errors took their twins above; its own ones look for a
                    // line no other CDN line explains.
                    if ((g.cdnMade && taken.count(rowId(k))) || (best && std::llabs(best->us - centre) <= std::llabs(k.us - centre)))
                        continue;
                    best = &k;
                }
                if (best) {
                    g.lbSaw = true;
                    g.lbStatus = store.source(SourceId{best->source}).status(best->row);
                }
            }
            out.push_back(g);
        }
    }
    std::sort(out.begin(), out.end(), [](const CdnGatewayError &a, const CdnGatewayError &b) { return a.us < b.us; });
    return out;
}

void classifyCdnOrigins(const Timeline &timeline, OriginResult &r)
{
    bool lbLoaded = false;
    qint64 made = 0, passed = 0, unseen = 0;
    r.cdnGateway = cdnGatewayErrors(timeline, &lbLoaded);
    r.cdnLoadBalancerLoaded = lbLoaded;
    for (const CdnGatewayError &g : r.cdnGateway) {
        // The 502 family only (Cloudflare's 52x are its 502s); 504s are timeouts, as for the ALB.
        if (g.edgeStatus == 504)
            continue;
        if (g.cdnMade) {
            ++made;
            unseen += !g.lbSaw;
            r.items.push_back({g.source, g.row, Origin::Cdn, SourceId{}, -1});
            ++r.cdn;
        } else if (!lbLoaded) {
            // The origin answered it, and its log is not loaded: which hop behind the CDN made it is
            // not known.
            ++passed;
            r.items.push_back({g.source, g.row, Origin::Undetermined, SourceId{}, -1});
            ++r.undetermined;
        }
    }
    if (made > 0) {
        r.notes << (lbLoaded ? QStringLiteral("%1 502s were made by the CDN itself (its origin, the load balancer, never "
                                              "answered them); %2 of them have no load-balancer line at all.")
                                   .arg(made)
                                   .arg(unseen)
                             : QStringLiteral("%1 502s were made by the CDN itself (its origin never answered them); "
                                              "load the load balancer's logs to see the rest of the path.")
                                   .arg(made));
    }
    if (passed > 0)
        r.notes << QStringLiteral("%1 CDN 502s were answered by its origin, whose log is not loaded.").arg(passed);
}

} // namespace gateline
