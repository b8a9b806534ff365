// Signed S3 requests (path-style, SigV4) and their failures in words a user can act on. The
// blocking calls run a local event loop, so they work on any thread (the CLI's main thread, a
// background job, a test); they retry throttling and transient failures with bounded backoff and
// stop at once when the cancel flag is set. Use a client on the thread that created it: its
// QNetworkAccessManager is made there on the first request (a client only used for signing has
// none), and a request from any other thread is refused with an error instead of sending.
#pragma once

#include "retrypolicy.h"
#include "s3config.h"
#include "s3xml.h"

#include "formats/logparser.h"
#include "liveerror.h"

#include <QNetworkRequest>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QThread;

namespace gateline {

class S3Client
{
public:
    explicit S3Client(S3Config config, RetryPolicy policy = {});
    ~S3Client();
    S3Client(const S3Client &) = delete;
    S3Client &operator=(const S3Client &) = delete;

    void setCancelFlag(const CancelFlag *cancel) { m_cancel = cancel; }
    const S3Config &config() const { return m_config; }
    const RetryPolicy &policy() const { return m_policy; }

    // Every page of ListObjectsV2 under prefix (continuation tokens followed), at most maxKeys.
    // With a delimiter, the common prefixes ("folders") go to *prefixes.
    LiveError list(const QString &bucket, const QString &prefix, const QString &delimiter, QList<S3Object> *objects,
                   QStringList *prefixes = nullptr, qint64 maxKeys = 5'000'000);
    // For tests and the benchmark's set-up: create a bucket, upload one object.
    LiveError createBucket(const QString &bucket);
    LiveError put(const QString &bucket, const QString &key, const QByteArray &data);
    // Pages fetched by the listing calls so far (the test checks that pagination ran).
    int listPages() const { return m_listPages; }
    int retries() const { return m_retries; }

    // A signed request. key may be empty (the bucket); query values are not yet encoded.
    QNetworkRequest signedRequest(const QByteArray &method, const QString &bucket, const QString &key,
                                  const ByteArrayPairs &query, const ByteArrayPairs &extraHeaders,
                                  const QByteArray &payloadHash) const;

    // What a finished S3 request's failure means for a user. op says what was being done
    // ("listing s3://b/p", "reading s3://b/k"). Pure apart from the reply.
    static LiveError classify(const QNetworkReply *reply, const QByteArray &body, const QStringList &sslErrors,
                              const QString &op, bool cancelled);
    // The same from parts, for tests.
    static LiveError classifyParts(int networkError, const QString &errorString, int httpStatus, const QByteArray &body,
                                   const QStringList &sslErrors, const QString &op, bool cancelled, const QUrl &url = {});

private:
    LiveError exchange(const QByteArray &method, const QString &bucket, const QString &key, const ByteArrayPairs &query,
                       const QByteArray &body, const QString &op, QByteArray *answer);
    bool cancelled() const { return m_cancel && m_cancel->load(); }
    bool sleepUnlessCancelled(int ms) const;

    S3Config m_config;
    RetryPolicy m_policy;
    const CancelFlag *m_cancel = nullptr;
    QThread *m_owner;                                  // the thread that created the client
    std::unique_ptr<QNetworkAccessManager> m_network;  // made on the first request, on m_owner
    int m_listPages = 0;
    int m_retries = 0;
};

} // namespace gateline
