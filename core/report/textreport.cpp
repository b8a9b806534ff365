#include "textreport.h"

#include "jsonreport.h"
#include "ingest/timeprune.h"

#include "playbook/playbookreport.h"
#include "verdictsummary.h"

namespace gateline {

namespace {
QString percent(double v) { return QStringLiteral("%1%").arg(v * 100.0, 0, 'f', 1); }
} // namespace

QString analysisToText(const Analysis &a)
{
    QString out;
    const EventStore &store = a.store();
    // The answer first, in the words the window's verdict header uses.
    const QList<CauseScore> causes = rankCauses(a);
    out += QStringLiteral("Verdict: %1\n\n").arg(summarizeVerdict(a, causes).text());
    out += QStringLiteral("Sources (%1)\n").arg(store.sourceCount());
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        const SourceAlignment &al = a.timeline().alignment(sid);
        out += QStringLiteral("  %1  [%2]  %3 records").arg(s.locator.displayPath(), formatId(s.format)).arg(s.size());
        if (s.rejected.total)
            out += QStringLiteral(", %1 rejected").arg(s.rejected.total);
        if (s.size())
            out += QStringLiteral(", %1 .. %2").arg(rfc3339(s.firstTime()), rfc3339(s.lastTime()));
        if (al.method != SourceAlignment::Reference && al.method != SourceAlignment::NotEstimated)
            out += QStringLiteral(", clock %1%2 s (%3, confidence %4)")
                       .arg(al.offsetSeconds >= 0 ? QStringLiteral("+") : QString())
                       .arg(al.offsetSeconds, 0, 'f', 2)
                       .arg(methodId(al.method))
                       .arg(al.confidence, 0, 'f', 2);
        out += QLatin1Char('\n');
        for (auto it = s.rejected.byReason.cbegin(); it != s.rejected.byReason.cend(); ++it)
            out += QStringLiteral("      rejected: %1 x%2\n").arg(it.key()).arg(it.value());
        for (const QString &n : s.notes)
            out += QStringLiteral("      note: %1\n").arg(n);
        if (!al.note.isEmpty() && al.method != SourceAlignment::Reference)
            out += QStringLiteral("      time: %1\n").arg(al.note);
    }
    for (const UnrecognisedSource &u : store.unrecognised)
        out += QStringLiteral("  %1  not recognised: %2\n").arg(u.path, u.reason);
    for (const QString &m : store.messages)
        out += QStringLiteral("  ! %1\n").arg(m);
    if (const RangePruning &r = store.pruning; r.active)
        out += QStringLiteral("  range %1 .. %2: %3 files read, %4 skipped as outside it (%5 by ALB file name, %6 by "
                              "first/last line)\n")
                   .arg(r.fromUs == IngestRange::kOpenStart ? QStringLiteral("(open)") : rfc3339({r.fromUs}),
                        r.untilUs == IngestRange::kOpenEnd ? QStringLiteral("(open)") : rfc3339({r.untilUs}))
                   .arg(r.filesRead)
                   .arg(r.filesSkipped)
                   .arg(r.byFileName)
                   .arg(r.byContent);

    const RequestCounts &c = a.counts();
    const OriginResult &o = a.origin();
    out += QStringLiteral("\nLoad balancer: %1 requests, %2 502s, %3 missing-upstream 502s (target_status_code '-')\n")
               .arg(c.requests)
               .arg(c.status502)
               .arg(c.missingUpstream502);
    out += QStringLiteral("502 origin: %1  (alb %2, ingress %3, app %4, undetermined %5%6)\n")
               .arg(o.verdict)
               .arg(o.alb)
               .arg(o.ingress)
               .arg(o.app)
               .arg(o.undetermined)
               .arg((o.sidecar ? QStringLiteral(", sidecar %1").arg(o.sidecar) : QString())
                    + (o.cdn ? QStringLiteral(", cdn %1").arg(o.cdn) : QString()));
    for (const QString &n : o.notes)
        out += QStringLiteral("  %1\n").arg(n);

    const MatchingResult &m = a.matching();
    out += QStringLiteral("\nMatching %1 to restarts, OOM kills, Killing and rollouts (±%2 s)%3:\n")
               .arg(m.errorsLabel())
               .arg(m.windowSeconds)
               .arg(m.errorsFromVerdict ? QStringLiteral(", the kind the hop verdict points at (--match picks another)")
                                        : QString());
    out += QStringLiteral("  %1 of %2 matched (%3): %4%5\n")
               .arg(m.matched)
               .arg(m.missingUpstream502)
               .arg(percent(m.matchRate), m.stats.summary())
               .arg(m.aboveChance() ? QStringLiteral(": clearly above chance") : QString());
    out += QStringLiteral("  by kind: restart %1, oomKill %2, killing %3, rollout %4\n")
               .arg(m.byKind[0])
               .arg(m.byKind[1])
               .arg(m.byKind[2])
               .arg(m.byKind[3]);
    if (const QString pods = m.samePodSummary(); !pods.isEmpty())
        out += QStringLiteral("  %1\n").arg(pods);
    out += QLatin1Char('\n') + causesToText(causes);
    return out;
}

} // namespace gateline
