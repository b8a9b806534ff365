#include "playbookrun.h"

#include "playbookreport.h"

#include "jobs/cancellation.h"

namespace gateline {

namespace {
constexpr double kVerdictMin = 0.3; // a cause must score at least this to be the suggested verdict
}

PlaybookRun::PlaybookRun(const Analysis &analysis, const Playbook &playbook)
    : m_playbook(playbook)
    , m_evidence(std::make_unique<Evidence>(analysis))
{
    // A stopped or superseded job (jobs/cancellation.h) stops between the stages: whoever stopped
    // it drops this partial run. Outside a job (analyze, tests) it always runs to its end.
    if (cancelRequested())
        return;
    m_causes = rankCauses(*m_evidence);
    if (cancelRequested())
        return;
    for (const PlaybookStep &step : playbook.steps())
        m_steps.append(makeStep(step));
}

const StepResult *PlaybookRun::step(const QString &id) const
{
    for (const StepResult &s : m_steps)
        if (s.id == id)
            return &s;
    return nullptr;
}

double PlaybookRun::scoreOf(const QString &cause) const
{
    for (const CauseScore &c : m_causes)
        if (c.id == cause)
            return c.score;
    return 0;
}

bool PlaybookRun::cannotTell(const QString &cause) const
{
    for (const CauseScore &c : m_causes)
        if (c.id == cause)
            return c.cannotTell;
    return false;
}

QString PlaybookRun::bestVerdict(const PlaybookStep &step, double min) const
{
    QString best;
    double bestScore = min;
    for (const PlaybookVerdict &v : step.verdicts) {
        if (v.cause.isEmpty() || cannotTell(v.cause))
            continue;
        const double sc = scoreOf(v.cause);
        if (sc >= bestScore) {
            best = v.id;
            bestScore = sc;
        }
    }
    if (!best.isEmpty())
        return best;
    // A cause the step tests cannot tell for want of a source: nothing found is not a finding
    // either (no suggestion; its evidence says what to load).
    for (const PlaybookVerdict &v : step.verdicts)
        if (!v.cause.isEmpty() && cannotTell(v.cause))
            return {};
    // The step's "nothing found" verdict: the last one that names no cause.
    for (auto it = step.verdicts.crbegin(); it != step.verdicts.crend(); ++it)
        if (it->cause.isEmpty())
            return it->id;
    return step.verdicts.isEmpty() ? QString() : step.verdicts.constLast().id;
}

QString PlaybookRun::bestVerdictOf(const PlaybookStep &step, const QStringList &ids, double min) const
{
    QString best;
    double bestScore = min;
    for (const PlaybookVerdict &v : step.verdicts) {
        if (v.cause.isEmpty() || !ids.contains(v.id) || cannotTell(v.cause))
            continue;
        if (const double sc = scoreOf(v.cause); sc >= bestScore) {
            best = v.id;
            bestScore = sc;
        }
    }
    return best;
}

void PlaybookRun::decideDeployments(const PlaybookStep &step, StepResult &r) const
{
    const MatchingResult &m = m_evidence->analysis().matching();
    // Verdicts whose events the matching does not test (a new pod's first start, an HPA rescale):
    // only the cause scores can suggest them.
    const QStringList untested{QStringLiteral("after-started"), QStringLiteral("during-scaling")};
    if (m.missingUpstream502 == 0 || m.stats.tooFew)
        return; // nothing (or too little) to match: the cause scores decide (makeStep)
    if (m.aboveChance()) {
        const qint64 deployment = m.byGroup(QStringLiteral("killing")) + m.byGroup(QStringLiteral("rollout"));
        const qint64 crash = m.byGroup(QStringLiteral("restart")) + m.byGroup(QStringLiteral("oomKill"));
        if (m.dominantFamily() == QLatin1String("crash")) {
            r.verdict = QStringLiteral("after-crash");
            r.evidence.append({QStringLiteral("the matched 502s sit on crashes, restarts and OOM kills (%1) more than on "
                                              "Killing and rollouts (%2): see step 3 (upstream health)")
                                   .arg(crash)
                                   .arg(deployment),
                               {}, {}});
            return;
        }
        r.verdict = bestVerdictOf(step, untested + QStringList{QStringLiteral("after-killing")}, kVerdictMin);
        if (r.verdict.isEmpty())
            r.verdict = QStringLiteral("after-killing");
        return;
    }
    if (m.stats.pValue < 0.05) {
        // Unlikely by chance, yet the interval reaches 1x: a few bursts (each one observation)
        // cannot settle it on their own. The cause evidence (deregistration lag, the server ending
        // connections, readiness gaps) may; else no suggestion.
        const QStringList all{QStringLiteral("after-killing"), QStringLiteral("after-started"),
                              QStringLiteral("during-scaling"), QStringLiteral("after-crash")};
        r.verdict = bestVerdictOf(step, all, kVerdictMin);
        r.undecided = r.verdict.isEmpty();
        const QString tail = r.undecided ? QStringLiteral("no suggestion")
                                         : QStringLiteral("the suggestion follows the cause evidence (%1 at %2)")
                                               .arg(step.verdict(r.verdict)->cause)
                                               .arg(scoreOf(step.verdict(r.verdict)->cause), 0, 'f', 2);
        r.evidence.append({QStringLiteral("%1 of 502s %2 on these events (%3), but so few bursts cannot "
                                          "rule chance out on their own: %4")
                               // the bursts on events, not every burst
                               .arg(countOf(m.stats.matchedBursts, QLatin1StringView("burst"), QLatin1StringView("bursts")),
                                    m.stats.matchedBursts == 1 ? QStringLiteral("sits") : QStringLiteral("sit"), m.stats.pText(), tail),
                           {}, {}});
        return;
    }
    r.verdict = bestVerdictOf(step, untested, kVerdictMin);
    if (r.verdict.isEmpty())
        r.verdict = QStringLiteral("not-correlated");
}

StepResult PlaybookRun::makeStep(const PlaybookStep &step) const
{
    StepResult r;
    r.id = step.id;
    r.number = step.number;
    r.title = step.title;
    r.question = step.question;
    fill(r);
    if (r.id == QLatin1StringView("deployments"))
        decideDeployments(step, r);
    if (r.verdict.isEmpty() && !r.undecided) {
        r.verdict = bestVerdict(step, kVerdictMin);
        r.undecided = r.verdict.isEmpty() && !step.verdicts.isEmpty();
    }
    if (const PlaybookVerdict *v = step.verdict(r.verdict)) {
        r.verdictLabel = v->label;
        r.next = v->next;
    }
    if (r.next.isEmpty())
        r.next = step.next;
    // The evidence of the causes this step tests, best first, without repeats.
    QStringList causes;
    for (const PlaybookVerdict &v : step.verdicts)
        if (!v.cause.isEmpty() && !causes.contains(v.cause))
            causes << v.cause;
    for (const CauseScore &c : m_causes) {
        if (!causes.contains(c.id))
            continue;
        for (const EvidenceLine &l : c.lines) {
            bool seen = false;
            for (const EvidenceLine &have : std::as_const(r.evidence))
                seen = seen || have.text == l.text;
            if (!seen)
                r.evidence.append(l);
        }
    }
    return r;
}

void PlaybookRun::fill(StepResult &r) const
{
    const Evidence &e = *m_evidence;
    const Analysis &a = e.analysis();
    const std::vector<qint64> &times = e.errorTimes();
    const qint64 first = times.empty() ? 0 : times.front();
    const qint64 last = times.empty() ? 0 : times.back();
    if (r.id == QLatin1StringView("locate-hop")) {
        const OriginResult &o = a.origin();
        const qint64 total = o.alb + o.ingress + o.app + o.sidecar + o.undetermined;
        if (e.series().fromLoadBalancer()) {
            r.evidence.append({QStringLiteral("%1 load-balancer 502s of %2 requests: %3 made by the load balancer (the "
                                              "target never answered), %4 by the ingress, %5 by the app, %6 undetermined%7")
                                   .arg(readableCount(total), readableCount(a.counts().requests), readableCount(o.alb),
                                        readableCount(o.ingress), readableCount(o.app), readableCount(o.undetermined),
                                        o.sidecar ? QStringLiteral(", %1 by an Istio sidecar").arg(readableCount(o.sidecar)) : QString()),
                               Timestamp{first}, Timestamp{last}});
            for (const QString &note : o.notes)
                r.evidence.append({note, {}, {}});
            QString v = o.verdict;
            if (v == QLatin1StringView("undetermined"))
                v = QStringLiteral("app"); // the target answered 502: it came from behind the load balancer
            r.verdict = v;
        } else {
            r.evidence.append({QStringLiteral("no load-balancer log: %1 ingress 502s with a failed upstream, %2 passed "
                                              "on from the app")
                                   .arg(times.size())
                                   .arg(e.series().app502()),
                               Timestamp{first}, Timestamp{last}});
            r.verdict = !times.empty() ? QStringLiteral("ingress")
                                       : (e.series().app502() > 0 ? QStringLiteral("app") : QStringLiteral("none"));
        }
        if (!e.logs().lbReasons.isEmpty()) {
            QStringList reasons;
            for (auto it = e.logs().lbReasons.cbegin(); it != e.logs().lbReasons.cend(); ++it)
                reasons << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
            reasons.sort();
            r.evidence.append({QStringLiteral("load-balancer error reasons of those 502s: %1")
                                   .arg(reasons.mid(0, 6).join(QStringLiteral(", "))),
                               {}, {}});
        }
        if (e.series().app502() > 0 && !times.empty())
            r.evidence.append({QStringLiteral("the %1 app-generated 502s are left out of the cause ranking")
                                   .arg(e.series().app502()),
                               {}, {}});
    } else if (r.id == QLatin1StringView("reproduce")) {
        const EndpointFeatures &ep = e.endpoints();
        if (ep.paths.isEmpty()) {
            r.verdict = QStringLiteral("nothing-to-test");
            r.evidence.append({QStringLiteral("no endpoint saw 502s a cause can explain"), {}, {}});
        } else {
            r.verdict = QStringLiteral("script-ready");
            r.evidence.append({QStringLiteral("endpoints that saw 502s: %1").arg(ep.paths.mid(0, 5).join(QStringLiteral(", "))),
                               Timestamp{first}, Timestamp{last}});
            r.evidence.append({QStringLiteral("observed peak rate: %1 requests/s").arg(e.load().requestsPerSecondPeak, 0, 'f', 1),
                               {}, {}});
            r.k6Script = k6Script(e);
        }
    }
}

} // namespace gateline
