// s3:// sources in a load: lists what each source needs for the time range (the day folders of
// AWS's ALB layout that overlap it, then only the keys whose 5-minute window does, by the same
// file-name rule as local pruning), fetches those objects with S3Downloader, and reads them with
// the local paths in one BundleLoader run, each object parsed as its bytes arrive.
#pragma once

#include "s3client.h"
#include "s3download.h"

#include "ingest/bundleloader.h"
#include "ingest/timeprune.h"

#include <QDir>
#include <QProcessEnvironment>

namespace gateline {

struct S3PlannedObject {
    QString bucket;
    S3Object object;
    QString url() const { return QStringLiteral("s3://%1/%2").arg(bucket, object.key); }
};

struct S3Plan {
    QList<S3PlannedObject> objects; // to read, in listing order
    qint64 totalBytes = 0;
    int keysListed = 0;
    int skippedKeys = 0;            // outside the range by their ALB file name: not fetched
    QStringList skippedUrls;
    int untimedKeys = 0;            // no ALB time in the name: fetched whatever the range
    int listPages = 0;              // ListObjectsV2 pages read
    QStringList listedPrefixes;     // s3:// URLs listed
    QStringList emptySources;       // sources with no key at all (in the range's day folders)
    // "14 objects, 3.2 MiB to fetch; 274 keys outside the range skipped"
    QString summary() const;
};

// The day folders "YYYY/MM/DD/" of AWS's ALB layout that may hold files for the range (a window's
// length and the pruning slack before it, since a file's folder may be its window's start day).
// Empty when the range is open at either end or spans more than maxDays.
QStringList albDayFoldersFor(const IngestRange &range, int maxDays = 400);

// Lists the objects the sources need. With a range, a source at an ALB layout's REGION/ (or
// YYYY/ or YYYY/MM/) folder lists only the overlapping day folders; above it (AWSLogs/, the
// account, elasticloadbalancing/, the bucket root) the layout is walked down with a delimiter first.
LiveError planS3(S3Client &client, const QList<S3Location> &sources, const IngestRange &range, S3Plan *plan);

struct S3LoadOptions {
    QString endpoint;       // --s3-endpoint (wins over the profile's endpoint_url)
    QString region;         // wins over AWS_REGION and the profile
    int concurrency = 4;    // objects fetched at once
    RetryPolicy retry;
    S3Cache cache;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString home = QDir::homePath();
    // Also told of the download's progress (beside S3LoadCallbacks::download), from another thread:
    // how the workbench's Open from S3 dialog follows the load its session runs.
    S3DownloadProgressFn observe;
};

struct S3LoadResult {
    EventStore store;
    S3Plan plan;
    S3DownloadProgress download;
    QString endpointDescription; // S3Config::describe(): no key
    LiveError error;             // listing failed or no credentials: nothing was loaded
    bool hadS3 = false;
};

// Callbacks are called from other threads.
struct S3LoadCallbacks {
    std::function<void(const S3Plan &)> listed; // before any object is fetched
    S3DownloadProgressFn download;
    IngestProgressFn ingest;
};

// Loads local paths and s3:// URLs together (local-only inputs go straight to BundleLoader).
S3LoadResult loadSources(const QStringList &inputs, const IngestOptions &ingest, const S3LoadOptions &s3,
                         const CancelFlag *cancel, const S3LoadCallbacks &callbacks = {});

// "1.5 MiB", "820 KiB", "12 B"
QString formatBytes(qint64 bytes);

} // namespace gateline
