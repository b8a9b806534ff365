#include "causeranker.h"

#include "branchcauses.h"
#include "tablecauses.h"

#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

void finish(const Evidence &e, QList<CauseScore> &out);

} // namespace

QStringList causeIds()
{
    return tableCauseIds() + branchCauseIds();
}

QList<CauseScore> rankCauses(const Analysis &analysis)
{
    return rankCauses(Evidence(analysis));
}

QList<CauseScore> rankCauses(const Evidence &e)
{
    QList<CauseScore> out;
    scoreTableCauses(e, out);
    scoreBranchCauses(e, out);
    finish(e, out);
    return out;
}

namespace {

// Raw support -> probability that the cause is acting, from the accuracy study's randomised
// bundles (scripts/cause-accuracy.sh: of the causes with a support in each band, the share that
// were acting). Monotone, piecewise linear.
struct CalibrationPoint {
    double support, probability;
};
constexpr CalibrationPoint kCalibration[] = {
    // Measured with study seed 1202 (84 bundles; scripts/cause-accuracy.sh), checked on another seed.
    {0.00, 0.00}, {0.10, 0.05}, {0.20, 0.15}, {0.30, 0.35}, {0.40, 0.60}, {0.50, 0.85}, {0.70, 0.90},
    {0.90, 0.95}, {1.00, 0.97},
};

double calibrate(double support)
{
    support = std::clamp(support, 0.0, 1.0);
    for (size_t i = 1; i < std::size(kCalibration); ++i) {
        const CalibrationPoint &a = kCalibration[i - 1], &b = kCalibration[i];
        if (support <= b.support)
            return a.probability + (b.probability - a.probability) * (support - a.support) / (b.support - a.support);
    }
    return kCalibration[std::size(kCalibration) - 1].probability;
}

// The 502s (indices into Evidence::errorTimes) a cause's evidence ties to it.
std::vector<char> claims(const QString &id, const Evidence &e)
{
    return branchCauseIds().contains(id) ? branchClaims(id, e) : tableClaims(id, e);
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

void finish(const Evidence &e, QList<CauseScore> &out)
{
    const size_t n = e.errorTimes().size();
    std::vector<std::vector<char>> claimed;
    std::vector<double> tie;
    for (CauseScore &c : out) {
        c.support = std::round(std::clamp(c.score, 0.0, 1.0) * 1000) / 1000;
        c.score = std::round(calibrate(c.support) * 1000) / 1000;
        c.missing = missingSource(c.id, e);
        c.cannotTell = !c.missing.isEmpty() && c.support < 0.5;
        if (c.cannotTell) {
            const QString text = QStringLiteral("cannot tell: load %1 to decide").arg(c.missing);
            c.evidence.prepend(text);
            c.lines.prepend({text, {}, {}});
        }
        claimed.push_back(claims(c.id, e));
        c.explained = double(std::count(claimed.back().begin(), claimed.back().end(), 1));
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
    for (size_t i : order) {
        sorted << out[qsizetype(i)];
        sortedClaims.push_back(std::move(claimed[i]));
    }
    out = sorted;
    for (qsizetype i = 1; i < out.size(); ++i) {
        CauseScore &prev = out[i - 1], &c = out[i];
        if (prev.score != c.score || c.score <= 0)
            continue;
        const size_t a = size_t(i - 1), b = size_t(i);
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
        Q_UNUSED(a);
        Q_UNUSED(b);
    }

    // Primary and contributing causes with their shares of the 502s.
    std::vector<char> taken(n, 0);
    // upstream-timeout's 502s are mostly the app's own (a slow backend gives up) and 504s: its
    // share is of the gateway errors (ErrorSeries: 502s of any origin and 504s) on the slow endpoint.
    auto ownShare = [&](size_t idx) {
        return out[qsizetype(idx)].id == QLatin1StringView("upstream-timeout") ? e.endpoints().slowEndpointShare : -1.0;
    };
    auto take = [&](size_t idx) {
        qint64 fresh = 0;
        for (size_t i = 0; i < n; ++i)
            if (sortedClaims[idx][i] && !taken[i]) {
                taken[i] = 1;
                ++fresh;
            }
        return fresh;
    };
    auto freshCount = [&](size_t idx) {
        qint64 fresh = 0;
        for (size_t i = 0; i < n; ++i)
            fresh += sortedClaims[idx][i] && !taken[i];
        return fresh;
    };
    if (out.isEmpty())
        return;
    auto shareOf = [&](size_t idx, bool commit) {
        if (const double own = ownShare(idx); own >= 0)
            return own;
        if (n == 0)
            return 0.0;
        return double(commit ? take(idx) : freshCount(idx)) / double(n);
    };
    if (out.front().score >= 0.3 && !out.front().cannotTell) {
        out.front().role = QStringLiteral("primary");
        out.front().share = shareOf(0, true);
        for (qsizetype i = 1; i < out.size(); ++i) {
            CauseScore &c = out[i];
            if (c.score < params::kContributingMinScore || c.cannotTell)
                continue;
            if (shareOf(size_t(i), false) < params::kContributingMinShare)
                continue;
            c.role = QStringLiteral("contributing");
            c.share = shareOf(size_t(i), true);
        }
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
