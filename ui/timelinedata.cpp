#include "timelinedata.h"

#include "analysis/counts.h"

#include <algorithm>

namespace gateline {

const TimelineSeries *TimelineData::find(TimelineSeries::Kind k) const
{
    for (const TimelineSeries &s : series) {
        if (s.kind == k)
            return &s;
    }
    return nullptr;
}

namespace {
qint64 shiftOf(const EventStore &, const Analysis *a, SourceId id)
{
    return a ? a->timeline().shiftUs(id) : 0;
}

void sortSeries(TimelineSeries &s)
{
    if (!std::is_sorted(s.times.begin(), s.times.end()))
        std::sort(s.times.begin(), s.times.end());
}
} // namespace

std::shared_ptr<const TimelineData> buildTimelineData(const EventStore &store, const Analysis *analysis)
{
    auto data = std::make_shared<TimelineData>();
    bool haveLb = false;
    for (qsizetype i = 0; i < store.sourceCount(); ++i)
        haveLb = haveLb || isLoadBalancerFormat(store.source(SourceId{int(i)}).format);

    TimelineSeries requests{TimelineSeries::Requests,
                            haveLb ? QStringLiteral("Requests (load balancer)") : QStringLiteral("Requests (ingress)"), {}, {}};
    TimelineSeries lb502{TimelineSeries::Lb502, QStringLiteral("502 at the load balancer"), {}, {}};
    TimelineSeries ingress502{TimelineSeries::IngressLogged502, QStringLiteral("502 logged by the ingress"), {}, {}};
    std::vector<TimelineMarker> markers;

    for (qsizetype i = 0; i < store.sourceCount(); ++i) {
        const SourceId id{int(i)};
        const SourceData &s = store.source(id);
        const qint64 shift = shiftOf(store, analysis, id);
        const bool lb = isLoadBalancerFormat(s.format);
        const bool ingress = isIngressAccessSource(s);
        if (lb || (!haveLb && ingress)) {
            for (qsizetype r = 0; r < s.size(); ++r) {
                if (s.kind(r) != EventKind::Request)
                    continue;
                const qint64 us = s.time(r).us + shift;
                requests.counts.add(us);
                if (s.status(r) == 502)
                    (lb ? lb502 : ingress502).times.push_back(us);
            }
        } else if (ingress) {
            for (qsizetype r = 0; r < s.size(); ++r) {
                if (s.kind(r) == EventKind::Request && s.status(r) == 502)
                    ingress502.times.push_back(s.time(r).us + shift);
            }
        }
    }
    // The same classified events as the exported chart and the evidence (analysis/eventclass.h).
    for (const ClassifiedEvent &e : collectEvents(store, analysis ? &analysis->timeline() : nullptr))
        if (isMarkerClass(e.cls))
            markers.push_back({e.us, e.cls, e.count, e.source.value, e.row});
    sortSeries(requests);
    data->series.push_back(std::move(requests));

    // The load balancer's own 502s, classified by the hop that made them: the ingress logs' 502s
    // are those requests again. Without them (none, or only 502s a CDN made that the load balancer
    // never logged), the ingress logs' 502s are drawn as they are, as the verdict header counts them.
    bool lbClassified = false;
    if (analysis && !analysis->origin().items.empty()) {
        data->hasOrigins = true;
        TimelineSeries alb{TimelineSeries::Alb502, QStringLiteral("502 made by the ALB (target never answered)"), {}, {}};
        TimelineSeries ing{TimelineSeries::Ingress502, QStringLiteral("502 made by the ingress"), {}, {}};
        TimelineSeries app{TimelineSeries::App502, QStringLiteral("502 made by the app"), {}, {}};
        TimelineSeries und{TimelineSeries::Undetermined502, QStringLiteral("502, hop unknown"), {}, {}};
        TimelineSeries side{TimelineSeries::Sidecar502, QStringLiteral("502 made by an Istio sidecar"), {}, {}};
        TimelineSeries cdn{TimelineSeries::Cdn502, QStringLiteral("502 made by the CDN (origin never answered)"), {}, {}};
        for (const OriginResult::Item &it : analysis->origin().items) {
            const qint64 us = analysis->timeline().aligned(it.source, it.row).us;
            lbClassified = lbClassified || it.origin != Origin::Cdn;
            switch (it.origin) {
            case Origin::Alb: alb.times.push_back(us); break;
            case Origin::Ingress: ing.times.push_back(us); break;
            case Origin::App: app.times.push_back(us); break;
            case Origin::Undetermined: und.times.push_back(us); break;
            case Origin::Sidecar: side.times.push_back(us); break;
            case Origin::Cdn: cdn.times.push_back(us); break;
            }
        }
        for (TimelineSeries *s : {&cdn, &alb, &ing, &side, &app, &und}) {
            sortSeries(*s);
            data->series.push_back(std::move(*s));
        }
    } else if (!lb502.times.empty()) {
        sortSeries(lb502);
        data->series.push_back(std::move(lb502));
    }
    if (!ingress502.times.empty() && !lbClassified) {
        sortSeries(ingress502);
        data->series.push_back(std::move(ingress502));
    }
    std::sort(markers.begin(), markers.end(), [](const auto &a, const auto &b) { return a.us < b.us; });
    data->markers = std::move(markers);

    if (analysis && analysis->timeline().last().us > analysis->timeline().first().us) {
        data->bounds = {analysis->timeline().first().us, analysis->timeline().last().us + 1};
    } else {
        qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
        for (const TimelineSeries &s : data->series) {
            if (!s.times.empty()) {
                lo = std::min(lo, s.times.front());
                hi = std::max(hi, s.times.back());
            }
            if (!s.counts.isEmpty()) {
                lo = std::min(lo, s.counts.minUs());
                hi = std::max(hi, s.counts.maxUs());
            }
        }
        for (const TimelineMarker &m : data->markers) {
            lo = std::min(lo, m.us);
            hi = std::max(hi, m.us);
        }
        if (lo <= hi)
            data->bounds = {lo, hi + 1};
    }
    // Events shortly before or after the requests still belong on the chart.
    if (data->bounds.isValid() && !data->markers.empty()) {
        const qint64 pad = std::max<qint64>(data->bounds.length() / 10, 60 * 1000000LL);
        data->bounds.fromUs = std::max(data->bounds.fromUs - pad, std::min(data->bounds.fromUs, data->markers.front().us));
        data->bounds.toUs = std::min(data->bounds.toUs + pad, std::max(data->bounds.toUs, data->markers.back().us + 1));
    }
    return data;
}

std::vector<double> binCounts(const std::vector<qint64> &sorted, qint64 firstBinUs, qint64 binUs, int n)
{
    std::vector<double> out(size_t(std::max(0, n)), 0.0);
    if (sorted.empty() || n <= 0 || binUs <= 0)
        return out;
    auto it = std::lower_bound(sorted.begin(), sorted.end(), firstBinUs);
    for (int b = 0; b < n && it != sorted.end(); ++b) {
        const qint64 end = firstBinUs + qint64(b + 1) * binUs;
        const auto next = std::lower_bound(it, sorted.end(), end);
        out[size_t(b)] = double(next - it);
        it = next;
    }
    return out;
}

std::vector<double> binCounts(const TimelineSeries &series, qint64 firstBinUs, qint64 binUs, int n)
{
    if (!series.counts.isEmpty())
        return series.counts.binned(firstBinUs, binUs, n);
    return binCounts(series.times, firstBinUs, binUs, n);
}

QColor eventClassColor(EventClass c, bool dark)
{
    auto pick = [dark](QRgb light, QRgb darkRgb) { return QColor::fromRgb(dark ? darkRgb : light); };
    switch (c) {
    case EventClass::Rollout: return pick(0x1f6fd1, 0x6cb6ff);
    case EventClass::Killing: return pick(0xc25e00, 0xffa657);
    case EventClass::ProbeKilling: return pick(0x953800, 0xf0883e);
    case EventClass::Restart: return pick(0x8250df, 0xd2a8ff);
    case EventClass::OomKill: return pick(0xb31d28, 0xff7b72);
    case EventClass::Exit137: return pick(0x82071e, 0xffa198);
    case EventClass::Exit143: return pick(0x6639ba, 0xbc8cff);
    case EventClass::Terminated: return pick(0x6e5494, 0xa89bc8);
    case EventClass::ReadinessFailed: return pick(0x9a6700, 0xe3b341);
    case EventClass::LivenessFailed: return pick(0x7d4e00, 0xd29922);
    case EventClass::HpaRescale: return pick(0x1a7f37, 0x56d364);
    case EventClass::DnsTrouble: return pick(0x3d5a80, 0x8fb3d9);
    case EventClass::Started: return pick(0x57606a, 0x8b949e);
    case EventClass::ProxyReload: return pick(0x1b7c83, 0x56d4dd);
    case EventClass::ReloadFailed: return pick(0xbf3989, 0xff80c8);
    case EventClass::NoEndpoints: return pick(0xcf222e, 0xffaba8);
    case EventClass::UpstreamEof: return pick(0x5f7a00, 0xb5d45a);
    case EventClass::ProxyPanic: return pick(0x1f2328, 0xf0f6fc);
    case EventClass::Count: break;
    }
    return Qt::gray;
}

QColor seriesColor(TimelineSeries::Kind k, bool dark)
{
    switch (k) {
    case TimelineSeries::Requests: return dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x8c, 0x95, 0x9f);
    case TimelineSeries::Alb502: return dark ? QColor(0xff, 0x5c, 0x5c) : QColor(0xd1, 0x24, 0x2f);
    case TimelineSeries::Ingress502: return dark ? QColor(0xff, 0xb0, 0x3b) : QColor(0xe0, 0x7b, 0x00);
    case TimelineSeries::App502: return dark ? QColor(0xc2, 0x97, 0xff) : QColor(0x8a, 0x3f, 0xd1);
    case TimelineSeries::Undetermined502: return dark ? QColor(0xc9, 0xd1, 0xd9) : QColor(0x57, 0x60, 0x6a);
    case TimelineSeries::Sidecar502: return dark ? QColor(0x4d, 0xd0, 0xe1) : QColor(0x00, 0x83, 0x8f);
    case TimelineSeries::Cdn502: return dark ? QColor(0xf7, 0x78, 0xba) : QColor(0xbf, 0x39, 0x89);
    case TimelineSeries::Lb502: return dark ? QColor(0xff, 0x5c, 0x5c) : QColor(0xd1, 0x24, 0x2f);
    case TimelineSeries::IngressLogged502: return dark ? QColor(0xff, 0xb0, 0x3b) : QColor(0xe0, 0x7b, 0x00);
    }
    return Qt::gray;
}

} // namespace gateline
