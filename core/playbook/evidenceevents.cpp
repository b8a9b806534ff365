#include "evidenceevents.h"

#include <algorithm>
#include <cmath>

namespace gateline {

QString kubeSignalId(KubeSignal s)
{
    switch (s) {
    case KubeSignal::Killing: return QStringLiteral("killing");
    case KubeSignal::ProbeKilling: return QStringLiteral("probe-killing");
    case KubeSignal::Started: return QStringLiteral("started");
    case KubeSignal::Restarted: return QStringLiteral("restarted");
    case KubeSignal::ScaleUp: return QStringLiteral("scale-up");
    case KubeSignal::ScaleDown: return QStringLiteral("scale-down");
    case KubeSignal::Rescale: return QStringLiteral("rescale");
    case KubeSignal::ReadinessFailed: return QStringLiteral("readiness-failed");
    case KubeSignal::LivenessFailed: return QStringLiteral("liveness-failed");
    case KubeSignal::OomKill: return QStringLiteral("oom-kill");
    case KubeSignal::Exit137: return QStringLiteral("exit-137");
    case KubeSignal::Exit143: return QStringLiteral("exit-143");
    case KubeSignal::DnsTrouble: return QStringLiteral("dns-trouble");
    case KubeSignal::Count: break;
    }
    return {};
}

namespace {

bool containsCi(QByteArrayView hay, QByteArrayView needle)
{
    if (needle.size() > hay.size())
        return false;
    for (qsizetype i = 0; i + needle.size() <= hay.size(); ++i) {
        qsizetype k = 0;
        while (k < needle.size()) {
            char a = hay[i + k];
            if (a >= 'A' && a <= 'Z')
                a = char(a - 'A' + 'a');
            if (a != needle[k])
                break;
            ++k;
        }
        if (k == needle.size())
            return true;
    }
    return false;
}

bool isClusterDns(QByteArrayView object)
{
    return containsCi(object, "coredns") || containsCi(object, "kube-dns");
}

std::optional<KubeSignal> classifyEvent(const SourceData &s, qsizetype i)
{
    const QByteArrayView reason = s.bytes(SourceData::Reason, i);
    const QByteArrayView text = s.bytes(SourceData::Text, i);
    const QByteArrayView object = s.bytes(SourceData::Object, i);
    if (reason == "Killing")
        return containsCi(text, "liveness") || containsCi(text, "startup probe") ? KubeSignal::ProbeKilling
                                                                               : KubeSignal::Killing;
    if (reason == "OOMKilling" || reason == "OOMKilled")
        return KubeSignal::OomKill;
    if (isClusterDns(object) && (s.flags(i) & FlagWarning))
        return KubeSignal::DnsTrouble;
    if (reason == "Started")
        return KubeSignal::Started;
    if (reason == "BackOff" || reason == "Restarted")
        return KubeSignal::Restarted;
    if (reason == "ScalingReplicaSet")
        return containsCi(text, "scaled down") ? KubeSignal::ScaleDown : KubeSignal::ScaleUp;
    if (reason == "SuccessfulRescale")
        return KubeSignal::Rescale;
    if (reason == "Unhealthy" || reason == "ProbeError")
        return containsCi(text, "liveness") ? KubeSignal::LivenessFailed : KubeSignal::ReadinessFailed;
    return std::nullopt;
}

std::optional<KubeSignal> classifyPod(const SourceData &s, qsizetype i)
{
    const QByteArrayView reason = s.bytes(SourceData::Reason, i);
    switch (s.kind(i)) {
    case EventKind::PodTermination:
        if (reason == "OOMKilled")
            return KubeSignal::OomKill;
        if (s.status(i) == 137)
            return KubeSignal::Exit137;
        if (s.status(i) == 143)
            return KubeSignal::Exit143;
        return std::nullopt;
    case EventKind::PodStart:
        return reason == "Restarted" ? KubeSignal::Restarted : KubeSignal::Started;
    default:
        return std::nullopt;
    }
}

} // namespace

KubeSignals::KubeSignals(const Analysis &analysis)
{
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        const bool events = s.format == SourceFormat::K8sEvents;
        if (!events && s.format != SourceFormat::K8sPods)
            continue;
        for (qsizetype i = 0; i < s.size(); ++i) {
            const auto kind = events ? (s.kind(i) == EventKind::K8sEvent ? classifyEvent(s, i) : std::nullopt)
                                     : classifyPod(s, i);
            if (!kind)
                continue;
            SignalEvent e;
            e.us = timeline.aligned(sid, i).us;
            e.kind = *kind;
            e.count = events ? std::max<qint32>(1, s.count(i)) : 1;
            e.source = sid;
            e.row = qint32(i);
            e.ns = s.string(SourceData::Namespace, i);
            e.object = s.string(SourceData::Object, i);
            if (!events) {
                e.ip = s.string(SourceData::Upstream, i);
                if (!e.ip.isEmpty())
                    m_podIps.insert(e.ip);
                // First starts only: a restart is not a new pod joining the endpoints.
                if (!e.ip.isEmpty() && e.kind == KubeSignal::Started) {
                    auto it = m_podStartByIp.find(e.ip);
                    if (it == m_podStartByIp.end() || *it < e.us)
                        m_podStartByIp.insert(e.ip, e.us);
                }
            }
            m_events.push_back(std::move(e));
        }
    }
    // A Started event of a container that restarted (repeats folded into a count, restarts in pod
    // status, BackOff, a probe kill) is a restart, not a new pod.
    QSet<QString> restarted;
    for (const SignalEvent &e : m_events) {
        const bool repeatedStart = e.kind == KubeSignal::Started && e.count > 1;
        if (repeatedStart || e.kind == KubeSignal::Restarted || e.kind == KubeSignal::ProbeKilling
            || e.kind == KubeSignal::OomKill || e.kind == KubeSignal::Exit137 || e.kind == KubeSignal::Exit143)
            restarted.insert(e.ns + QLatin1Char('/') + e.object);
    }
    for (SignalEvent &e : m_events)
        if (e.kind == KubeSignal::Started && restarted.contains(e.ns + QLatin1Char('/') + e.object))
            e.kind = KubeSignal::Restarted;
    std::sort(m_events.begin(), m_events.end(), [](const auto &a, const auto &b) { return a.us < b.us; });
}

qint64 KubeSignals::total(KubeSignal kind, qint64 fromUs, qint64 toUs) const
{
    qint64 n = 0;
    for (const SignalEvent &e : m_events)
        if (e.kind == kind && (fromUs == toUs || (e.us >= fromUs && e.us <= toUs)))
            n += e.count;
    return n;
}

std::vector<qint64> KubeSignals::times(KubeSignal kind) const
{
    return times({kind});
}

std::vector<qint64> KubeSignals::times(std::initializer_list<KubeSignal> kinds) const
{
    std::vector<qint64> out;
    for (const SignalEvent &e : m_events)
        if (std::find(kinds.begin(), kinds.end(), e.kind) != kinds.end())
            out.push_back(e.us);
    return out; // m_events is sorted
}

double Alignment::excess() const
{
    if (errors == 0 || events == 0)
        return 0;
    const double c = std::min(coverage, 0.95);
    return std::clamp((share - c) / (1 - c), 0.0, 1.0);
}

namespace {

// P(X >= k) for X ~ Binomial(n, p).
double binomialTail(qint64 k, qint64 n, double p)
{
    if (k <= 0)
        return 1;
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    const double lp = std::log(p), lq = std::log1p(-p);
    double sum = 0;
    for (qint64 i = k; i <= n; ++i) {
        const double term = std::lgamma(double(n) + 1) - std::lgamma(double(i) + 1) - std::lgamma(double(n - i) + 1)
                            + double(i) * lp + double(n - i) * lq;
        const double v = std::exp(term);
        sum += v;
        if (i > k && v < sum * 1e-12)
            break;
    }
    return std::min(1.0, sum);
}

} // namespace

double Alignment::strength() const
{
    if (matched == 0)
        return 0;
    const double sig = std::clamp((-std::log10(std::max(pValue, 1e-300)) - 1.3) / (4 - 1.3), 0.0, 1.0);
    return sig * (0.35 + 0.65 * excess());
}

Alignment alignErrors(const std::vector<qint64> &errorTimes, std::vector<qint64> eventTimes, double beforeSeconds,
                      double afterSeconds, qint64 fromUs, qint64 toUs)
{
    Alignment a;
    std::sort(eventTimes.begin(), eventTimes.end());
    const qint64 before = qint64(beforeSeconds * 1e6);
    const qint64 after = qint64(afterSeconds * 1e6);
    // Events outside the range (plus their window) cannot explain anything in it.
    std::erase_if(eventTimes, [&](qint64 e) { return e + after < fromUs || e - before > toUs; });
    a.errors = qint64(errorTimes.size());
    a.events = qint64(eventTimes.size());
    if (eventTimes.empty() || errorTimes.empty())
        return a;

    std::vector<double> delays;
    std::vector<bool> hit(eventTimes.size(), false);
    for (qint64 t : errorTimes) {
        // Events e with e - before <= t <= e + after, i.e. e in [t - after, t + before].
        auto it = std::lower_bound(eventTimes.begin(), eventTimes.end(), t - after);
        bool matched = false;
        qint64 bestDelay = -1;
        for (; it != eventTimes.end() && *it <= t + before; ++it) {
            matched = true;
            hit[size_t(it - eventTimes.begin())] = true;
            const qint64 d = t - *it;
            if (d >= 0 && (bestDelay < 0 || d < bestDelay))
                bestDelay = d;
        }
        if (matched) {
            ++a.matched;
            if (a.matched == 1)
                a.firstUs = t;
            a.lastUs = t;
            delays.push_back(double(std::max<qint64>(bestDelay, 0)) / 1e6);
        }
    }
    a.eventsHit = std::count(hit.begin(), hit.end(), true);
    a.share = double(a.matched) / double(a.errors);
    if (!delays.empty()) {
        std::nth_element(delays.begin(), delays.begin() + qsizetype(delays.size() / 2), delays.end());
        a.medianDelaySeconds = delays[delays.size() / 2];
    }
    const qint64 span = std::max<qint64>(1, toUs - fromUs);
    qint64 covered = 0, reach = fromUs;
    for (qint64 e : eventTimes) {
        const qint64 lo = std::max(reach, std::max(fromUs, e - before));
        const qint64 hi = std::min(toUs, e + after);
        if (hi > lo) {
            covered += hi - lo;
            reach = hi;
        }
    }
    a.coverage = double(covered) / double(span);
    a.pValue = binomialTail(a.matched, a.errors, std::min(a.coverage, 1.0));
    return a;
}

} // namespace gateline
