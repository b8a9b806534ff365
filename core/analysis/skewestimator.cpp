#include "skewestimator.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace gateline {

qint64 ingressEndTimeUs(const SourceData &s, qsizetype row)
{
    qint64 t = s.time(row).us;
    if ((s.format == SourceFormat::TraefikJson || s.format == SourceFormat::Envoy) && s.durationMs(row) > 0)
        t += qint64(double(s.durationMs(row)) * 1000.0);
    return t;
}

void applyEstimate(SourceAlignment &a, const SkewEstimate &e, const QString &against, const QString &keys)
{
    a.method = SourceAlignment::Estimated;
    a.offsetSeconds = e.offsetSeconds;
    a.confidence = e.confidence;
    a.matchedRequests = e.matched;
    a.note = QStringLiteral("estimated from %1 of %2 sampled requests matched to %3 on %4")
                 .arg(e.matched)
                 .arg(e.sampled)
                 .arg(against, keys);
}

bool hasWholeSecondTimes(const SourceData &s)
{
    const qsizetype step = std::max<qsizetype>(1, s.size() / 500);
    for (qsizetype i = 0; i < s.size(); i += step)
        if (s.time(i).us % 1000000 != 0 && s.format != SourceFormat::TraefikJson)
            return false;
    return s.format != SourceFormat::TraefikJson;
}

SkewEstimate SkewEstimator::estimate(const SourceData &ingress, double maxSkewSeconds, qsizetype maxSamples) const
{
    if (ingress.size() == 0 || m_lb.size() == 0)
        return {};
    return estimate(ingress, RequestKeys(ingress), maxSkewSeconds, maxSamples);
}

SkewEstimate SkewEstimator::estimate(const SourceData &ingress, const RequestKeys &keys, double maxSkewSeconds,
                                     qsizetype maxSamples) const
{
    return estimate(ingress, [&keys](qsizetype i) { return keys.key(i); }, maxSkewSeconds, maxSamples);
}

SkewEstimate SkewEstimator::estimate(const SourceData &ingress, const std::function<quint64(qsizetype)> &keyOf,
                                     double maxSkewSeconds, qsizetype maxSamples) const
{
    SkewEstimate r;
    if (ingress.size() == 0 || m_lb.size() == 0)
        return r;
    const qint64 window = qint64(maxSkewSeconds * 1e6);
    const qsizetype step = std::max<qsizetype>(1, ingress.size() / maxSamples);

    // Pass 1: a coarse histogram (250 ms bins) of every candidate difference; its peak is the
    // offset give or take a second. Unrelated pairs spread evenly and do not make a peak.
    constexpr qint64 kBin = 250000;
    const qsizetype bins = qsizetype(2 * window / kBin) + 2;
    std::vector<quint32> histogram(size_t(bins), 0);
    std::vector<std::pair<quint64, qint64>> samples;
    for (qsizetype i = 0; i < ingress.size(); i += step) {
        if (ingress.kind(i) != EventKind::Request)
            continue;
        const quint64 k = keyOf(i);
        if (k == 0)
            continue;
        const qint64 t = ingressEndTimeUs(ingress, i);
        samples.emplace_back(k, t);
        const auto [b, e] = m_lb.range(k, t, window);
        if (e - b > 64)
            continue; // a very common request (health checks): no information
        for (size_t j = b; j < e; ++j) {
            const qint64 d = m_lb.at(j).us - t;
            ++histogram[size_t((d + window) / kBin)];
        }
    }
    r.sampled = qint64(samples.size());
    // Peak over a sliding 1.25 s window (a 1 s truncation spreads the true pairs over ~4 bins).
    qsizetype bestBin = -1;
    quint64 bestSum = 0;
    for (qsizetype b = 0; b + 5 <= bins; ++b) {
        quint64 sum = 0;
        for (qsizetype k = 0; k < 5; ++k)
            sum += histogram[size_t(b + k)];
        if (sum > bestSum) {
            bestSum = sum;
            bestBin = b;
        }
    }
    if (bestBin < 0 || bestSum < 3)
        return r;
    const qint64 centre = bestBin * kBin + 5 * kBin / 2 - window;

    // Pass 2: per sample, the nearest difference within 1.5 s of the peak; the median of those.
    std::vector<qint64> diffs;
    diffs.reserve(samples.size());
    for (const auto &[k, t] : samples) {
        const KeyedTime *n = m_lb.nearest(k, t + centre, 1500000);
        if (n)
            diffs.push_back(n->us - t);
    }
    if (diffs.size() < 3)
        return r;
    std::nth_element(diffs.begin(), diffs.begin() + qsizetype(diffs.size() / 2), diffs.end());
    double median = double(diffs[diffs.size() / 2]) / 1e6;
    // CLF times are truncated to the second: on average they are 0.5 s early.
    if (hasWholeSecondTimes(ingress))
        median -= 0.5;
    r.valid = true;
    r.offsetSeconds = median;
    r.matched = qint64(diffs.size());
    // Confidence: how many samples found their twin, and how many there were at all.
    const double matchedShare = double(diffs.size()) / double(samples.size());
    r.confidence = std::clamp(matchedShare * (1.0 - std::exp(-double(diffs.size()) / 30.0)), 0.0, 1.0);
    return r;
}

} // namespace gateline
