// Everything one ingest produced: the sources with their columnar records, plus what could not be
// recognised and why.
#pragma once

#include "sourcedata.h"

#include <QList>
#include <QStringList>
#include <memory>
#include <vector>

namespace gateline {

struct UnrecognisedSource {
    QString path;
    QString reason;
};

// What a time range (--from/--until, the Open dialog's range) left out of the load.
struct RangePruning {
    bool active = false;
    qint64 fromUs = 0, untilUs = 0;    // the range; open ends hold IngestRange's kOpenStart/kOpenEnd
    int filesRead = 0;                 // files and archive entries read
    int filesSkipped = 0;              // files and archive entries not read: outside the range
    int byFileName = 0;                // of the skipped: judged by an AWS ALB file name
    int byContent = 0;                 // of the skipped: judged by their first (and last) lines
    QStringList skippedPaths;          // the skipped display paths, sorted
};

// How the load used the column cache (core/cache/columncache.h), in files.
struct ColumnCacheUse {
    int hits = 0;      // read from the cache, not parsed
    int misses = 0;    // no entry: parsed
    int stale = 0;     // an entry for another version of the file (or options, or build): parsed
    int corrupt = 0;   // an entry that failed its checks: deleted, and the file parsed
    int written = 0;   // entries written
};

class EventStore
{
public:
    qsizetype sourceCount() const { return qsizetype(m_sources.size()); }
    const SourceData &source(SourceId id) const { return *m_sources[size_t(id.value)]; }
    SourceData &source(SourceId id) { return *m_sources[size_t(id.value)]; }
    SourceId add(std::unique_ptr<SourceData> s);
    // Sorts sources by display path so that output does not depend on thread timing.
    void sortSources();

    QList<UnrecognisedSource> unrecognised;
    QStringList messages; // bundle-level messages (unsafe archive entries, bounds, cancel)
    bool cancelled = false;
    RangePruning pruning;
    ColumnCacheUse columnCache;
    int inflatedAhead = 0; // .gz sources a worker out of files inflated for their reader (jobs/idleworkers.h)

    qint64 totalRecords() const;
    qint64 totalRejected() const;
    qsizetype memoryBytes() const;  // heap
    qsizetype spilledBytes() const; // column spill file (columnspill.h)
    QList<SourceId> sourcesOf(SourceFormat f) const;

private:
    std::vector<std::unique_ptr<SourceData>> m_sources;
};

} // namespace gateline
