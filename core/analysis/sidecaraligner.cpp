#include "sidecaraligner.h"

#include "podaddresses.h"
#include "requestkey.h"
#include "skewestimator.h"
#include "traceids.h"

#include <optional>

namespace gateline {

namespace {
constexpr qint64 kMinIdPairs = 10;

// The ingress requests on the aligned timeline, keyed by method and path, or by the upstream pod
// as well (the ingress' upstream host is the sidecar's pod).
KeyedTimeIndex ingressIndex(const Timeline &timeline, JoinKey mode)
{
    const EventStore &store = timeline.store();
    KeyedTimeIndex index;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (!isIngressAccessSource(s))
            continue;
        // As the reference side of a pod join the ingress' rows are keyed by their upstream host,
        // as a load balancer's are by their target.
        const RequestKeys keys(s, mode, {}, RequestKeys::Side::Reference);
        const qint64 shift = timeline.shiftUs(sid);
        std::vector<KeyedTime> rows;
        rows.reserve(size_t(s.size()));
        for (qsizetype i = 0; i < s.size(); ++i)
            if (s.kind(i) == EventKind::Request)
                rows.push_back({keys.key(i), ingressEndTimeUs(s, i) + shift, int(id), qint32(i)});
        index.addAll(std::move(rows));
    }
    index.finish();
    return index;
}
} // namespace

void alignSidecars(Timeline &timeline, double maxSkewSeconds)
{
    const EventStore &store = timeline.store();
    QList<SourceId> sidecars;
    bool anyIngress = false;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (s.format == SourceFormat::Envoy && s.sidecar && s.size() > 0)
            sidecars << SourceId{int(id)};
        anyIngress |= isIngressAccessSource(s) && s.size() > 0;
    }
    if (sidecars.isEmpty())
        return;
    std::optional<KeyedTimeIndex> byRequest, byPod;
    // The ingress logs that carry X-Request-ID ($req_id), on the aligned clock: the exact join.
    std::optional<QList<ReferenceSource>> byRequestId;
    const PodAddresses pods(store);
    for (SourceId sid : std::as_const(sidecars)) {
        const SourceData &s = store.source(sid);
        SourceAlignment &a = timeline.alignment(sid);
        a.offsetSeconds = 0;
        if (!anyIngress) {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("a sidecar, and no ingress access log to align it against; offset 0 assumed");
            continue;
        }
        if (carriesIds(s, requestIdHash)) {
            if (!byRequestId) {
                byRequestId.emplace();
                for (qsizetype id = 0; id < store.sourceCount(); ++id) {
                    const SourceId in{int(id)};
                    if (isIngressAccessSource(store.source(in)) && carriesIds(store.source(in), requestIdHash))
                        byRequestId->append({in, timeline.shiftUs(in)});
                }
            }
            const SkewEstimate t = byRequestId->isEmpty()
                ? SkewEstimate{}
                : estimateByIds(store, *byRequestId, s, requestIdHash, 0, maxSkewSeconds);
            if (t.valid && t.matched >= kMinIdPairs) {
                applyEstimate(a, t, QStringLiteral("the ingress'"),
                              QStringLiteral("X-Request-ID (the ingress' request id in the sidecar's line)"));
                a.note.prepend(QStringLiteral("a sidecar: "));
                continue;
            }
        }
        SkewEstimate e;
        QByteArray pod;
        const QByteArray podIp = pods.ipOf(s, &pod);
        if (!podIp.isEmpty()) {
            if (!byPod)
                byPod.emplace(ingressIndex(timeline, JoinKey::PeerMethodPath));
            e = SkewEstimator(*byPod).estimate(s, RequestKeys(s, JoinKey::PeerMethodPath, podIp), maxSkewSeconds);
            a.joinKey = JoinKey::PeerMethodPath;
            a.peer = podIp;
            a.peerFrom = QStringLiteral("the sidecar's pod %1 in the loaded pods").arg(QString::fromUtf8(pod));
        }
        if (!e.valid || e.confidence < 0.3) {
            if (!byRequest)
                byRequest.emplace(ingressIndex(timeline, JoinKey::MethodPath));
            const SkewEstimate m = SkewEstimator(*byRequest).estimate(s, RequestKeys(s, JoinKey::MethodPath), maxSkewSeconds);
            if (m.valid && (!e.valid || m.matched > e.matched)) {
                e = m;
                a.joinKey = JoinKey::MethodPath;
                a.peer.clear();
                a.peerFrom.clear();
            }
        }
        if (!e.valid) {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("a sidecar: none of its requests matched the ingress' within ±%1 s; offset 0 assumed")
                         .arg(maxSkewSeconds);
            continue;
        }
        applyEstimate(a, e, QStringLiteral("the ingress'"),
                      a.joinKey == JoinKey::PeerMethodPath
                          ? QStringLiteral("ingress upstream = pod IP %1, method, path").arg(QString::fromUtf8(podIp))
                          : joinKeyDescription(JoinKey::MethodPath));
        a.note.prepend(QStringLiteral("a sidecar: "));
    }
}

} // namespace gateline
