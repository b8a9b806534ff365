// One timeline for all sources: each source's clock offset (and, for logs written in local time
// without an offset, its UTC offset) turns original timestamps into aligned UTC.
#pragma once

#include "requestkey.h"
#include "store/eventstore.h"

#include <QHash>
#include <QString>
#include <vector>

namespace gateline {

struct SourceAlignment {
    enum Method {
        Reference,      // a load balancer: the reference clock
        Estimated,      // estimated from requests matched against the load balancer
        UserOverride,   // set by the user
        FromSibling,    // taken from the access log of the same ingress
        NotEstimated,   // nothing to estimate from: 0 assumed
    };
    Method method = NotEstimated;
    double offsetSeconds = 0;     // added to timestamps to align with the load balancer
    double confidence = 0;        // 0..1
    qint64 matchedRequests = 0;   // requests that supported the estimate
    int localUtcOffsetSeconds = 0; // for local-time logs: subtracted to get UTC
    QString note;                 // the assumption made, in words
    // How this source's requests were joined to the load balancer's (ingress access logs; error
    // and controller logs take their access log's).
    JoinKey joinKey = JoinKey::ClientMethodPath;
    QByteArray peer;              // the replica's pod IP, for JoinKey::PeerMethodPath
    QString peerFrom;             // where that IP came from ("pods JSON", "learned from the ALB targets")
    bool traceIds = false;        // the lines carry X-Amzn-Trace-Id (origin pairs the 502s by it)
    qint64 traceIdPairs = 0;      // requests paired with the load balancer's by X-Amzn-Trace-Id (the
                                  // offset's evidence then; joinKey still keys the rows for origin)
};

QString methodId(SourceAlignment::Method m);

class Timeline
{
public:
    explicit Timeline(const EventStore &store);
    const EventStore &store() const { return m_store; }

    const SourceAlignment &alignment(SourceId id) const { return m_align[size_t(id.value)]; }
    SourceAlignment &alignment(SourceId id) { return m_align[size_t(id.value)]; }
    // Original time + local-time correction + clock offset, in UTC microseconds.
    qint64 shiftUs(SourceId id) const { return m_shift[size_t(id.value)]; }
    Timestamp aligned(SourceId id, qsizetype row) const
    {
        return {m_store.source(id).time(row).us + m_shift[size_t(id.value)]};
    }
    // Call after changing any alignment.
    void recompute();
    // Aligned first/last time over all sources (or of the load balancer sources, if any).
    Timestamp first() const { return m_first; }
    Timestamp last() const { return m_last; }

private:
    const EventStore &m_store;
    std::vector<SourceAlignment> m_align;
    std::vector<qint64> m_shift;
    Timestamp m_first, m_last;
};

// The ingress a source belongs to: the folder it sits in (inside an archive: the member's folder)
// plus the file name up to its first dot, e.g. "ingress-nginx/controller-7d9f".
QString ingressGroupOf(const SourceData &s);

} // namespace gateline
