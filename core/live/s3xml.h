// The S3 answers Gateline reads: a ListObjectsV2 page and an <Error> body. Pure (QXmlStreamReader),
// for tests and the fuzz target; S3 answers are untrusted input.
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace gateline {

struct S3Object {
    QString key;
    qint64 size = 0;
    QString etag; // without the quotes
    QDateTime lastModified;
};

struct S3ListPage {
    QList<S3Object> objects;
    QStringList commonPrefixes;
    bool truncated = false;
    QString nextContinuationToken;
};

struct S3ErrorBody {
    QString code;    // AccessDenied, NoSuchBucket, SignatureDoesNotMatch, ...
    QString message;
    QString resource;
};

// False (with a reason) when the text is not a ListBucketResult.
bool parseS3ListPage(const QByteArray &xml, S3ListPage *out, QString *error);
// False when the body is not an S3 <Error>.
bool parseS3Error(const QByteArray &xml, S3ErrorBody *out);

} // namespace gateline
