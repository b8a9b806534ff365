#include "sourcedata.h"

#include <algorithm>
#include <cstring>

#include <limits>

namespace gateline {

QString SourceLocator::displayPath() const
{
    QString p = displayName.isEmpty() ? filePath : displayName;
    if (!memberPath.isEmpty())
        p += QLatin1Char('!') + memberPath;
    if (!replica.isEmpty())
        p += QLatin1Char('#') + replica;
    return p;
}

void RejectStats::add(const QString &reason, qint64 lineNumber)
{
    ++total;
    ++byReason[reason];
    if (sampleLines.size() < 20) {
        sampleLines.append(lineNumber);
        sampleReasons.append(reason);
    }
}

void RejectStats::merge(const RejectStats &other)
{
    total += other.total;
    for (auto it = other.byReason.cbegin(); it != other.byReason.cend(); ++it)
        byReason[it.key()] += it.value();
    for (qsizetype i = 0; i < other.sampleLines.size() && sampleLines.size() < 20; ++i) {
        sampleLines.append(other.sampleLines[i]);
        sampleReasons.append(other.sampleReasons.value(i));
    }
}

SourceData::SourceData()
{
    m_time.setSpillable(true);
    m_offset.setSpillable(true);
    m_codes.setSpillable(true);
    m_duration.setSpillable(true);
    m_count.setSpillable(true);
    for (auto &c : m_strings)
        c.setSpillable(true);
}

void SourceData::reserve(qsizetype)
{
    // Chunked columns grow without copying: nothing to reserve.
}

void SourceData::retime(qsizetype i, Timestamp t, quint8 clearFlags)
{
    m_time.set(size_t(i), t.us);
    m_codes.setKindFlags(size_t(i), quint8(m_codes.kindFlags(size_t(i)) & ~(clearFlags << kFlagShift)));
    m_rangeStale = true;
}

void SourceData::recomputeRange()
{
    if (!m_rangeStale || m_time.size() == 0)
        return;
    m_min = m_max = m_time[0];
    for (size_t i = 1; i < m_time.size(); ++i) {
        const qint64 t = m_time[i];
        m_min = std::min(m_min, t);
        m_max = std::max(m_max, t);
    }
    m_rangeStale = false;
}

void SourceData::squeeze()
{
    m_pool.squeeze();
    std::fill(std::begin(m_lastValue), std::end(m_lastValue), QByteArrayView());
    std::fill(std::begin(m_prevValue), std::end(m_prevValue), QByteArrayView());
    m_time.squeeze();
    m_offset.squeeze();
    m_codes.squeeze();
    m_duration.squeeze();
    m_count.squeeze();
    for (auto &c : m_strings)
        c.squeeze();
}

void SourceData::append(const Record &r)
{
    appendRecord<false>(r, 0, 0);
}

void SourceData::append(const Record &r, quint32 clientHash, quint32 pathHash)
{
    appendRecord<true>(r, clientHash, pathHash);
}

template <bool KnownHashes>
void SourceData::appendRecord(const Record &r, quint32 clientHash, quint32 pathHash)
{
    if (m_time.size() == 0) {
        m_min = m_max = r.time.us;
    } else {
        m_min = std::min(m_min, r.time.us);
        m_max = std::max(m_max, r.time.us);
    }
    const size_t row = m_time.size();
    m_time.push_back(r.time.us);
    m_offset.push_back(r.offset.value);
    Q_ASSERT(quint8(r.kind) <= kKindMask && r.flags < 16);
    m_codes.push_back(quint8(quint8(r.kind) | (r.flags << kFlagShift)), r.status, r.upstreamStatus);
    m_duration.push_back(r.durationMs);
    if (r.count != 1) {
        m_count.growTo(row, 1);
        m_count.push_back(r.count);
    }
    // First the values that repeat the column's last one (a compare, no hash), and the hashes of
    // the others with their table slots prefetched; then those are interned, their cache misses
    // overlapping instead of following one another. Column by column, unrolled (most formats leave
    // several columns empty: one test each).
    const QByteArrayView *values[StringColumnCount];
    quint32 hashes[StringColumnCount];
    int pending[StringColumnCount];
    int npending = 0;
    auto put = [&](int c, const QByteArrayView &v, quint32 known = 0) __attribute__((always_inline)) {
        if (v.isEmpty())
            return;
        IdColumn &column = m_strings[c];
        column.growTo(row, StringPool::Empty);
        if (sameBytes(v, m_lastValue[c])) {
            column.push_back(m_lastId[c]);
            return;
        }
        if (c != Client && c != Path && sameBytes(v, m_prevValue[c])) {
            std::swap(m_lastValue[c], m_prevValue[c]);
            std::swap(m_lastId[c], m_prevId[c]);
            column.push_back(m_lastId[c]);
            return;
        }
        values[c] = &v;
        const bool given = KnownHashes && (c == Client || c == Path);
        hashes[c] = given ? known : hashBytes(v.data(), v.size());
        m_pool.prefetch(hashes[c]);
        pending[npending++] = c;
    };
    put(Client, r.client, clientHash);
    put(Method, r.method);
    put(Path, r.path, pathHash);
    put(Host, r.host);
    put(Upstream, r.upstream);
    put(Reason, r.reason);
    put(Object, r.object);
    put(Namespace, r.ns);
    put(Text, r.text);
    for (int k = 0; k < npending; ++k) {
        const int c = pending[k];
        m_prevValue[c] = m_lastValue[c];
        m_prevId[c] = m_lastId[c];
        const quint32 id = m_pool.intern(*values[c], hashes[c], &m_lastValue[c]);
        m_lastId[c] = id;
        m_strings[c].push_back(id);
    }
}

void SourceData::appendShifted(const SourceData &other, qint64 offsetShift)
{
    appendRows(other, 0, offsetShift);
    rejected.merge(other.rejected);
    linesSeen += other.linesSeen;
    bytesRead += other.bytesRead;
}

void SourceData::appendRows(const SourceData &other, qsizetype from)
{
    appendRows(other, from, 0);
}

void SourceData::appendRows(const SourceData &other, qsizetype from, qint64 offsetShift)
{
    for (qsizetype i = std::max<qsizetype>(0, from); i < other.size(); ++i) {
        Record r;
        r.time = other.time(i);
        r.offset = LineOffset{other.offset(i).value + offsetShift};
        r.kind = other.kind(i);
        r.flags = other.flags(i);
        r.status = other.status(i);
        r.upstreamStatus = other.upstreamStatus(i);
        r.durationMs = other.durationMs(i);
        r.count = other.count(i);
        r.client = other.bytes(Client, i);
        r.method = other.bytes(Method, i);
        r.path = other.bytes(Path, i);
        r.host = other.bytes(Host, i);
        r.upstream = other.bytes(Upstream, i);
        r.reason = other.bytes(Reason, i);
        r.object = other.bytes(Object, i);
        r.ns = other.bytes(Namespace, i);
        r.text = other.bytes(Text, i);
        append(r);
    }
}

void SourceData::readRows(qsizetype from, int n, RowBatch *out) const
{
    Q_ASSERT(from >= 0 && n >= 0 && n <= RowBatch::kRows && from + n <= size());
    const size_t f = size_t(from), count = size_t(n);
    m_time.read(f, count, out->time);
    m_codes.read(f, count, out->kindFlags, out->status);
    m_duration.read(f, count, out->durationMs);
    readIds(Method, from, n, out->method);
    readIds(Path, from, n, out->path);
}

void SourceData::readTimesAndIds(qsizetype from, int n, StringColumn c, qint64 *times, quint32 *ids) const
{
    Q_ASSERT(from >= 0 && n >= 0 && n <= RowBatch::kRows && from + n <= size());
    m_time.read(size_t(from), size_t(n), times);
    readIds(c, from, n, ids);
}

void SourceData::readIds(StringColumn c, qsizetype from, int n, quint32 *to) const
{
    // String columns end at their last non-empty value: the rows past it are empty.
    const IdColumn &column = m_strings[c];
    const size_t f = size_t(from), count = size_t(n);
    const size_t stored = f < column.size() ? std::min(count, column.size() - f) : 0;
    if (stored)
        column.read(f, stored, to);
    std::fill(to + stored, to + count, StringPool::Empty);
}

Timestamp SourceData::firstTime() const { return {m_min}; }
Timestamp SourceData::lastTime() const { return {m_max}; }

qsizetype SourceData::memoryBytes() const
{
    qsizetype n = m_pool.bytesUsed();
    n += qsizetype(m_time.bytes() + m_offset.bytes() + m_codes.bytes() + m_duration.bytes() + m_count.bytes());
    for (const auto &c : m_strings)
        n += qsizetype(c.bytes());
    return n;
}

qsizetype SourceData::spilledBytes() const
{
    qsizetype n = qsizetype(m_time.spilledBytes() + m_offset.spilledBytes() + m_codes.spilledBytes()
                            + m_duration.spilledBytes() + m_count.spilledBytes());
    for (const auto &c : m_strings)
        n += qsizetype(c.spilledBytes());
    return n;
}

bool isIngressAccessSource(const SourceData &s)
{
    return isIngressAccessFormat(s.format) || (s.format == SourceFormat::Envoy && !s.sidecar);
}

} // namespace gateline
