// What a source pane shows: a status class, a text, a time span. Plain value, no Qt model code.
#pragma once

#include "store/sourcedata.h"
#include "timerange/timemapping.h"

#include <QString>

namespace gateline {

struct SourceFilter {
    enum Status {
        AnyStatus,
        Only502,            // status 502 (LB or ingress), or upstream status 502
        MissingUpstream502, // 502 whose upstream never answered ('-')
        Server5xx,
        Client4xx,
        Success,            // 1xx-3xx
        Warnings,           // non-requests flagged as warnings (k8s Warning events, error-log errors)
        StatusCount
    };
    Status status = AnyStatus;
    QString text;   // case-insensitive substring of any text column
    TimeSpan span;  // aligned time; invalid: no time filter

    bool operator==(const SourceFilter &) const = default;
    bool isActive() const { return status != AnyStatus || !text.isEmpty() || span.isValid(); }
};

QString statusFilterLabel(SourceFilter::Status s);       // short, for a combo box
QString statusFilterDescription(SourceFilter::Status s); // its tooltip
// Whether a row passes the status class.
bool matchesStatus(SourceFilter::Status s, const SourceData &data, qsizetype row);

} // namespace gateline
