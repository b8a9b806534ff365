#include "originclassifier.h"

#include "cdnorigin.h"
#include "jobs/cancellation.h"
#include "jobs/parallelfor.h"
#include "skewestimator.h"
#include "traceids.h"

#include <QHash>
#include <QPair>
#include <QSet>

#include <atomic>
#include <memory>

namespace gateline {

QString originId(Origin o)
{
    switch (o) {
    case Origin::Alb: return QStringLiteral("alb");
    case Origin::Ingress: return QStringLiteral("ingress");
    case Origin::App: return QStringLiteral("app");
    case Origin::Undetermined: return QStringLiteral("undetermined");
    case Origin::Sidecar: return QStringLiteral("sidecar");
    case Origin::Cdn: return QStringLiteral("cdn");
    }
    return {};
}

namespace {
constexpr qint64 kMatchWindowUs = 2000000; // after alignment, the same request is within 2 s
constexpr qint64 kSidecarWindowUs = 10000000; // a sidecar with no estimated offset: its node's clock

quint64 withStatus(quint64 key, qint16 status) { return key ^ (quint64(quint16(status)) * 0x9e3779b97f4a7c15ull); }

// The error-log line about the same request: same client, method and path, near in time, and
// about the same upstream address when the access line names one.
const KeyedTime *errorFor(const EventStore &store, const KeyedTimeIndex &errors, quint64 key, qint64 us,
                          QByteArrayView upstream)
{
    const auto [b, e] = errors.range(key, us, kMatchWindowUs);
    const KeyedTime *best = nullptr;
    for (size_t i = b; i < e; ++i) {
        const KeyedTime &c = errors.at(i);
        // A timed-out upstream makes NGINX answer 504, not 502: that line is about another request.
        if (store.source(SourceId{c.source}).bytes(SourceData::Reason, c.row) == "upstream-timed-out")
            continue;
        if (!upstream.isEmpty()) {
            const QByteArrayView other = store.source(SourceId{c.source}).bytes(SourceData::Upstream, c.row);
            if (!other.isEmpty() && other != upstream)
                continue;
        }
        if (!best || std::llabs(c.us - us) < std::llabs(best->us - us))
            best = &c;
    }
    return best;
}
// The request ids (X-Request-ID) of the 502s an Istio sidecar made, and of the ingress lines the
// upstream answered 502, where both hops log the id: the same request, exactly.
struct SidecarIds {
    QSet<quint64> made502;                     // the sidecars' own 502s
    QHash<QPair<int, qint32>, quint64> ingress; // (ingress source, row) -> id
    bool usable() const { return !made502.isEmpty(); }
};

// Did a sidecar make the 502 the ingress got from upstream? Its own line for the same request says
// Envoy answered because the app failed (flags UF, UC, UPE, ...): the same X-Request-ID where the
// ingress logs it, else the same method and path, near in time.
bool sidecarMade(const KeyedTimeIndex &sidecar502, const SidecarIds &ids, SourceId ingressId, const SourceData &ingress,
                 qint32 row, qint64 us, qint64 windowUs)
{
    if (sidecar502.size() == 0)
        return false;
    if (ids.usable()) {
        const auto it = ids.ingress.constFind({ingressId.value, row});
        if (it != ids.ingress.cend() && it.value() != 0)
            return ids.made502.contains(it.value());
    }
    const RequestKeys keys(ingress, JoinKey::MethodPath);
    return sidecar502.nearest(keys.key(row), us, windowUs) != nullptr;
}

// The ingress lines with a 5xx of the sources joined by X-Amzn-Trace-Id, by their trace root (read
// back from the logs: trace ids are not kept in memory).
QHash<quint64, KeyedTime> ingress5xxByTraceRoot(const Timeline &timeline)
{
    const EventStore &store = timeline.store();
    QHash<quint64, KeyedTime> out;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (!isIngressAccessSource(s) || !timeline.alignment(sid).traceIds)
            continue;
        std::vector<qint32> rows;
        s.forEachRowWhere([](EventKind kind, qint16 status, qint16) { return kind == EventKind::Request && status >= 500; },
                          [&rows](qsizetype i) { rows.push_back(qint32(i)); });
        std::vector<quint64> roots;
        if (rows.empty() || !readTraceRoots(s, rows, &roots))
            continue;
        const qint64 shift = timeline.shiftUs(sid);
        for (size_t k = 0; k < rows.size(); ++k)
            if (roots[k])
                out.insert(roots[k], {roots[k], ingressEndTimeUs(s, rows[k]) + shift, int(id), rows[k]});
    }
    return out;
}

} // namespace

OriginResult classifyOrigins(const Timeline &timeline)
{
    const EventStore &store = timeline.store();
    OriginResult r;

    // Ingress access lines with a 5xx, and error-log lines about upstreams, on the aligned timeline,
    // keyed the way each source was joined to the load balancer (client IP, ALB target = pod IP, or
    // method and path): one index per join mode.
    constexpr int kModes = kJoinKeyCount;
    KeyedTimeIndex ingress5xx[kModes], upstreamErrors[kModes];
    bool modeUsed[kModes] = {};
    bool haveIngress = false, haveErrorLog = false;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        const bool access = isIngressAccessSource(s);
        const bool errors = s.format == SourceFormat::NginxError;
        if (!access && !errors)
            continue;
        haveIngress |= access;
        haveErrorLog |= errors;
        const SourceAlignment &a = timeline.alignment(sid);
        const int mode = int(a.joinKey);
        modeUsed[mode] = true;
        const RequestKeys keys(s, a.joinKey, a.peer);
        const qint64 shift = timeline.shiftUs(sid);
        // The 5xx requests of an access log, the upstream errors of an error log, by their codes.
        s.forEachRowWhere(
            [access, errors](EventKind kind, qint16 status, qint16) {
                return (access && kind == EventKind::Request && status >= 500) || (errors && kind == EventKind::UpstreamError);
            },
            [&](qsizetype i) {
                if (access && s.kind(i) == EventKind::Request)
                    ingress5xx[mode].add({withStatus(keys.key(i), s.status(i)), ingressEndTimeUs(s, i) + shift, int(id), qint32(i)});
                else
                    upstreamErrors[mode].add({keys.key(i), s.time(i).us + shift, int(id), qint32(i)});
            });
    }
    for (int m = 0; m < kModes; ++m) {
        ingress5xx[m].finish();
        upstreamErrors[m].finish();
    }
    // 502s an Istio sidecar made (its upstream, the app, failed): the hop between ingress and app.
    // Sidecars run on the app pods' nodes, aligned to the ingress where their requests matched;
    // a sidecar left on its node's clock widens the window.
    KeyedTimeIndex sidecar502;
    qint64 sidecarWindowUs = kMatchWindowUs;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (s.format != SourceFormat::Envoy || !s.sidecar)
            continue;
        if (timeline.alignment(sid).method == SourceAlignment::NotEstimated)
            sidecarWindowUs = kSidecarWindowUs;
        const RequestKeys keys(s, JoinKey::MethodPath);
        const qint64 shift = timeline.shiftUs(sid);
        s.forEachRowWhere(
            [](EventKind kind, qint16 status, qint16 upstream) {
                return kind == EventKind::Request && status == 502 && upstream == kUpstreamDash;
            },
            [&](qsizetype i) { sidecar502.add({keys.key(i), ingressEndTimeUs(s, i) + shift, int(id), qint32(i)}); });
    }
    sidecar502.finish();
    SidecarIds sidecarIds;
    if (sidecar502.size() > 0) {
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceData &s = store.source(SourceId{int(id)});
            const bool side = s.format == SourceFormat::Envoy && s.sidecar;
            if ((!side && !isIngressAccessSource(s)) || !carriesIds(s, requestIdHash))
                continue;
            std::vector<qint32> rows;
            s.forEachRowWhere(
                [side](EventKind kind, qint16 status, qint16 upstream) {
                    return kind == EventKind::Request && status == 502 && (side ? upstream == kUpstreamDash : upstream == 502);
                },
                [&rows](qsizetype i) { rows.push_back(qint32(i)); });
            std::vector<quint64> got;
            if (rows.empty() || !readLineIds(s, rows, requestIdHash, &got))
                continue;
            for (size_t k = 0; k < rows.size(); ++k) {
                if (side && got[k])
                    sidecarIds.made502.insert(got[k]);
                else if (!side)
                    sidecarIds.ingress.insert({int(id), rows[k]}, got[k]);
            }
        }
    }
    const QHash<quint64, KeyedTime> byTrace = ingress5xxByTraceRoot(timeline);

    // The load balancers' 502s, source by source side by side (jobs/parallelfor.h): the indexes
    // above are only read, and each source's items go to its own list, joined in source order.
    std::vector<SourceId> lbSources;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        if (isLoadBalancerFormat(store.source(SourceId{int(id)}).format))
            lbSources.push_back(SourceId{int(id)});
    struct PerSource {
        std::vector<OriginResult::Item> items;
        qint64 alb = 0, ingress = 0, app = 0, undetermined = 0, sidecar = 0;
    };
    std::vector<PerSource> perSource(lbSources.size());
    std::atomic<bool> cancelled {false};
    parallelFor(qsizetype(lbSources.size()), [&](qsizetype n) {
        const SourceId sid = lbSources[size_t(n)];
        const SourceData &s = store.source(sid);
        PerSource &out = perSource[size_t(n)];
        // A load balancer's own address in the node joins: its node as the ingress sees it.
        const QByteArray node = timeline.alignment(sid).peer;
        std::unique_ptr<RequestKeys> keys[kModes];
        for (int m = 0; m < kModes; ++m)
            if (modeUsed[m] || m == 0)
                keys[m] = std::make_unique<RequestKeys>(s, JoinKey(m), node);
        // The trace roots of the 502s the target answered, where an ingress logs trace ids.
        QHash<qint32, quint64> rootOf;
        if (!byTrace.isEmpty() && s.format == SourceFormat::Alb) {
            std::vector<qint32> rows;
            s.forEachRowWhere([](EventKind kind, qint16 status, qint16 upstream) {
                return kind == EventKind::Request && status == 502 && upstream != kUpstreamDash;
            }, [&rows](qsizetype i) { rows.push_back(qint32(i)); });
            std::vector<quint64> roots;
            if (!rows.empty() && readTraceRoots(s, rows, &roots))
                for (size_t k = 0; k < rows.size(); ++k)
                    rootOf.insert(rows[k], roots[k]);
        }
        // The 502s' rows first, found by their codes (a byte a row), then each judged.
        std::vector<qint32> rows502;
        s.forEachRowWhere([](EventKind kind, qint16 status, qint16) { return kind == EventKind::Request && status == 502; },
                          [&rows502](qsizetype i) { rows502.push_back(qint32(i)); });
        for (size_t k = 0; k < rows502.size(); ++k) {
            if ((k & 4095) == 0 && (cancelled.load(std::memory_order_relaxed) || cancelRequested())) {
                cancelled.store(true, std::memory_order_relaxed);
                return; // superseded (jobs/cancellation.h): nobody reads this
            }
            const qsizetype i = rows502[k];
            OriginResult::Item item{sid, qint32(i), Origin::Undetermined, SourceId{}, -1};
            if (s.upstreamStatus(i) == kUpstreamDash) {
                item.origin = Origin::Alb;
            } else if (s.format == SourceFormat::GcpLb && s.upstreamStatus(i) == kNoUpstreamStatus) {
                item.origin = Origin::Undetermined;
            } else if (haveIngress || haveErrorLog) {
                const qint64 t = timeline.aligned(sid, i).us;
                // The ingress line of the same request answered the ALB with the target status:
                // the most specific join in use that finds one (client IP, then node and target,
                // target = pod IP, node, then method and path).
                const KeyedTime *line = nullptr;
                int lineMode = 0;
                // The same trace id first: exact, whatever the clocks, clients and paths.
                if (const quint64 root = rootOf.value(qint32(i))) {
                    const auto it = byTrace.constFind(root);
                    if (it != byTrace.cend()) {
                        line = &it.value();
                        lineMode = int(timeline.alignment(SourceId{line->source}).joinKey);
                    }
                }
                for (JoinKey k : kJoinKeysBySpecificity) {
                    const int m = int(k);
                    if (!modeUsed[m] || line)
                        continue;
                    line = ingress5xx[m].nearest(withStatus(keys[m]->key(i), s.upstreamStatus(i)), t, kMatchWindowUs);
                    lineMode = m;
                }
                const KeyedTime *err = nullptr;
                if (line) {
                    item.ingressSource = SourceId{line->source};
                    item.ingressRow = line->row;
                    const SourceData &in = store.source(item.ingressSource);
                    err = errorFor(store, upstreamErrors[lineMode], keys[lineMode]->key(i), line->us,
                                   in.bytes(SourceData::Upstream, line->row));
                    const qint16 up = in.upstreamStatus(line->row);
                    if (err || up == kUpstreamDash)
                        item.origin = Origin::Ingress;   // the upstream never answered
                    else if (up == kNoUpstreamStatus)
                        item.origin = Origin::Undetermined; // the access log cannot tell
                    else if (up != 502)
                        item.origin = Origin::Ingress;
                    else
                        item.origin = sidecarMade(sidecar502, sidecarIds, item.ingressSource, in, line->row, line->us, sidecarWindowUs)
                                      ? Origin::Sidecar : Origin::App;
                } else {
                    for (JoinKey k : kJoinKeysBySpecificity)
                        if (modeUsed[int(k)] && !err)
                            err = errorFor(store, upstreamErrors[int(k)], keys[int(k)]->key(i), t, {});
                    if (err)
                        item.origin = Origin::Ingress;
                }
            }
            switch (item.origin) {
            case Origin::Alb: ++out.alb; break;
            case Origin::Ingress: ++out.ingress; break;
            case Origin::App: ++out.app; break;
            case Origin::Undetermined: ++out.undetermined; break;
            case Origin::Sidecar: ++out.sidecar; break;
            case Origin::Cdn: break;
            }
            out.items.push_back(item);
        }
    });
    if (cancelled.load())
        return r;
    for (PerSource &p : perSource) {
        r.alb += p.alb;
        r.ingress += p.ingress;
        r.app += p.app;
        r.undetermined += p.undetermined;
        r.sidecar += p.sidecar;
        r.items.insert(r.items.end(), p.items.begin(), p.items.end());
    }
    // A CDN in front: the 502s it made itself (its origin never answered) are in its log only.
    classifyCdnOrigins(timeline, r);

    const qint64 total = r.alb + r.ingress + r.app + r.sidecar + r.cdn + r.undetermined;
    const qint64 best = std::max({r.alb, r.ingress, r.app, r.sidecar, r.cdn});
    if (total == 0)
        r.verdict = QStringLiteral("none");
    else if (best == 0)
        r.verdict = QStringLiteral("undetermined");
    else
        r.verdict = originId(r.cdn == best ? Origin::Cdn
                             : r.alb == best ? Origin::Alb
                             : r.ingress == best ? Origin::Ingress
                             : r.sidecar == best ? Origin::Sidecar : Origin::App);
    if (!haveIngress && !haveErrorLog && total > 0) {
        r.notes << QStringLiteral(
            "No ingress log is loaded: 502s with target_status_code '-' are ALB-generated (the target never "
            "answered), but for 502s the target returned it cannot be told whether the ingress or the app made them.");
    } else if (!haveErrorLog && haveIngress) {
        r.notes << QStringLiteral("No NGINX error log is loaded: ingress-generated 502s are recognised from upstream "
                                  "status only.");
    }
    if (r.undetermined > 0 && (haveIngress || haveErrorLog))
        r.notes << QStringLiteral("%1 502s answered by the target have no matching ingress line (outside the ingress "
                                  "logs' time range, or the request did not pass a loaded ingress).")
                       .arg(r.undetermined);
    return r;
}

} // namespace gateline
