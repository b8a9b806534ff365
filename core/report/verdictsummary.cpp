#include "verdictsummary.h"

#include "analysis/eventclass.h"
#include "analysis/lifecycleevent.h"
#include "analysis/podaddresshistory.h"
#include "playbook/playbook.h"

#include <QLocale>

#include <algorithm>
#include <map>
#include <set>

namespace gateline {

namespace {

QString causeTitle(const QString &id)
{
    const PlaybookCause *c = Playbook::builtin().cause(id);
    return c && !c->title.isEmpty() ? c->title : id;
}

QString groupNoun(const QString &group, qint64 n)
{
    const bool one = n == 1;
    if (group == QLatin1String("oomKill"))
        return one ? QStringLiteral("OOM kill") : QStringLiteral("OOM kills");
    if (group == QLatin1String("restart"))
        return one ? QStringLiteral("restart") : QStringLiteral("restarts");
    if (group == QLatin1String("killing"))
        return one ? QStringLiteral("Killing (pod stopped)") : QStringLiteral("Killings (pods stopped)");
    if (group == QLatin1String("rollout"))
        return one ? QStringLiteral("rollout step") : QStringLiteral("rollout steps");
    return one ? QStringLiteral("event") : QStringLiteral("events");
}

QString groupVerb(const QString &group)
{
    if (group == QLatin1String("oomKill"))
        return QStringLiteral("were OOM-killed");
    if (group == QLatin1String("restart"))
        return QStringLiteral("restarted");
    if (group == QLatin1String("killing"))
        return QStringLiteral("were stopped (Killing)");
    if (group == QLatin1String("rollout"))
        return QStringLiteral("were replaced in a rollout");
    return QStringLiteral("changed");
}

// Who made the 502s, as the end of "N of M 502s were ...".
QString hopPhrase(const QString &hop, bool alb)
{
    if (hop == QLatin1String("alb"))
        return alb ? QStringLiteral("made by the ALB (target never answered)")
                   : QStringLiteral("made by the load balancer (target never answered)");
    if (hop == QLatin1String("ingress"))
        return QStringLiteral("made by the ingress (it logged an upstream failure)");
    if (hop == QLatin1String("app"))
        return QStringLiteral("returned by the app (its upstream answered 502)");
    if (hop == QLatin1String("sidecar"))
        return QStringLiteral("made by an Istio sidecar (the app behind it never answered)");
    if (hop == QLatin1String("cdn"))
        return QStringLiteral("made by the CDN in front (its origin, the load balancer, never answered them)");
    return {};
}

qint64 hopCountOf(const OriginResult &o, const QString &hop)
{
    if (hop == QLatin1String("alb"))
        return o.alb;
    if (hop == QLatin1String("ingress"))
        return o.ingress;
    if (hop == QLatin1String("app"))
        return o.app;
    if (hop == QLatin1String("sidecar"))
        return o.sidecar;
    if (hop == QLatin1String("cdn"))
        return o.cdn;
    return 0;
}

// The object an event is about: its kind ("Pod", "Node", empty when not given) and name.
std::pair<QString, QString> eventObject(const EventStore &store, const ClassifiedEvent &e)
{
    if (e.source.value < 0 || e.source.value >= store.sourceCount())
        return {};
    const SourceData &s = store.source(e.source);
    if (e.row < 0 || e.row >= s.size())
        return {};
    const QString o = s.string(SourceData::Object, e.row);
    const qsizetype slash = o.indexOf(QLatin1Char('/'));
    return slash >= 0 ? std::make_pair(o.left(slash), o.mid(slash + 1)) : std::make_pair(QString(), o);
}

// The moments the matched 502s sit on: the pairs' events folded into incidents (events closer
// than the window are one), counted where an event of the main group (the one most matched 502s
// sit nearest to) is part of it, and the workloads of the pods involved.
void describeEvents(const Analysis &a, const MatchingResult &m, VerdictSummary &v)
{
    if (m.pairs.empty())
        return;
    // The group of the family step 2 names (MatchingResult::dominantFamily), so the header and
    // step 2 cannot name different families.
    v.eventGroup = m.mainGroup();
    if (v.eventGroup.isEmpty())
        return;
    const qint64 window = qint64(std::max(1.0, m.windowSeconds) * 1e6);
    std::vector<qint64> times;
    times.reserve(m.pairs.size());
    for (const MatchedPair &p : m.pairs)
        times.push_back(p.event.us);
    std::sort(times.begin(), times.end());
    std::vector<std::pair<qint64, qint64>> incidents;
    for (qint64 t : times) {
        if (incidents.empty() || t - incidents.back().second > window)
            incidents.push_back({t, t});
        else
            incidents.back().second = t;
    }
    // Every restart-like event (not only the nearest ones): an OOM kill and the restart it caused
    // are one incident, whichever of them was nearest to the 502s.
    const std::vector<LifecycleEvent> events = collectLifecycleEvents(a.timeline(), a.options().matching.namespaces);
    std::set<QString> workloads;
    bool unnamed = false;
    for (const auto &[lo, hi] : incidents) {
        const auto from = std::lower_bound(events.begin(), events.end(), lo - window,
                                           [](const LifecycleEvent &e, qint64 us) { return e.us < us; });
        bool ofGroup = false;
        std::set<QString> here;
        for (auto it = from; it != events.end() && it->us <= hi + window; ++it) {
            ofGroup = ofGroup || matchingGroup(it->cls) == v.eventGroup;
            const auto [kind, name] = eventObject(a.store(), *it);
            if (!name.isEmpty() && (kind.isEmpty() || kind.compare(QLatin1String("pod"), Qt::CaseInsensitive) == 0))
                here.insert(workloadOfPod(name));
        }
        if (!ofGroup)
            continue;
        ++v.eventCount;
        if (here.empty())
            unnamed = true;
        workloads.insert(here.begin(), here.end());
    }
    // Events that name no pod (a node's OOMKilling) do not contradict the ones that do.
    Q_UNUSED(unnamed);
    if (workloads.size() == 1)
        v.eventTarget = *workloads.begin() + QStringLiteral(" pods");
    else if (workloads.size() > 1)
        v.eventTarget = QStringLiteral("pods of %1 workloads").arg(workloads.size());
    else
        v.eventTarget = QStringLiteral("pods");
}

} // namespace

VerdictSummary summarizeVerdict(const Analysis &a, const QList<CauseScore> &causes)
{
    VerdictSummary v;
    const EventStore &store = a.store();
    bool haveLb = false, haveIngress = false, haveEvents = false;
    qint64 ingressRequests = 0;
    for (qsizetype i = 0; i < store.sourceCount(); ++i) {
        const SourceData &s = store.source(SourceId{int(i)});
        if (isLoadBalancerFormat(s.format)) {
            haveLb = true;
            v.alb = v.alb || s.format == SourceFormat::Alb;
        }
        if (s.format == SourceFormat::K8sEvents || s.format == SourceFormat::K8sPods || s.format == SourceFormat::K8sDescribe)
            haveEvents = haveEvents || s.size() > 0;
        if (!isIngressAccessSource(s))
            continue;
        haveIngress = true;
        for (qsizetype r = 0; r < s.size(); ++r) {
            if (s.kind(r) != EventKind::Request)
                continue;
            ++ingressRequests;
            if (s.status(r) == 502)
                ++v.ingressLogged502;
        }
    }
    const RequestCounts &c = a.counts();
    const OriginResult &o = a.origin();
    if (haveLb) {
        v.counted = VerdictSummary::Counted::LoadBalancer;
        v.requests = c.requests;
        v.status502 = c.status502;
        v.missingUpstream502 = c.missingUpstream502;
    } else if (haveIngress) {
        v.counted = VerdictSummary::Counted::Ingress;
        v.requests = ingressRequests;
        v.status502 = v.ingressLogged502;
    }
    v.hop = o.verdict;
    v.hopCount = hopCountOf(o, v.hop);
    // A CDN in front made 502s of its own (analysis/cdnorigin.h): the viewers got them, the load
    // balancer's log does not hold them, so they count with its 502s.
    if (v.counted == VerdictSummary::Counted::LoadBalancer && o.cdn > 0) {
        v.status502 += o.cdn;
        v.cdnMade502 = o.cdn;
    }

    const MatchingResult &m = a.matching();
    v.matched = m.matched;
    v.matchedOf = m.missingUpstream502;
    v.windowSeconds = m.windowSeconds;
    v.chanceRate = m.chanceRate;
    v.aboveChance = m.aboveChance();
    describeEvents(a, m, v);

    // The ranking names the primary and contributing causes (CauseScore::role); a ranking that
    // names none gives the best one from a score up, as the ranker would (causeranker.cpp): never a
    // cause that cannot tell for want of a source.
    const bool named = std::any_of(causes.cbegin(), causes.cend(), [](const CauseScore &c) { return !c.role.isEmpty(); });
    if (v.status502 > 0) {
        for (qsizetype i = 0; i < causes.size(); ++i) {
            const CauseScore &c = causes[i];
            const VerdictSummary::Cause cause{c.id, causeTitle(c.id), c.score};
            const bool primary = named ? c.role == QLatin1String("primary")
                                       : (i == 0 && c.score >= kVerdictCauseMinScore && !c.cannotTell);
            const bool contributing = named ? c.role == QLatin1String("contributing")
                                            : (i > 0 && v.primary && c.score >= kVerdictCauseMinScore && !c.cannotTell);
            if (primary && !v.primary)
                v.primary = cause;
            else if (contributing)
                v.contributing.append(cause);
        }
    }

    // How many, and which hop.
    const QString n502 = readableCount(v.status502);
    switch (v.counted) {
    case VerdictSummary::Counted::Nothing:
        v.countsSentence = QStringLiteral("No request logs are loaded.");
        v.missing << QStringLiteral("load the load balancer's access logs (ALB or GCP)");
        break;
    case VerdictSummary::Counted::LoadBalancer:
        if (v.status502 == 0) {
            v.countsSentence = QStringLiteral("The load balancer answered none of its %1 requests with 502.").arg(readableCount(v.requests));
            if (v.ingressLogged502 > 0)
                v.countsSentence += QStringLiteral(" The ingress access logs hold %1 502s its log does not show.").arg(readableCount(v.ingressLogged502));
        } else if (const QString phrase = hopPhrase(v.hop, v.alb); !phrase.isEmpty()) {
            v.countsSentence = v.hopCount == v.status502
                                   ? QStringLiteral("All %1 502s were %2.").arg(n502, phrase)
                                   : QStringLiteral("%1 of %2 502s were %3.").arg(readableCount(v.hopCount), n502, phrase);
        } else {
            v.countsSentence = QStringLiteral("%1 502s at the load balancer, %2 of them with no answer from the target.")
                                   .arg(n502, readableCount(v.missingUpstream502));
            if (!haveIngress)
                v.missing << QStringLiteral("load the ingress access logs to tell which hop made them");
        }
        // The load balancer's own log shows none (a CDN's 502s may be counted): the ingress's
        // 502s, which the chart draws, are said all the same.
        if (v.status502 > 0 && c.status502 == 0 && v.ingressLogged502 > 0)
            v.countsSentence += QStringLiteral(" The ingress access logs hold %1 502s the load balancer's log does not show.")
                                    .arg(readableCount(v.ingressLogged502));
        break;
    case VerdictSummary::Counted::Ingress:
        v.countsSentence = QStringLiteral("The ingress access logs hold %1 502s in %2 requests.").arg(n502, readableCount(v.requests));
        if (v.status502 > 0)
            v.missing << QStringLiteral("load the load balancer's access logs to tell which hop made them");
        break;
    }

    // The events they sit on.
    if (v.matchedOf > 0) {
        const QString within = QStringLiteral("%1 of %2 within ±%3 s of any restart, OOM kill or rollout, where chance alone puts %4")
                                   .arg(readableCount(v.matched), readableCount(v.matchedOf))
                                   .arg(v.windowSeconds)
                                   .arg(m.stats.chanceText()); // the core's figure: "< 0.7%" when the shifts do not resolve it
        if (v.aboveChance && v.eventCount > 0)
            v.eventsSentence = QStringLiteral("They sit on %1 %2 of %3 (%4).")
                                   .arg(readableCount(v.eventCount), groupNoun(v.eventGroup, v.eventCount), v.eventTarget, within);
        else if (v.matched > 0 && !m.stats.tooFew && m.stats.pValue < 0.05)
            // Step 2's middle case (PlaybookRun::decideDeployments): unlikely by chance, but too
            // few bursts to rule it out.
            v.eventsSentence = QStringLiteral("%1 of them %2 on restarts, OOM kills or rollouts (%3), too few "
                                              "to rule chance out (%4).")
                                   // the bursts on events, not every burst
                                   .arg(countOf(m.stats.matchedBursts, QLatin1StringView("burst"), QLatin1StringView("bursts")),
                                        m.stats.matchedBursts == 1 ? QStringLiteral("sits") : QStringLiteral("sit"), m.stats.pText(), within);
        else if (v.matched > 0)
            v.eventsSentence = QStringLiteral("Their tie to restarts, OOM kills and rollouts is no more than chance (%1).").arg(within);
        else if (m.eventCount > 0)
            v.eventsSentence = QStringLiteral("None sits near a restart, OOM kill or rollout (±%1 s).").arg(v.windowSeconds);
        if (m.eventCount == 0 && !haveEvents)
            v.missing << QStringLiteral("load Kubernetes events or pods (kubectl get events/pods -o json) to tie them to restarts");
    }

    // The cause.
    if (v.primary) {
        v.causeSentence = QStringLiteral("Most likely: %1 (%2).").arg(v.primary->title).arg(v.primary->score, 0, 'f', 2);
        if (!v.contributing.isEmpty()) {
            QStringList parts;
            for (const VerdictSummary::Cause &k : std::as_const(v.contributing))
                parts << QStringLiteral("%1 (%2)").arg(k.title).arg(k.score, 0, 'f', 2);
            v.causeSentence += QStringLiteral(" Contributing: %1.").arg(parts.join(QStringLiteral("; ")));
        }
    } else if (v.status502 > 0 && !causes.isEmpty()) {
        v.causeSentence = QStringLiteral("No playbook cause stands out in the loaded data.");
    }
    // With no cause named, what the ranking could not tell for want of a source.
    if (!v.primary && v.status502 > 0) {
        for (const CauseScore &c : causes)
            if (const QString load = QStringLiteral("load %1").arg(c.missing);
                c.cannotTell && !c.missing.isEmpty() && !v.missing.contains(load) && v.missing.size() < 2)
                v.missing << load;
    }
    if (!v.missing.isEmpty())
        v.missingSentence = QStringLiteral("Cannot tell yet: %1.").arg(v.missing.join(QStringLiteral("; ")));

    // Plain words, no numbers.
    const bool tied = v.aboveChance && v.eventCount > 0;
    if (tied && (v.hop == QLatin1String("alb") || v.hop == QLatin1String("ingress") || v.hop == QLatin1String("sidecar"))) {
        const QString who = v.hop == QLatin1String("alb") ? (v.alb ? QStringLiteral("the ALB's") : QStringLiteral("the load balancer's"))
                          : v.hop == QLatin1String("ingress") ? QStringLiteral("the ingress's")
                                                              : QStringLiteral("the sidecar's");
        v.finding = QStringLiteral("%1 %2; %3 in-flight requests to them failed%4.")
                        .arg(v.eventTarget, groupVerb(v.eventGroup), who,
                             v.hop == QLatin1String("alb") ? QStringLiteral(" (the target never answered)") : QString());
        v.finding[0] = v.finding[0].toUpper();
    } else if (v.counted != VerdictSummary::Counted::Nothing && v.status502 > 0 && !hopPhrase(v.hop, v.alb).isEmpty()) {
        v.finding = QStringLiteral("The 502s were %1").arg(hopPhrase(v.hop, v.alb));
        v.finding += v.primary ? QStringLiteral("; the data points most to %1.").arg(v.primary->title)
                               : QStringLiteral(".");
    }
    return v;
}

QString VerdictSummary::text() const
{
    QStringList parts;
    for (const QString &s : {countsSentence, eventsSentence, causeSentence, missingSentence})
        if (!s.isEmpty())
            parts << s;
    return parts.join(QLatin1Char(' '));
}

QString VerdictSummary::shortCounts() const
{
    switch (counted) {
    case Counted::Nothing: return {};
    case Counted::LoadBalancer: {
        const QString ingress =
            ingressLogged502 ? QStringLiteral(" · %1 × 502 in ingress logs").arg(readableCount(ingressLogged502)) : QString();
        if (cdnMade502 > 0)
            return QStringLiteral("%1 × 502 at the CDN and load balancer (%2 made by the CDN, %3 target never answered)%4")
                .arg(readableCount(status502), readableCount(cdnMade502), readableCount(missingUpstream502), ingress);
        // "(0 target never answered)" read as a fault of its own: say it only when there are some.
        const QString neverAnswered = missingUpstream502 > 0
            ? QStringLiteral(" (%1 target never answered)").arg(readableCount(missingUpstream502)) : QString();
        return QStringLiteral("%1 × 502 at the load balancer%2%3").arg(readableCount(status502), neverAnswered, ingress);
    }
    case Counted::Ingress: return QStringLiteral("%1 × 502 in ingress logs (no load-balancer log)").arg(readableCount(status502));
    }
    return {};
}

} // namespace gateline
