#include "clockaligner.h"

#include "requestkey.h"
#include "skewestimator.h"

#include "jobs/parallelfor.h"

#include <QFileInfo>

namespace gateline {

bool overrideMatches(const QString &pattern, const SourceData &s)
{
    const QString display = s.locator.displayPath();
    return display == pattern || display.endsWith(QLatin1Char('/') + pattern) || display.endsWith(QLatin1Char('!') + pattern)
        || QFileInfo(display).fileName() == pattern;
}

namespace {
const OffsetOverride *findOverride(const AlignOptions &options, const SourceData &s)
{
    for (const OffsetOverride &o : options.overrides)
        if (overrideMatches(o.source, s))
            return &o;
    return nullptr;
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

    // The load balancers' requests are the reference clock (indexed only if there is something
    // to align against them).
    bool anyIngress = false;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        anyIngress |= isIngressAccessFormat(store.source(SourceId{int(id)}).format);
    KeyedTimeIndex lb;
    if (anyIngress) {
        std::vector<std::vector<KeyedTime>> perSource(size_t(store.sourceCount()));
        parallelFor(store.sourceCount(), [&](qsizetype id) {
            const SourceData &s = store.source(SourceId{int(id)});
            if (!isLoadBalancerFormat(s.format))
                return;
            const RequestKeys keys(s);
            std::vector<KeyedTime> &out = perSource[size_t(id)];
            out.reserve(size_t(s.size()));
            for (qsizetype i = 0; i < s.size(); ++i)
                if (s.kind(i) == EventKind::Request)
                    out.push_back({keys.key(i), s.time(i).us, int(id), qint32(i)});
        });
        for (auto &rows : perSource)
            lb.addAll(std::move(rows));
    }
    lb.finish();
    const SkewEstimator estimator(lb);

    QHash<QString, SourceId> accessByGroup;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (!isIngressAccessFormat(s.format))
            continue;
        accessByGroup.insert(ingressGroupOf(s), sid);
        accessByGroup.insert(QFileInfo(ingressGroupOf(s)).path(), sid); // the folder, as a fallback
        SourceAlignment &a = timeline.alignment(sid);
        if (const OffsetOverride *o = findOverride(options, s)) {
            applyOverride(a, *o);
            continue;
        }
        if (lb.size() == 0) {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("no load-balancer log loaded: nothing to align against; offset 0 assumed");
            continue;
        }
        const SkewEstimate e = estimator.estimate(s, options.maxSkewSeconds);
        if (e.valid) {
            a.method = SourceAlignment::Estimated;
            a.offsetSeconds = e.offsetSeconds;
            a.confidence = e.confidence;
            a.matchedRequests = e.matched;
            a.note = QStringLiteral("estimated from %1 of %2 sampled requests matched to the load balancer")
                         .arg(e.matched)
                         .arg(e.sampled);
        } else {
            a.method = SourceAlignment::NotEstimated;
            a.note = QStringLiteral("no requests matched the load balancer's within ±%1 s; offset 0 assumed")
                         .arg(options.maxSkewSeconds);
        }
    }

    // Local-time logs (NGINX error log): zone and clock of the same ingress' access log.
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (s.format != SourceFormat::NginxError)
            continue;
        SourceAlignment &a = timeline.alignment(sid);
        const QString group = ingressGroupOf(s);
        SourceId sibling = accessByGroup.value(group, SourceId{});
        if (!sibling.isValid())
            sibling = accessByGroup.value(QFileInfo(group).path(), SourceId{});
        if (sibling.isValid()) {
            const SourceData &acc = store.source(sibling);
            const SourceAlignment &sa = timeline.alignment(sibling);
            a.method = SourceAlignment::FromSibling;
            a.offsetSeconds = sa.offsetSeconds;
            a.confidence = sa.confidence;
            a.localUtcOffsetSeconds = acc.sawUtcOffset ? acc.utcOffsetSeconds : 0;
            a.note = QStringLiteral("local time; zone UTC%1%2 and clock offset taken from the access log %3")
                         .arg(a.localUtcOffsetSeconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                         .arg(QStringLiteral("%1:%2")
                                  .arg(std::abs(a.localUtcOffsetSeconds) / 3600, 2, 10, QLatin1Char('0'))
                                  .arg(std::abs(a.localUtcOffsetSeconds) % 3600 / 60, 2, 10, QLatin1Char('0')))
                         .arg(acc.locator.displayPath());
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

    QStringList unmatched;
    for (const OffsetOverride &o : options.overrides) {
        bool hit = false;
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceData &s = store.source(SourceId{int(id)});
            if (!overrideMatches(o.source, s))
                continue;
            hit = true;
            if (!isIngressAccessFormat(s.format)) // access logs (and their error logs) are done
                applyOverride(timeline.alignment(SourceId{int(id)}), o);
        }
        if (!hit)
            unmatched << o.source;
    }
    timeline.recompute();
    return unmatched;
}

} // namespace gateline
