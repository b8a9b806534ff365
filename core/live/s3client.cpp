#include "s3client.h"

#include "livereply.h"

#include <QDateTime>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>
#include <QTimeZone>

namespace gateline {

namespace {
constexpr qint64 kMaxAnswerBytes = 64ll << 20;
constexpr int kMaxPages = 20000;

QString hostHeader(const QUrl &url)
{
    const int port = url.port();
    const bool defaultPort = port < 0 || (url.scheme() == QLatin1StringView("http") && port == 80)
        || (url.scheme() == QLatin1StringView("https") && port == 443);
    return defaultPort ? url.host() : QStringLiteral("%1:%2").arg(url.host()).arg(port);
}
} // namespace

S3Client::S3Client(S3Config config, RetryPolicy policy)
    : m_config(std::move(config)), m_policy(policy), m_owner(QThread::currentThread())
{
}

S3Client::~S3Client() = default;

QNetworkRequest S3Client::signedRequest(const QByteArray &method, const QString &bucket, const QString &key,
                                        const ByteArrayPairs &query, const ByteArrayPairs &extraHeaders,
                                        const QByteArray &payloadHash) const
{
    const QUrl base = m_config.baseUrl();
    QByteArray basePath = base.path(QUrl::FullyDecoded).toUtf8();
    while (basePath.endsWith('/'))
        basePath.chop(1);
    QByteArray path = basePath + '/' + bucket.toUtf8();
    if (!key.isEmpty())
        path += '/' + key.toUtf8();
    else
        path += '/';
    QByteArray encodedQuery;
    ByteArrayPairs sortedQuery = query;
    for (const auto &[k, v] : sortedQuery) {
        if (!encodedQuery.isEmpty())
            encodedQuery += '&';
        encodedQuery += sigv4::uriEncode(k, false) + '=' + sigv4::uriEncode(v, false);
    }
    QByteArray urlText = base.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                             .toEncoded()
        + sigv4::uriEncode(path, true);
    if (!encodedQuery.isEmpty())
        urlText += '?' + encodedQuery;
    const QUrl url = QUrl::fromEncoded(urlText, QUrl::StrictMode);

    const QByteArray date = sigv4::amzDate(QDateTime::currentDateTimeUtc());
    SigV4Request sig;
    sig.method = method;
    sig.path = path;
    sig.query = query;
    sig.payloadHash = payloadHash;
    sig.headers = {{"host", hostHeader(url).toUtf8()}, {"x-amz-date", date}, {"x-amz-content-sha256", payloadHash}};
    if (!m_config.credentials.sessionToken.isEmpty())
        sig.headers.append({"x-amz-security-token", m_config.credentials.sessionToken.toUtf8()});
    for (const auto &h : extraHeaders)
        sig.headers.append(h);

    QNetworkRequest req(url);
    for (const auto &[k, v] : sig.headers) {
        if (k != "host")
            req.setRawHeader(k, v);
    }
    req.setRawHeader("Authorization",
                     sigv4::authorization(sig, m_config.credentials, m_config.region.toUtf8(), "s3", date));
    req.setRawHeader("User-Agent", "gateline");
    req.setTransferTimeout(m_policy.transferTimeoutMs);
    // No redirects: S3 answers a wrong region with 301 and a body saying which one.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return req;
}

LiveError S3Client::classifyParts(int networkError, const QString &errorString, int httpStatus, const QByteArray &body,
                                  const QStringList &sslErrors, const QString &op, bool cancelledByUser, const QUrl &url)
{
    if (cancelledByUser)
        return LiveError::make(LiveError::Cancelled, QStringLiteral("Cancelled while %1.").arg(op));
    S3ErrorBody s3;
    const bool hasS3Error = httpStatus >= 300 && parseS3Error(body, &s3);
    const QString code = hasS3Error ? s3.code : QString();
    const QString detail = hasS3Error && !s3.message.isEmpty() ? QStringLiteral(" (S3 says: %1)").arg(s3.message) : QString();
    auto make = [&](LiveError::Kind kind, const QString &text) {
        return LiveError::make(kind, text + detail, httpStatus);
    };
    if (code == QLatin1StringView("SignatureDoesNotMatch"))
        return make(LiveError::Unauthorized,
                    QStringLiteral("S3 refused the signature while %1: the secret access key does not belong to the access "
                                   "key id (SignatureDoesNotMatch). Check AWS_SECRET_ACCESS_KEY or the profile's "
                                   "aws_secret_access_key.").arg(op));
    if (code == QLatin1StringView("InvalidAccessKeyId"))
        return make(LiveError::Unauthorized,
                    QStringLiteral("S3 does not know the access key id while %1 (InvalidAccessKeyId): it is wrong, "
                                   "deleted, or for another endpoint.").arg(op));
    if (code == QLatin1StringView("ExpiredToken") || code == QLatin1StringView("TokenRefreshRequired"))
        return make(LiveError::Unauthorized,
                    QStringLiteral("The AWS session token has expired (%1) while %2: get new temporary credentials "
                                   "(aws sso login, aws sts ...) and try again.").arg(code, op));
    if (code == QLatin1StringView("InvalidToken"))
        return make(LiveError::Unauthorized,
                    QStringLiteral("S3 rejected the session token while %1 (InvalidToken).").arg(op));
    if (code == QLatin1StringView("RequestTimeTooSkewed"))
        return make(LiveError::Unauthorized,
                    QStringLiteral("This computer's clock is too far from S3's while %1 (RequestTimeTooSkewed).").arg(op));
    if (code == QLatin1StringView("AccessDenied") || (httpStatus == 403 && code.isEmpty()))
        return make(LiveError::Forbidden,
                    QStringLiteral("Access denied while %1: these credentials may not %2 there (AccessDenied).")
                        .arg(op, op.startsWith(QLatin1StringView("listing")) ? QStringLiteral("list (s3:ListBucket)")
                                                                             : QStringLiteral("read (s3:GetObject)")));
    if (code == QLatin1StringView("NoSuchBucket"))
        return make(LiveError::NotFound, QStringLiteral("No such bucket while %1 (NoSuchBucket).").arg(op));
    if (code == QLatin1StringView("NoSuchKey") || (httpStatus == 404 && code.isEmpty()))
        return make(LiveError::NotFound, QStringLiteral("No such object while %1 (NoSuchKey).").arg(op));
    if (code == QLatin1StringView("PermanentRedirect") || code == QLatin1StringView("AuthorizationHeaderMalformed")
        || httpStatus == 301)
        return make(LiveError::BadRequest,
                    QStringLiteral("The bucket is in another region while %1 (%2): give it with AWS_REGION or the "
                                   "profile's region.").arg(op, code.isEmpty() ? QStringLiteral("HTTP 301") : code));
    if (code == QLatin1StringView("SlowDown") || httpStatus == 503)
        return make(LiveError::ServerError,
                    QStringLiteral("S3 asked to slow down while %1 (HTTP %2 %3).")
                        .arg(op).arg(httpStatus).arg(code.isEmpty() ? QStringLiteral("SlowDown") : code));
    if (code == QLatin1StringView("InvalidRange"))
        return make(LiveError::BadRequest, QStringLiteral("The object changed or shrank while %1 (InvalidRange).").arg(op));
    if (code == QLatin1StringView("PreconditionFailed") || httpStatus == 412)
        return make(LiveError::Malformed,
                    QStringLiteral("The object was replaced while %1 (its ETag changed); open it again.").arg(op));
    LiveError e = classifyLiveError(networkError, errorString, httpStatus, body, QUrl(), sslErrors, false, false);
    if (e.isError()) {
        if (!code.isEmpty())
            e.message = QStringLiteral("S3 error %1 while %2%3").arg(code, op, detail);
        else if (httpStatus == 0 && !url.host().isEmpty())
            e.message = QStringLiteral("The S3 endpoint %1:%2 did not answer while %3: %4. Check --s3-endpoint or the "
                                       "profile's endpoint_url.")
                            .arg(url.host())
                            .arg(url.port(url.scheme() == QLatin1StringView("https") ? 443 : 80))
                            .arg(op, errorString);
        else
            e.message = QStringLiteral("%1 (while %2)").arg(e.message, op);
    }
    return e;
}

LiveError S3Client::classify(const QNetworkReply *reply, const QByteArray &body, const QStringList &sslErrors,
                             const QString &op, bool cancelledByUser)
{
    return classifyParts(int(reply->error()), reply->errorString(),
                         reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), body, sslErrors, op,
                         cancelledByUser, reply->url());
}

bool S3Client::sleepUnlessCancelled(int ms) const
{
    QEventLoop loop;
    QTimer done, poll;
    done.setSingleShot(true);
    QObject::connect(&done, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (cancelled())
            loop.quit();
    });
    done.start(ms);
    poll.start(50);
    loop.exec();
    return !cancelled();
}

LiveError S3Client::exchange(const QByteArray &method, const QString &bucket, const QString &key,
                             const ByteArrayPairs &query, const QByteArray &body, const QString &op, QByteArray *answer)
{
    // A QNetworkAccessManager used from a thread it does not live in parents its replies across
    // threads ("Cannot create children for a parent that is in a different thread") and is not safe.
    if (QThread::currentThread() != m_owner) {
        qWarning("S3Client: a request from another thread than the one that created the client (%s) was refused",
                 qPrintable(op));
        return LiveError::make(LiveError::Config,
                               QStringLiteral("Internal error while %1: the S3 client was used from another thread "
                                              "than the one that created it.").arg(op));
    }
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    for (int attempt = 1;; ++attempt) {
        if (cancelled())
            return LiveError::make(LiveError::Cancelled, QStringLiteral("Cancelled while %1.").arg(op));
        const QNetworkRequest req = signedRequest(method, bucket, key, query, {}, sigv4::sha256Hex(body));
        QNetworkReply *reply = m_network->sendCustomRequest(req, method, body);
        QStringList sslErrors;
        QEventLoop loop;
        collectSslErrors(reply, &loop, &sslErrors);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer poll;
        bool userCancel = false;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (cancelled()) {
                userCancel = true;
                reply->abort();
            }
        });
        poll.start(50);
        if (!reply->isFinished())
            loop.exec();
        poll.stop();
        const QByteArray data = reply->bytesAvailable() > kMaxAnswerBytes ? QByteArray() : reply->readAll();
        LiveError error = classify(reply, data, sslErrors, op, userCancel);
        reply->deleteLater();
        if (!error.isError()) {
            *answer = data;
            return error;
        }
        int delay = 0;
        if (!retryAfterFailure(&error, attempt, m_policy, &delay))
            return error;
        ++m_retries;
        if (!sleepUnlessCancelled(delay))
            return LiveError::make(LiveError::Cancelled, QStringLiteral("Cancelled while %1.").arg(op));
    }
}

LiveError S3Client::list(const QString &bucket, const QString &prefix, const QString &delimiter,
                         QList<S3Object> *objects, QStringList *prefixes, qint64 maxKeys)
{
    QString token;
    const QString op = QStringLiteral("listing s3://%1/%2").arg(bucket, prefix);
    for (int page = 0; page < kMaxPages; ++page) {
        ByteArrayPairs query{{"list-type", "2"}};
        if (!prefix.isEmpty())
            query.append({"prefix", prefix.toUtf8()});
        if (!delimiter.isEmpty())
            query.append({"delimiter", delimiter.toUtf8()});
        if (!token.isEmpty())
            query.append({"continuation-token", token.toUtf8()});
        QByteArray xml;
        const LiveError error = exchange("GET", bucket, QString(), query, QByteArray(), op, &xml);
        if (error.isError())
            return error;
        ++m_listPages;
        S3ListPage result;
        QString why;
        if (!parseS3ListPage(xml, &result, &why))
            return LiveError::make(LiveError::Malformed, QStringLiteral("Malformed listing while %1: %2").arg(op, why));
        objects->append(result.objects);
        if (prefixes)
            prefixes->append(result.commonPrefixes);
        if (objects->size() > maxKeys)
            return LiveError::make(LiveError::Config,
                                   QStringLiteral("Over %1 keys under s3://%2/%3: give a narrower prefix or a time "
                                                  "range (--from/--until).").arg(maxKeys).arg(bucket, prefix));
        if (!result.truncated)
            return {};
        if (result.nextContinuationToken == token)
            return LiveError::make(LiveError::Malformed,
                                   QStringLiteral("The listing repeats its continuation token while %1.").arg(op));
        token = result.nextContinuationToken;
    }
    return LiveError::make(LiveError::Malformed, QStringLiteral("Over %1 listing pages while %2.").arg(kMaxPages).arg(op));
}

LiveError S3Client::createBucket(const QString &bucket)
{
    QByteArray answer;
    return exchange("PUT", bucket, QString(), {}, QByteArray(), QStringLiteral("creating bucket %1").arg(bucket), &answer);
}

LiveError S3Client::put(const QString &bucket, const QString &key, const QByteArray &data)
{
    QByteArray answer;
    return exchange("PUT", bucket, key, {}, data, QStringLiteral("uploading s3://%1/%2").arg(bucket, key), &answer);
}

} // namespace gateline
