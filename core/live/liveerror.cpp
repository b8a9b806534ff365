#include "liveerror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace gateline {

namespace {

QString hostPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == QLatin1StringView("https") ? 443 : 80);
    return QStringLiteral("%1:%2").arg(url.host()).arg(port);
}

// Printable, short: server text is untrusted.
QString cleaned(QString s, qsizetype max = 300)
{
    for (QChar &c : s) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QLatin1Char(' ');
    }
    s = s.simplified();
    if (s.size() > max)
        s = s.left(max) + QStringLiteral("…");
    return s;
}

QString withServerMessage(const QString &text, const QByteArray &body)
{
    const QString server = serverMessageOf(body);
    return server.isEmpty() ? text : QStringLiteral("%1 The server said: \"%2\"").arg(text, server);
}

} // namespace

bool LiveError::isRetryable() const
{
    switch (kind) {
    case ConnectionRefused:
    case HostNotFound:
    case Timeout:
    case Malformed:
    case ServerError:
    case Network:
        return true;
    default:
        return false;
    }
}

QString LiveError::kindId(Kind k)
{
    switch (k) {
    case None: return QStringLiteral("none");
    case ConnectionRefused: return QStringLiteral("connection-refused");
    case HostNotFound: return QStringLiteral("dns");
    case Unauthorized: return QStringLiteral("unauthorized");
    case Forbidden: return QStringLiteral("forbidden");
    case Tls: return QStringLiteral("tls");
    case Timeout: return QStringLiteral("timeout");
    case Malformed: return QStringLiteral("malformed");
    case NotFound: return QStringLiteral("not-found");
    case Gone: return QStringLiteral("gone");
    case BadRequest: return QStringLiteral("bad-request");
    case ServerError: return QStringLiteral("server-error");
    case Network: return QStringLiteral("network");
    case Cancelled: return QStringLiteral("cancelled");
    case Config: return QStringLiteral("config");
    }
    return QStringLiteral("unknown");
}

QString serverMessageOf(const QByteArray &body)
{
    if (body.isEmpty() || body.size() > (1 << 20))
        return {};
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.isEmpty())
        return {};
    // Kubernetes: {"kind":"Status","message":...}; Prometheus: {"status":"error","errorType":..,"error":..}.
    QString text = o.value(QLatin1StringView("message")).toString();
    if (text.isEmpty()) {
        const QString error = o.value(QLatin1StringView("error")).toString();
        const QString type = o.value(QLatin1StringView("errorType")).toString();
        text = type.isEmpty() ? error : (error.isEmpty() ? type : type + QStringLiteral(": ") + error);
    }
    return cleaned(text);
}

QString displayUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

LiveError classifyLiveError(int networkError, const QString &errorString, int httpStatus, const QByteArray &body,
                            const QUrl &url, const QStringList &sslErrors, bool timedOut, bool cancelledByUser)
{
    const QString where = displayUrl(url);
    if (cancelledByUser)
        return LiveError::make(LiveError::Cancelled, QStringLiteral("Cancelled."));
    if (timedOut || networkError == QNetworkReply::TimeoutError)
        return LiveError::make(LiveError::Timeout,
                               QStringLiteral("Timed out: no answer from %1 within the time allowed.").arg(where));
    if (httpStatus >= 400) {
        switch (httpStatus) {
        case 401:
            return LiveError::make(
                LiveError::Unauthorized,
                withServerMessage(QStringLiteral("401 Unauthorized from %1: the credentials were refused (the token "
                                                 "may be wrong or expired; check the token file).")
                                      .arg(where),
                                  body),
                httpStatus);
        case 403:
            return LiveError::make(LiveError::Forbidden,
                                   withServerMessage(QStringLiteral("403 Forbidden from %1: the account may not "
                                                                    "read this.")
                                                         .arg(where),
                                                     body),
                                   httpStatus);
        case 404:
            return LiveError::make(
                LiveError::NotFound,
                withServerMessage(QStringLiteral("404 Not Found: %1 is not served here.").arg(where), body),
                httpStatus);
        case 410:
            return LiveError::make(
                LiveError::Gone, withServerMessage(QStringLiteral("410 Gone from %1.").arg(where), body), httpStatus);
        case 400:
        case 422:
            return LiveError::make(LiveError::BadRequest,
                                   withServerMessage(QStringLiteral("%1 %2 rejected the request.")
                                                         .arg(httpStatus)
                                                         .arg(where),
                                                     body),
                                   httpStatus);
        default:
            break;
        }
        if (httpStatus == 408 || httpStatus == 429 || httpStatus >= 500)
            return LiveError::make(
                LiveError::ServerError,
                withServerMessage(QStringLiteral("HTTP %1 from %2 (temporary, will retry).").arg(httpStatus).arg(where),
                                  body),
                httpStatus);
        return LiveError::make(
            LiveError::BadRequest,
            withServerMessage(QStringLiteral("HTTP %1 from %2.").arg(httpStatus).arg(where), body), httpStatus);
    }
    if (httpStatus >= 300 && httpStatus < 400)
        return LiveError::make(LiveError::BadRequest,
                               QStringLiteral("HTTP %1 from %2: redirects are not followed (they could carry the "
                                              "credentials elsewhere). Give the final URL.")
                                   .arg(httpStatus)
                                   .arg(where),
                               httpStatus);
    switch (networkError) {
    case QNetworkReply::NoError:
        return {};
    case QNetworkReply::ConnectionRefusedError:
        return LiveError::make(LiveError::ConnectionRefused,
                               QStringLiteral("Connection refused by %1: nothing is listening there. Is the service "
                                              "(API server, kubectl proxy, Prometheus) running, and is the port "
                                              "right?")
                                   .arg(hostPort(url)));
    case QNetworkReply::HostNotFoundError:
        return LiveError::make(LiveError::HostNotFound,
                               QStringLiteral("Host not found: \"%1\" could not be resolved (DNS). Check the name in "
                                              "the URL and this machine's DNS.")
                                   .arg(cleaned(url.host(), 200)));
    case QNetworkReply::SslHandshakeFailedError: {
        QString detail = cleaned(sslErrors.isEmpty() ? errorString : sslErrors.join(QStringLiteral("; ")));
        return LiveError::make(LiveError::Tls,
                               QStringLiteral("TLS error talking to %1: %2. The server's certificate is not "
                                              "trusted: give the cluster's CA certificate (the CA file).")
                                   .arg(hostPort(url), detail));
    }
    case QNetworkReply::OperationCanceledError:
        // Not cancelled by us and not our timeout: Qt's transfer timeout aborts this way.
        return LiveError::make(LiveError::Timeout,
                               QStringLiteral("Timed out: no answer from %1 within the time allowed.").arg(where));
    default:
        break;
    }
    if (!sslErrors.isEmpty())
        return LiveError::make(LiveError::Tls, QStringLiteral("TLS error talking to %1: %2.")
                                                   .arg(hostPort(url), cleaned(sslErrors.join(QStringLiteral("; ")))));
    return LiveError::make(LiveError::Network,
                           QStringLiteral("Network error talking to %1: %2.").arg(hostPort(url), cleaned(errorString)));
}

LiveError classifyReply(const QNetworkReply *reply, const QByteArray &body, const QStringList &sslErrors,
                        bool timedOut, bool cancelledByUser)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return classifyLiveError(int(reply->error()), reply->errorString(), status, body, reply->url(), sslErrors,
                             timedOut, cancelledByUser);
}

} // namespace gateline
