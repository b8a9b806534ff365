#include "causeranker.h"

#include "branchcauses.h"
#include "tablecauses.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

// The 502s of one hop a cause's support rests on (rescoreByHop()), by cause id: its claims are
// those 502s only. Absent: all of them.
using HopMasks = QHash<QString, std::vector<char>>;

void finish(const Evidence &e, QList<CauseScore> &out, const HopMasks &hops);

} // namespace

QStringList causeIds()
{
    return tableCauseIds() + branchCauseIds();
}

QList<CauseScore> rankCauses(const Analysis &analysis)
{
    return rankCauses(Evidence(analysis));
}

namespace {

QList<CauseScore> scoreAll(const Evidence &e)
{
    QList<CauseScore> out;
    scoreTableCauses(e, out);
    scoreBranchCauses(e, out);
    return out;
}

void rescoreByHop(const Evidence &e, QList<CauseScore> &out, HopMasks &hops);
void rescoreOnResiduals(const Evidence &e, QList<CauseScore> &out, HopMasks &hops);

} // namespace

QList<CauseScore> rankCauses(const Evidence &e)
{
    QList<CauseScore> out = scoreAll(e);
    HopMasks hops;
    rescoreByHop(e, out, hops);
    rescoreOnResiduals(e, out, hops);
    finish(e, out, hops);
    return out;
}

namespace {

// Raw support -> probability that the cause is acting: an isotonic (pool-adjacent-violators) fit of
// "acting" on the support over the randomised bundles of sixteen TRAINING study seeds, 1301, 1302 and
// 2001-2014 (`scripts/cause-accuracy.py --per-cause 3 --none 3 --mixed 20 --study-seed N --dump`, then
// `--fit` of the sixteen dumps: 13,257 scored causes; bundles whose cause made 1-4 502s are left out, a
// single-cause draw whose cause emitted none counts as a bundle without a cause), blocks of at least 10
// causes, each block's rate its share acting k/n over the block's own supports, linear only across the
// gaps between blocks (where no training cause lies). Dumped with the evidence of 40c75e6 (dns-failure
// weighed on the 502s scored, passive-ejection claiming its triggers; 0e0cec7 computes the same).
// Leave-one-dump-out over the sixteen (each dump scored by the fit of the other fifteen): Brier score
// 4.80e-3 (the dumps of 3706c35 gave 5.04e-3), no band of at least 10 causes more than 10 points off
// (0.0-0.1: 11,949 causes, 0.2% acting; 0.1-0.2: 35, 8.6%, mean 0.13; 0.8-0.9: 45, 78%, 0.82;
// 0.9-1.0: 1,197, 98.6%, 0.99). The mid-range is thin: 0.3-0.8 holds 31 causes, 8 or fewer per band.
// The step at support 0.5 is the data's: 0.454-0.500 acts 4 times in 31, 0.501-0.525 4 in 10,
// 0.526-0.551 5 in 10 (the 0.500 that kActingScore names). Knots at the blocks' middles, linear
// between (the table before stop 30), scored 4.76e-3 here but put two bands of >= 10 causes 15 and
// 26 points off. Per-cause tables shrunk toward this one named fewer wrong causes out of sample at
// stop 29 but put ~230 causes at 0.1-0.2 with 2% acting: not taken. Checked on held-out seeds (the
// study prints the calibration by band).
// Refit whenever the evidence changes.
struct CalibrationPoint {
    double support, probability;
};
constexpr CalibrationPoint kCalibration[] = {
    {0.0000, 0.001}, {0.0010, 0.007}, {0.0480, 0.007}, {0.0490, 0.018}, {0.3630, 0.018},
    {0.3650, 0.089}, {0.4520, 0.089}, {0.4540, 0.129}, {0.5000, 0.129}, {0.5010, 0.400},
    {0.5250, 0.400}, {0.5260, 0.500}, {0.5510, 0.500}, {0.5630, 0.750}, {0.5790, 0.750},
    {0.5800, 0.822}, {0.6300, 0.822}, {0.6340, 0.929}, {0.6600, 0.929}, {0.6640, 0.933},
    {0.7290, 0.933}, {0.7310, 0.964}, {0.7520, 0.964}, {0.7530, 0.972}, {0.7810, 0.972},
    {0.7820, 0.979}, {0.8440, 0.979}, {0.8470, 0.992}, {1.0000, 0.992},
};

double calibrate(double support)
{
    support = std::clamp(support, 0.0, 1.0);
    for (size_t i = 1; i < std::size(kCalibration); ++i) {
        const CalibrationPoint &a = kCalibration[i - 1], &b = kCalibration[i];
        if (support <= b.support)
            return b.support > a.support
                ? a.probability + (b.probability - a.probability) * (support - a.support) / (b.support - a.support)
                : b.probability;
    }
    return kCalibration[std::size(kCalibration) - 1].probability;
}

// The 502s (indices into Evidence::errorTimes) a cause's evidence ties to it.
std::vector<char> claims(const QString &id, const Evidence &e, const HopMasks &hops)
{
    std::vector<char> out = branchCauseIds().contains(id) ? branchClaims(id, e) : tableClaims(id, e);
    if (const auto it = hops.constFind(id); it != hops.constEnd())
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = i < it->size() && (*it)[i] ? out[i] : 0;
    return out;
}

// The 502s the upstream itself returned that a cause's evidence ties to it (indices into the
// series' appErrors(); only a slow backend claims any: tablecauses.h).
std::vector<char> appClaims(const QString &id, const Evidence &e)
{
    return branchCauseIds().contains(id) ? std::vector<char>(e.series().appErrors().size(), 0) : tableAppClaims(id, e);
}

// What a cause's deciding evidence needs, when it is not loaded: "" if nothing is missing.
QString missingSource(const QString &id, const Evidence &e)
{
    return branchCauseIds().contains(id) ? branchMissingSource(id, e) : tableMissingSource(id, e);
}

// The strongest statistical tie a cause rests on (for the tie-break after explained 502s).
double strongestTie(const QString &id, const Evidence &e)
{
    return branchCauseIds().contains(id) ? branchTie(id, e) : tableTie(id, e);
}

// Whether a cause's claims are the steady remainder of the 502s (what no event explains) rather
// than 502s tied to something specific; such a cause gets only the 502s no specific cause claims.
bool isBackground(const QString &id)
{
    return id == QLatin1StringView("keepalive-mismatch") || id == QLatin1StringView("idle-timer-race");
}

// Whether a cause claims its 502s by a broad property (a high-load window, an endpoint) rather than
// by each 502's own time next to one of its events or its own log line: a second cause's 502s at
// such an event (an OOM kill during the high load, a Killing of a pod serving the slow endpoint)
// fall inside the broad claim too, so a broad cause gets only the 502s the event-tied causes leave;
// of those, a 502 another cause claims by a property just as shared (keep-alive's closed connection)
// goes to the better-ranked of the two (finish()).
bool isBroad(const QString &id)
{
    return id == QLatin1StringView("hpa-too-slow") || id == QLatin1StringView("connection-pool-exhaustion")
           || id == QLatin1StringView("nodeport-busy") || id == QLatin1StringView("upstream-timeout");
}

// Scores every cause again on the 502s flagged in keep (Evidence's subset constructor;
// explainedAway as there) and keeps, for each cause but out[skip], the better of its two supports,
// the evidence then headed by which 502s it rests on. Returns the ids that changed.
QStringList keepBetterOn(const Evidence &e, const std::vector<char> &keep, bool explainedAway, const QString &head,
                         QList<CauseScore> &out, qsizetype skip = -1)
{
    QStringList changed;
    const QList<CauseScore> again = scoreAll(Evidence(e, keep, explainedAway));
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (i == skip)
            continue;
        for (const CauseScore &r : again) {
            if (r.id != out[i].id || r.score <= out[i].score + 1e-9)
                continue;
            CauseScore c = r;
            c.evidence.prepend(head);
            c.lines.prepend({head, {}, {}});
            out[i] = c;
            changed << c.id;
        }
    }
    return changed;
}

// Two causes acting at once mask each other when neither dominates: each one's tie is measured over
// all the 502s, the other's included, so neither reaches kActingScore and none is explained away
// (rescoreOnResiduals). But the hops make different 502s: the load balancer answers 502 itself when
// its target never answers (the ingress pod, or the NodePort behind it, is down or resets the
// connection), the ingress when its upstream fails (the app pod is down, its pool or queue is full).
// A cause acts through one hop: an OOM-killed ingress pod makes the load balancer's own 502s, an
// exhausted upstream pool the ingress's. So every cause is also scored on the 502s of each hop alone
// (Evidence's constructor with explainedAway false: these are 502s of one kind, not a remainder, and
// every feature and tie is recomputed on them), when that hop made at least the statistical core's
// minimum and not all of them, and keeps the better support, saying which 502s it rests on.
void rescoreByHop(const Evidence &e, QList<CauseScore> &out, HopMasks &hops)
{
    const std::vector<ErrorSample> &errors = e.series().errors();
    const size_t n = errors.size();
    std::vector<char> lb(n, 0);
    for (size_t i = 0; i < n; ++i)
        lb[i] = errors[i].origin == Origin::Alb;
    const qint64 made = qint64(std::count(lb.begin(), lb.end(), 1));
    for (const bool byLb : {true, false}) {
        const qint64 k = byLb ? made : qint64(n) - made;
        if (k < Coincidence::kMinErrors || k == qint64(n))
            continue;
        std::vector<char> keep(n, 0);
        for (size_t i = 0; i < n; ++i)
            keep[i] = lb[i] == char(byLb);
        const QString head = byLb ? QStringLiteral("on the %1 of %2 502s the load balancer made itself (its target never "
                                                   "answered):").arg(k).arg(n)
                                  : QStringLiteral("on the %1 of %2 502s made behind the load balancer (by the ingress or "
                                                   "its upstream):").arg(k).arg(n);
        // It rests on these 502s: it claims no other hop's (an OOM-killed app pod's 502s are the
        // ingress's; the load balancer's own beside them are not the crash's because they share its
        // minutes).
        for (const QString &id : keepBetterOn(e, keep, false, head, out))
            hops[id] = keep;
    }
}

// A large cause masks a small one: the small one's 502s are a minority of all 502s, so their tie to
// its events (or endpoint, or upstream) drowns in the large cause's 502s. So each cause that acts
// on the whole data (calibrated score >= kActingScore) is explained away in turn: every cause is
// scored again on the 502s that cause's evidence does not claim, with every feature and tie
// recomputed on them, and keeps the better of the two supports, saying which 502s it rests on.
void rescoreOnResiduals(const Evidence &e, QList<CauseScore> &out, HopMasks &hops)
{
    const size_t n = e.errorTimes().size();
    std::vector<qsizetype> acting;
    for (qsizetype i = 0; i < out.size(); ++i)
        if (calibrate(std::clamp(out[i].score, 0.0, 1.0)) >= params::kActingScore)
            acting.push_back(i);
    std::stable_sort(acting.begin(), acting.end(), [&](qsizetype a, qsizetype b) { return out[a].score > out[b].score; });
    if (acting.size() > size_t(params::kMaxExplainedAway))
        acting.resize(size_t(params::kMaxExplainedAway));
    const QList<CauseScore> whole = out;
    for (qsizetype a : acting) {
        const std::vector<char> claimed = claims(whole[a].id, e, hops);
        std::vector<char> keep(n, 0);
        qint64 kept = 0;
        for (size_t i = 0; i < n; ++i) {
            keep[i] = i >= claimed.size() || !claimed[i];
            kept += keep[i];
        }
        // Nothing explained away, or too few errors left to tell anything. The errors left are the
        // 502s it does not claim and the gateway errors no load balancer or ingress made (the
        // app's own 502s, the 504s): a cause that claims every 502 the proxies made still leaves
        // a slow backend's own errors, which upstream-timeout is tested on.
        const qint64 gatewayLeft = qint64(e.series().appErrors().size() + e.series().timeouts().size());
        if (kept == qint64(n) || kept + gatewayLeft < Coincidence::kMinErrors)
            continue;
        const QString head = kept > 0
            ? QStringLiteral("on the %1 of %2 502s that %3 does not explain:").arg(kept).arg(n).arg(whole[a].id)
            : QStringLiteral("%1 explains every proxy-made 502; on the app's own 502s and the 504s:").arg(whole[a].id);
        // It rests on the remainder now (of every hop): it claims those 502s only. Its score was
        // measured with the acting cause's 502s taken out, so it has no say over them: a DNS
        // failure scored on the 695 502s a rollout leaves must not take the rollout's 6,053 once
        // that score ranks it above the rollout.
        for (const QString &id : keepBetterOn(e, keep, true, head, out, a))
            hops[id] = keep;
    }
}

void finish(const Evidence &e, QList<CauseScore> &out, const HopMasks &hops)
{
    const size_t n = e.errorTimes().size();
    std::vector<std::vector<char>> claimed;
    std::vector<double> tie;
    for (CauseScore &c : out) {
        c.support = std::round(std::clamp(c.score, 0.0, 1.0) * 1000) / 1000;
        // No supporting evidence at all is no confidence (the fit gives 0.4%: causes the evidence
        // cannot see; with no 502s nothing acts).
        c.score = c.support > 0 ? std::round(calibrate(c.support) * 1000) / 1000 : 0;
        c.missing = missingSource(c.id, e);
        c.cannotTell = !c.missing.isEmpty() && c.support < 0.5;
        if (c.cannotTell) {
            const QString text = QStringLiteral("cannot tell: load %1 to decide").arg(c.missing);
            c.evidence.prepend(text);
            c.lines.prepend({text, {}, {}});
        }
        // The 502s a cause can explain, then the app's own 502s it claims (errors first, in order).
        claimed.push_back(claims(c.id, e, hops));
        claimed.back().resize(n, 0);
        const std::vector<char> app = appClaims(c.id, e);
        claimed.back().insert(claimed.back().end(), app.begin(), app.end());
        c.explained = double(claimed.back().size()) - double(std::count(claimed.back().begin(), claimed.back().end(), 0));
        tie.push_back(strongestTie(c.id, e));
    }
    // Order: score, then the evidence; never the list order.
    std::vector<size_t> order(size_t(out.size()));
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto better = [&](size_t a, size_t b) {
        const CauseScore &x = out[qsizetype(a)], &y = out[qsizetype(b)];
        if (x.score != y.score)
            return x.score > y.score;
        if (x.support != y.support)
            return x.support > y.support;
        if (x.explained != y.explained)
            return x.explained > y.explained;
        return tie[a] > tie[b];
    };
    std::stable_sort(order.begin(), order.end(), better);
    QList<CauseScore> sorted;
    std::vector<std::vector<char>> sortedClaims;
    std::vector<double> sortedTie;
    for (size_t i : order) {
        sorted << out[qsizetype(i)];
        sortedClaims.push_back(std::move(claimed[i]));
        sortedTie.push_back(tie[i]);
    }
    out = sorted;
    // Causes the order cannot tell apart (equal score, support, explained 502s and tie) share a
    // group: the 502s they both claim are split between them (below), not given to the first listed.
    std::vector<qsizetype> group(size_t(out.size()), 0);
    auto equal = [&](qsizetype a, qsizetype b) {
        const CauseScore &x = out[a], &y = out[b];
        return x.score == y.score && x.support == y.support && x.explained == y.explained && sortedTie[size_t(a)] == sortedTie[size_t(b)];
    };
    for (qsizetype i = 1; i < out.size(); ++i)
        group[size_t(i)] = equal(i - 1, i) ? group[size_t(i - 1)] : i;
    for (qsizetype i = 1; i < out.size(); ++i) {
        CauseScore &prev = out[i - 1], &c = out[i];
        if (prev.score != c.score || c.score <= 0)
            continue;
        if (prev.support != c.support)
            prev.tieNote = QStringLiteral("same confidence as %1 (%2); ranked first on the stronger raw evidence (%3 vs %4)")
                               .arg(c.id)
                               .arg(c.score, 0, 'f', 2)
                               .arg(prev.support, 0, 'f', 3)
                               .arg(c.support, 0, 'f', 3);
        else if (prev.explained != c.explained)
            prev.tieNote = QStringLiteral("same score as %1 (%2); ranked first because its evidence ties %3 502s to it, "
                                          "against %4")
                               .arg(c.id)
                               .arg(c.score, 0, 'f', 2)
                               .arg(qRound64(prev.explained))
                               .arg(qRound64(c.explained));
        else
            prev.tieNote = QStringLiteral("cannot be told apart from %1 (%2): the same 502s support both; check both").arg(c.id).arg(c.score, 0, 'f', 2);
    }

    // Attribution: each 502 goes to one acting cause (calibrated score >= kActingScore) whose
    // evidence claims it, by what the claim rests on:
    //   0. the 502's own time next to the cause's events, or its own log line (event-tied causes):
    //      evidence about that 502 and no other cause's;
    //   1. a property the 502 shares with other causes' 502s: a load window or an endpoint (the
    //      broad causes, isBroad()), or a connection closed on its request (keep-alive's claims of
    //      value 2, keepalivecause.h: the load balancer's own 502s are every cause's that acts
    //      through its target, a NodePort's drops and a crashed ingress pod's alike). Such a claim
    //      does not tell whose 502 it is, so the better-supported cause takes it;
    //   2. the steady remainder (background causes' other claims: keep-alive races, idle timers):
    //      only the 502s no other cause claims.
    // Within a level the highest-ranked claimant takes the 502 (score, then the evidence: the order
    // above); claimants the evidence cannot tell apart (one group) take turns, so they split the
    // 502s they both claim. Else the 502 stays unexplained. The 502s are the ones the load
    // balancer or the ingress made, plus the app's own 502s that an acting cause claims (a slow
    // backend gives up with a 502 of its own: without them, upstream-timeout next to a rollout's
    // 502s would explain none). The shares are of the same 502s, so they and the unexplained
    // remainder sum to 100%.
    if (out.isEmpty())
        return;
    auto acting = [&](qsizetype i) { return out[i].score >= params::kActingScore && !out[i].cannotTell; };
    const size_t all = n + e.series().appErrors().size();
    std::vector<qsizetype> owner(all, -1);
    auto level = [&](qsizetype i, char claim) {
        return isBackground(out[i].id) ? (claim == 2 ? 1 : 2) : (isBroad(out[i].id) ? 1 : 0);
    };
    auto claimOf = [&](qsizetype i, size_t j) { return j < sortedClaims[size_t(i)].size() ? sortedClaims[size_t(i)][j] : char(0); };
    std::vector<qint64> turn(size_t(out.size()), 0); // per group: the contested 502s shared out so far
    std::vector<qsizetype> tied;
    for (const int pass : {0, 1, 2})
        for (size_t j = 0; j < all; ++j) {
            if (owner[j] >= 0)
                continue;
            qsizetype first = -1;
            tied.clear();
            for (qsizetype i = 0; i < out.size(); ++i) {
                if (!acting(i) || !claimOf(i, j) || level(i, claimOf(i, j)) != pass)
                    continue;
                if (first < 0)
                    first = i;
                else if (group[size_t(i)] != group[size_t(first)])
                    break;
                tied.push_back(i);
            }
            if (first < 0)
                continue;
            owner[j] = tied.size() == 1 ? first : tied[size_t(turn[size_t(group[size_t(first)])]++ % qint64(tied.size()))];
        }
    std::vector<qint64> count(size_t(out.size()), 0);
    for (qsizetype o : owner)
        if (o >= 0)
            ++count[size_t(o)];
    // The 502s shared out: every one the load balancer or ingress made, the app's claimed ones.
    qint64 universe = qint64(n);
    for (size_t j = n; j < all; ++j)
        universe += owner[j] >= 0;
    // Primary: of the acting causes, the one that explains the most 502s (the best score among
    // equals); with none acting, the best-scored cause if it reaches kPrimaryMinScore.
    qsizetype primary = -1;
    for (qsizetype i = 0; i < out.size(); ++i)
        if (acting(i) && (primary < 0 || count[size_t(i)] > count[size_t(primary)]))
            primary = i;
    if (primary < 0 && out.front().score >= params::kPrimaryMinScore && !out.front().cannotTell) {
        primary = 0;
        for (size_t j = 0; j < all && j < sortedClaims[0].size(); ++j)
            if (sortedClaims[0][j]) {
                ++count[0];
                universe += j >= n;
            }
    }
    if (primary < 0)
        return;
    out[primary].role = QStringLiteral("primary");
    out[primary].share = universe ? double(count[size_t(primary)]) / double(universe) : 0;
    // A slow backend that gives up answers 502 itself, and the proxy 504: with no 502 the load
    // balancer or the ingress made, upstream-timeout's share is of the gateway errors (502s of any
    // origin and 504s), the only errors there are to explain.
    if (n == 0 && out[primary].id == QLatin1StringView("upstream-timeout"))
        out[primary].share = e.endpoints().slowEndpointShare;
    // Contributing: the other acting causes that explain at least the statistical core's minimum
    // of 502s on their own (fewer are "too few to tell").
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (i == primary || !acting(i) || count[size_t(i)] < Coincidence::kMinErrors)
            continue;
        out[i].role = QStringLiteral("contributing");
        out[i].share = double(count[size_t(i)]) / double(universe);
    }
}

} // namespace

Diagnosis diagnose(const QList<CauseScore> &causes)
{
    Diagnosis d;
    double covered = 0;
    for (const CauseScore &c : causes) {
        if (c.role == QLatin1StringView("primary")) {
            d.primary = c.id;
            d.primaryShare = c.share;
            d.tieNote = c.tieNote;
            covered += c.share;
        } else if (c.role == QLatin1StringView("contributing")) {
            d.contributing << c.id;
            d.contributingShares << c.share;
            covered += c.share;
        }
    }
    d.unexplainedShare = d.primary.isEmpty() ? 1 : std::max(0.0, 1 - covered);
    return d;
}

QString Diagnosis::text() const
{
    if (primary.isEmpty())
        return QStringLiteral("no cause scores high enough to name");
    QString out = QStringLiteral("%1 (%2 of the 502s)").arg(primary, Evidence::percent(primaryShare));
    for (qsizetype i = 0; i < contributing.size(); ++i)
        out += QStringLiteral(" + %1 (%2)").arg(contributing[i], Evidence::percent(contributingShares.value(i)));
    out += QStringLiteral("; %1 unexplained").arg(Evidence::percent(unexplainedShare));
    return out;
}

QString overrideWarning(const QList<CauseScore> &causes, const QString &acceptedCause)
{
    if (acceptedCause.isEmpty() || causes.isEmpty())
        return {};
    const CauseScore *accepted = nullptr;
    for (const CauseScore &c : causes)
        if (c.id == acceptedCause)
            accepted = &c;
    const CauseScore &best = causes.front();
    if (!accepted || best.id == acceptedCause || accepted->cannotTell)
        return {};
    if (accepted->score >= params::kOverrideWeakScore || best.score < params::kStrongScore)
        return {};
    return QStringLiteral("accepted by the investigator against the data (score %1; the data favours %2 at %3)")
        .arg(accepted->score, 0, 'f', 2)
        .arg(best.id)
        .arg(best.score, 0, 'f', 2);
}

} // namespace gateline
