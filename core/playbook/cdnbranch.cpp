#include "cdnbranch.h"

#include "analysis/cdnorigin.h"
#include "cdnparams.h"
#include "scoring.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

using scoring::pct;
using scoring::ramp;
using scoring::say;

struct CdnFeatures {
    bool cdnLoaded = false, lbLoaded = false;
    QStringList cdnNames;          // "CloudFront", "Cloudflare"
    qint64 gateway = 0;            // the CDN's gateway errors (502, 504, 520-527, 530)
    qint64 made = 0;               // made by the CDN: its origin never answered
    qint64 madeUnseen = 0;         // of those, no ALB line for the request
    qint64 differs = 0;            // the origin answered another status than the CDN gave
    qint64 passed = 0;             // the origin's own 5xx, passed on
    QMap<QString, qint64> reasons; // of the CDN-made ones: result type / edge status
    double medianMadeS = -1;       // median time-taken of the CDN-made ones
    qint64 first = 0, last = 0;    // span of the hidden ones
    qint64 hidden() const { return (lbLoaded ? madeUnseen : made) + differs; }
    double hiddenShare() const { return gateway > 0 ? double(hidden()) / double(gateway) : 0; }
};

CdnFeatures features(const Evidence &e)
{
    CdnFeatures f;
    const Timeline &timeline = e.analysis().timeline();
    const EventStore &store = timeline.store();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (!isCdnFormat(s.format) || s.size() == 0)
            continue;
        f.cdnLoaded = true;
        const QString name = s.format == SourceFormat::CloudFront ? QStringLiteral("CloudFront") : QStringLiteral("Cloudflare");
        if (!f.cdnNames.contains(name))
            f.cdnNames << name;
    }
    if (!f.cdnLoaded)
        return f;
    std::vector<double> durations;
    // Paired with the ALB's lines once per analysis, by the origin classification.
    const OriginResult &origin = e.analysis().origin();
    f.lbLoaded = origin.cdnLoadBalancerLoaded;
    for (const CdnGatewayError &g : origin.cdnGateway) {
        ++f.gateway;
        const SourceData &s = store.source(g.source);
        bool hidden = false;
        if (g.cdnMade) {
            ++f.made;
            const QString why = s.format == SourceFormat::CloudFront ? s.string(SourceData::Reason, g.row)
                                                                      : QString::number(g.edgeStatus);
            ++f.reasons[why.isEmpty() ? QString::number(g.edgeStatus) : why];
            if (s.durationMs(g.row) >= 0)
                durations.push_back(double(s.durationMs(g.row)) / 1000.0);
            if (!g.lbSaw) {
                ++f.madeUnseen;
                hidden = f.lbLoaded;
            }
            hidden |= !f.lbLoaded;
        } else {
            ++f.passed;
        }
        // The origin answered, and the CDN gave the viewer something else (Cloudflare logs both).
        // (The ALB's nearest line on the same path is no evidence of that: on a busy path it is
        // another request.)
        if (!g.cdnMade && g.originStatus > 0 && g.originStatus != g.edgeStatus) {
            ++f.differs;
            hidden = true;
        }
        if (hidden) {
            f.first = f.first == 0 ? g.us : std::min(f.first, g.us);
            f.last = std::max(f.last, g.us);
        }
    }
    if (!durations.empty()) {
        std::nth_element(durations.begin(), durations.begin() + qsizetype(durations.size() / 2), durations.end());
        f.medianMadeS = durations[durations.size() / 2];
    }
    return f;
}

// Share of the analysis' 502s (Evidence::errorTimes) the CDN made.
double cdnErrorShare(const Evidence &e)
{
    const auto &errors = e.series().errors();
    if (errors.empty())
        return 0;
    const auto n = std::count_if(errors.begin(), errors.end(), [](const ErrorSample &s) { return s.origin == Origin::Cdn; });
    return double(n) / double(errors.size());
}

double support(const CdnFeatures &f)
{
    if (!f.cdnLoaded || f.gateway == 0)
        return 0;
    const double volume = ramp(double(f.hidden()), 1, 6);
    return volume * ramp(f.hiddenShare(), params::kCdnMadeShareLo, params::kCdnMadeShareHi) * (f.lbLoaded ? 1.0 : 0.7);
}

} // namespace

QString cdnBranchId()
{
    return QStringLiteral("cdn-hides-origin");
}

CauseScore scoreCdnBranch(const Evidence &e)
{
    const CdnFeatures f = features(e);
    CauseScore c;
    c.id = cdnBranchId();
    if (!f.cdnLoaded) {
        say(c, QStringLiteral("No CDN log (CloudFront, Cloudflare) is loaded: a CDN in front, if there is one, is not seen."));
        return c;
    }
    c.score = support(f);
    const QString cdn = f.cdnNames.join(QStringLiteral(" and "));
    if (f.gateway == 0) {
        say(c, QStringLiteral("The %1 log holds no gateway errors (502, 504, 520-527): the CDN passed on what its origin answered.").arg(cdn));
        return c;
    }
    QStringList why;
    for (auto it = f.reasons.cbegin(); it != f.reasons.cend(); ++it)
        why << QStringLiteral("%1 ×%2").arg(it.key()).arg(it.value());
    say(c,
        QStringLiteral("The %1 log holds %2 gateway errors: %3 made by the CDN itself, its origin never answered "
                       "(%4); %5 passed on from the origin.")
            .arg(cdn)
            .arg(f.gateway)
            .arg(f.made)
            .arg(why.isEmpty() ? QStringLiteral("none") : why.join(QStringLiteral(", ")))
            .arg(f.passed),
        f.first, f.last);
    if (f.lbLoaded) {
        if (f.made > 0)
            say(c,
                QStringLiteral("%1 of the %2 have no load-balancer line for the same method and path within ±%3 s: the "
                               "ALB never saw them, so its log and the ingress's cannot show these 502s (%4 of the "
                               "CDN's gateway errors).")
                    .arg(f.madeUnseen)
                    .arg(f.made)
                    .arg(params::kCdnLbMatchS)
                    .arg(pct(f.gateway ? double(f.madeUnseen) / double(f.gateway) : 0)),
                f.first, f.last);
        if (f.differs > 0)
            say(c, QStringLiteral("%1 where the origin answered another status than the CDN gave the viewer (the CDN logs both).")
                       .arg(f.differs));
    } else {
        say(c, QStringLiteral("No load-balancer log is loaded: whether the ALB saw these requests cannot be told."));
    }
    if (f.medianMadeS >= 0) {
        const bool cloudFrontTimeout =
            f.cdnNames.contains(QStringLiteral("CloudFront"))
            && std::abs(f.medianMadeS - params::kCloudFrontOriginResponseTimeoutS) <= 1.5;
        if (cloudFrontTimeout)
            say(c, QStringLiteral("Their median time is %1 s: CloudFront's origin response timeout (default %2 s) ran out "
                                  "while the origin was still working.")
                       .arg(f.medianMadeS, 0, 'f', 1)
                       .arg(params::kCloudFrontOriginResponseTimeoutS));
        else if (f.medianMadeS < 1)
            say(c, QStringLiteral("Their median time is %1 s: the edge failed at once on its origin connection (a connection "
                                  "the origin had closed, or one it could not open), not after waiting for an answer. An "
                                  "origin connection kept idle longer than the ALB keeps it (ALB idle timeout 60 s by "
                                  "default; Cloudflare reuses idle ones up to %2 s) fails this way.")
                       .arg(f.medianMadeS, 0, 'f', 3)
                       .arg(params::kCloudflareProxyIdleS));
    }
    return c;
}

void temperForCdn(const Evidence &e, QList<CauseScore> &out)
{
    // The 502s the CDN made are not the origin's: the causes behind the load balancer read them as
    // steady 502s with no event (keep-alive, pool, ...). Their share of the analysis' 502s, as far as
    // the CDN branch is decided, is taken off every other cause.
    const double share = cdnErrorShare(e);
    if (share <= 0)
        return;
    const CdnFeatures f = features(e);
    const double k = share * ramp(f.hiddenShare(), params::kCdnMadeShareLo, params::kCdnMadeShareHi);
    for (CauseScore &c : out)
        if (c.id != cdnBranchId())
            c.score *= 1 - k;
}

std::vector<char> cdnBranchClaims(const Evidence &e)
{
    const auto &errors = e.series().errors();
    std::vector<char> out(e.errorTimes().size(), 0);
    for (size_t i = 0; i < errors.size() && i < out.size(); ++i)
        out[i] = errors[i].origin == Origin::Cdn;
    return out;
}

QString cdnBranchMissingSource(const Evidence &e)
{
    const CdnFeatures f = features(e);
    if (!f.cdnLoaded)
        return {}; // no CDN log: the branch does not apply
    if (!f.lbLoaded)
        return QStringLiteral("the load balancer's access logs (to tell the 502s the ALB never saw)");
    return {};
}

double cdnBranchTie(const Evidence &e)
{
    return cdnErrorShare(e) * ramp(features(e).hiddenShare(), params::kCdnMadeShareLo, params::kCdnMadeShareHi);
}

} // namespace gateline
