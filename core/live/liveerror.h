// What went wrong talking to a live service (Kubernetes API server, kubectl proxy, Prometheus):
// a category the callers act on (retry or not), and a clear message for people.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

class QNetworkReply;

namespace gateline {

struct LiveError {
    enum Kind {
        None,
        ConnectionRefused, // nothing listens there
        HostNotFound,      // DNS failure
        Unauthorized,      // 401: bad or expired credentials
        Forbidden,         // 403: the account may not do this
        Tls,               // certificate not trusted, wrong host name, handshake failure
        Timeout,           // no answer (or no progress) within the transfer timeout
        Malformed,         // an answer that is not what the API returns
        NotFound,          // 404: the API (or the path) is not served
        Gone,              // 410: resourceVersion or continue token expired (handled by relisting)
        BadRequest,        // 400 / 422: the request itself is wrong (a PromQL error, ...)
        ServerError,       // 429, 5xx
        Network,           // any other transport failure (reset, closed, proxy, ...)
        Cancelled,         // the user stopped it
        Config,            // bad settings: unreadable token or CA file, bad URL
    };

    Kind kind = None;
    QString message;    // one sentence or two, never holding a credential
    int httpStatus = 0; // 0 when there was no HTTP answer

    bool isError() const { return kind != None; }
    // True for failures that a later attempt may not meet (after a backoff).
    bool isRetryable() const;
    // Short stable id: "connection-refused", "dns", "unauthorized", ...
    QString id() const { return kindId(kind); }
    static QString kindId(Kind k);

    static LiveError make(Kind k, const QString &message, int httpStatus = 0) { return {k, message, httpStatus}; }
};

// Classifies a finished request. Pure, for tests: the transport error code is a
// QNetworkReply::NetworkError value; sslErrors are the texts reported by the TLS layer;
// timedOut is true when the transfer timeout fired (Qt reports it as a cancel or a timeout).
LiveError classifyLiveError(int networkError, const QString &errorString, int httpStatus, const QByteArray &body,
                            const QUrl &url, const QStringList &sslErrors, bool timedOut, bool cancelledByUser);

// The same for a reply (its error, HTTP status and the given body).
LiveError classifyReply(const QNetworkReply *reply, const QByteArray &body, const QStringList &sslErrors,
                        bool timedOut, bool cancelledByUser);

// The message of a Kubernetes Status object or a Prometheus error body, if the body is one.
QString serverMessageOf(const QByteArray &body);

// The URL as it may be shown or saved: no user info, no query, no fragment.
QString displayUrl(const QUrl &url);

} // namespace gateline
