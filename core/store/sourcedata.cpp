#include "sourcedata.h"

#include <algorithm>

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

void SourceData::reserve(qsizetype n)
{
    const size_t s = size_t(n);
    m_time.reserve(s);
    m_offset.reserve(s);
    m_kind.reserve(s);
    m_flags.reserve(s);
    m_status.reserve(s);
    m_upstreamStatus.reserve(s);
    m_duration.reserve(s);
    for (int c : {Client, Method, Path})
        m_strings[c].reserve(s);
}

void SourceData::retime(qsizetype i, Timestamp t, quint8 clearFlags)
{
    m_time[size_t(i)] = t.us;
    m_flags[size_t(i)] &= quint8(~clearFlags);
    m_rangeStale = true;
}

void SourceData::recomputeRange()
{
    if (!m_rangeStale || m_time.empty())
        return;
    const auto [lo, hi] = std::minmax_element(m_time.begin(), m_time.end());
    m_min = *lo;
    m_max = *hi;
    m_rangeStale = false;
}

void SourceData::append(const Record &r)
{
    if (m_time.empty()) {
        m_min = m_max = r.time.us;
    } else {
        m_min = std::min(m_min, r.time.us);
        m_max = std::max(m_max, r.time.us);
    }
    m_time.push_back(r.time.us);
    m_offset.push_back(r.offset.value);
    m_kind.push_back(quint8(r.kind));
    m_flags.push_back(r.flags);
    m_status.push_back(r.status);
    m_upstreamStatus.push_back(r.upstreamStatus);
    m_duration.push_back(r.durationMs);
    const size_t row = m_time.size() - 1;
    if (r.count != 1) {
        m_count.resize(row, 1);
        m_count.push_back(r.count);
    }
    const QByteArrayView values[StringColumnCount] = {r.client, r.method, r.path, r.host, r.upstream,
                                                      r.reason, r.object, r.ns, r.text};
    for (int c = 0; c < StringColumnCount; ++c) {
        if (values[c].isEmpty())
            continue;
        auto &column = m_strings[c];
        column.resize(row, StringPool::Empty);
        column.push_back(m_pool.intern(values[c]));
    }
}

Timestamp SourceData::firstTime() const { return {m_min}; }
Timestamp SourceData::lastTime() const { return {m_max}; }

qsizetype SourceData::memoryBytes() const
{
    qsizetype n = m_pool.bytesUsed();
    n += qsizetype(m_time.capacity() * 8 + m_offset.capacity() * 8 + m_kind.capacity() + m_flags.capacity()
                   + m_status.capacity() * 2 + m_upstreamStatus.capacity() * 2 + m_duration.capacity() * 4
                   + m_count.capacity() * 4);
    for (const auto &c : m_strings)
        n += qsizetype(c.capacity() * 4);
    return n;
}

bool isIngressAccessSource(const SourceData &s)
{
    return isIngressAccessFormat(s.format) || (s.format == SourceFormat::Envoy && !s.sidecar);
}

} // namespace gateline
