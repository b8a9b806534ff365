// One parsed log record as a parser hands it to a SourceData. Transient: views point into the
// parser's line buffer and are interned when the record is appended.
#pragma once

#include "types.h"

#include <QByteArrayView>

namespace gateline {

// Record flags.
enum RecordFlag : quint8 {
    FlagNone = 0,
    FlagNoTimezone = 1,   // the time was local with no offset (NGINX error log): stored as if UTC
    FlagWarning = 2,      // k8s event type Warning, error-log level error or worse
    FlagContinued = 4,    // the record spans several physical lines
    FlagNodeAddress = 8,  // a pod record whose address is its node's (hostNetwork): not the pod's own
};

// upstreamStatus values besides real HTTP codes.
constexpr qint16 kNoUpstreamStatus = 0;   // the format has no such field
constexpr qint16 kUpstreamDash = -1;      // the field was '-': the upstream never answered

struct Record {
    Timestamp time;
    LineOffset offset;
    EventKind kind = EventKind::Request;
    quint8 flags = FlagNone;
    qint16 status = 0;          // HTTP status (elb_status_code, status, DownstreamStatus); exit code for terminations
    qint16 upstreamStatus = kNoUpstreamStatus; // target_status_code, upstream_status, OriginStatus
    float durationMs = -1;      // total request time where known
    qint32 count = 1;           // k8s event count, restartCount for pods
    QByteArrayView client;      // client IP (no port)
    QByteArrayView method;
    QByteArrayView path;        // request path with query
    QByteArrayView host;
    QByteArrayView upstream;    // target:port, upstream_addr, ServiceURL
    QByteArrayView reason;      // k8s reason, error-log category, GCP statusDetails, ALB error_reason
    QByteArrayView object;      // k8s "Kind/name", pod name
    QByteArrayView ns;          // k8s namespace
    QByteArrayView text;        // event message; short free text worth keeping
};

} // namespace gateline
