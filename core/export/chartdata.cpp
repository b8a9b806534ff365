#include "chartdata.h"

#include <algorithm>

namespace gateline {

QString chartMarkerLabel(const ChartMarker &m)
{
    return m.cls ? eventClassShortLabel(*m.cls) : QStringLiteral("note");
}

double ChartData::maxStack() const
{
    double best = 0;
    for (qsizetype b = 0; b < bins; ++b) {
        double sum = 0;
        for (const ChartSeries &s : series)
            sum += s.values[size_t(b)];
        best = std::max(best, sum);
    }
    return best;
}

qint64 ChartData::total() const
{
    double sum = 0;
    for (const ChartSeries &s : series)
        for (double v : s.values)
            sum += v;
    return qint64(sum);
}

ChartData buildChartData(const PostmortemInput &input, int maxBins)
{
    ChartData d;
    if (!input.analysis)
        return d;
    const Analysis &a = *input.analysis;
    TimeSpan span = input.range;
    if (!span.isValid())
        span = {a.timeline().first().us, a.timeline().last().us + 1};
    if (!span.isValid())
        span = {span.fromUs, span.fromUs + 60 * qint64(1000000)};
    d.binUs = binWidthFor(span, std::max(1, maxBins));
    const qint64 start = span.fromUs - (((span.fromUs % d.binUs) + d.binUs) % d.binUs);
    d.bins = qsizetype((span.toUs - start + d.binUs - 1) / d.binUs);
    d.span = span;
    auto binOf = [&](qint64 us) { return std::clamp<qsizetype>(qsizetype((us - start) / d.binUs), 0, d.bins - 1); };

    const PostmortemFacts facts = collectPostmortemFacts(a, input.range);
    if (facts.fromLoadBalancer) {
        d.series = {{QStringLiteral("alb"), QStringLiteral("load balancer (target never answered)"), {}},
                    {QStringLiteral("ingress"), QStringLiteral("ingress"), {}},
                    {QStringLiteral("app"), QStringLiteral("application"), {}},
                    {QStringLiteral("undetermined"), QStringLiteral("undetermined"), {}}};
    } else {
        d.series = {{QStringLiteral("ingress-log"), QStringLiteral("ingress access log"), {}}};
    }
    for (ChartSeries &s : d.series)
        s.values.assign(size_t(d.bins), 0);
    for (const PostmortemFacts::Error &e : facts.errors) {
        const int idx = facts.fromLoadBalancer ? int(e.origin) : 0; // Origin: Alb, Ingress, App, Undetermined
        d.series[idx].values[size_t(binOf(e.us))] += 1;
    }

    for (const ClassifiedEvent &e : collectEvents(a.store(), &a.timeline()))
        if (isMarkerClass(e.cls) && span.contains(e.us))
            d.markers.push_back({e.us, e.cls});
    for (const PinnedNote &n : input.notes)
        if (span.contains(n.us))
            d.markers.push_back({n.us, std::nullopt});
    std::stable_sort(d.markers.begin(), d.markers.end(), [](const auto &x, const auto &y) { return x.us < y.us; });
    d.span = {start, start + d.bins * d.binUs};

    d.title = QStringLiteral("HTTP 502s per %1, by the hop that made them").arg(binWidthLabel(d.binUs));
    d.subtitle = QStringLiteral("%1 to %2 UTC, %3 HTTP 502s").arg(postmortemTime(span.fromUs), postmortemTime(span.toUs)).arg(qint64(facts.errors.size()));
    return d;
}

} // namespace gateline
