// AWS Signature Version 4 for S3 requests, on QCryptographicHash and QMessageAuthenticationCode.
// Pure functions, so that the test checks them against AWS's published test vectors.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace gateline {

// Keys as the user has them. Never written to settings, logs, saved investigations or exports:
// only describe() (which names the source, never a key) may be shown.
struct S3Credentials {
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken;
    QString source; // where they came from: "environment", "profile 'x' in ~/.aws/credentials", ...

    bool isValid() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }
};

using ByteArrayPairs = QList<QPair<QByteArray, QByteArray>>;

struct SigV4Request {
    QByteArray method;      // GET, PUT, ...
    QByteArray path;        // decoded path ("/bucket/key with spaces"); encoded while signing
    ByteArrayPairs query;   // decoded names and values
    ByteArrayPairs headers; // names in any case; must include host (and x-amz-date)
    QByteArray payloadHash; // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

namespace sigv4 {

// RFC 3986 unreserved characters kept, everything else %XX (upper case); '/' kept when asked.
QByteArray uriEncode(const QByteArray &s, bool keepSlash);
QByteArray sha256Hex(const QByteArray &data);
QByteArray amzDate(const QDateTime &utc); // 20150830T123600Z

QByteArray canonicalRequest(const SigV4Request &req, QByteArray *signedHeaders);
QByteArray stringToSign(const QByteArray &amzDate, const QByteArray &scope, const QByteArray &canonicalRequest);
QByteArray signingKey(const QString &secret, const QByteArray &date, const QByteArray &region, const QByteArray &service);
// The Authorization header's value. The request's headers must already hold x-amz-date (and
// x-amz-security-token when there is a session token).
QByteArray authorization(const SigV4Request &req, const S3Credentials &creds, const QByteArray &region,
                         const QByteArray &service, const QByteArray &amzDate);

} // namespace sigv4

} // namespace gateline
