#include "evidencebranches.h"

#include "analysis/podaddresses.h"
#include "analysis/podaddresshistory.h"
#include "causeparams.h"
#include "jobs/parallelfor.h"
#include "upstreamidle.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <limits>

namespace gateline {

namespace {

bool isIngressHop(SourceFormat f)
{
    return f == SourceFormat::NginxAccess || f == SourceFormat::NginxIngress || f == SourceFormat::NginxError
           || f == SourceFormat::TraefikClf || f == SourceFormat::TraefikJson || f == SourceFormat::Envoy
           || f == SourceFormat::ControllerLog;
}

// "storefront-7d9f8c6b5-x2kq" -> "storefront" (Deployment: template hash + suffix), "web-0" -> "web".
QString workloadOf(const QString &object)
{
    const QString pod = object.mid(object.indexOf(QLatin1Char('/')) + 1); // "Pod/name" -> "name"
    const QStringList parts = pod.split(QLatin1Char('-'));
    if (parts.size() >= 3) {
        const QString &hash = parts[parts.size() - 2];
        if (hash.size() >= 6 && hash.size() <= 10)
            return parts.mid(0, parts.size() - 2).join(QLatin1Char('-'));
    }
    return parts.size() >= 2 ? parts.mid(0, parts.size() - 1).join(QLatin1Char('-')) : pod;
}

// Envoy response flags that are a failed upstream attempt (outlier detection counts them), and UH.
bool envoyFailure(QByteArrayView flags)
{
    for (const char *f : {"UF", "UC", "URX", "UT", "UR"})
        if (flags.contains(QByteArrayView(f)))
            return true;
    return false;
}

void computeNodePort(BranchFeatures &f, const Analysis &analysis, const ErrorSeries &series)
{
    const EventStore &store = analysis.store();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        f.ingressLoaded = f.ingressLoaded || (s.size() > 0 && isIngressHop(s.format));
    }
    for (const ErrorSample &e : series.errors()) {
        const SourceData &s = store.source(e.source);
        if (e.origin != Origin::Alb || s.format != SourceFormat::Alb)
            continue;
        ++f.lbMade;
        const QString target = s.string(SourceData::Upstream, e.row);
        if (isNodePort(portOf(target))) {
            ++f.nodePortMade;
            if (f.nodePortExample.isEmpty())
                f.nodePortExample = target;
        }
    }
    if (!series.errors().empty())
        f.nodePortShare = double(f.nodePortMade) / double(series.errors().size());
}

void computeNoBackend(BranchFeatures &f, const Analysis &analysis, const ErrorSeries &series, const EventSignals &k)
{
    const EventStore &store = analysis.store();
    for (const ErrorSample &e : series.errors()) {
        const SourceData &s = store.source(e.source);
        if (s.format == SourceFormat::GcpLb && s.bytes(SourceData::Reason, e.row) == "failed_to_pick_backend") {
            ++f.noBackend;
            f.noBackendTimes.push_back(e.us);
        }
    }
    if (!series.errors().empty())
        f.noBackendShare = double(f.noBackend) / double(series.errors().size());

    // Pods known per workload (from any event or pod status), when each was first and last seen,
    // and when it was killed; readiness failures per workload.
    struct Pod {
        qint64 first = 0, killed = -1;
    };
    QHash<QString, QHash<QString, Pod>> pods;
    QHash<QString, std::vector<std::pair<qint64, QString>>> unready;
    for (const SignalEvent &e : k.events()) {
        if (e.object.isEmpty())
            continue;
        const QString w = e.ns + QLatin1Char('/') + workloadOf(e.object);
        auto &byPod = pods[w];
        auto it = byPod.find(e.object);
        if (it == byPod.end())
            it = byPod.insert(e.object, Pod{e.us, -1});
        if (e.cls == EventClass::Killing && it->killed < 0)
            it->killed = e.us;
        if (e.cls == EventClass::ReadinessFailed)
            unready[w].push_back({e.us, e.object});
    }
    // An episode: readiness failures of one workload no further apart than a pod takes to be marked
    // unready (failureThreshold x periodSeconds). It is "all at once" when it covers every pod of the
    // workload known by then and not killed before it began, and at least two.
    const qint64 gap = qint64(params::kProbePeriodS * params::kProbeFailureThreshold * 1e6);
    for (auto w = unready.begin(); w != unready.end(); ++w) {
        auto &list = w.value();
        std::sort(list.begin(), list.end());
        size_t i = 0;
        while (i < list.size()) {
            size_t j = i + 1;
            while (j < list.size() && list[j].first - list[j - 1].first <= gap)
                ++j;
            QSet<QString> failing;
            for (size_t x = i; x < j; ++x)
                failing.insert(list[x].second);
            const qint64 from = list[i].first, to = list[j - 1].first;
            int alive = 0;
            for (auto p = pods[w.key()].cbegin(); p != pods[w.key()].cend(); ++p)
                alive += p->first <= to && (p->killed < 0 || p->killed >= from);
            if (failing.size() >= 2 && failing.size() >= alive) {
                ++f.allUnreadyEpisodes;
                if (int(failing.size()) > f.allUnreadyPods) {
                    f.allUnreadyPods = int(failing.size());
                    f.allUnreadyWorkload = w.key();
                }
                for (size_t x = i; x < j; ++x)
                    f.allUnreadyTimes.push_back(list[x].first);
            }
            i = j;
        }
    }
    std::sort(f.allUnreadyTimes.begin(), f.allUnreadyTimes.end());
    // The LB has no backend from the moment the last pod is marked unready until one passes again
    // (a probe period after the failures stop): a 502 sits on a failure up to that long after it.
    f.noBackendOnUnready = alignErrors(f.noBackendTimes, f.allUnreadyTimes, params::kProbePeriodS,
                                       params::kProbePeriodS * params::kProbeFailureThreshold, series.fromUs(),
                                       series.toUs());
}

// The servers' last answers (lastAnswered: aligned time per "ip:port") decide which failures can
// eject: see BranchFeatures::endedFailures.
void computeEjection(BranchFeatures &f, const Analysis &analysis, const ErrorSeries &series,
                     const QHash<QByteArray, qint64> &lastAnswered)
{
    const qint64 tolerance = qint64(params::kAnsweredAfterToleranceS * 1e6);
    // A failure of a server that had answered before and answered nothing after it.
    auto ended = [&](QByteArrayView server, qint64 t) {
        const auto it = lastAnswered.constFind(QByteArray(server.data(), server.size()));
        return it != lastAnswered.cend() && *it <= t + tolerance;
    };
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    qint64 lines = 0;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (s.format == SourceFormat::NginxError) {
            for (qsizetype i = 0; i < s.size(); ++i) {
                if (s.kind(i) != EventKind::UpstreamError)
                    continue;
                const QByteArrayView r = s.bytes(SourceData::Reason, i);
                const qint64 t = timeline.aligned(sid, i).us;
                ++lines;
                if (r == "no-live-upstreams")
                    f.noLiveTimes.push_back(t);
                else if (r == "connection-refused" || r == "upstream-prematurely-closed" || r == "connection-reset"
                         || r == "upstream-timed-out") {
                    if (ended(s.bytes(SourceData::Upstream, i), t))
                        ++f.endedFailures;
                    else
                        f.failureTimes.push_back(t);
                }
            }
        } else if (s.format == SourceFormat::Envoy) {
            for (qsizetype i = 0; i < s.size(); ++i) {
                if (s.kind(i) != EventKind::Request)
                    continue;
                const QByteArrayView flags = s.bytes(SourceData::Reason, i);
                const qint64 t = timeline.aligned(sid, i).us;
                if (flags.contains("UH")) {
                    f.noLiveTimes.push_back(t);
                    ++f.noLiveEnvoy;
                    ++lines;
                } else if (envoyFailure(flags) || (s.status(i) >= 500 && s.upstreamStatus(i) == s.status(i))) {
                    if (ended(lastListedServer(s.bytes(SourceData::Upstream, i)), t))
                        ++f.endedFailures;
                    else
                        f.failureTimes.push_back(t);
                    ++lines;
                }
            }
        }
    }
    std::sort(f.noLiveTimes.begin(), f.noLiveTimes.end());
    std::sort(f.failureTimes.begin(), f.failureTimes.end());
    f.noLive = qint64(f.noLiveTimes.size());
    f.upstreamFailures = qint64(f.failureTimes.size()) + f.endedFailures;
    f.noLiveShare = lines > 0 ? double(f.noLive) / double(lines) : 0;
    // NGINX marks a server failed for fail_timeout after max_fails failures; Envoy ejects a host for
    // base_ejection_time (growing with repeated ejections). A no-live line sits on a failure when
    // it comes at most that long after it.
    f.ejectionSeconds = f.noLiveEnvoy * 2 > f.noLive ? params::kEnvoyBaseEjectionS : params::kNginxFailTimeoutS;
    f.noLiveAfterFailure = alignErrors(f.noLiveTimes, f.failureTimes, 0, f.ejectionSeconds, series.fromUs(), series.toUs());
}

// The load balancer's targets, when no ingress access log gives the servers: the target's last
// answer (target-type ip: the pod). Per source, the latest answer of each interned target string
// first (an array indexed by the string id: no allocation or hash per request), then one hash
// entry per distinct server.
void lastAnswersOfTargets(QHash<QByteArray, qint64> &last, const Analysis &analysis)
{
    const EventStore &store = analysis.store();
    constexpr qint64 kNever = std::numeric_limits<qint64>::min();
    std::vector<SourceId> lbs;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        if (isLoadBalancerFormat(store.source(SourceId{int(id)}).format))
            lbs.push_back(SourceId{int(id)});
    // The sources side by side on the parallel pool, each worker with its array; what each source
    // keeps is its few answered target strings, folded together below in the sources' order.
    std::vector<std::vector<std::pair<quint32, qint64>>> answered(lbs.size());
    std::vector<std::vector<qint64>> latest(size_t(parallelWorkers(qsizetype(lbs.size()))));
    parallelForWorkers(qsizetype(lbs.size()), 0, [&](qsizetype n, int w) {
        const SourceId sid = lbs[size_t(n)];
        const SourceData &s = store.source(sid);
        std::vector<qint64> &l = latest[size_t(w)];
        l.assign(s.pool().size(), kNever);
        // The answered requests found by their codes (SourceData::forEachRowWhere), their times and
        // targets read a batch of rows at a time from the first one found on (an accessor each per
        // row was most of this pass); the source's shift added once per target at the end.
        constexpr int kRows = SourceData::RowBatch::kRows;
        qint64 times[kRows];
        quint32 ids[kRows];
        qsizetype batchFrom = 0, batchTo = 0;
        s.forEachRowWhere(
            [](EventKind kind, qint16, qint16 upstream) { return kind == EventKind::Request && serverAnswered(upstream); },
            [&](qsizetype i) {
                if (i >= batchTo) {
                    batchFrom = i;
                    batchTo = i + std::min<qsizetype>(kRows, s.size() - i);
                    s.readTimesAndIds(batchFrom, int(batchTo - batchFrom), SourceData::Upstream, times, ids);
                }
                const quint32 up = ids[i - batchFrom];
                if (up != StringPool::Empty)
                    l[up] = std::max(l[up], times[i - batchFrom]);
            });
        const qint64 shift = analysis.timeline().shiftUs(sid);
        for (quint32 up = 1; up < quint32(l.size()); ++up)
            if (l[up] != kNever)
                answered[size_t(n)].push_back({up, l[up] + shift});
    });
    for (size_t n = 0; n < lbs.size(); ++n) {
        const SourceData &s = store.source(lbs[n]);
        for (const auto &[up, t] : answered[n]) {
            const QByteArrayView server = lastListedServer(s.pool().view(up));
            if (server.isEmpty() || server == "-")
                continue;
            auto it = last.find(QByteArray(server.data(), server.size()));
            if (it == last.end())
                last.insert(QByteArray(server.data(), server.size()), t);
            else
                *it = std::max(*it, t);
        }
    }
}

// Per 502 (series.errors() order): 1 when its server had answered before it and answered nothing
// after it (kAnsweredAfterToleranceS), see BranchFeatures::endedAfter.
void computeEnds(BranchFeatures &f, const QHash<QByteArray, qint64> &last, const ErrorSeries &series)
{
    const auto &errors = series.errors();
    f.endedAfter.assign(errors.size(), 0);
    f.withServer.assign(errors.size(), 0);
    const qint64 tolerance = qint64(params::kAnsweredAfterToleranceS * 1e6);
    for (size_t i = 0; i < errors.size(); ++i) {
        const QByteArray up = errors[i].upstream.toLatin1();
        const QByteArrayView server = lastListedServer(up);
        // The host, after a scheme (Traefik's ServiceURL "http://10.1.2.3:8080").
        const qsizetype scheme = server.indexOf("://");
        const QByteArrayView host = scheme >= 0 ? server.sliced(scheme + 3) : server;
        if (host.isEmpty() || host == "-" || (!(host.front() >= '0' && host.front() <= '9') && host.front() != '['))
            continue; // no server address (a name or an upstream group says nothing of one pod)
        ++f.errorsWithServer;
        f.withServer[i] = 1;
        const auto it = last.constFind(QByteArray(server.data(), server.size()));
        if (it == last.cend())
            continue; // never answered in the range: not a server that stopped
        if (*it <= errors[i].us + tolerance) {
            f.endedAfter[i] = 1;
            ++f.ended;
        }
    }
    f.endedShare = f.errorsWithServer > 0 ? double(f.ended) / double(f.errorsWithServer) : 0;
}

// The idle time of the upstream connections before each request (upstreamidle.h), and the
// servers' last answers.
void computeIdle(BranchFeatures &f, const Analysis &analysis, QHash<QByteArray, qint64> &lastAnswered)
{
    IdleGaps gaps = upstreamIdleGaps(analysis, lastAnswered);
    findIdleMode(f, std::move(gaps.failed), gaps.all);
}

// P(X >= k) for X ~ Binomial(n, p), summed in log space (n is at most the failed attempts).
double binomialUpperTail(qint64 k, qint64 n, double p)
{
    if (k <= 0)
        return 1;
    if (k > n || p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    double sum = 0;
    for (qint64 x = k; x <= n; ++x)
        sum += std::exp(std::lgamma(double(n) + 1) - std::lgamma(double(x) + 1) - std::lgamma(double(n - x) + 1)
                        + double(x) * std::log(p) + double(n - x) * std::log1p(-p));
    return std::min(1.0, sum);
}

} // namespace

int portOf(QStringView hostPort)
{
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || hostPort.endsWith(QLatin1Char(']')))
        return 0;
    bool ok = false;
    const int p = hostPort.sliced(colon + 1).toInt(&ok);
    return ok ? p : 0;
}

bool isNodePort(int port)
{
    return port >= params::kNodePortMin && port <= params::kNodePortMax;
}

double BranchFeatures::idlePValue() const
{
    if (idleSamples < Coincidence::kMinErrors || idleModeSeconds < 0)
        return 1;
    const qint64 inBand = qint64(std::llround(idleModeShare * double(idleSamples)));
    return std::min(1.0, double(std::max(1, idleBands)) * binomialUpperTail(inBand, idleSamples, idleBaseShare));
}

bool BranchFeatures::idleRace() const
{
    // Most of the failed attempts at one idle time (kIdleRaceMinShare), and more of them there than
    // chance puts there when failing does not depend on the idle time (p < 0.05, the significance
    // the statistical core calls a tie, analysis/coincidence.h). At a low request rate many
    // requests come after a few seconds' idle anyway, so a band that holds half of all requests'
    // idle times holds half of the failures too; the test weighs that, not a fixed effect size.
    return idleSamples >= Coincidence::kMinErrors && idleModeShare >= params::kIdleRaceMinShare && idlePValue() < 0.05;
}

double BranchFeatures::idleRaceStrength() const
{
    // No race, no strength: a minority of the failures at one idle time (under kIdleRaceMinShare)
    // can be far above chance and still not be what most of the failures are.
    if (!idleRace())
        return 0;
    // The statistical core's measure of a tie (Coincidence::strength()), on this test: the
    // significance from p = 0.05 down to the smallest p a 499-shift test gives, times
    // (0.35 + 0.65 x the excess over chance), the excess being the share of the failures in the
    // band beyond the share of all requests there, (share - base) / (1 - base).
    const double p = idlePValue();
    const double floorLog = std::log10(500.0);
    const double sig = std::clamp((-std::log10(std::max(p, 1e-300)) - 1.3) / (floorLog - 1.3), 0.0, 1.0);
    const double excess = idleBaseShare < 1 ? std::clamp((idleModeShare - idleBaseShare) / (1 - idleBaseShare), 0.0, 1.0) : 0;
    return sig * (0.35 + 0.65 * excess);
}

void findIdleMode(BranchFeatures &f, std::vector<double> failed, const std::vector<double> &all)
{
    f.idleSamples = qint64(failed.size());
    if (failed.size() < size_t(Coincidence::kMinErrors) || all.empty())
        return;
    std::sort(failed.begin(), failed.end());
    // The densest band of kIdleRaceBandS among the failures' idle times, at least kIdleRaceMinS.
    const double band = params::kIdleRaceBandS;
    size_t best = 0, bestAt = 0, j = 0;
    for (size_t i = 0; i < failed.size(); ++i) {
        if (failed[i] < params::kIdleRaceMinS)
            continue;
        j = std::max(j, i);
        while (j < failed.size() && failed[j] <= failed[i] + band)
            ++j;
        if (j - i > best) {
            best = j - i;
            bestAt = i;
        }
    }
    if (best == 0)
        return;
    f.idleModeSeconds = failed[bestAt];
    f.idleModeShare = double(best) / double(failed.size());
    const double lo = f.idleModeSeconds, hi = lo + band;
    const auto inBand = std::count_if(all.begin(), all.end(), [&](double g) { return g >= lo && g <= hi; });
    f.idleBaseShare = double(inBand) / double(all.size());
    f.idleEffect = f.idleBaseShare > 0 ? f.idleModeShare / f.idleBaseShare : Coincidence::kMaxEffect;
    // The bands the densest one was picked among (the Bonferroni factor of idlePValue()): the
    // densest band starts at a failure, so only bands that hold a failure could have been picked.
    // Count the bands of kIdleRaceBandS from kIdleRaceMinS that hold at least one failure, at most
    // the span of the failures' idle times in band widths. Not the span alone: one failure after an
    // hour's idle would make it 1,800 bands and hide a real race. Computed in double and clamped
    // (idle gaps come from untrusted timestamps, centuries apart) before it becomes an int.
    qint64 occupied = 0;
    double lastBin = -1;
    for (double g : failed) {
        if (g < params::kIdleRaceMinS)
            continue;
        const double bin = std::floor((g - params::kIdleRaceMinS) / band);
        if (occupied == 0 || bin != lastBin)
            ++occupied;
        lastBin = bin;
    }
    const double span = std::max(0.0, failed.back() - std::max(params::kIdleRaceMinS, failed.front()));
    const double spanBands = std::ceil(std::min(span / band, 1e6));
    f.idleBands = int(std::clamp(std::min(double(occupied), spanBands), 1.0, 1e6));
}

// BranchFeatures::servedHosts: per ingress access source, the upstream strings its requests name
// (an array by string id: no hash per request), then every server of each list ("10.0.0.1:80,
// 10.0.0.2:80"), and the proxy pods whose own logs are loaded. Empty without an ingress access log.
static QSet<QString> servedHosts(const Analysis &analysis)
{
    QSet<QString> out;
    const EventStore &store = analysis.store();
    const PodAddresses pods(store);
    std::vector<char> named;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        // Not the load balancer's targets: they may be a proxy tier (ingress pods) whose own
        // upstreams no loaded log names, and then the pods behind it cannot be told.
        const bool requests = isIngressAccessSource(s);
        if (!requests && (s.format == SourceFormat::NginxError || s.format == SourceFormat::ControllerLog)) {
            QByteArray pod;
            const QByteArray ip = pods.ipOf(s, &pod); // a proxy's own log: its pod takes the traffic
            if (!ip.isEmpty())
                out.insert(QString::fromLatin1(ip));
        }
        if (!requests)
            continue;
        {
            QByteArray pod;
            const QByteArray ip = pods.ipOf(s, &pod); // the proxy pod writing it takes traffic too
            if (!ip.isEmpty())
                out.insert(QString::fromLatin1(ip));
        }
        named.assign(s.pool().size(), 0);
        for (qsizetype i = 0; i < s.size(); ++i)
            if (s.kind(i) == EventKind::Request)
                named[s.stringId(SourceData::Upstream, i)] = 1;
        for (quint32 up = 1; up < quint32(named.size()); ++up) {
            if (!named[up])
                continue;
            const QString list = QString::fromLatin1(s.pool().view(up));
            for (const QString &server : list.split(QRegularExpression(QStringLiteral(",| : ")), Qt::SkipEmptyParts)) {
                const QString host = hostOf(server.trimmed());
                if (isIp(host))
                    out.insert(host);
            }
        }
    }
    return out;
}

BranchFeatures computeBranchFeatures(const Analysis &analysis, const ErrorSeries &series, const EventSignals &signals)
{
    BranchFeatures f;
    f.servedHosts = servedHosts(analysis);
    computeNodePort(f, analysis, series);
    computeNoBackend(f, analysis, series, signals);
    QHash<QByteArray, qint64> lastAnswered;
    computeIdle(f, analysis, lastAnswered);
    if (lastAnswered.isEmpty())
        lastAnswersOfTargets(lastAnswered, analysis);
    computeEjection(f, analysis, series, lastAnswered);
    computeEnds(f, lastAnswered, series);
    return f;
}

} // namespace gateline
