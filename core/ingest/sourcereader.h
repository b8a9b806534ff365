// Turns one source's raw bytes (plain or gzip, from a file or an archive entry) into a SourceData:
// undoes gzip by content, sniffs the format by content, and runs that format's parser.
#pragma once

#include "formats/logparser.h"
#include "ingest/bytestream.h"
#include "store/sourcedata.h"
#include "timeprune.h"

#include <memory>
#include <vector>

namespace gateline {

class IdleWorkers;

struct IngestOptions {
    ParseOptions parse;
    qint64 maxDecompressedBytes = 8ll << 30;   // per source: a bound against gzip bombs
    qint64 maxTotalArchiveBytes = 32ll << 30;  // per archive, all entries together
    SourceFormat forceFormat = SourceFormat::Unknown; // skip sniffing (tests)
    int threads = 0;                           // 0: one per core
    IngestRange range;                         // set: files that cannot hold records of it are skipped
    // The load's workers that have run out of files (set by BundleLoader for its load): a .gz
    // source read while one waits has it inflate ahead (GzipStream::setIdleWorkers).
    IdleWorkers *idleWorkers = nullptr;
};

struct SourceReadResult {
    // One source normally; several when the stream interleaves line kinds or replicas (each a
    // sub-source: one format, one pod). Empty if the source is not recognised.
    std::vector<std::unique_ptr<SourceData>> sources;
    // The sub-source with the most records (null if none): what a single-format caller wants.
    SourceData *primary() const;
    QString unrecognisedReason;
    bool isArchive = false;           // the bytes are a tar or zip: the caller opens it as an archive
    std::unique_ptr<ByteStream> archiveStream; // when isArchive: the (decompressed) archive bytes from the start
};

// Reads one source. raw yields the source's bytes as stored (maybe gzip).
SourceReadResult readSource(std::unique_ptr<ByteStream> raw, const SourceLocator &locator,
                            const IngestOptions &options, const CancelFlag *cancel, const ProgressFn &progress);

// Convenience for tests and tools: read a plain or .gz file on disk.
SourceReadResult readSourceFile(const QString &path, const IngestOptions &options = {});

} // namespace gateline
