#include "bundleloader.h"

#include "jobs/idleworkers.h"
#include "jobs/parallelfor.h"

#include "archivereader.h"
#include "cache/columncache.h"
#include "store/columnspill.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QMutex>
#include <QThread>

#include <atomic>

namespace gateline {

namespace {

struct LoadState {
    const IngestOptions &options;
    const CancelFlag *cancel;
    const IngestProgressFn &progress;
    TimePruner pruner;
    QMutex mutex;
    EventStore store;
    std::atomic<int> filesDone {0};
    int filesTotal = 0;
    std::atomic<qint64> bytesDone {0};
    qint64 bytesTotal = 0;
    std::unique_ptr<ColumnCache> cache; // set when the column cache is on
    // An entry the cache did not take (no room left on the disk, or the write failed): the folder is
    // trimmed after the load all the same, to its budget on the disk as it is now.
    std::atomic<bool> cacheRefused {false};

    // The file's sources from the column cache; false (and counted) if it has none for it.
    bool fromCache(const QString &path);
    void toCache(const QString &path, const SourceReadResult &r);

    bool cancelled() const { return cancel && cancel->load(); }

    void report(IngestProgress p)
    {
        if (!progress)
            return;
        p.filesDone = filesDone.load();
        p.filesTotal = filesTotal;
        p.bytesDone = bytesDone.load();
        p.bytesTotal = bytesTotal;
        progress(p);
    }

    void finishSource(const QString &display, SourceReadResult &&r)
    {
        IngestProgress p;
        p.stage = IngestProgress::SourceFinished;
        p.source = display;
        for (auto &s : r.sources)
            s->squeeze(); // outside the lock: the source is complete
        QMutexLocker lock(&mutex);
        ++store.pruning.filesRead;
        if (!r.sources.empty()) {
            for (auto &s : r.sources) {
                p.records += s->size();
                p.rejected += s->rejected.total;
                if (progress)
                    p.finished.push_back(s.get()); // the store keeps it where it is
                store.add(std::move(s));
            }
        } else {
            store.unrecognised.append({display, r.unrecognisedReason});
        }
        lock.unlock();
        report(p);
    }

    ProgressFn sourceProgress(const QString &display)
    {
        if (!progress)
            return {};
        auto seen = std::make_shared<qint64>(0); // this source's bytes already counted in bytesDone
        return [this, display, seen](qint64 done, qint64 total) {
            if (done > *seen) {
                bytesDone.fetch_add(done - *seen);
                *seen = done;
            }
            IngestProgress p;
            p.source = display;
            p.done = done;
            p.total = total;
            report(p);
        };
    }

    void skipped(const QString &display, const PruneDecision &d)
    {
        QMutexLocker lock(&mutex);
        RangePruning &r = store.pruning;
        ++r.filesSkipped;
        (d.basis == PruneDecision::FileName ? r.byFileName : r.byContent) += 1;
        r.skippedPaths.append(display);
    }

    void message(const QString &m)
    {
        QMutexLocker lock(&mutex);
        store.messages.append(m);
    }

    void readArchive(const QString &path, ArchiveReader &archive, const QString &prefix, int depth,
                     const QString &displayName = {});
    void readFile(const QString &path);
    void readStream(const StreamSource &source);
};

void LoadState::readArchive(const QString &path, ArchiveReader &archive, const QString &prefix, int depth,
                            const QString &displayName)
{
    qint64 budget = options.maxTotalArchiveBytes;
    while (!cancelled() && archive.next()) {
        const QString member = prefix + archive.entryPath();
        SourceLocator loc;
        loc.filePath = path;
        loc.memberPath = member;
        loc.displayName = displayName;
        const QString display = loc.displayPath();
        if (const PruneDecision d = pruner.byName(archive.entryPath()); d.skip) {
            skipped(display, d);
            continue; // the entry's data is never inflated
        }
        if (archive.entryPathIsUnsafe())
            message(QStringLiteral("%1: archive entry name '%2' is absolute or leaves the archive; it was read in "
                                   "memory only and nothing was written")
                        .arg(path, archive.entryPath()));
        if (budget <= 0) {
            message(QStringLiteral("%1: decompressed size bound of %2 MiB for the whole archive reached; "
                                   "entries from '%3' on were not read")
                        .arg(path)
                        .arg(options.maxTotalArchiveBytes >> 20)
                        .arg(member));
            break;
        }
        IngestProgress started;
        started.stage = IngestProgress::SourceStarted;
        started.source = display;
        report(started);
        const qint64 bound = std::min(options.maxDecompressedBytes, budget);
        SourceReadResult r = readSource(archive.entryStream(bound), loc, options, cancel, sourceProgress(display));
        if (r.isArchive) {
            // A nested archive: read it into memory (bounded) and walk it too.
            if (depth >= 2) {
                r.unrecognisedReason = QStringLiteral("archive nested too deeply; not opened");
            } else {
                ParseOptions bounded = options.parse;
                bounded.maxDocumentBytes = bound;
                SourceData scratch;
                ParseContext readCtx{bounded, scratch, {}, cancel};
                const QByteArray bytes = readDocument(*r.archiveStream, readCtx);
                budget -= bytes.size();
                ArchiveReader nested;
                if (nested.openMemory(bytes)) {
                    readArchive(path, nested, member + QLatin1Char('!'), depth + 1, displayName);
                    continue;
                }
                r.unrecognisedReason = QStringLiteral("cannot open nested archive: %1").arg(nested.error());
            }
            r.isArchive = false;
        }
        for (const auto &s : r.sources)
            budget -= s->bytesRead;
        finishSource(display, std::move(r));
    }
    if (!archive.error().isEmpty())
        message(QStringLiteral("%1: %2").arg(path, archive.error()));
}

void LoadState::readFile(const QString &path)
{
    if (cancelled())
        return;
    if (pruner.active()) {
        if (const PruneDecision d = pruner.byContent(path, options); d.skip) {
            skipped(path, d);
            return;
        }
    }
    IngestProgress started;
    started.stage = IngestProgress::SourceStarted;
    started.source = path;
    report(started);
    if (fromCache(path))
        return;
    auto file = std::make_unique<FileStream>(path);
    if (!file->isOpen()) {
        SourceReadResult r;
        r.unrecognisedReason = file->error();
        finishSource(path, std::move(r));
        return;
    }
    SourceLocator loc;
    loc.filePath = path;
    SourceReadResult r = readSource(std::move(file), loc, options, cancel, sourceProgress(path));
    if (!r.isArchive) {
        toCache(path, r);
        finishSource(path, std::move(r));
        return;
    }
    r.archiveStream.reset(); // libarchive reads the file itself
    ArchiveReader archive;
    if (!archive.open(path)) {
        r.unrecognisedReason = QStringLiteral("cannot open archive: %1").arg(archive.error());
        r.isArchive = false;
        finishSource(path, std::move(r));
        return;
    }
    readArchive(path, archive, QString(), 0);
}

bool LoadState::fromCache(const QString &path)
{
    if (!cache)
        return false;
    const qint64 size = QFileInfo(path).size();
    if (size < ColumnCache::minFileBytes())
        return false;
    SourceReadResult r;
    const ColumnCache::Lookup found = cache->lookup(path, options, &r.sources);
    {
        QMutexLocker lock(&mutex);
        ColumnCacheUse &use = store.columnCache;
        ++(found == ColumnCache::Lookup::Hit       ? use.hits
           : found == ColumnCache::Lookup::Stale   ? use.stale
           : found == ColumnCache::Lookup::Corrupt ? use.corrupt
                                                   : use.misses);
    }
    if (found != ColumnCache::Lookup::Hit)
        return false;
    if (progress)
        bytesDone.fetch_add(size);
    finishSource(path, std::move(r));
    return true;
}

void LoadState::toCache(const QString &path, const SourceReadResult &r)
{
    if (!cache || cancelled() || r.sources.empty() || QFileInfo(path).size() < ColumnCache::minFileBytes())
        return;
    if (cache->store(path, options, r.sources)) {
        QMutexLocker lock(&mutex);
        ++store.columnCache.written;
    } else {
        cacheRefused.store(true);
    }
}

void LoadState::readStream(const StreamSource &source)
{
    if (cancelled())
        return;
    IngestProgress started;
    started.stage = IngestProgress::SourceStarted;
    started.source = source.display;
    report(started);
    SourceLocator loc;
    loc.filePath = source.filePath;
    loc.displayName = source.display;
    SourceReadResult r = readSource(source.open(), loc, options, cancel, sourceProgress(source.display));
    if (!r.isArchive) {
        finishSource(source.display, std::move(r));
        return;
    }
    // A .tar.gz or .zip object: its (decompressed) bytes in memory, bounded, then its entries.
    ParseOptions bounded = options.parse;
    bounded.maxDocumentBytes = options.maxTotalArchiveBytes;
    SourceData scratch;
    ParseContext readCtx{bounded, scratch, {}, cancel};
    const QByteArray bytes = readDocument(*r.archiveStream, readCtx);
    ArchiveReader archive;
    if (!archive.openMemory(bytes)) {
        r.unrecognisedReason = QStringLiteral("cannot open archive: %1").arg(archive.error());
        r.isArchive = false;
        finishSource(source.display, std::move(r));
        return;
    }
    readArchive(source.filePath, archive, QString(), 0, source.display);
}

} // namespace

QStringList BundleLoader::expandInputs(const QStringList &paths, QStringList *missing)
{
    QStringList files;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        if (fi.isDir()) {
            QDirIterator it(fi.absoluteFilePath(), QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            QStringList found;
            while (it.hasNext())
                found << it.next();
            found.sort();
            files << found;
        } else if (fi.isFile()) {
            files << fi.absoluteFilePath();
        } else if (missing) {
            missing->append(p);
        }
    }
    files.removeDuplicates();
    return files;
}

EventStore BundleLoader::load(const QStringList &paths, const CancelFlag *cancel,
                              const IngestProgressFn &progress) const
{
    return load(paths, {}, cancel, progress);
}

EventStore BundleLoader::load(const QStringList &paths, const QList<StreamSource> &streams, const CancelFlag *cancel,
                              const IngestProgressFn &progress) const
{
    // Workers out of files lend a hand to those still reading one (jobs/idleworkers.h).
    IdleWorkers idle;
    IngestOptions options = m_options;
    options.idleWorkers = &idle;
    LoadState state{options, cancel, progress, TimePruner(m_options.range), {}, {}, {}, 0};
    QStringList missing;
    QStringList files = expandInputs(paths, &missing);
    for (const QString &m : missing)
        state.store.unrecognised.append({m, QStringLiteral("no such file or folder")});
    RangePruning &pruning = state.store.pruning;
    pruning.active = state.pruner.active();
    pruning.fromUs = m_options.range.fromUs;
    pruning.untilUs = m_options.range.untilUs;
    if (state.pruner.active()) {
        // AWS ALB names say their 5-minute window: those files are left out before any I/O.
        files.removeIf([&](const QString &f) {
            const PruneDecision d = state.pruner.byName(f);
            if (d.skip)
                state.skipped(f, d);
            return d.skip;
        });
    }
    // Biggest first, so that the last file to finish is a small one.
    std::stable_sort(files.begin(), files.end(),
                     [](const QString &a, const QString &b) { return QFileInfo(a).size() > QFileInfo(b).size(); });
    state.filesTotal = int(files.size() + streams.size());
    for (const QString &f : files)
        state.bytesTotal += QFileInfo(f).size();
    for (const StreamSource &s : streams)
        state.bytesTotal += std::max<qint64>(s.size, 0);
    ColumnSpill::beginLoad(state.bytesTotal); // a load larger than the threshold keeps its columns on disk
    if (ColumnCache::enabled())
        state.cache = std::make_unique<ColumnCache>();

    // Items handed out one at a time, biggest first; a worker with none left serves the others.
    // One worker more than the items where there are more cores: with one big .gz file, the second
    // inflates it while the first parses; more would only wait, holding the pool's threads.
    const qsizetype items = streams.size() + files.size();
    const int workers = items > 0 ? parallelWorkers(items + 1, m_options.threads) : 0;
    std::atomic<qsizetype> next {0};
    parallelForWorkers(workers, workers, [&](qsizetype, int) {
        idle.join();
        for (qsizetype i; (i = next.fetch_add(1)) < items;) {
            if (state.cancelled())
                break;
            if (i < streams.size())
                state.readStream(streams[i]);
            else
                state.readFile(files[i - streams.size()]);
            state.filesDone.fetch_add(1);
        }
        idle.serve();
    });

    state.store.inflatedAhead = idle.jobsRun();
    state.store.cancelled = state.cancelled();
    if (state.store.cancelled)
        state.store.messages.append(QStringLiteral("loading was cancelled: what was read so far is shown"));
    if (state.cache && (state.store.columnCache.written > 0 || state.cacheRefused.load()))
        state.cache->trim();
    state.store.sortSources();
    std::sort(pruning.skippedPaths.begin(), pruning.skippedPaths.end());
    IngestProgress done;
    done.stage = IngestProgress::Finished;
    state.report(done);
    return std::move(state.store);
}

} // namespace gateline
