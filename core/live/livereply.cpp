#include "livereply.h"

#include <QNetworkReply>
#include <QSslError>

namespace gateline {

void collectSslErrors(QNetworkReply *reply, QObject *context, QStringList *sslErrors)
{
    sslErrors->clear();
    QObject::connect(reply, &QNetworkReply::sslErrors, context, [sslErrors](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            *sslErrors << e.errorString();
    });
}

void dropReply(QPointer<QNetworkReply> &reply, QObject *receiver)
{
    if (QNetworkReply *r = reply.data()) {
        reply = nullptr;
        r->disconnect(receiver);
        r->abort();
        r->deleteLater();
    }
}

FinishedReply takeFinishedReply(QNetworkReply *reply, qint64 maxBodyBytes, const QStringList &sslErrors, bool timedOut,
                                bool cancelledByUser)
{
    FinishedReply f;
    f.body = (!reply->isOpen() || reply->bytesAvailable() > maxBodyBytes) ? QByteArray() : reply->readAll();
    f.error = classifyReply(reply, f.body, sslErrors, timedOut, cancelledByUser);
    f.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return f;
}

bool retryAfterFailure(LiveError *error, int attempts, const RetryPolicy &policy, int *delayMs)
{
    if (error->isRetryable() && attempts < policy.maxAttempts) {
        *delayMs = policy.backoffMs(attempts);
        return true;
    }
    if (error->isRetryable() && attempts > 1)
        error->message = QStringLiteral("Gave up after %1 attempts: %2").arg(attempts).arg(error->message);
    return false;
}

} // namespace gateline
