// The one statistical answer to "do these 502s sit on these events?", used by the matching step,
// every cause's evidence and the views, so that the same question gets the same numbers everywhere.
//
// A 502 "sits on" an event when the event lies within [502 - after, 502 + before], i.e. the 502
// comes at most `after` seconds after the event or at most `before` seconds before it (or, where
// the query gives the event's own end, up to that end).
//
// 502s come in bursts, so they are not independent draws: a binomial test would call one burst
// near an unrelated event decisive. Instead the whole 502 series is shifted in time, circularly
// within [from, to], by random amounts (which keeps every burst intact), and the observed number
// of 502s on events is compared with the shifted ones:
//   - expectedShare: the mean share of shifted 502s on events (what chance gives for these bursts);
//   - pValue: the share of shifts matching at least as many (with the observed one counted);
//   - effect: observed share / expected share ("how many times more often than chance");
//   - chanceBelow: when the shifts together put less than one series' worth of 502s on events
//     (expectedShare x shifts < 1: a single shift with every 502 on an event would give 1/shifts),
//     the chance share is below what the shifts resolve and its mean (0, or a few shifted 502s)
//     would make the effect a division by next to nothing (">999x" on three OOM kills). Then the
//     chance is stated as its exact 97.5% upper bound instead, the Clopper-Pearson bound on a share
//     of k = ceil(expectedShare x shifts) in `shifts` (a shift's share is at most 1, so the mean
//     share is at most the share of shifts with any 502 on an event): 1 - 0.025^(1/499) = 0.74%
//     when none did. The effect and its interval's low end are then lower bounds ("100% vs < 0.7%
//     by chance: > 136x (95% CI > 40x)"), the upper end unknown (kMaxEffect);
//   - effectLow..effectHigh: a 95% interval of the effect from resampling the bursts (clusters of
//     502s closer than the window) with replacement, the burst being the independent unit.
//   - rateRatio: the 502 rate inside the event windows over the rate outside them (the background).
//
// Background-rate aware: a steady background of 502s (a keep-alive race, say) puts a 502 in every
// window, so "502s closer than the window" would make the whole series one burst and every event
// window "hit". So a burst is a run of 502s closer than the window AND denser than the background:
// when the median window-long stretch of the range holds m >= 2 502s (the background), 502s further
// apart than window / m (the background's mean spacing) start a new unit. And an event window
// counts as a coincidence of its own (raisedWindows) only when it holds more 502s than the
// background rate outside every window gives it (Poisson upper tail below 5%); with no background
// any 502 in it counts, as before. matchedBursts is the smaller of the bursts with a 502 on an
// event and the raised windows: a tie that rests on one burst over one event stays one coincidence
// however many 502s the background adds around it.
// Events at a steady period (a crash loop's kills, a CronJob's starts) map onto themselves under a
// shift by a multiple of the period, which lays each burst on the next event: a tie matches there
// as well as where it was observed, so those shifts would make every periodic tie look like chance
// (p ~ window / period however many bursts sit on events). When the events repeat at a steady
// period (periodUs: three or more, every gap within the window of the median gap), shifts within
// the window of a multiple of it are left out; the period comes from the events alone, never from
// the 502s, so the remaining shifts still place the 502 series at times unrelated to the events.
// That is for the p-value only: expectedShare is the mean over every drawn shift, aliased or not
// (a burst laid on another event of the period is what chance does to a series unrelated to the
// events), so a periodic tie's chance is about its windows' share of the range, not 0.
// The random draws come from a fixed seed, so a bundle gives the same numbers on every run.
// With fewer than kMinErrors 502s nothing is claimed: tooFew is set ("too few to tell").
#pragma once

#include <QString>
#include <QtGlobal>
#include <vector>

namespace gateline {

struct CoincidenceQuery {
    double beforeSeconds = 0;  // a 502 up to this long before an event sits on it
    double afterSeconds = 0;   // a 502 up to this long after an event sits on it
    qint64 fromUs = 0, toUs = 0; // the time range observed (aligned UTC)
    // Optional, parallel to the event times: where each event's window ends (aligned UTC), when the
    // data shows its outage lasting longer than afterSeconds (an OOM-killed container is down until
    // the kubelet restarts it: EventSignals::outageEnds()). An end before event + afterSeconds is
    // ignored. The ends must come from the events alone, never from the 502s, or the test would
    // compare the 502s with windows drawn around them.
    std::vector<qint64> eventEndsUs;
    int shifts = 499;          // circular shifts for the chance distribution
    int resamples = 400;       // burst resamples for the interval
};

struct Coincidence {
    static constexpr qint64 kMinErrors = 5; // fewer 502s than this: "too few to tell"

    qint64 errors = 0;
    qint64 matched = 0;        // 502s on some event
    qint64 events = 0;         // events that can explain something in the range
    qint64 eventsHit = 0;      // events with at least one 502 on them
    qint64 bursts = 0;         // clusters of 502s (the independent units of the interval)
    qint64 matchedBursts = 0;  // independent coincidences: min(bursts with a 502 on an event, raisedWindows)
    qint64 raisedWindows = 0;  // event windows (merged) holding more 502s than the background gives
    double backgroundPerWindow = 0; // median 502s per window-long stretch of the range (0: sparse)
    double share = 0;          // matched / errors
    double coverage = 0;       // share of the range within an event's window (uniform random times)
    double expectedShare = 0;  // mean share of circularly shifted 502s on events
    double pValue = 1;         // share of shifts with at least as many 502s on events
    double effect = 0;         // share / expectedShare, or share / chanceBelow (capped at kMaxEffect)
    // > 0 when the shifts do not resolve the chance share (see above): its 97.5% upper bound, and
    // effect / effectLow are lower bounds, effectHigh kMaxEffect (unknown). 0: expectedShare stands.
    double chanceBelow = 0;
    double effectLow = 0, effectHigh = 0; // 95% interval of the effect
    double rateRatio = 0;      // 502 rate inside the event windows / rate outside them (capped at kMaxEffect)
    double medianDelaySeconds = 0; // 502 time - nearest preceding event, over the matched 502s
    qint64 firstUs = 0, lastUs = 0; // range of the matched 502s
    qint64 periodUs = 0;       // the events' steady period whose multiples the shifts leave out (0: none)
    double beforeSeconds = 0, afterSeconds = 0; // the query's window around each event
    // Events (in range) whose own end (CoincidenceQuery::eventEndsUs) ran past afterSeconds: their
    // window was event - before .. that end (an OOM kill's to its container's return plus start-up),
    // the rest's event - before .. event + after. 0: the fixed window alone was tested.
    qint64 ownEnds = 0;
    double ownEndMedianSeconds = 0; // median length of those windows (event to its own end)
    bool tooFew = true;
    std::vector<char> hits;    // per 502 (in the given order): 1 if it sits on an event

    static constexpr double kMaxEffect = 999;

    // (share - expected) / (1 - expected), clamped to [0, 1]: 0 = chance, 1 = every 502.
    double excess() const;
    // 502s on events beyond what chance puts there: max(0, matched - expectedShare x errors).
    double explained() const;
    // Of the 502s on events, the share beyond the background rate: 1 - 1/rateRatio (epidemiology's
    // attributable fraction among the exposed), 0 when the windows hold no more than outside.
    double attributable() const { return rateRatio > 1 ? 1 - 1 / rateRatio : 0; }
    // Clearly more than chance: enough 502s, p < 0.05 and the whole interval above 1x.
    bool tied() const { return !tooFew && events > 0 && pValue < 0.05 && effectLow > 1; }
    // How much the tie says, 0..1: significance (p from 0.05 down to the smallest a shift test
    // can give) x (0.35 + 0.65 x excess) x the bursts' weight (1 when three or more separate
    // bursts sit on events, 0.75 for two, 0.5 for one); 0 when tooFew or p >= 0.05.
    double strength() const;
    int shifts = 0;

    // "85% vs 12% by chance: 7.1x (95% CI 4.2-9.8x), p = 0.002" or "too few to tell (3 502s)";
    // with chanceBelow: "100% vs < 0.7% by chance: > 136x (95% CI > 40x), p < 0.002".
    QString summary() const;
    // The chance share as every place writes it: "12%", or "< 0.7%" (chanceBelow).
    QString chanceText() const;
    // "p = 0.013", or "p < 0.002" at the shifts' floor: how every place writes the p-value.
    QString pText() const;
    // "tied", "chance", "too-few", "no-events": a stable word for JSON.
    QString verdictId() const;
};

// P(X >= k) for X ~ Poisson(lambda).
double poissonUpperTail(qint64 k, double lambda);

// errorTimes sorted ascending (aligned UTC microseconds); eventTimes in any order (query.eventEndsUs,
// when given, in the same order).
Coincidence testCoincidence(const std::vector<qint64> &errorTimes, std::vector<qint64> eventTimes,
                            const CoincidenceQuery &query);

} // namespace gateline
