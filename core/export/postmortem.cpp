#include "postmortem.h"

#include "playbook/evidence.h"
#include "playbook/playbookreport.h"
#include "playbook/playbookrun.h"
#include "report/verdictsummary.h"

#include <algorithm>
#include <optional>

namespace gateline {

namespace {

constexpr int kMaxTimelineRows = 300;
constexpr double kFactorMinScore = 0.3; // a ranked cause is a contributing factor from this score
constexpr int kMaxRankedFactors = 3;
constexpr double kCategoryMinScore = 0.5;
// Recovery shows in the data when the load balancer served this long and this many requests after the
// last 502 (and the pause is much longer than the usual gap between 502s).
constexpr qint64 kRecoveryQuietUs = 10 * 60 * qint64(1000000);
constexpr qint64 kRecoveryQuietRequests = 50;

QString score2(double s) { return QString::number(s, 'f', 2); }

// The best-scored cause the data can tell about (causes are best first): a cause that cannot tell
// for want of a source is never the one the data points to.
const CauseScore *bestTellable(const QList<CauseScore> &causes)
{
    for (const CauseScore &c : causes)
        if (!c.cannotTell)
            return &c;
    return nullptr;
}
QString percent(qint64 part, qint64 whole) { return whole > 0 ? Evidence::percent(double(part) / double(whole)) : QString(); }

QString causeTitle(const PostmortemInput &in, const QString &id)
{
    const PlaybookCause *pc = in.playbookCause(id);
    return pc && !pc->title.isEmpty() ? pc->title : id;
}

const CauseScore *rankedCause(const PostmortemInput &in, const QString &id)
{
    for (const CauseScore &c : in.causes)
        if (c.id == id)
            return &c;
    return nullptr;
}

// Accepted causes first (in step order), then the best ranked ones the data supports.
QStringList factorCauses(const PostmortemInput &in, QStringList *accepted)
{
    QStringList ids;
    for (const PostmortemVerdict &v : in.verdicts)
        if (!v.cause.isEmpty() && !ids.contains(v.cause))
            ids << v.cause;
    *accepted = ids;
    int ranked = 0;
    for (const CauseScore &c : in.causes) {
        if (ranked >= kMaxRankedFactors || c.score < kFactorMinScore)
            break;
        if (c.cannotTell) // a missing source: the data cannot point to it (playbookreport.h: shownScore)
            continue;
        if (!ids.contains(c.id)) {
            ids << c.id;
            ++ranked;
        }
    }
    return ids;
}

// When the last 502 is followed by a long quiet stretch of served requests, "first to last 502".
std::optional<qint64> recoveryUs(const PostmortemFacts &f, QString *why)
{
    if (f.errors.empty() || f.requests == 0)
        return std::nullopt;
    const qint64 first = f.errors.front().us, last = f.errors.back().us;
    const qint64 quiet = f.lastRequestUs - last;
    std::vector<qint64> gaps;
    for (size_t i = 1; i < f.errors.size(); ++i)
        gaps.push_back(f.errors[i].us - f.errors[i - 1].us);
    qint64 medianGap = 0;
    if (!gaps.empty()) {
        std::nth_element(gaps.begin(), gaps.begin() + qsizetype(gaps.size() / 2), gaps.end());
        medianGap = gaps[gaps.size() / 2];
    }
    if (quiet >= kRecoveryQuietUs && f.requestsAfterLast502 >= kRecoveryQuietRequests && quiet >= 5 * medianGap) {
        *why = QStringLiteral("first to last 502; after the last 502 the logs show %1 requests over %2 without one")
                   .arg(readableCount(f.requestsAfterLast502), spanText(quiet));
        return last - first;
    }
    *why = QStringLiteral("the data does not show a recovery: the last 502 came %1 before the end of the request logs")
               .arg(spanText(std::max<qint64>(quiet, 0)));
    return std::nullopt;
}

void addSummary(const PostmortemInput &in, const PostmortemFacts &f, PostmortemDocument &doc)
{
    const Analysis &a = *in.analysis;
    auto line = [&](const QString &t) { doc.summary.append({t, false, {}}); };
    // The finding in plain words, as the window's verdict header words it (same computation).
    const VerdictSummary verdict = summarizeVerdict(a, in.causes);
    if (!verdict.finding.isEmpty())
        line(QStringLiteral("In short: ") + verdict.finding);
    const qint64 n502 = qint64(f.errors.size());
    if (f.requests == 0 && n502 == 0) {
        line(QStringLiteral("No request logs with data in this range were loaded."));
    } else if (f.fromLoadBalancer) {
        if (n502 == 0)
            line(QStringLiteral("The load balancer answered none of its %1 requests in this range with HTTP 502.").arg(readableCount(f.requests)));
        else
            line(QStringLiteral("Between %1 and %2 UTC the load balancer answered %3 of %4 requests with HTTP 502 (%5).")
                     .arg(postmortemTime(f.errors.front().us), postmortemTime(f.errors.back().us))
                     .arg(readableCount(n502), readableCount(f.requests), percent(n502, f.requests)));
    } else {
        line(QStringLiteral("No load-balancer log was loaded. The ingress access logs show %1 HTTP 502s in %2 requests%3.")
                 .arg(readableCount(n502), readableCount(f.requests))
                 .arg(n502 ? QStringLiteral(" between %1 and %2 UTC").arg(postmortemTime(f.errors.front().us),
                                                                           postmortemTime(f.errors.back().us))
                           : QString()));
    }
    if (f.fromLoadBalancer && n502 > 0) {
        QString t = QStringLiteral("Of these, %1 were made by the load balancer itself (the target never answered), %2 by the "
                                   "ingress and %3 by the application")
                        .arg(readableCount(f.alb), readableCount(f.ingress), readableCount(f.app));
        if (f.sidecar)
            t += QStringLiteral("; %1 by an Istio sidecar (the app never answered it)").arg(readableCount(f.sidecar));
        if (f.cdn)
            t += QStringLiteral("; %1 by the CDN in front (its origin never answered them)").arg(readableCount(f.cdn));
        if (f.undetermined)
            t += QStringLiteral("; %1 could not be attributed to a hop").arg(readableCount(f.undetermined));
        t += QLatin1Char('.');
        const QString verdict = a.origin().verdict;
        if (verdict != QLatin1String("none"))
            t += QStringLiteral(" Over all loaded data the analysis places the origin at: %1.").arg(verdict);
        line(t);
    }
    const MatchingResult &m = a.matching();
    if (m.missingUpstream502 > 0) {
        // The statistical core's summary, word for word as analyze and the matching step show it;
        // it states the share and chance once ("100% vs 3.9% by chance: ..."), so they are not
        // repeated beside it.
        line(QStringLiteral("In the matching step (%1 to %2 UTC), %3 of %4 %5 fell within \u00b1%6 s of "
                            "a pod restart, OOM kill, Killing or rollout (%7).%8")
                 .arg(postmortemTime(std::max(m.from.us, a.timeline().first().us)),
                      postmortemTime(std::min(m.to.us, a.timeline().last().us)))
                 .arg(readableCount(m.matched), readableCount(m.missingUpstream502), m.errorsLabel())
                 .arg(m.windowSeconds)
                 .arg(m.stats.summary(),
                      m.stats.tooFew        ? QString() // the summary says "too few to tell"
                      : m.aboveChance()     ? QStringLiteral(" That is clearly more than chance.")
                                            : QStringLiteral(" That is not clearly more than chance.")));
    }
    QStringList accepted;
    factorCauses(in, &accepted);
    if (!accepted.isEmpty()) {
        QStringList titles;
        for (const QString &id : accepted)
            titles << causeTitle(in, id);
        line(QStringLiteral("Root cause accepted in the playbook: %1.").arg(titles.join(QStringLiteral("; "))));
        // An override the data contradicts says so, with the numbers (causeranker.h: overrideWarning).
        for (const QString &id : accepted)
            if (const QString w = overrideWarning(in.causes, id); !w.isEmpty())
                line(QStringLiteral("Warning: %1 was %2.").arg(causeTitle(in, id), w));
    } else if (const CauseScore *best = bestTellable(in.causes); best && best->score >= kFactorMinScore) {
        line(QStringLiteral("The loaded data points most to: %1 (score %2 of 1); not yet confirmed.")
                 .arg(causeTitle(in, best->id), score2(best->score)));
    } else {
        line(QStringLiteral("The loaded data does not point clearly to one of the playbook's root causes."));
    }
    doc.summary.append({QStringLiteral("Describe the impact on users and how the problem was noticed."), true, {}});
}

void addFactors(const PostmortemInput &in, PostmortemDocument &doc)
{
    // Findings the user accepted that name no cause (e.g. which hop made the 502s).
    for (const PostmortemVerdict &v : in.verdicts) {
        if (!v.cause.isEmpty())
            continue;
        PostmortemLine l;
        l.text = QStringLiteral("Playbook step %1 (%2): %3").arg(v.stepNumber).arg(v.stepTitle, v.verdictLabel);
        if (!v.comment.isEmpty())
            l.details << QStringLiteral("Comment: ") + v.comment;
        doc.factors.append(l);
    }
    QStringList accepted;
    const QStringList ids = factorCauses(in, &accepted);
    for (const QString &id : ids) {
        PostmortemLine l;
        const CauseScore *c = rankedCause(in, id);
        if (accepted.contains(id)) {
            QStringList where;
            for (const PostmortemVerdict &v : in.verdicts)
                if (v.cause == id)
                    where << QStringLiteral("step %1, %2").arg(v.stepNumber).arg(v.verdictLabel);
            l.text = QStringLiteral("%1 (accepted in the playbook: %2)").arg(causeTitle(in, id), where.join(QStringLiteral("; ")));
            if (const QString w = overrideWarning(in.causes, id); !w.isEmpty())
                l.details << QStringLiteral("Warning: ") + w;
            for (const PostmortemVerdict &v : in.verdicts)
                if (v.cause == id && !v.comment.isEmpty())
                    l.details << QStringLiteral("Comment: ") + v.comment;
        } else {
            l.text = QStringLiteral("%1 (score %2 from the loaded data; not confirmed)")
                         .arg(causeTitle(in, id), c ? (c->cannotTell ? shownScore(*c) : score2(c->score) + QStringLiteral(" of 1"))
                                                    : QStringLiteral("0.00 of 1"));
        }
        if (c)
            l.details << c->evidence;
        doc.factors.append(l);
    }
    if (ids.isEmpty())
        doc.factors.append({QStringLiteral("The loaded data does not support any root cause of the playbook; add the factors "
                                           "found by other means."),
                            true, {}});
    doc.factors.append({QStringLiteral("Add the factors the logs cannot show (process, monitoring, ownership)."), true, {}});
}

void addActions(const PostmortemInput &in, PostmortemDocument &doc)
{
    QStringList accepted;
    const QStringList ids = factorCauses(in, &accepted);
    QStringList seen;
    for (const QString &id : ids) {
        const PlaybookCause *pc = in.playbookCause(id);
        if (!pc)
            continue;
        for (const PlaybookSnippet &fix : pc->fixes) {
            const QString t = QStringLiteral("%1 (fix for: %2)").arg(fix.title, causeTitle(in, id));
            if (!seen.contains(fix.title)) {
                seen << fix.title;
                doc.actions.append({t, false, {}});
            }
        }
        for (const QString &p : pc->prevention) {
            if (!seen.contains(p)) {
                seen << p;
                doc.actions.append({p, false, {}});
            }
        }
    }
    if (doc.actions.isEmpty())
        doc.actions.append({QStringLiteral("No cause identified from the data: add the actions agreed on."), true, {}});
    doc.actions.append({QStringLiteral("Give each item an owner and a due date; drop what does not apply."), true, {}});
}

void addStats(const PostmortemInput &in, const PostmortemFacts &f, PostmortemDocument &doc)
{
    QStringList accepted;
    factorCauses(in, &accepted);
    QString category;
    if (!accepted.isEmpty())
        category = causeTitle(in, accepted.front());
    else if (const CauseScore *best = bestTellable(in.causes); best && best->score >= kCategoryMinScore)
        category = causeTitle(in, best->id) + QStringLiteral(" (not confirmed)");
    if (category.isEmpty())
        doc.stats.append({QStringLiteral("Category"), QStringLiteral("Intermittent HTTP 502s; the data names no cause"), true});
    else
        doc.stats.append({QStringLiteral("Category"), QStringLiteral("Intermittent HTTP 502s: ") + category, false});

    const qint64 n502 = qint64(f.errors.size());
    doc.stats.append({QStringLiteral("HTTP 502s"),
                      QStringLiteral("%1 of %2 %3 requests%4")
                          .arg(readableCount(n502), readableCount(f.requests),
                               f.fromLoadBalancer ? QStringLiteral("load-balancer") : QStringLiteral("ingress"),
                               f.requests ? QStringLiteral(" (%1)").arg(percent(n502, f.requests)) : QString()),
                      false});
    if (f.fromLoadBalancer && n502)
        doc.stats.append({QStringLiteral("502s by origin"),
                          QStringLiteral("load balancer %1, ingress %2, application %3, undetermined %4%5")
                              .arg(readableCount(f.alb), readableCount(f.ingress), readableCount(f.app),
                                   readableCount(f.undetermined),
                                   (f.sidecar ? QStringLiteral(", Istio sidecar %1").arg(readableCount(f.sidecar)) : QString())
                                       + (f.cdn ? QStringLiteral(", CDN %1").arg(readableCount(f.cdn)) : QString())),
                          false});
    if (n502) {
        doc.stats.append({QStringLiteral("First 502 seen"), postmortemTime(f.errors.front().us) + QStringLiteral(" UTC"), false});
        doc.stats.append({QStringLiteral("Last 502 seen"), postmortemTime(f.errors.back().us) + QStringLiteral(" UTC"), false});
    } else {
        doc.stats.append({QStringLiteral("First 502 seen"), QStringLiteral("none in the loaded data"), false});
    }
    doc.stats.append({QStringLiteral("Time to detection"), QStringLiteral("N/A: the logs do not show when the problem was detected"), true});
    QString why;
    if (const auto ttr = recoveryUs(f, &why))
        doc.stats.append({QStringLiteral("Time to recovery"), QStringLiteral("%1 (%2)").arg(spanText(*ttr), why), false});
    else
        doc.stats.append({QStringLiteral("Time to recovery"), n502 ? QStringLiteral("N/A: ") + why : QStringLiteral("N/A"), true});
}

// The folder (ending in '/') all sources' display paths start with, or empty.
QString commonFolder(const EventStore &store)
{
    if (store.sourceCount() == 0)
        return {};
    QString prefix = store.source(SourceId{0}).locator.displayPath();
    for (qsizetype id = 1; id < store.sourceCount(); ++id) {
        const QString p = store.source(SourceId{int(id)}).locator.displayPath();
        qsizetype n = 0;
        while (n < prefix.size() && n < p.size() && prefix[n] == p[n])
            ++n;
        prefix.truncate(n);
    }
    const qsizetype slash = prefix.lastIndexOf(QLatin1Char('/'));
    return slash > 0 ? prefix.left(slash + 1) : QString();
}

} // namespace

const PlaybookCause *PostmortemInput::playbookCause(const QString &id) const
{
    for (const PlaybookCause &c : playbookCauses)
        if (c.id == id)
            return &c;
    return nullptr;
}

QList<PostmortemVerdict> resolveVerdicts(const QList<SavedVerdict> &saved, const Playbook &playbook)
{
    QList<PostmortemVerdict> out;
    for (const SavedVerdict &sv : saved) {
        PostmortemVerdict v;
        v.step = sv.step;
        v.verdict = sv.verdict;
        v.verdictLabel = sv.verdict;
        v.stepTitle = sv.step;
        v.overridden = sv.overridden;
        v.comment = sv.comment;
        if (const PlaybookStep *step = playbook.step(sv.step)) {
            v.stepNumber = step->number;
            v.stepTitle = step->title;
            if (const PlaybookVerdict *pv = step->verdict(sv.verdict)) {
                v.verdictLabel = pv->label;
                v.cause = pv->cause;
            }
        }
        out.append(v);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.stepNumber < b.stepNumber; });
    return out;
}

PostmortemInput makePostmortemInput(const Analysis &analysis, const PlaybookRun &run, const TimeSpan &range,
                                    const QList<SavedVerdict> &verdicts, const QList<PinnedNote> &notes)
{
    PostmortemInput in;
    in.analysis = &analysis;
    in.range = range;
    in.causes = run.causes();
    in.verdicts = resolveVerdicts(verdicts, run.playbook());
    in.notes = notes;
    in.playbookCauses = run.playbook().causes();
    in.bursts = run.evidence().bursts().bursts;
    return in;
}

PostmortemDocument buildPostmortem(const PostmortemInput &in)
{
    PostmortemDocument doc;
    if (!in.analysis)
        return doc;
    const Analysis &a = *in.analysis;
    const PostmortemFacts facts = collectPostmortemFacts(a, in.range);
    doc.title = in.title.isEmpty() ? QStringLiteral("Postmortem: intermittent HTTP 502s (draft)") : in.title;
    const qint64 from = in.range.isValid() ? in.range.fromUs : a.timeline().first().us;
    const qint64 to = in.range.isValid() ? in.range.toUs : a.timeline().last().us;
    doc.scope = QStringLiteral("Draft written by Gateline from %1 loaded log sources, %2 to %3 UTC. Every statement below "
                               "comes from that data; items marked TODO need facts the logs do not hold.")
                    .arg(a.store().sourceCount())
                    .arg(postmortemTime(from), postmortemTime(to));

    addSummary(in, facts, doc);
    doc.timeline = postmortemTimeline(in, facts, kMaxTimelineRows, &doc.timelineLeftOut);
    addFactors(in, doc);
    addActions(in, doc);
    doc.lessons.append({QStringLiteral("What went well, what went wrong, where we were lucky."), true, {}});
    doc.attendees.append({QStringLiteral("Who took part in the investigation and the review."), true, {}});
    addStats(in, facts, doc);

    const EventStore &store = a.store();
    const QString folder = commonFolder(store);
    if (!folder.isEmpty())
        doc.scope += QStringLiteral(" Sources are named relative to %1.").arg(folder);
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        const SourceAlignment &al = a.timeline().alignment(sid);
        doc.sources.append({s.locator.displayPath().mid(folder.size()), formatId(s.format), s.size(), s.rejected.total,
                            QString::number(al.offsetSeconds, 'f', 3), methodId(al.method)});
    }
    for (const CauseScore &c : in.causes)
        doc.rankedCauses.append({QStringLiteral("%1 (%2)").arg(causeTitle(in, c.id), shownScore(c)), false, c.evidence});
    return doc;
}

} // namespace gateline
