// Where an S3 source is and how to reach it: the s3://bucket/prefix location, the credentials
// (environment, or AWS_PROFILE in ~/.aws/credentials and ~/.aws/config), the region and the
// endpoint (AWS, endpoint_url in the profile, AWS_ENDPOINT_URL(_S3), or --s3-endpoint).
#pragma once

#include "s3signer.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QUrl>

namespace gateline {

struct S3Location {
    QString bucket;
    QString key; // a prefix (often ending in '/') or one object's key; empty: the whole bucket

    QString url() const { return QStringLiteral("s3://%1/%2").arg(bucket, key); }
    // "s3://bucket/some/prefix" -> {bucket, "some/prefix"}; false when it is not an s3:// URL.
    static bool parse(const QString &text, S3Location *out, QString *error = nullptr);
};

bool isS3Url(const QString &text);

struct S3Config {
    S3Credentials credentials;
    QString region;    // us-east-1 when nothing says otherwise
    QUrl endpoint;     // empty: AWS (https://s3.REGION.amazonaws.com, path-style)
    QString profile;   // the profile used, if any
    QStringList notes; // what came from where (never a key)

    // The base URL requests go to (path-style: BASE/bucket/key).
    QUrl baseUrl() const;
    // For people: endpoint, region and where the credentials came from. Never a key.
    QString describe() const;
};

// Sections of an INI file as the AWS CLI writes ~/.aws/credentials and ~/.aws/config: "[name]" or
// "[profile name]" headers, "key = value" lines, '#' and ';' comments; indented lines under a key
// with an empty value are sub-settings, stored as "key.sub" ("s3.endpoint_url").
QMap<QString, QMap<QString, QString>> parseAwsIni(const QByteArray &text);

// Resolves credentials, region and endpoint. env stands for the process environment and home
// for the user's home folder (both given, for tests). endpointOverride and regionOverride come from
// the command line or the dialog and win over everything. Returns an error message, or empty.
QString resolveS3Config(const QProcessEnvironment &env, const QString &home, const QString &endpointOverride,
                        const QString &regionOverride, S3Config *out);

} // namespace gateline
