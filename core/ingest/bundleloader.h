// Loads a bundle: files, folders (recursively), .tar/.tar.gz/.tgz/.zip archives and .gz files,
// every source's format sniffed by content, parsed in parallel on all cores.
#pragma once

#include "sourcereader.h"
#include "store/eventstore.h"

#include <QStringList>
#include <functional>

namespace gateline {

struct IngestProgress {
    enum Stage { SourceStarted, SourceProgress, SourceFinished, Finished } stage = SourceProgress;
    QString source;             // display path
    qint64 done = 0;            // input bytes of this source read so far
    qint64 total = -1;          // input bytes of this source (-1 unknown)
    qint64 records = 0;         // at SourceFinished
    qint64 rejected = 0;        // at SourceFinished
    int filesDone = 0;          // files (archives count once) finished so far
    int filesTotal = 0;
    qint64 bytesDone = 0;       // input bytes of all sources read so far (for a time left)
    qint64 bytesTotal = 0;      // input bytes of all sources (files' sizes; streams' where known)
    // At SourceFinished: that file's sources, complete (squeezed, never written again). The
    // pointers are valid during the call only: a progressive picture (ui/loadingtimeline.h) reads
    // them there, on the loader's thread.
    std::vector<const SourceData *> finished;
};
// Called from worker threads.
using IngestProgressFn = std::function<void(const IngestProgress &)>;

// A source that is not a local path, such as an S3 object: how to open its bytes (the stream may
// block while they arrive), the local file they land in (for reading raw lines back later) and the
// name to show.
struct StreamSource {
    QString display;   // "s3://bucket/key"
    QString filePath;  // its local copy
    qint64 size = -1;
    std::function<std::unique_ptr<ByteStream>()> open;
};

class BundleLoader
{
public:
    explicit BundleLoader(IngestOptions options = {}) : m_options(std::move(options)) {}
    // Blocks until done or cancelled; a cancelled load keeps what was read (store.cancelled).
    EventStore load(const QStringList &paths, const CancelFlag *cancel = nullptr,
                    const IngestProgressFn &progress = {}) const;
    // The same with stream sources besides the paths (read first, in the given order; never pruned
    // here: whoever listed them chose them).
    EventStore load(const QStringList &paths, const QList<StreamSource> &streams, const CancelFlag *cancel = nullptr,
                    const IngestProgressFn &progress = {}) const;

    // The regular files under paths (folders expanded, hidden files skipped), sorted.
    static QStringList expandInputs(const QStringList &paths, QStringList *missing);

private:
    IngestOptions m_options;
};

} // namespace gateline
