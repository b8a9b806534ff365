// The records of one source (one file or archive member), stored column by column.
#pragma once

#include "narrowcolumns.h"
#include "record.h"
#include "stringpool.h"
#include "types.h"

#include <QList>
#include <QMap>
#include <QString>
#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

namespace gateline {

// Where a source's bytes come from, so that raw lines can be read back later.
struct SourceLocator {
    QString filePath;       // file on disk
    QString memberPath;     // entry inside an archive; empty for a plain file
    bool gzip = false;      // the file (or member) is gzip-compressed
    QString replica;        // pod (replica) of a stream holding several; empty for a whole file
    QString displayName;    // shown instead of filePath when set (an s3:// URL; filePath is its local copy)
    bool lokiExport = false; // a Grafana Loki JSON export: the lines are its entries as lokiExportAsLines()
                             // writes them, and offsets count in that text, not in the file's bytes
    QString displayPath() const; // file[!member][#replica]
};

struct RejectStats {
    qint64 total = 0;
    QMap<QString, qint64> byReason;          // reason -> count
    QList<qint64> sampleLines;               // 1-based line numbers of the first few rejects
    QList<QString> sampleReasons;
    void add(const QString &reason, qint64 lineNumber);
    // Adds another source's rejects (counts, and samples up to the cap).
    void merge(const RejectStats &other);
};

class SourceData
{
public:
    SourceData(); // its columns spill when the load spills (columnspill.h)
    SourceLocator locator;
    SourceFormat format = SourceFormat::Unknown;
    QString wrapper;               // how the lines were wrapped ("kubectl logs --timestamps", "stern", "CRI", ...); empty: none
    QString pod;                   // the replica's pod name, where a prefix, label or path names it
    QString container;             // container name from a wrapper prefix, where known
    bool wrapperTimes = false;     // local-time records were re-timed from the wrapper's UTC time
    bool sidecar = false;          // Envoy: an Istio sidecar's log (inbound clusters), a hop between the
                                   // ingress and the app; other Envoy logs are the ingress hop
    QString ingressGroup;          // for per-ingress timezone inference; default: the folder
    QStringList notes;             // clear messages about this source (truncation, bounds, ...)
    qint64 bytesRead = 0;
    qint64 linesSeen = 0;
    RejectStats rejected;
    int utcOffsetSeconds = 0;      // last CLF offset seen (0 if none)
    bool sawUtcOffset = false;

    void append(const Record &r);
    // The same, with the hashes (hashBytes) of r.client and r.path already taken by the caller
    // (a parser that prefetched their string-pool slots): they are not hashed again.
    void append(const Record &r, quint32 clientHash, quint32 pathHash);
    // Appends every record of other (the same format, parsed from a later piece of the same file),
    // its byte offsets moved by offsetShift (where that piece starts in the file); its rejects,
    // lines and bytes are added too. For following a growing file (core/ingest/filefollower.h).
    void appendShifted(const SourceData &other, qint64 offsetShift);
    // Appends other's records from row from on, as they are (the workbench moves a followed file's
    // new rows into the open store this way; counters and notes stay the caller's).
    void appendRows(const SourceData &other, qsizetype from);
    void reject(const QString &reason, qint64 lineNumber) { rejected.add(reason, lineNumber); }
    void reserve(qsizetype n);
    // Moves a record to another time (a wrapper's UTC time for a local-time line) and clears flags.
    // Call recomputeRange() after the last retime.
    void retime(qsizetype i, Timestamp t, quint8 clearFlags);
    void recomputeRange();
    // Once the source is complete: gives back the columns' and the string pool's unused room.
    void squeeze();

    qsizetype size() const { return qsizetype(m_time.size()); }
    Timestamp time(qsizetype i) const { return {m_time[size_t(i)]}; }
    LineOffset offset(qsizetype i) const { return {m_offset[size_t(i)]}; }
    EventKind kind(qsizetype i) const { return EventKind(m_codes.kindFlags(size_t(i)) & kKindMask); }
    quint8 flags(qsizetype i) const { return quint8(m_codes.kindFlags(size_t(i)) >> kFlagShift); }
    qint16 status(qsizetype i) const { return m_codes.status(size_t(i)); }
    qint16 upstreamStatus(qsizetype i) const { return m_codes.upstreamStatus(size_t(i)); }
    float durationMs(qsizetype i) const { return m_duration[size_t(i)]; }
    qint32 count(qsizetype i) const { return size_t(i) < m_count.size() ? m_count[size_t(i)] : 1; }

    // f(i) for the rows i of [from, to) whose kind, status and upstream status pass
    // test(EventKind, status, upstreamStatus), in row order: test runs once per distinct triple (the
    // codes column's dictionary), so a pass for, say, the 502s of a million requests reads a byte a
    // row. The two-argument form covers every row.
    template<typename Test, typename F>
    void forEachRowWhere(qsizetype from, qsizetype to, Test &&test, F &&f) const
    {
        m_codes.forEachWhere(
            size_t(std::max<qsizetype>(from, 0)), size_t(std::clamp<qsizetype>(to, 0, size())),
            [&test](quint8 kindFlags, qint16 status, qint16 upstream) {
                return test(EventKind(kindFlags & kKindMask), status, upstream);
            },
            [&f](size_t i) { f(qsizetype(i)); });
    }
    template<typename Test, typename F>
    void forEachRowWhere(Test &&test, F &&f) const
    {
        forEachRowWhere(0, size(), std::forward<Test>(test), std::forward<F>(f));
    }

    enum StringColumn { Client, Method, Path, Host, Upstream, Reason, Object, Namespace, Text, StringColumnCount };
    // Columns are filled only up to their last non-empty value (most formats leave several empty).
    quint32 stringId(StringColumn c, qsizetype i) const
    {
        return size_t(i) < m_strings[c].size() ? m_strings[c][size_t(i)] : StringPool::Empty;
    }
    QByteArrayView bytes(StringColumn c, qsizetype i) const { return m_pool.view(stringId(c, i)); }
    // Several columns of rows [from, from + n), n <= RowBatch::kRows, decoded a column at a time: for
    // passes over every request, where the accessors above (a lookup and a branch each) cost more.
    struct RowBatch {
        static constexpr int kRows = 512;
        qint64 time[kRows];
        quint8 kindFlags[kRows];
        qint16 status[kRows];
        float durationMs[kRows];
        quint32 method[kRows]; // string ids
        quint32 path[kRows];
        EventKind kind(int k) const { return EventKind(kindFlags[k] & kKindMask); }
    };
    void readRows(qsizetype from, int n, RowBatch *out) const;
    // The times (µs, as logged) and one string column's ids of rows [from, from + n), n <=
    // RowBatch::kRows, a column at a time.
    void readTimesAndIds(qsizetype from, int n, StringColumn c, qint64 *times, quint32 *ids) const;
    QString string(StringColumn c, qsizetype i) const { return m_pool.string(stringId(c, i)); }
    const StringPool &pool() const { return m_pool; }

    Timestamp firstTime() const;
    Timestamp lastTime() const;
    // The whole source as bytes and back (sourcedataio.cpp), for the column cache: read() takes one
    // source off the front of in, or returns null if in does not start with a whole, sound one.
    void write(QByteArray &out) const;
    static std::unique_ptr<SourceData> read(QByteArrayView &in);

    qsizetype memoryBytes() const;  // in the heap
    qsizetype spilledBytes() const; // in the column spill file (columnspill.h)

private:
    void appendRows(const SourceData &other, qsizetype from, qint64 offsetShift);
    void readIds(StringColumn c, qsizetype from, int n, quint32 *to) const;
    template <bool KnownHashes>
    void appendRecord(const Record &r, quint32 clientHash, quint32 pathHash);
    // Narrow columns (columns.h, narrowcolumns.h): about 16 bytes an ALB request besides the
    // strings (about 5 bytes a distinct string besides its bytes).
    static constexpr quint8 kKindMask = 0x0F;
    static constexpr int kFlagShift = 4;
    StringPool m_pool;
    DeltaColumn m_time;               // µs, int32 deltas per block
    OffsetColumn m_offset;            // line start, 16-bit deltas per 32 rows
    CodesColumn m_codes;              // kind (low nibble) + flags (high one), status, upstream status
    DurationColumn m_duration;        // whole ms in 16 bits where they are
    ChunkedVector<qint32> m_count;    // filled only up to the last count != 1
    IdColumn m_strings[StringColumnCount];
    // Per column, the last value interned: most columns repeat it (method, host, target), and a
    // compare is cheaper than hashing. And the one before (not for the client and path columns,
    // mostly distinct): a load balancer's targets (the ingress replicas, often two or three) and
    // the methods alternate.
    QByteArrayView m_lastValue[StringColumnCount];
    quint32 m_lastId[StringColumnCount] = {};
    QByteArrayView m_prevValue[StringColumnCount];
    quint32 m_prevId[StringColumnCount] = {};
    qint64 m_min = 0, m_max = 0;
    bool m_rangeStale = false;
};

// An ingress hop's access log: NGINX, Traefik, or Envoy at the ingress (Contour, Emissary, the
// Istio ingress gateway); not an Istio sidecar.
bool isIngressAccessSource(const SourceData &s);

} // namespace gateline
