#include "evidencelogs.h"

#include "analysis/requestkey.h"
#include "analysis/skewestimator.h"

#include <algorithm>
#include <memory>

namespace gateline {

QString upstreamErrorCategoryId(UpstreamErrorCategory c)
{
    switch (c) {
    case UpstreamErrorCategory::ConnectionRefused: return QStringLiteral("connection-refused");
    case UpstreamErrorCategory::PrematurelyClosed: return QStringLiteral("upstream-prematurely-closed");
    case UpstreamErrorCategory::NoLiveUpstreams: return QStringLiteral("no-live-upstreams");
    case UpstreamErrorCategory::TimedOut: return QStringLiteral("upstream-timed-out");
    case UpstreamErrorCategory::ConnectionReset: return QStringLiteral("connection-reset");
    case UpstreamErrorCategory::DnsUnresolved: return QStringLiteral("dns-unresolved");
    case UpstreamErrorCategory::Count: break;
    }
    return {};
}

QString upstreamErrorCategoryText(UpstreamErrorCategory c)
{
    switch (c) {
    case UpstreamErrorCategory::ConnectionRefused: return QStringLiteral("connect() failed (111: Connection refused)");
    case UpstreamErrorCategory::PrematurelyClosed: return QStringLiteral("upstream prematurely closed connection");
    case UpstreamErrorCategory::NoLiveUpstreams: return QStringLiteral("no live upstreams");
    case UpstreamErrorCategory::TimedOut: return QStringLiteral("upstream timed out");
    case UpstreamErrorCategory::ConnectionReset: return QStringLiteral("recv() failed (104: Connection reset by peer)");
    case UpstreamErrorCategory::DnsUnresolved: return QStringLiteral("could not be resolved");
    case UpstreamErrorCategory::Count: break;
    }
    return {};
}

double LogFeatures::share(UpstreamErrorCategory c) const
{
    qint64 sum = 0;
    for (qint64 n : byCategory)
        sum += n;
    return sum == 0 ? 0 : double(count(c)) / double(sum);
}

namespace {

// "orders-api.payments.example could not be resolved (3: Host not found)" -> the name.
QString unresolvedName(QByteArrayView text)
{
    const qsizetype at = text.indexOf(" could not be resolved");
    if (at <= 0)
        return {};
    QByteArrayView head = text.first(at);
    const qsizetype sp = head.lastIndexOf(' ');
    if (sp >= 0)
        head = head.sliced(sp + 1);
    return QString::fromUtf8(head).remove(QLatin1Char('"'));
}

// Which 502s are themselves failed name lookups: their ingress access line has a "could not be
// resolved" line of the same request (the keys the origin classification joins the two logs on).
void matchUnresolvedRequests(const Analysis &analysis, const ErrorSeries &series, LogFeatures &f)
{
    f.unresolvedRequest.assign(series.errors().size(), 0);
    if (f.unresolvedTimes.empty())
        return;
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    const QByteArray dns = upstreamErrorCategoryId(UpstreamErrorCategory::DnsUnresolved).toLatin1();
    const KeyedTimeIndex lookups = upstreamErrorIndex(analysis, dns);
    QHash<int, std::shared_ptr<RequestKeys>> keysOf;
    const qint64 window = qint64(LogFeatures::kUnresolvedMatchS * 1e6);
    const std::vector<ErrorSample> &errors = series.errors();
    for (size_t i = 0; i < errors.size(); ++i) {
        SourceId sid = errors[i].ingressSource;
        qsizetype row = errors[i].ingressRow;
        if (!sid.isValid() || row < 0) {
            if (!isIngressAccessSource(store.source(errors[i].source)))
                continue;
            sid = errors[i].source;
            row = errors[i].row;
        }
        std::shared_ptr<RequestKeys> &keys = keysOf[sid.value];
        if (!keys)
            keys = std::make_shared<RequestKeys>(store.source(sid));
        const SourceData &s = store.source(sid);
        const qint64 t = ingressEndTimeUs(s, row) + timeline.shiftUs(sid);
        if (lookups.nearest(keys->key(row), t, window)) {
            f.unresolvedRequest[i] = 1;
            ++f.unresolvedRequests;
        }
    }
}

} // namespace

LogFeatures computeLogFeatures(const Analysis &analysis, const ErrorSeries &series)
{
    LogFeatures f;
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    // Category ids are the parser's; compare bytes without building strings per row.
    std::array<QByteArray, size_t(UpstreamErrorCategory::Count)> ids;
    for (int c = 0; c < int(UpstreamErrorCategory::Count); ++c)
        ids[size_t(c)] = upstreamErrorCategoryId(UpstreamErrorCategory(c)).toLatin1();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (s.format != SourceFormat::NginxError)
            continue;
        f.haveErrorLog = true;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.kind(i) != EventKind::UpstreamError)
                continue;
            ++f.upstreamErrorLines;
            const QByteArrayView reason = s.bytes(SourceData::Reason, i);
            int c = -1;
            for (int k = 0; k < int(ids.size()); ++k)
                if (reason == ids[size_t(k)]) {
                    c = k;
                    break;
                }
            if (c < 0)
                continue;
            const qint64 t = timeline.aligned(sid, i).us;
            f.times.push_back(t);
            if (f.byCategory[size_t(c)] == 0 || t < f.firstUs[size_t(c)])
                f.firstUs[size_t(c)] = t;
            if (f.byCategory[size_t(c)] == 0 || t > f.lastUs[size_t(c)])
                f.lastUs[size_t(c)] = t;
            f.byCategory[size_t(c)] += std::max<qint32>(1, s.count(i));
            if (UpstreamErrorCategory(c) == UpstreamErrorCategory::DnsUnresolved) {
                const QString name = unresolvedName(s.bytes(SourceData::Text, i));
                if (!name.isEmpty())
                    ++f.unresolvedHosts[name];
                f.unresolvedTimes.push_back(t);
            }
        }
    }
    std::sort(f.times.begin(), f.times.end());
    std::sort(f.unresolvedTimes.begin(), f.unresolvedTimes.end());
    matchUnresolvedRequests(analysis, series, f);
    for (const ErrorSample &e : series.errors()) {
        const SourceData &s = store.source(e.source);
        if (!isLoadBalancerFormat(s.format))
            continue;
        const QByteArrayView r = s.bytes(SourceData::Reason, e.row);
        if (!r.isEmpty())
            ++f.lbReasons[QString::fromUtf8(r)];
    }
    return f;
}

} // namespace gateline
