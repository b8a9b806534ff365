// The raw material of the playbook's evidence: the 502s a root cause can explain (load-balancer
// 502s made by the load balancer or the ingress; app-generated 502s are noise), placed on the
// aligned timeline with their endpoint, upstream and latency, and the request rate around them.
#pragma once

#include "analysis/analysis.h"
#include "analysis/requestkey.h"

#include <QHash>
#include <QString>
#include <vector>

namespace gateline {

struct ErrorSample {
    qint64 us = 0;                 // aligned time
    Origin origin = Origin::Undetermined;
    SourceId source;               // the load-balancer row (or the ingress row without a load balancer)
    qint32 row = -1;
    SourceId ingressSource;        // the matching ingress access line, if any
    qint32 ingressRow = -1;
    float durationMs = -1;         // longest known time of the request (load balancer or ingress)
    QString endpoint;              // method + normalised path ("GET /api/orders/{id}")
    QString path;                  // the path as logged (with query)
    QString upstream;              // upstream address the ingress tried, else the LB target
};

class ErrorSeries
{
public:
    static constexpr qint64 kBinUs = 10 * 1000000;   // the bin width, for spans up to kMaxBins bins
    static constexpr qint64 kMaxBins = 250000;       // ~29 days; longer spans get wider bins
    qint64 binUs() const { return m_binUs; }          // a multiple of kBinUs

    explicit ErrorSeries(const Analysis &analysis);

    // Keeps only the 502s whose flag in keep (one per errors(), in order) is set; the requests, the
    // app's 502s and the timeouts stay. For the evidence on what other causes leave unexplained.
    // explainedAway false: the 502s left out are not another cause's (a subset of one kind, e.g.
    // the connections closed on a request), so no bin is masked.
    void keepOnly(const std::vector<char> &keep, bool explainedAway = true);
    // Per bin (requestBins()): 1 where keepOnly() took away every 502 the bin had. That time is
    // explained by another cause, so a steady remainder is judged on the other bins only.
    const std::vector<char> &maskedBins() const { return m_maskedBins; }

    // The 502s a root cause can explain, sorted by time.
    const std::vector<ErrorSample> &errors() const { return m_errors; }
    qint64 app502() const { return qint64(m_appErrors.size()); }
    // The 502s the upstream itself returned (noise for most causes, but a slow backend that gives
    // up answers 502 itself), and the gateway timeouts (504), sorted by time.
    const std::vector<ErrorSample> &appErrors() const { return m_appErrors; }
    const std::vector<ErrorSample> &timeouts() const { return m_timeouts; }
    qint64 requests() const { return m_requests; }
    bool fromLoadBalancer() const { return m_fromLb; }
    // The requests' time range (aligned).
    qint64 fromUs() const { return m_from; }
    qint64 toUs() const { return m_to; }
    double spanSeconds() const { return double(std::max<qint64>(m_to - m_from, 1)) / 1e6; }

    // Per bin of binUs() from fromUs(): requests, and the 502s a cause can explain.
    const std::vector<double> &requestBins() const { return m_requestBins; }
    const std::vector<double> &errorBins() const { return m_errorBins; }
    qsizetype binOf(qint64 us) const;
    qint64 binStartUs(qsizetype bin) const { return m_from + bin * m_binUs; }

    // Requests per endpoint, and the median request time per endpoint (ms, -1 if unknown).
    const QHash<QString, qint64> &requestsByEndpoint() const { return m_requestsByEndpoint; }
    double medianDurationMs(const QString &endpoint) const { return m_medianByEndpoint.value(endpoint, -1); }
    double medianDurationMs() const { return m_medianAll; }

    // "GET /api/orders/123?x=1" -> "GET /api/orders/{id}": ids, numbers and hashes folded.
    static QString endpointOf(QByteArrayView method, QByteArrayView path);

private:
    void collect(const Analysis &analysis);
    void collectIngressOnly(const Analysis &analysis);
    // timeoutRows: if given, the rows of the requests answered 504, per source (as sources), in
    // row order: the load-balancer timeouts, found in the same pass.
    void countRequests(const Timeline &timeline, const QList<SourceId> &sources,
                       std::vector<std::vector<qint32>> *timeoutRows = nullptr);
    void binErrors();

    ErrorSample sample(const Analysis &analysis, SourceId sid, qsizetype row, Origin origin) const;

    std::vector<ErrorSample> m_errors, m_appErrors, m_timeouts;
    qint64 m_requests = 0;
    bool m_fromLb = false;
    qint64 m_from = 0, m_to = 0;
    qint64 m_binUs = kBinUs;
    std::vector<double> m_requestBins, m_errorBins;
    std::vector<char> m_maskedBins;
    QHash<QString, qint64> m_requestsByEndpoint;
    QHash<QString, double> m_medianByEndpoint;
    double m_medianAll = -1;
};

// The NGINX error-log lines of kind UpstreamError (only those of reason, when given), indexed by
// request key and aligned time, finished: what joins an ingress 502 to its own error line.
KeyedTimeIndex upstreamErrorIndex(const Analysis &analysis, QByteArrayView reason = {});

} // namespace gateline
