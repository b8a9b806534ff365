#include "evidencelogs.h"

#include "analysis/requestkey.h"
#include "analysis/skewestimator.h"
#include "formats/controllermessage.h"

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

double LogFeatures::dnsShare() const
{
    qint64 sum = proxyUpstreamLines;
    for (qint64 n : byCategory)
        sum += n;
    return sum == 0 ? 0 : double(dnsLines()) / double(sum);
}

namespace {

// A proxy's own line about a request it answered for an upstream: Traefik v1/v2's "'502 Bad
// Gateway' caused by: ...", v3's "502 Bad Gateway error=...". Its providers' failed lookups
// ("Provider error, retrying in 713.656912ms error=\"... dial tcp: lookup t-docker-socket-proxy on
// 127.0.0.11:53: server misbehaving\"", wollomatic/socket-proxy#19) answer no request.
bool answersRequest(QByteArrayView text)
{
    return text.contains(QByteArrayView("Bad Gateway")) || text.contains(QByteArrayView("Gateway Timeout"))
           || text.contains(QByteArrayView("caused by:"));
}

// One line of a proxy's own log about a request it answered: a Go resolver error
// (LogFeatures::proxyDnsLines) or an upstream EOF / reset (LogFeatures::closedRequest).
struct ProxyLine {
    qint64 us = 0;       // the line's own time (its proxy's clock)
    qint64 aligned = 0;  // the same on the timeline
    QByteArray host;     // the name looked up ("" when the line names none)
    SourceId source;
};

// Which 502s are a Traefik "caused by: ..." line's own (flags, count: the line's kind's
// LogFeatures fields). For "dial tcp: lookup ...": The line carries no
// request key (no client, path or router in Traefik's debug line), only its time (to the second)
// and the name looked up; the access line carries its start (to the second), its duration and the
// backend URL. So the join is: the access line's end within kProxyDnsMatchS of the line (the two
// truncations to the second keep them under a second apart), the backend's host the name looked
// up where the access line has a backend, the same pod where both sources name one, and each line
// used for one 502 only (the nearest in time). Both lines are the one Traefik process's, on one
// clock: they are compared as logged, not as aligned (the access source's estimated offset is not
// its controller-log source's). A load balancer's 502 that was joined to no access line (the
// join misses some 5 s lookup timeouts) is compared on the timeline, by its own time (the load
// balancer logs a request when it answers) with no name to check, after every joined one.
void matchProxyLines(const Analysis &analysis, const ErrorSeries &series, std::vector<ProxyLine> lines,
                     std::vector<char> &flags, qint64 &count)
{
    if (lines.empty())
        return;
    std::sort(lines.begin(), lines.end(), [](const ProxyLine &a, const ProxyLine &b) { return a.us < b.us; });
    std::vector<size_t> byAligned(lines.size());
    for (size_t k = 0; k < lines.size(); ++k)
        byAligned[k] = k;
    std::sort(byAligned.begin(), byAligned.end(), [&](size_t a, size_t b) { return lines[a].aligned < lines[b].aligned; });
    std::vector<char> used(lines.size(), 0);
    const EventStore &store = analysis.store();
    const qint64 window = qint64(LogFeatures::kProxyDnsMatchS * 1e6);
    const std::vector<ErrorSample> &errors = series.errors();
    auto claim = [&](size_t i, qsizetype best) {
        if (best < 0)
            return;
        used[size_t(best)] = 1;
        flags[i] = 1;
        ++count;
    };
    std::vector<size_t> unjoined; // load-balancer 502s without an access line
    for (size_t i = 0; i < errors.size(); ++i) {
        if (flags[i])
            continue;
        SourceId sid = errors[i].ingressSource;
        qsizetype row = errors[i].ingressRow;
        if (!sid.isValid() || row < 0) {
            if (!isIngressAccessSource(store.source(errors[i].source))) {
                if (isLoadBalancerFormat(store.source(errors[i].source).format))
                    unjoined.push_back(i);
                continue;
            }
            sid = errors[i].source;
            row = errors[i].row;
        }
        const SourceData &s = store.source(sid);
        qint64 end = s.time(row).us;
        if (s.durationMs(row) > 0)
            end += qint64(double(s.durationMs(row)) * 1000.0);
        const QByteArrayView upstream = s.bytes(SourceData::Upstream, row);
        auto it = std::lower_bound(lines.begin(), lines.end(), end - window,
                                   [](const ProxyLine &l, qint64 t) { return l.us < t; });
        qsizetype best = -1;
        for (; it != lines.end() && it->us <= end + window; ++it) {
            const size_t k = size_t(it - lines.begin());
            if (used[k])
                continue;
            const QString &linePod = store.source(it->source).pod;
            if (!s.pod.isEmpty() && !linePod.isEmpty() && s.pod != linePod)
                continue;
            if (!it->host.isEmpty() && !upstream.isEmpty() && !upstream.contains(QByteArrayView(it->host)))
                continue;
            if (best < 0 || std::abs(it->us - end) < std::abs(lines[size_t(best)].us - end))
                best = qsizetype(k);
        }
        claim(i, best);
    }
    for (size_t i : unjoined) {
        const qint64 t = errors[i].us;
        auto it = std::lower_bound(byAligned.begin(), byAligned.end(), t - window,
                                   [&](size_t k, qint64 v) { return lines[k].aligned < v; });
        qsizetype best = -1;
        for (; it != byAligned.end() && lines[*it].aligned <= t + window; ++it)
            if (!used[*it] && (best < 0 || std::abs(lines[*it].aligned - t) < std::abs(lines[size_t(best)].aligned - t)))
                best = qsizetype(*it);
        claim(i, best);
    }
}

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

// Which 502s have an NGINX error-log line of the given reasons of their own: their ingress access
// line and the error line are of the same request (the keys the origin classification joins the
// two logs on, and the same upstream server where both name one), within kUnresolvedMatchS.
// "could not be resolved": the 502 is a failed name lookup; "upstream prematurely closed",
// "connection reset": the upstream closed the connection on it.
// Each error line is one request's: a 502 takes the nearest line of its request that no earlier 502
// took, of any reason (a refused connect has its own "connect() failed" line), and is flagged when
// that line is of one of the reasons. Behind an ALB the ingress's client is one of a few ALB nodes,
// so at hundreds of requests per second many requests share client, method and path within the
// window: without the one-to-one join and the upstream, a traffic spike's thousands of refused
// connects each found some other request's "prematurely closed" line (8,723 of them flagged, from
// 2,059 such lines).
void matchOwnErrorLines(const Analysis &analysis, const ErrorSeries &series, std::initializer_list<UpstreamErrorCategory> reasons,
                        std::vector<char> &flags, qint64 &count)
{
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    const KeyedTimeIndex lines = upstreamErrorIndex(analysis);
    std::vector<QByteArray> wanted;
    for (UpstreamErrorCategory c : reasons)
        wanted.push_back(upstreamErrorCategoryId(c).toLatin1());
    std::vector<char> used(lines.size(), 0);
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
        const QByteArrayView upstream = hostOfAddress(s.bytes(SourceData::Upstream, row));
        const auto [from, to] = lines.range(keys->key(row), t, window);
        qsizetype best = -1;
        for (size_t k = from; k < to; ++k) {
            if (used[k])
                continue;
            const KeyedTime &line = lines.at(k);
            const QByteArrayView lineUpstream = hostOfAddress(store.source(SourceId{line.source}).bytes(SourceData::Upstream, line.row));
            if (!upstream.isEmpty() && !lineUpstream.isEmpty() && upstream != lineUpstream)
                continue;
            if (best < 0 || std::abs(line.us - t) < std::abs(lines.at(size_t(best)).us - t))
                best = qsizetype(k);
        }
        if (best < 0)
            continue;
        used[size_t(best)] = 1;
        const KeyedTime &line = lines.at(size_t(best));
        const QByteArrayView reason = store.source(SourceId{line.source}).bytes(SourceData::Reason, line.row);
        if (std::any_of(wanted.begin(), wanted.end(), [&](const QByteArray &w) { return reason == QByteArrayView(w); })) {
            flags[i] = 1;
            ++count;
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
    std::vector<ProxyLine> proxyDns, proxyClosed;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (s.format == SourceFormat::ControllerLog) {
            // (ControllerCategory ids, the controller parser's reason column)
            for (qsizetype i = 0; i < s.size(); ++i) {
                if (s.kind(i) != EventKind::LogMessage)
                    continue;
                const QByteArrayView reason = s.bytes(SourceData::Reason, i);
                const bool dns = reason == QByteArrayView(ControllerCategory::Dns);
                if (!dns && reason != QByteArrayView(ControllerCategory::UpstreamRefused)
                    && reason != QByteArrayView(ControllerCategory::UpstreamTimeout)
                    && reason != QByteArrayView(ControllerCategory::UpstreamEof))
                    continue;
                const QByteArrayView text = s.bytes(SourceData::Text, i);
                if (!answersRequest(text))
                    continue;
                const qint64 n = std::max<qint32>(1, s.count(i));
                f.proxyUpstreamLines += n;
                if (reason == QByteArrayView(ControllerCategory::UpstreamEof))
                    proxyClosed.push_back({s.time(i).us, timeline.aligned(sid, i).us, {}, sid});
                if (!dns)
                    continue;
                f.proxyDnsLines += n;
                const qint64 t = timeline.aligned(sid, i).us;
                const QByteArrayView name = goDnsLookupName(text);
                if (!name.isEmpty())
                    ++f.unresolvedHosts[QString::fromUtf8(name)];
                f.unresolvedTimes.push_back(t);
                proxyDns.push_back({s.time(i).us, t, name.toByteArray(), sid});
            }
            continue;
        }
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
    const size_t n = series.errors().size();
    f.unresolvedRequest.assign(n, 0);
    f.closedRequest.assign(n, 0);
    if (!f.unresolvedTimes.empty())
        matchOwnErrorLines(analysis, series, {UpstreamErrorCategory::DnsUnresolved}, f.unresolvedRequest, f.unresolvedRequests);
    if (f.count(UpstreamErrorCategory::PrematurelyClosed) + f.count(UpstreamErrorCategory::ConnectionReset) > 0)
        matchOwnErrorLines(analysis, series, {UpstreamErrorCategory::PrematurelyClosed, UpstreamErrorCategory::ConnectionReset},
                           f.closedRequest, f.closedRequests);
    matchProxyLines(analysis, series, std::move(proxyDns), f.unresolvedRequest, f.unresolvedRequests);
    matchProxyLines(analysis, series, std::move(proxyClosed), f.closedRequest, f.closedRequests);
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
