#include "s3inputs.h"

#include "live/s3source.h"

#include <QTextStream>
#include <QtMath>

#include <cstdio>
#include <mutex>
#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

using namespace gateline;

bool loadInputs(const QString &command, const QStringList &inputs, const IngestOptions &ingest,
                const QString &s3Endpoint, TerminalProgress &progress, EventStore *store, int *exitCode)
{
    const bool anyS3 = std::any_of(inputs.begin(), inputs.end(), [](const QString &i) { return isS3Url(i); });
    if (!anyS3 && s3Endpoint.isEmpty()) {
        *store = BundleLoader(ingest).load(inputs, progress.cancelFlag(), progress.callback());
        return true;
    }
    bool terminal = false;
#if defined(Q_OS_UNIX)
    terminal = isatty(fileno(stderr)) && !qEnvironmentVariableIsSet("GATELINE_NO_PROGRESS");
#endif
    S3LoadOptions options;
    options.endpoint = s3Endpoint;
    S3LoadCallbacks callbacks;
    callbacks.listed = [&](const S3Plan &plan) {
        QTextStream(stderr) << command << ": S3: " << plan.summary() << " (" << plan.keysListed << " keys listed in "
                            << plan.listPages << " pages)\n";
    };
    std::mutex drawMutex;
    if (terminal) {
        callbacks.download = [&](const S3DownloadProgress &p) {
            const std::lock_guard lock(drawMutex);
            std::fprintf(stderr, "\r\033[Kfetching: %s of %s, %d of %d objects%s", qPrintable(formatBytes(p.bytesDone)),
                         qPrintable(formatBytes(p.bytesTotal)), p.objectsDone, p.objectsTotal,
                         p.etaSeconds >= 0 ? qPrintable(QStringLiteral(", about %1 s left").arg(qCeil(p.etaSeconds))) : "");
            std::fflush(stderr);
        };
    }
    callbacks.ingest = progress.callback();
    S3LoadResult r = loadSources(inputs, ingest, options, progress.cancelFlag(), callbacks);
    progress.finish();
    if (terminal) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
    if (r.error.isError()) {
        QTextStream(stderr) << command << ": " << r.error.message << "\n";
        *exitCode = r.error.kind == LiveError::Config ? 2 : 4;
        return false;
    }
    if (r.hadS3) {
        const S3DownloadProgress &d = r.download;
        QTextStream(stderr) << command << ": S3 (" << r.endpointDescription << "): " << d.objectsDone - d.objectsFailed
                            << " of " << d.objectsTotal << " objects read whole, " << d.objectsFromCache
                            << " from the local cache, " << formatBytes(d.bytesDone) << "\n";
    }
    *store = std::move(r.store);
    return true;
}
