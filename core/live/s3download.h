// Downloads S3 objects into the local cache (as stored: a .log.gz stays compressed) on a thread of
// its own, a bounded number at once, while the loader's workers read each one as its bytes arrive
// (S3ObjectStream blocks until more bytes are on disk). A dropped connection is resumed with a
// Range request (If-Match: the same ETag) that starts a little before the end of what is on disk,
// and the answer is checked before a byte of it is kept (s3resume.h): a 206 must start where it
// was asked to and give the listed size, a 200 is the whole object again (the bytes already read
// are dropped), and the overlapping bytes must be the same. When a Range answer fails that check
// the object is fetched again without Range (its first bytes dropped and compared too), and so is
// every later resume from that server. Throttling (503 SlowDown) and transient failures are
// retried with bounded backoff; anything else ends that object with a clear message, and what
// arrived before stays readable (as a truncated local file would). Cancel stops everything at once.
#pragma once

#include "retrypolicy.h"
#include "s3cache.h"
#include "s3config.h"
#include "s3xml.h"

#include "formats/logparser.h"
#include "ingest/bytestream.h"

#include <QFile>
#include <QMutex>
#include <QWaitCondition>

#include <functional>
#include <memory>

class QThread;

namespace gateline {

// One object's download, shared by the downloader (writer) and the stream (reader).
struct S3ObjectState {
    QString bucket;
    QString key;
    QString etag;
    qint64 size = 0;
    QString path;         // the cache file
    bool fromCache = false;

    QMutex mutex;
    QWaitCondition grown;
    qint64 written = 0;   // bytes on disk
    bool finished = false;
    QString error;        // set when it ended before all bytes came
    int resumes = 0;      // Range requests after a dropped connection
    int retries = 0;      // attempts after throttling or transient failures
    int rangeFallbacks = 0; // resumes whose Range answer was wrong, fetched again without Range

    QString url() const { return QStringLiteral("s3://%1/%2").arg(bucket, key); }
};

// Reads a cache file while it is being written: blocks until more bytes are on disk, the download
// ends, or the cancel flag is set.
class S3ObjectStream : public ByteStream
{
public:
    S3ObjectStream(std::shared_ptr<S3ObjectState> state, const CancelFlag *cancel);
    qint64 read(char *buf, qint64 max) override;
    qint64 inputPosition() const override { return m_pos; }
    qint64 inputSize() const override { return m_state->size; }

private:
    std::shared_ptr<S3ObjectState> m_state;
    const CancelFlag *m_cancel;
    QFile m_file;
    qint64 m_pos = 0;
};

struct S3DownloadProgress {
    qint64 bytesDone = 0;   // downloaded or found in the cache
    qint64 bytesTotal = 0;
    int objectsDone = 0;
    int objectsTotal = 0;
    int objectsFromCache = 0;
    int objectsFailed = 0;
    int resumes = 0;        // Range requests after dropped connections
    int retries = 0;        // requests repeated after throttling or transient failures
    int rangeFallbacks = 0; // resumes fetched again without Range: the server's Range answer was wrong
    QString rangeProblem;   // the first such answer, in words ("" if none)
    double etaSeconds = -1; // -1: not known yet
    double bytesPerSecond = 0;
};
// Called on the download thread, at most every 100 ms and once at the end.
using S3DownloadProgressFn = std::function<void(const S3DownloadProgress &)>;

class S3DownloadWorker;

class S3Downloader
{
public:
    S3Downloader(S3Config config, RetryPolicy policy, S3Cache cache, int concurrency, const CancelFlag *cancel,
                 S3DownloadProgressFn progress);
    ~S3Downloader(); // stops what is left and waits for the thread
    // Starts fetching (objects already complete in the cache are not fetched). Call once.
    void start(const QList<std::shared_ptr<S3ObjectState>> &objects);
    // Blocks until every object has finished (or failed, or was cancelled).
    void wait();
    S3DownloadProgress progress() const;

private:
    std::unique_ptr<QThread> m_thread;
    S3DownloadWorker *m_worker = nullptr;
};

} // namespace gateline
