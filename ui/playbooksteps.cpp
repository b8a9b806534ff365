#include "playbooksteps.h"

#include "analysis/analysis.h"
#include "models/matchpairsmodel.h"
#include "models/timeformat.h"

#include <QLocale>

#include <algorithm>

namespace gateline {

namespace {
QString pct(qint64 part, qint64 whole)
{
    return whole > 0 ? QStringLiteral("%1%").arg(100.0 * double(part) / double(whole), 0, 'f', 0) : QStringLiteral("-");
}

// The span of the load-balancer 502s of one origin.
TimeSpan originSpan(const Analysis &a, std::optional<Origin> origin)
{
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    for (const OriginResult::Item &it : a.origin().items) {
        if (origin && it.origin != *origin)
            continue;
        const qint64 us = a.timeline().aligned(it.source, it.row).us;
        lo = std::min(lo, us);
        hi = std::max(hi, us);
    }
    return lo <= hi ? TimeSpan{lo, hi + 1} : TimeSpan{};
}

void applyVerdict(PlaybookStepView &s, const QHash<QString, SavedVerdict> &verdicts)
{
    const auto it = verdicts.constFind(s.id);
    if (it == verdicts.cend())
        return;
    s.chosen = it->verdict;
    s.overridden = !s.chosen.isEmpty() && s.chosen != s.suggested;
}

PlaybookStepView locateStep(const Analysis &a)
{
    PlaybookStepView s;
    s.id = QStringLiteral("locate-hop");
    s.number = 1;
    s.title = QStringLiteral("Locate where the 502 is generated");
    s.question = QStringLiteral("Which component is returning the 502: the load balancer, the ingress controller, or the app?");
    s.hint = QStringLiteral("Per load-balancer 502: target status '-' means the target never answered (the ALB made it); "
                            "an ingress line with a failed upstream or an error-log line means the ingress made it; an "
                            "upstream status of 502 means the app made it.");
    s.verdicts = {{QStringLiteral("alb"), QStringLiteral("The load balancer generated the 502s (the target never answered)")},
                  {QStringLiteral("ingress"), QStringLiteral("The ingress controller generated the 502s (upstream failure)")},
                  {QStringLiteral("app"), QStringLiteral("The application itself returned the 502s")},
                  {QStringLiteral("none"), QStringLiteral("No 502s in the loaded data")}};
    const OriginResult &o = a.origin();
    const RequestCounts &c = a.counts();
    const QLocale loc;
    const qint64 total = o.alb + o.ingress + o.app + o.undetermined;
    s.evidence.append({QStringLiteral("%1 load-balancer requests, %2 answered 502 (%3 with target status '-')")
                           .arg(loc.toString(c.requests), loc.toString(c.status502), loc.toString(c.missingUpstream502)),
                       originSpan(a, std::nullopt)});
    if (total > 0) {
        s.evidence.append({QStringLiteral("ALB made %1 of them (%2): the target never answered").arg(loc.toString(o.alb), pct(o.alb, total)),
                           originSpan(a, Origin::Alb)});
        s.evidence.append({QStringLiteral("The ingress made %1 (%2): it logged an upstream failure").arg(loc.toString(o.ingress), pct(o.ingress, total)),
                           originSpan(a, Origin::Ingress)});
        s.evidence.append({QStringLiteral("The app returned %1 (%2): its upstream answered 502").arg(loc.toString(o.app), pct(o.app, total)),
                           originSpan(a, Origin::App)});
        if (o.undetermined)
            s.evidence.append({QStringLiteral("%1 (%2) cannot be told apart: the target answered 502 and no ingress line says who made it")
                                   .arg(loc.toString(o.undetermined), pct(o.undetermined, total)),
                               originSpan(a, Origin::Undetermined)});
    }
    for (const QString &n : o.notes)
        s.evidence.append({n, {}});
    const bool known = std::any_of(s.verdicts.cbegin(), s.verdicts.cend(), [&](const PlaybookVerdictOption &v) { return v.id == o.verdict; });
    if (known && o.verdict != QLatin1String("none"))
        s.suggested = o.verdict;
    else if (c.requests > 0 && c.status502 == 0)
        s.suggested = QStringLiteral("none");
    s.span = originSpan(a, std::nullopt);
    return s;
}

PlaybookStepView deploymentsStep(const Analysis &a)
{
    PlaybookStepView s;
    s.id = QStringLiteral("deployments");
    s.number = 2;
    s.title = QStringLiteral("Check if 502s correlate with deployments");
    s.question = QStringLiteral("Do the 502s come in bursts during rollouts or scaling, and do they sit on the Killing of old "
                                "pods or on the start of new ones?");
    s.hint = QStringLiteral("Choose a window and run the matching: each missing-upstream 502 is matched to the nearest "
                            "restart, OOM kill, Killing or rollout, and the match rate is compared with chance.");
    s.verdicts = {{QStringLiteral("after-killing"), QStringLiteral("502s follow the Killing of old pods during rollouts")},
                  {QStringLiteral("after-started"), QStringLiteral("502s follow the start of new pods")},
                  {QStringLiteral("during-scaling"), QStringLiteral("502s during scale-up after a traffic increase")},
                  {QStringLiteral("not-correlated"), QStringLiteral("No tie between the 502s and deployments or scaling")}};
    s.matchingStep = true;
    const MatchingResult &m = a.matching();
    const QLocale loc;
    if (m.missingUpstream502 > 0) {
        qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
        for (const MatchedPair &p : m.pairs) {
            lo = std::min({lo, p.errorUs, p.event.us});
            hi = std::max({hi, p.errorUs, p.event.us});
        }
        const TimeSpan pairs = lo <= hi ? TimeSpan{lo, hi + 1} : TimeSpan{};
        s.evidence.append({QStringLiteral("%1 of %2 missing-upstream 502s have an event within ±%3 s (%4); chance alone gives %5")
                               .arg(loc.toString(m.matched), loc.toString(m.missingUpstream502))
                               .arg(m.windowSeconds)
                               .arg(pct(m.matched, m.missingUpstream502))
                               .arg(QStringLiteral("%1%").arg(m.chanceRate * 100, 0, 'f', 0)),
                           pairs});
        for (int k = 0; k < kLifecycleKindCount; ++k) {
            if (m.byKind[size_t(k)])
                s.evidence.append({QStringLiteral("nearest event %1 for %2 of them")
                                       .arg(MatchPairsModel::kindLabel(LifecycleKind(k)))
                                       .arg(loc.toString(m.byKind[size_t(k)])),
                                   {}});
        }
        s.span = pairs;
        if (m.aboveChance()) {
            const auto &b = m.byKind;
            const qint64 killing = b[size_t(LifecycleKind::Killing)] + b[size_t(LifecycleKind::Rollout)];
            const qint64 restart = b[size_t(LifecycleKind::Restart)];
            if (killing >= restart && killing >= b[size_t(LifecycleKind::OomKill)])
                s.suggested = QStringLiteral("after-killing");
            else if (restart >= b[size_t(LifecycleKind::OomKill)])
                s.suggested = QStringLiteral("after-started");
            else
                s.evidence.append({QStringLiteral("OOM kills dominate: see step 3 (upstream health)"), {}});
        } else if (m.missingUpstream502 >= 3) {
            s.suggested = QStringLiteral("not-correlated");
        }
    } else {
        s.evidence.append({QStringLiteral("No missing-upstream 502s to match in this range"), {}});
    }
    s.evidence.append({QStringLiteral("%1 lifecycle events (restarts, OOM kills, Killing, rollouts) in range").arg(loc.toString(m.eventCount)), {}});
    return s;
}
} // namespace

QList<PlaybookStepView> buildBasicPlaybookSteps(const Analysis &analysis, const QHash<QString, SavedVerdict> &verdicts)
{
    QList<PlaybookStepView> steps{locateStep(analysis), deploymentsStep(analysis)};
    for (PlaybookStepView &s : steps)
        applyVerdict(s, verdicts);
    return steps;
}

} // namespace gateline
