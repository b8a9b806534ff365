#include "coincidence.h"

#include "jobs/cancellation.h"

#include <QRandomGenerator>
#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

struct Interval {
    qint64 lo, hi; // [lo, hi], relative to the range start
};

// Weighted points (relative times, sorted) inside the intervals (sorted, disjoint): one merge walk.
qint64 countInside(const qint64 *t, const qint64 *w, size_t n, qint64 shift, const std::vector<Interval> &iv, size_t &k0)
{
    qint64 sum = 0;
    size_t k = k0;
    for (size_t i = 0; i < n; ++i) {
        const qint64 x = t[i] + shift;
        while (k < iv.size() && iv[k].hi < x)
            ++k;
        if (k == iv.size())
            break;
        if (x >= iv[k].lo)
            sum += w[i];
    }
    k0 = k;
    return sum;
}

double percentile(std::vector<double> &v, double q)
{
    if (v.empty())
        return 0;
    const size_t i = std::min(v.size() - 1, size_t(std::floor(q * double(v.size() - 1) + 0.5)));
    std::nth_element(v.begin(), v.begin() + qsizetype(i), v.end());
    return v[i];
}

// The median number of 502s in the window-long stretches of the range (0 when most hold none):
// the steady background the bursts stand out from.
double medianPerStretch(const std::vector<qint64> &errorTimes, qint64 from, qint64 span, qint64 window)
{
    const qint64 stretches = span / window + 1;
    // Most stretches must hold a 502 for the median to be one: with fewer 502s it is 0.
    if (qint64(errorTimes.size()) < stretches / 2 || stretches > 4000000)
        return 0;
    std::vector<qint32> counts(size_t(stretches), 0);
    for (qint64 t : errorTimes)
        ++counts[size_t(std::clamp<qint64>(t - from, 0, span - 1) / window)];
    auto mid = counts.begin() + qsizetype(counts.size() / 2);
    std::nth_element(counts.begin(), mid, counts.end());
    return double(*mid);
}

// The events' period (relative microseconds) when they repeat at a steady one: at least three
// windows (merged, sorted), every gap between their starts within the test's window of the median
// gap (the resolution a 502 sits on an event at), and the median longer than twice the window (the
// windows do not fill it); 0 otherwise.
qint64 periodOf(const std::vector<Interval> &iv, qint64 window)
{
    if (iv.size() < 3)
        return 0;
    std::vector<qint64> gaps;
    for (size_t i = 1; i < iv.size(); ++i)
        gaps.push_back(iv[i].lo - iv[i - 1].lo);
    std::vector<qint64> sortedGaps = gaps;
    std::nth_element(sortedGaps.begin(), sortedGaps.begin() + qsizetype(sortedGaps.size() / 2), sortedGaps.end());
    const qint64 median = sortedGaps[sortedGaps.size() / 2];
    if (median <= 2 * window)
        return 0;
    for (const qint64 g : gaps)
        if (std::abs(g - median) > window)
            return 0;
    return median;
}

// The exact (Clopper-Pearson) one-sided upper bound on a binomial share, k of n: the share at
// which P(X <= k) = alpha (1 - alpha^(1/n) when k = 0).
double clopperPearsonUpper(qint64 k, qint64 n, double alpha)
{
    if (n <= 0 || k >= n)
        return 1;
    if (k <= 0)
        return 1 - std::pow(alpha, 1.0 / double(n));
    double lo = 0, hi = 1;
    for (int it = 0; it < 60; ++it) {
        const double p = (lo + hi) / 2;
        double term = std::pow(1 - p, double(n));
        double cdf = term;
        for (qint64 j = 1; j <= k; ++j) {
            term *= double(n - j + 1) / double(j) * p / (1 - p);
            cdf += term;
        }
        (cdf > alpha ? lo : hi) = p;
    }
    return hi;
}

QString times(double effect)
{
    if (effect >= Coincidence::kMaxEffect)
        return QStringLiteral(">%1x").arg(int(Coincidence::kMaxEffect));
    return QStringLiteral("%1x").arg(effect < 10 ? QString::number(effect, 'f', 1) : QString::number(qRound(effect)));
}

QString percentText(double share)
{
    const double p = share * 100;
    return QStringLiteral("%1%").arg(p < 10 && p > 0 ? QString::number(p, 'f', 1) : QString::number(qRound(p)));
}

} // namespace

double poissonUpperTail(qint64 k, double lambda)
{
    if (k <= 0)
        return 1;
    if (lambda <= 0)
        return 0;
    if (lambda > 50) // normal approximation with continuity correction
        return 0.5 * std::erfc((double(k) - 0.5 - lambda) / std::sqrt(2 * lambda));
    if (double(k) > lambda + 40 * std::sqrt(lambda) + 40)
        return 0; // far beyond the mean: below any level asked
    double term = std::exp(-lambda);
    double cdf = term;
    for (qint64 i = 1; i < k; ++i) {
        term *= lambda / double(i);
        cdf += term;
    }
    return std::max(0.0, 1 - cdf);
}

double Coincidence::excess() const
{
    if (errors == 0 || events == 0)
        return 0;
    const double c = std::min(expectedShare, 0.95);
    return std::clamp((share - c) / (1 - c), 0.0, 1.0);
}

double Coincidence::explained() const
{
    return std::max(0.0, double(matched) - expectedShare * double(errors));
}

double Coincidence::strength() const
{
    if (tooFew || matched == 0 || events == 0 || shifts <= 0)
        return 0;
    const double floorLog = std::log10(double(shifts + 1)); // -log10 of the smallest p a shift test gives
    const double sig = std::clamp((-std::log10(std::max(pValue, 1e-300)) - 1.3) / (floorLog - 1.3), 0.0, 1.0);
    // A tie that rests on one burst is one coincidence, however many 502s the burst holds.
    const double independent = matchedBursts >= 3 ? 1 : (matchedBursts == 2 ? 0.75 : 0.5);
    return sig * (0.35 + 0.65 * excess()) * independent;
}

QString Coincidence::verdictId() const
{
    if (tooFew)
        return QStringLiteral("too-few");
    if (events == 0)
        return QStringLiteral("no-events");
    return tied() ? QStringLiteral("tied") : QStringLiteral("chance");
}

QString Coincidence::pText() const
{
    return shifts > 0 && pValue <= 1.0 / double(shifts + 1) + 1e-12 ? QStringLiteral("p < %1").arg(1.0 / double(shifts), 0, 'g', 2)
                                                                    : QStringLiteral("p = %1").arg(pValue, 0, 'g', 2);
}

QString Coincidence::chanceText() const
{
    return chanceBelow > 0 ? QStringLiteral("< ") + percentText(chanceBelow) : percentText(expectedShare);
}

QString Coincidence::summary() const
{
    if (tooFew)
        return QStringLiteral("too few to tell (%1 502s; at least %2 are needed)").arg(errors).arg(kMinErrors);
    if (events == 0)
        return QStringLiteral("no events in range to compare with");
    const QString p = pText();
    // A bound near 1x keeps enough digits to say on which side of 1x it lies: "clearly above
    // chance" (tied()) needs the low bound above 1x, and "1.0x" would read as not above it.
    const auto bound = [](double v) {
        if (v >= 10 || v <= 0 || v == 1)
            return times(v);
        QString t;
        for (int digits = 1; digits <= 3 && (t.isEmpty() || t.toDouble() == 1.0); ++digits)
            t = QString::number(v, 'f', digits);
        return t + QLatin1Char('x');
    };
    // Below the shifts' resolution the chance is an upper bound, so the effect and the interval's
    // low end are lower bounds and the upper end is unknown.
    const bool atLeast = chanceBelow > 0 && effect > 0 && effect < kMaxEffect;
    const QString ci = bursts < 2 ? QStringLiteral(" (one burst: no interval)")
        : chanceBelow > 0         ? QStringLiteral(" (95% CI > %1)").arg(bound(effectLow))
                                  : QStringLiteral(" (95% CI %1-%2)").arg(bound(effectLow), bound(effectHigh));
    return QStringLiteral("%1 vs %2 by chance: %3%4%5, %6")
        .arg(percentText(share), chanceText(), atLeast ? QStringLiteral("> ") : QString(), times(effect), ci, p);
}

Coincidence testCoincidence(const std::vector<qint64> &errorTimes, std::vector<qint64> eventTimes,
                            const CoincidenceQuery &q)
{
    Coincidence c;
    c.shifts = q.shifts;
    c.beforeSeconds = q.beforeSeconds;
    c.afterSeconds = q.afterSeconds;
    const qint64 before = qint64(q.beforeSeconds * 1e6);
    const qint64 after = qint64(q.afterSeconds * 1e6);
    const qint64 from = q.fromUs, to = std::max(q.toUs, q.fromUs + 1);
    const qint64 span = to - from;
    // Each event's window end: event + after, or the query's own end for it when later.
    std::vector<std::pair<qint64, qint64>> ev; // (event, window end)
    ev.reserve(eventTimes.size());
    for (size_t i = 0; i < eventTimes.size(); ++i)
        ev.push_back({eventTimes[i], std::max(eventTimes[i] + after, i < q.eventEndsUs.size() ? q.eventEndsUs[i] : 0)});
    std::sort(ev.begin(), ev.end());
    std::erase_if(ev, [&](const auto &e) { return e.second < from || e.first - before > to; });
    eventTimes.clear();
    std::vector<qint64> ends;
    qint64 longest = after; // the longest window after an event
    std::vector<double> ownLengths; // windows run to the event's own end
    for (const auto &e : ev) {
        eventTimes.push_back(e.first);
        ends.push_back(e.second);
        longest = std::max(longest, e.second - e.first);
        if (e.second > e.first + after)
            ownLengths.push_back(double(e.second - e.first) / 1e6);
    }
    c.ownEnds = qint64(ownLengths.size());
    if (!ownLengths.empty()) {
        std::nth_element(ownLengths.begin(), ownLengths.begin() + qsizetype(ownLengths.size() / 2), ownLengths.end());
        c.ownEndMedianSeconds = ownLengths[ownLengths.size() / 2];
    }
    c.errors = qint64(errorTimes.size());
    c.events = qint64(eventTimes.size());
    c.tooFew = c.errors < Coincidence::kMinErrors;
    if (errorTimes.empty())
        return c;

    // Bursts: 502s closer than the window (at least a second) belong together, unless a steady
    // background puts several 502s in most window-long stretches: then 502s further apart than
    // the background's mean spacing start a new unit (see the header).
    const qint64 window = std::max<qint64>(before + after, 1000000);
    c.backgroundPerWindow = medianPerStretch(errorTimes, from, span, window);
    const qint64 gap = c.backgroundPerWindow >= 2
        ? std::max<qint64>(qint64(double(window) / c.backgroundPerWindow), 1000)
        : window;
    std::vector<std::pair<qint64, qint64>> clusters; // (502s, matched)
    for (size_t i = 0; i < errorTimes.size(); ++i)
        if (i == 0 || errorTimes[i] - errorTimes[i - 1] > gap)
            clusters.push_back({0, 0});
    c.bursts = qint64(clusters.size());
    if (eventTimes.empty())
        return c;

    // Observed.
    std::vector<double> delays;
    std::vector<bool> hit(eventTimes.size(), false);
    c.hits.assign(errorTimes.size(), 0);
    size_t cluster = 0;
    for (size_t i = 0; i < errorTimes.size(); ++i) {
        const qint64 t = errorTimes[i];
        if (i > 0 && t - errorTimes[i - 1] > gap)
            ++cluster;
        ++clusters[cluster].first;
        auto it = std::lower_bound(eventTimes.begin(), eventTimes.end(), t - longest);
        bool matched = false;
        qint64 bestDelay = -1;
        for (; it != eventTimes.end() && *it <= t + before; ++it) {
            if (ends[size_t(it - eventTimes.begin())] < t)
                continue;
            matched = true;
            hit[size_t(it - eventTimes.begin())] = true;
            const qint64 d = t - *it;
            if (d >= 0 && (bestDelay < 0 || d < bestDelay))
                bestDelay = d;
        }
        if (matched) {
            c.hits[i] = 1;
            ++c.matched;
            ++clusters[cluster].second;
            if (c.matched == 1)
                c.firstUs = t;
            c.lastUs = t;
            delays.push_back(double(std::max<qint64>(bestDelay, 0)) / 1e6);
        }
    }
    c.eventsHit = std::count(hit.begin(), hit.end(), true);
    c.matchedBursts = std::count_if(clusters.begin(), clusters.end(), [](const auto &cl) { return cl.second > 0; });
    c.share = double(c.matched) / double(c.errors);
    if (!delays.empty()) {
        std::nth_element(delays.begin(), delays.begin() + qsizetype(delays.size() / 2), delays.end());
        c.medianDelaySeconds = delays[delays.size() / 2];
    }

    // Where an event explains a 502, as disjoint intervals relative to the range start.
    std::vector<Interval> iv;
    for (size_t i = 0; i < eventTimes.size(); ++i) {
        const qint64 e = eventTimes[i];
        const qint64 lo = std::max(from, e - before) - from, hi = std::min(to, ends[i]) - from;
        if (hi < lo)
            continue;
        if (!iv.empty() && lo <= iv.back().hi + 1)
            iv.back().hi = std::max(iv.back().hi, hi);
        else
            iv.push_back({lo, hi});
    }
    qint64 covered = 0;
    for (const Interval &i : iv)
        covered += i.hi - i.lo;
    c.coverage = std::min(1.0, double(covered) / double(span));

    // The background: the 502 rate outside every window. A window is a coincidence of its own when
    // it holds more 502s than that rate gives it (with no background, any 502 in it).
    {
        std::vector<qint64> inWindow(iv.size(), 0);
        qint64 inside = 0;
        size_t k = 0;
        for (qint64 t : errorTimes) {
            const qint64 x = std::clamp<qint64>(t - from, 0, span - 1);
            while (k < iv.size() && iv[k].hi < x)
                ++k;
            if (k == iv.size())
                break;
            if (x >= iv[k].lo) {
                ++inWindow[k];
                ++inside;
            }
        }
        const double outsideUs = double(std::max<qint64>(span - covered, 1));
        const double outsideRate = double(c.errors - inside) / outsideUs; // per microsecond
        for (size_t w = 0; w < iv.size(); ++w)
            if (inWindow[w] > 0
                && poissonUpperTail(inWindow[w], outsideRate * double(iv[w].hi - iv[w].lo + 1)) < 0.05)
                ++c.raisedWindows;
        const double insideRate = double(inside) / double(std::max<qint64>(covered, 1));
        c.rateRatio = outsideRate > 0 ? std::min(Coincidence::kMaxEffect, insideRate / outsideRate)
                                      : (inside > 0 ? Coincidence::kMaxEffect : 0);
        c.matchedBursts = std::min(c.matchedBursts, c.raisedWindows);
    }

    // The chance distribution: the series shifted circularly as a whole. Times are folded to 100 ms
    // (with weights) for the shifts only; large series get fewer shifts so the work stays bounded.
    std::vector<qint64> rel, weight;
    for (qint64 t : errorTimes) {
        const qint64 r = std::clamp<qint64>(t - from, 0, span - 1) / 100000 * 100000;
        if (!rel.empty() && rel.back() == r)
            ++weight.back();
        else {
            rel.push_back(r);
            weight.push_back(1);
        }
    }
    int shifts = q.shifts;
    if (rel.size() > 20000)
        shifts = std::max(99, int(double(q.shifts) * 20000.0 / double(rel.size())));
    c.shifts = shifts;
    QRandomGenerator rng(quint32(0x6a7e11e5u ^ quint32(c.errors * 2654435761u) ^ quint32(c.events * 40503u)));
    const qint64 margin = std::min<qint64>(2 * (before + after), span / 4);
    // Events at a steady period (a crash loop, a CronJob, a probe rhythm) map onto themselves under
    // a shift by a multiple of it: such a shift does not move the 502s off the events, it lays them
    // on the next one, and a tie matches there as well as where it was observed. Those shifts are
    // left out of the chance distribution (periodOf(): chosen from the events alone, so the rest are
    // still the 502 series at times unrelated to the events).
    c.periodUs = periodOf(iv, window);
    const auto aliases = [&](qint64 d) {
        if (c.periodUs <= 0)
            return false;
        for (const qint64 x : {d, span - d}) {
            const qint64 r = x % c.periodUs;
            if (x >= c.periodUs - window && std::min(r, c.periodUs - r) <= window)
                return true;
        }
        return false;
    };
    if (c.periodUs > 0) { // more than half the shifts alias: the events fill their period, keep all
        qint64 aliased = 0;
        const qint64 step = std::max<qint64>(1, (span - 2 * margin) / 1000);
        for (qint64 d = margin; d < span - margin; d += step)
            aliased += aliases(d);
        if (2 * aliased * step > span - 2 * margin)
            c.periodUs = 0;
    }
    const auto shifted = [&](qint64 d) { // 502s on events with the series shifted by d
        // Times with r + d >= span wrap to the front: two sorted runs.
        const size_t split = size_t(std::lower_bound(rel.begin(), rel.end(), span - d) - rel.begin());
        size_t k0 = 0;
        const qint64 m = countInside(rel.data() + split, weight.data() + split, rel.size() - split, d - span, iv, k0);
        return m + countInside(rel.data(), weight.data(), split, d, iv, k0);
    };
    double sum = 0;
    int atLeast = 0;
    for (int k = 0; k < shifts && span > 1; ++k) {
        if (cancelRequested()) { // a superseded job: nobody reads this answer
            c.shifts = k;
            return c;
        }
        // The first draw is a shift as chance makes it (the mean); aliased ones are drawn again for
        // the p-value (see the header).
        qint64 d = 0, first = -1;
        for (int tries = 0; tries < 64; ++tries) {
            d = margin + qint64(rng.bounded(double(std::max<qint64>(1, span - 2 * margin))));
            if (first < 0)
                first = d;
            if (!aliases(d))
                break;
        }
        const qint64 m = shifted(d);
        sum += double(d == first ? m : shifted(first));
        atLeast += m >= c.matched;
    }
    if (shifts > 0 && span > 1) {
        c.expectedShare = sum / double(shifts) / double(c.errors);
        c.pValue = double(atLeast + 1) / double(shifts + 1);
        // Less than one series' worth of shifted 502s on events: below the shifts' resolution.
        const double worth = sum / double(c.errors);
        if (worth < 1)
            c.chanceBelow = clopperPearsonUpper(worth > 0 ? 1 : 0, shifts, 0.025);
    } else {
        c.expectedShare = c.coverage;
    }
    const double expected = c.chanceBelow > 0 ? c.chanceBelow : std::max(c.expectedShare, 1e-3);
    c.effect = std::min(Coincidence::kMaxEffect, c.share / expected);

    // The interval: bursts resampled with replacement.
    if (cancelRequested())
        return c;
    if (clusters.size() >= 2) {
        QRandomGenerator boot(0x5eed0b00u ^ quint32(clusters.size()));
        std::vector<double> effects;
        effects.reserve(size_t(q.resamples));
        for (int b = 0; b < q.resamples; ++b) {
            qint64 n = 0, m = 0;
            for (size_t i = 0; i < clusters.size(); ++i) {
                const auto &cl = clusters[size_t(boot.bounded(quint32(clusters.size())))];
                n += cl.first;
                m += cl.second;
            }
            effects.push_back(std::min(Coincidence::kMaxEffect, double(m) / double(std::max<qint64>(n, 1)) / expected));
        }
        c.effectLow = percentile(effects, 0.025);
        c.effectHigh = percentile(effects, 0.975);
        // Where every burst sits on an event (or none does), every resample gives the observed
        // share and the interval shrinks to a point ("7.8x (95% CI 7.8x-7.8x)" on 3 OOM kills).
        // The exact (Clopper-Pearson) bound on the share of bursts on events, the burst being the
        // independent unit, keeps it honest: with 3 bursts, all on events, that share may be as
        // low as 0.025^(1/3) = 29%.
        const double nb = double(clusters.size());
        const auto onEvents = std::count_if(clusters.begin(), clusters.end(), [](const auto &cl) { return cl.second > 0; });
        if (onEvents == qint64(clusters.size()))
            c.effectLow = std::min(c.effectLow, c.share * std::pow(0.025, 1.0 / nb) / expected);
        else if (onEvents == 0)
            c.effectHigh = std::max(c.effectHigh, std::min(Coincidence::kMaxEffect, (1 - std::pow(0.025, 1.0 / nb)) / expected));
        if (c.chanceBelow > 0) // the chance has no lower bound above 0: nor has the effect an upper one
            c.effectHigh = Coincidence::kMaxEffect;
    } else {
        c.effectLow = 0;
        c.effectHigh = Coincidence::kMaxEffect;
    }
    return c;
}

} // namespace gateline
