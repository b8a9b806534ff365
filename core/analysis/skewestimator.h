// Estimates an ingress source's clock offset against the load balancer from matched requests.
#pragma once

#include "requestkey.h"
#include "timeline.h"

#include <functional>

namespace gateline {

struct SkewEstimate {
    bool valid = false;
    double offsetSeconds = 0;  // add to the ingress' timestamps
    double confidence = 0;     // 0..1
    qint64 matched = 0;        // requests within the final window around the estimate
    qint64 sampled = 0;        // ingress requests looked at
};

class SkewEstimator
{
public:
    // lbIndex: load-balancer requests keyed by client/method/path at their (reference) times.
    explicit SkewEstimator(const KeyedTimeIndex &lbIndex) : m_lb(lbIndex) {}
    // maxSkewSeconds bounds the search; at most maxSamples ingress requests are used.
    SkewEstimate estimate(const SourceData &ingress, double maxSkewSeconds = 300, qsizetype maxSamples = 40000) const;
    // The same with the ingress' keys built by the caller (a join mode other than the client IP).
    SkewEstimate estimate(const SourceData &ingress, const RequestKeys &keys, double maxSkewSeconds = 300,
                          qsizetype maxSamples = 40000) const;
    // The same with any key per row (0: leave the row out), for joins RequestKeys does not make
    // (a CDN's requests by method, path and status: cdnorigin.h).
    SkewEstimate estimate(const SourceData &ingress, const std::function<quint64(qsizetype)> &keyOf,
                          double maxSkewSeconds = 300, qsizetype maxSamples = 40000) const;

private:
    const KeyedTimeIndex &m_lb;
};

// Records a valid estimate in a source's alignment: method, offset, confidence, matches, and a note
// saying what it was matched against ("the load balancer") and on which keys.
void applyEstimate(SourceAlignment &a, const SkewEstimate &e, const QString &against, const QString &keys);

// The time an ingress log line stands for, comparable with the ALB's `time` (the response time):
// Traefik JSON and Envoy log the request start, so the duration is added.
qint64 ingressEndTimeUs(const SourceData &s, qsizetype row);

// True when every sampled time of s is a whole second (CLF): such times are truncated, on
// average 0.5 s early.
bool hasWholeSecondTimes(const SourceData &s);

} // namespace gateline
