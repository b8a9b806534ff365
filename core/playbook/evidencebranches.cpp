#include "evidencebranches.h"

#include "analysis/skewestimator.h"
#include "causeparams.h"

#include <QHash>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

double ramp(double x, double lo, double hi)
{
    return std::clamp((x - lo) / (hi - lo), 0.0, 1.0);
}

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

void computeEjection(BranchFeatures &f, const Analysis &analysis, const ErrorSeries &series)
{
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    qint64 lines = 0;
    bool envoy = false;
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
                         || r == "upstream-timed-out")
                    f.failureTimes.push_back(t);
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
                    envoy = true;
                } else if (envoyFailure(flags) || (s.status(i) >= 500 && s.upstreamStatus(i) == s.status(i))) {
                    f.failureTimes.push_back(t);
                    ++lines;
                }
            }
        }
    }
    std::sort(f.noLiveTimes.begin(), f.noLiveTimes.end());
    std::sort(f.failureTimes.begin(), f.failureTimes.end());
    f.noLive = qint64(f.noLiveTimes.size());
    f.upstreamFailures = qint64(f.failureTimes.size());
    f.noLiveShare = lines > 0 ? double(f.noLive) / double(lines) : 0;
    // NGINX marks a server failed for fail_timeout after max_fails failures; Envoy ejects a host for
    // base_ejection_time (growing with repeated ejections). A no-live line sits on a failure when
    // it comes at most that long after it.
    const double eject = envoy && f.noLiveEnvoy * 2 > f.noLive ? params::kEnvoyBaseEjectionS : params::kNginxFailTimeoutS;
    f.noLiveAfterFailure = alignErrors(f.noLiveTimes, f.failureTimes, 0, eject, series.fromUs(), series.toUs());
}

// Idle time of the upstream connection before each request, from the ingress access logs: per
// controller replica and upstream address, the time from the end of the previous request to that
// address to the start of this one (the connection a proxy reuses is the one used last: NGINX's
// keep-alive cache hands out the most recently cached connection first).
void computeIdle(BranchFeatures &f, const Analysis &analysis)
{
    const EventStore &store = analysis.store();
    std::vector<double> failed, all;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (!isIngressAccessSource(s) || s.size() == 0)
            continue;
        std::vector<std::pair<qint64, qint32>> rows;
        rows.reserve(size_t(s.size()));
        for (qsizetype i = 0; i < s.size(); ++i)
            if (s.kind(i) == EventKind::Request && !s.bytes(SourceData::Upstream, i).isEmpty())
                rows.push_back({ingressEndTimeUs(s, i), qint32(i)});
        std::sort(rows.begin(), rows.end());
        QHash<QByteArray, qint64> lastEnd;
        for (const auto &[end, row] : rows) {
            const QByteArrayView up = s.bytes(SourceData::Upstream, row);
            const float ms = s.durationMs(row);
            const qint64 start = end - qint64(std::max(0.0f, ms) * 1000.0f);
            // The first server tried; a list means that attempt failed and another was tried.
            qsizetype comma = up.indexOf(',');
            const QByteArrayView first = (comma < 0 ? up : up.first(comma)).trimmed();
            const bool firstFailed = comma >= 0
                                     || (s.status(row) == 502 && (s.upstreamStatus(row) == 502 || s.upstreamStatus(row) == kUpstreamDash));
            const auto it = lastEnd.constFind(QByteArray(first.data(), first.size()));
            if (it != lastEnd.cend() && first.contains(':')) {
                const double gap = double(start - *it) / 1e6;
                if (gap >= 0) {
                    all.push_back(gap);
                    if (firstFailed)
                        failed.push_back(gap);
                }
            }
            // Every server the request went to now has a freshly used connection.
            qsizetype from = 0;
            while (from <= up.size()) {
                qsizetype next = up.indexOf(',', from);
                if (next < 0)
                    next = up.size();
                const QByteArrayView a = up.sliced(from, next - from).trimmed();
                if (!a.isEmpty())
                    lastEnd.insert(QByteArray(a.data(), a.size()), end);
                from = next + 1;
            }
        }
    }
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

bool BranchFeatures::idleRace() const
{
    return idleSamples >= Coincidence::kMinErrors && idleModeShare >= params::kIdleRaceMinShare
           && idleEffect >= params::kIdleRaceMinEffect;
}

double BranchFeatures::idleRaceStrength() const
{
    if (idleSamples < Coincidence::kMinErrors || idleModeSeconds < 0)
        return 0;
    return ramp(idleModeShare, params::kIdleRaceMinShare * 0.75, 0.8)
           * ramp(std::log(std::max(idleEffect, 1.0)), std::log(params::kIdleRaceMinEffect / 2), std::log(params::kIdleRaceMinEffect * 5))
           * ramp(double(idleSamples), double(Coincidence::kMinErrors), 3.0 * double(Coincidence::kMinErrors));
}

BranchFeatures computeBranchFeatures(const Analysis &analysis, const ErrorSeries &series, const EventSignals &signals)
{
    BranchFeatures f;
    computeNodePort(f, analysis, series);
    computeNoBackend(f, analysis, series, signals);
    computeEjection(f, analysis, series);
    computeIdle(f, analysis);
    return f;
}

} // namespace gateline
