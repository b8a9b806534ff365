// Reply handling every live client shares (Kubernetes pod discovery, Prometheus, S3): TLS error
// texts collected per request, a finished reply's body read within a bound and classified, an
// unwanted reply dropped without its signals, and the bounded-retry decision with one wording.
#pragma once

#include "liveerror.h"
#include "retrypolicy.h"

#include <QPointer>
#include <QStringList>

class QNetworkReply;
class QObject;

namespace gateline {

// Collects the reply's TLS error texts into *sslErrors (cleared first) for classifyReply.
// context owns the connection; sslErrors must outlive the reply.
void collectSslErrors(QNetworkReply *reply, QObject *context, QStringList *sslErrors);

// Aborts and releases a reply that is no longer wanted; none of its signals reach receiver.
void dropReply(QPointer<QNetworkReply> &reply, QObject *receiver);

struct FinishedReply {
    QByteArray body; // empty when the reply was closed or its body is over the bound
    LiveError error;
    int httpStatus = 0;
};
// Reads a finished reply's body (at most maxBodyBytes) and classifies it.
FinishedReply takeFinishedReply(QNetworkReply *reply, qint64 maxBodyBytes, const QStringList &sslErrors,
                                bool timedOut = false, bool cancelledByUser = false);

// After attempt number `attempts` failed with *error: true, with the wait in *delayMs, when it may
// be tried again; otherwise false, and a retryable error's message says how many attempts were made.
bool retryAfterFailure(LiveError *error, int attempts, const RetryPolicy &policy, int *delayMs);

} // namespace gateline
