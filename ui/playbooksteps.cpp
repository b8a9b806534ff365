#include "playbooksteps.h"

#include "analysis/analysis.h"
#include "playbook/playbook.h"
#include "playbook/playbookreport.h"
#include "playbook/playbookrun.h"
#include "models/matchpairsmodel.h"
#include "models/timeformat.h"
#include "report/verdictsummary.h"

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

// A step's number, title, question, hint and verdicts as the playbook data words them (the export
// and `analyze` read the same data).
PlaybookStepView stepFrame(const Playbook &book, const QString &id)
{
    PlaybookStepView s;
    s.id = id;
    if (const PlaybookStep *step = book.step(id)) {
        s.number = step->number;
        s.title = step->title;
        s.question = step->question;
        s.hint = step->evidenceHint;
        for (const PlaybookVerdict &v : step->verdicts)
            s.verdicts.append({v.id, v.label});
    }
    return s;
}

void applyVerdict(PlaybookStepView &s, const QHash<QString, SavedVerdict> &verdicts)
{
    const auto it = verdicts.constFind(s.id);
    if (it == verdicts.cend())
        return;
    s.chosen = it->verdict;
    s.overridden = !s.chosen.isEmpty() && s.chosen != s.suggested;
}

PlaybookStepView locateStep(const Playbook &book, const Analysis &a, const VerdictSummary *summary)
{
    PlaybookStepView s = stepFrame(book, QStringLiteral("locate-hop"));
    const OriginResult &o = a.origin();
    const RequestCounts &c = a.counts();
    const qint64 total = o.alb + o.ingress + o.app + o.sidecar + o.cdn + o.undetermined;
    // The same counts as the verdict header and the status bar (one summary of this analysis).
    if (summary && summary->counted == VerdictSummary::Counted::Ingress)
        s.evidence.append({summary->countsSentence + QStringLiteral(" Without the load balancer's log the hop cannot be told."), {}});
    else
        s.evidence.append({QStringLiteral("%1 load-balancer requests, %2 answered 502 (%3 with target status '-')")
                               .arg(readableCount(c.requests), readableCount(c.status502), readableCount(c.missingUpstream502)),
                           originSpan(a, std::nullopt)});
    if (summary && summary->counted == VerdictSummary::Counted::LoadBalancer && summary->ingressLogged502 > 0 && c.status502 == 0)
        s.evidence.append({QStringLiteral("The ingress access logs hold %1 502s that the load balancer did not answer with a 502 "
                                          "(other traffic, or a load-balancer log of another time or system)")
                               .arg(readableCount(summary->ingressLogged502)),
                           {}});
    if (total > 0) {
        if (o.cdn)
            s.evidence.append({QStringLiteral("The CDN in front made %1 (%2): its origin, the load balancer, never answered them")
                                   .arg(readableCount(o.cdn), pct(o.cdn, total)),
                               originSpan(a, Origin::Cdn)});
        s.evidence.append({QStringLiteral("ALB made %1 of them (%2): the target never answered").arg(readableCount(o.alb), pct(o.alb, total)),
                           originSpan(a, Origin::Alb)});
        s.evidence.append({QStringLiteral("The ingress made %1 (%2): it logged an upstream failure").arg(readableCount(o.ingress), pct(o.ingress, total)),
                           originSpan(a, Origin::Ingress)});
        s.evidence.append({QStringLiteral("The app returned %1 (%2): its upstream answered 502").arg(readableCount(o.app), pct(o.app, total)),
                           originSpan(a, Origin::App)});
        if (o.sidecar)
            s.evidence.append({QStringLiteral("An Istio sidecar made %1 (%2): the app behind it never answered")
                                   .arg(readableCount(o.sidecar), pct(o.sidecar, total)),
                               originSpan(a, Origin::Sidecar)});
        if (o.undetermined)
            s.evidence.append({QStringLiteral("%1 (%2) cannot be told apart: the target answered 502 and no ingress line says who made it")
                                   .arg(readableCount(o.undetermined), pct(o.undetermined, total)),
                               originSpan(a, Origin::Undetermined)});
    }
    QStringList shown;
    for (const QString &n : o.notes) {
        if (shown.contains(n))
            continue; // one statement once
        shown << n;
        s.evidence.append({n, {}});
    }
    const bool known = std::any_of(s.verdicts.cbegin(), s.verdicts.cend(), [&](const PlaybookVerdictOption &v) { return v.id == o.verdict; });
    if (known && o.verdict != QLatin1String("none"))
        s.suggested = o.verdict;
    else if (c.requests > 0 && c.status502 == 0 && !(summary && summary->ingressLogged502 > 0))
        s.suggested = QStringLiteral("none");
    s.span = originSpan(a, std::nullopt);
    return s;
}

PlaybookStepView deploymentsStep(const Playbook &book, const Analysis &a)
{
    PlaybookStepView s = stepFrame(book, QStringLiteral("deployments"));
    // What to do in the matching panel below, rather than the playbook's what-to-look-at.
    s.hint = QStringLiteral("Choose which 502s (missing-upstream, ingress-made or all gateway), a window and run the "
                            "matching: each 502 is matched to the nearest restart, OOM kill, Killing or rollout, and the "
                            "match rate is compared with chance.");
    s.matchingStep = true;
    const MatchingResult &m = a.matching();
    if (m.missingUpstream502 > 0) {
        qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
        for (const MatchedPair &p : m.pairs) {
            lo = std::min({lo, p.errorUs, p.event.us});
            hi = std::max({hi, p.errorUs, p.event.us});
        }
        const TimeSpan pairs = lo <= hi ? TimeSpan{lo, hi + 1} : TimeSpan{};
        // The one statistical answer says the share and what chance gives (coincidence.h), once:
        // "19% vs 9.1% by chance: 2.0x ...", not beside a second, rounded chance figure.
        s.evidence.append({QStringLiteral("%1 of %2 %3 have an event within ±%4 s: %5")
                               .arg(readableCount(m.matched), readableCount(m.missingUpstream502), m.errorsLabel())
                               .arg(m.windowSeconds)
                               .arg(m.stats.summary()),
                           pairs});
        for (const QString &group : matchingGroups()) {
            if (const qint64 n = m.byGroup(group))
                s.evidence.append({QStringLiteral("nearest event %1 for %2 of them")
                                       .arg(matchingGroupLabel(group))
                                       .arg(readableCount(n)),
                                   {}});
        }
        if (const QString pods = m.samePodSummary(); !pods.isEmpty())
            s.evidence.append({pods, {}});
        s.span = pairs;
        // The suggestion (and why there is none) is the playbook run's: PlaybookRun::decideDeployments.
    } else {
        s.evidence.append({QStringLiteral("No %1 to match in this range").arg(m.errorsLabel()), {}});
    }
    s.evidence.append({QStringLiteral("%1 lifecycle events (restarts, OOM kills, Killing, rollouts) in range").arg(readableCount(m.eventCount)), {}});
    return s;
}
TimeSpan spanOf(const EvidenceLine &l)
{
    return l.hasRange() ? TimeSpan{l.from.us, std::max(l.to.us, l.from.us + 1)} : TimeSpan{};
}

QList<PlaybookEvidenceView> evidenceViews(const QList<EvidenceLine> &lines)
{
    QList<PlaybookEvidenceView> out;
    for (const EvidenceLine &l : lines)
        out.append({l.text, spanOf(l)});
    return out;
}

// A step of the playbook data with the run's evidence and suggestion.
PlaybookStepView stepView(const PlaybookRun &run, const StepResult &r)
{
    PlaybookStepView s = stepFrame(run.playbook(), r.id);
    s.number = r.number;
    s.title = r.title;
    s.question = r.question;
    s.evidence = evidenceViews(r.evidence);
    if (!r.k6Script.isEmpty())
        s.evidence.append({QStringLiteral("A k6 load test for the endpoints that saw 502s is in the Causes tab, under the "
                                          "top cause (\"Fix: Reproduce…\")."),
                           {}});
    s.suggested = r.verdict;
    for (const PlaybookEvidenceView &e : std::as_const(s.evidence))
        if (e.span.isValid() && !s.span.isValid())
            s.span = e.span;
    return s;
}
} // namespace

QList<PlaybookStepView> buildPlaybookSteps(const Analysis &analysis, const PlaybookRun *run,
                                           const QHash<QString, SavedVerdict> &verdicts, const VerdictSummary *summary)
{
    const Playbook &book = run ? run->playbook() : Playbook::builtin();
    QList<PlaybookStepView> steps{locateStep(book, analysis, summary), deploymentsStep(book, analysis)};
    if (run) {
        for (const StepResult &r : run->steps()) {
            auto it = std::find_if(steps.begin(), steps.end(), [&](const PlaybookStepView &s) { return s.id == r.id; });
            if (it == steps.end()) {
                steps.append(stepView(*run, r));
                continue;
            }
            // Steps 1 and 2: keep the origin and matching details, add the playbook's evidence.
            it->evidence += evidenceViews(r.evidence);
            // "No 502s" is no suggestion while the ingress logs hold some (the chart draws them).
            const bool ingressOnly502s = summary && summary->status502 == 0 && summary->ingressLogged502 > 0;
            if (it->suggested.isEmpty() && !(ingressOnly502s && r.verdict == QLatin1String("none")))
                it->suggested = r.verdict;
        }
    }
    std::stable_sort(steps.begin(), steps.end(), [](const auto &a, const auto &b) { return a.number < b.number; });
    for (PlaybookStepView &s : steps)
        applyVerdict(s, verdicts);
    return steps;
}

QList<PlaybookCauseView> buildCauseViews(const PlaybookRun &run)
{
    QList<PlaybookCauseView> out;
    for (const CauseScore &c : run.causes()) {
        PlaybookCauseView v;
        v.id = c.id;
        v.score = c.score;
        v.scoreText = shownScore(c);
        v.evidence = evidenceViews(c.lines);
        if (const PlaybookCause *cause = run.playbook().cause(c.id)) {
            v.title = cause->title;
            for (const PlaybookSnippet &f : cause->fixes)
                v.fixes.append({f.title, f.language, f.code});
        } else {
            v.title = c.id;
        }
        if (const StepResult *repro = run.step(QStringLiteral("reproduce")); repro && !repro->k6Script.isEmpty()
            && &c == &run.causes().first())
            v.fixes.append({QStringLiteral("Reproduce: k6 load test for the endpoints that saw 502s"),
                            QStringLiteral("javascript"), repro->k6Script});
        out.append(v);
    }
    return out;
}

} // namespace gateline
