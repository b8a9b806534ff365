// Spilling sealed column chunks to a memory-mapped file, for bundles larger than memory.
//
// A load whose input files add up to at least the threshold (default 2 GiB of input, about 20M ALB
// lines; GATELINE_SPILL_ABOVE_MB or setThresholdBytes() change it, 0 spills every load) turns the
// spill on. From then on, each column chunk of a SourceData that is full (16,384 rows), and each
// source's last chunk once the source is complete, is written to one unlinked file in the user's
// cache folder (…/gateline/spill) and read back through one shared read-only mapping of that file.
// The values never change, so the analysis and the views read them exactly as before.
//
// Why this bounds memory: the chunks live in the page cache, not in the process's heap. A page of
// the mapping counts in the resident set only while it is mapped in; a trimmer thread drops the
// mapping's pages (madvise MADV_DONTNEED, which for a shared file mapping only unmaps: the data
// stays in the page cache and the file) whenever the mapped-in file pages pass a budget, so the
// resident set stays bounded however many rows are loaded; a dropped page comes back on the next
// read as a minor fault from the page cache (or from disk if the kernel needed the memory).
#pragma once

#include <QString>
#include <QtGlobal>

#include <atomic>
#include <cstddef>

namespace gateline {

class ColumnSpill
{
public:
    // The process-wide spill file, or null if spilling is not on (for the load being read).
    static ColumnSpill *active() { return s_active.load(std::memory_order_acquire); }
    // The spill file once any load has made it (chunks give their space back here), else null.
    static ColumnSpill *process() { return s_process.load(std::memory_order_acquire); }
    // Called at the start of a load with its input size: turns spilling on if that reaches the
    // threshold (and the spill file can be made), else off. Returns whether it is on.
    static bool beginLoad(qint64 inputBytes);
    // Input size from which loads spill; < 0 never. Default: GATELINE_SPILL_ABOVE_MB, else 2 GiB.
    static void setThresholdBytes(qint64 bytes);
    static qint64 thresholdBytes();
    // Bytes of column data in the spill file now (all loads), and the file's folder.
    static qint64 liveBytes();
    static QString folder();

    // Writes bytes (any length; whole pages are kept for them) and returns where they can be read, or null (the
    // file cannot grow: disk full, address space reserved used up): then the caller keeps its copy.
    const void *put(const void *data, size_t bytes);
    // The chunk at p (bytes long, as given to put) is no longer needed; the file is emptied when
    // no chunk is left in it.
    void release(const void *p, size_t bytes);
    bool owns(const void *p) const;

    static constexpr size_t kPage = 4096;
    static size_t padded(size_t bytes) { return (bytes + kPage - 1) & ~(kPage - 1); }

    ~ColumnSpill();

private:
    ColumnSpill() = default;
    bool open();
    void trimLoop();
    static ColumnSpill *instance();

    static std::atomic<ColumnSpill *> s_active;
    static std::atomic<ColumnSpill *> s_process;
    struct State;
    State *m_state = nullptr;
};

} // namespace gateline
