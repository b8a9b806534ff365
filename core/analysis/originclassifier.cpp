#include "originclassifier.h"

#include "skewestimator.h"

namespace gateline {

QString originId(Origin o)
{
    switch (o) {
    case Origin::Alb: return QStringLiteral("alb");
    case Origin::Ingress: return QStringLiteral("ingress");
    case Origin::App: return QStringLiteral("app");
    case Origin::Undetermined: return QStringLiteral("undetermined");
    }
    return {};
}

namespace {
constexpr qint64 kMatchWindowUs = 2000000; // after alignment, the same request is within 2 s
}

OriginResult classifyOrigins(const Timeline &timeline)
{
    const EventStore &store = timeline.store();
    OriginResult r;

    // Ingress access lines with a 5xx, and error-log lines about upstreams, on the aligned timeline.
    KeyedTimeIndex ingress5xx, upstreamErrors;
    bool haveIngress = false, haveErrorLog = false;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        const bool access = isIngressAccessFormat(s.format);
        const bool errors = s.format == SourceFormat::NginxError;
        if (!access && !errors)
            continue;
        haveIngress |= access;
        haveErrorLog |= errors;
        const RequestKeys keys(s);
        const qint64 shift = timeline.shiftUs(sid);
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (access && s.kind(i) == EventKind::Request && s.status(i) >= 500)
                ingress5xx.add({keys.key(i), ingressEndTimeUs(s, i) + shift, int(id), qint32(i)});
            else if (errors && s.kind(i) == EventKind::UpstreamError)
                upstreamErrors.add({keys.key(i), s.time(i).us + shift, int(id), qint32(i)});
        }
    }
    ingress5xx.finish();
    upstreamErrors.finish();

    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (!isLoadBalancerFormat(s.format))
            continue;
        const RequestKeys keys(s);
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.kind(i) != EventKind::Request || s.status(i) != 502)
                continue;
            OriginResult::Item item{sid, qint32(i), Origin::Undetermined, SourceId{}, -1};
            if (s.upstreamStatus(i) == kUpstreamDash) {
                item.origin = Origin::Alb;
            } else if (s.format == SourceFormat::GcpLb && s.upstreamStatus(i) == kNoUpstreamStatus) {
                item.origin = Origin::Undetermined;
            } else if (haveIngress || haveErrorLog) {
                const quint64 k = keys.key(i);
                const qint64 t = timeline.aligned(sid, i).us;
                const KeyedTime *line = ingress5xx.nearest(k, t, kMatchWindowUs);
                const KeyedTime *err = upstreamErrors.nearest(k, t, kMatchWindowUs);
                if (line) {
                    item.ingressSource = SourceId{line->source};
                    item.ingressRow = line->row;
                    const SourceData &in = store.source(item.ingressSource);
                    const qint16 up = in.upstreamStatus(line->row);
                    const bool upstreamFailed = up == kUpstreamDash || up == kNoUpstreamStatus;
                    if (err || upstreamFailed)
                        item.origin = Origin::Ingress;
                    else
                        item.origin = up == 502 ? Origin::App : Origin::Ingress;
                } else if (err) {
                    item.origin = Origin::Ingress;
                }
            }
            switch (item.origin) {
            case Origin::Alb: ++r.alb; break;
            case Origin::Ingress: ++r.ingress; break;
            case Origin::App: ++r.app; break;
            case Origin::Undetermined: ++r.undetermined; break;
            }
            r.items.push_back(item);
        }
    }

    const qint64 total = r.alb + r.ingress + r.app + r.undetermined;
    const qint64 best = std::max({r.alb, r.ingress, r.app});
    if (total == 0)
        r.verdict = QStringLiteral("none");
    else if (best == 0)
        r.verdict = QStringLiteral("undetermined");
    else
        r.verdict = originId(r.alb == best ? Origin::Alb : r.ingress == best ? Origin::Ingress : Origin::App);
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
