#include "sourcedata.h"

#include <limits>

namespace gateline {

QString SourceLocator::displayPath() const
{
    QString p = filePath;
    if (!memberPath.isEmpty())
        p += QLatin1Char('!') + memberPath;
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
    m_count.reserve(s);
    for (auto &c : m_strings)
        c.reserve(s);
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
    m_count.push_back(r.count);
    m_strings[Client].push_back(m_pool.intern(r.client));
    m_strings[Method].push_back(m_pool.intern(r.method));
    m_strings[Path].push_back(m_pool.intern(r.path));
    m_strings[Host].push_back(m_pool.intern(r.host));
    m_strings[Upstream].push_back(m_pool.intern(r.upstream));
    m_strings[Reason].push_back(m_pool.intern(r.reason));
    m_strings[Object].push_back(m_pool.intern(r.object));
    m_strings[Namespace].push_back(m_pool.intern(r.ns));
    m_strings[Text].push_back(m_pool.intern(r.text));
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

} // namespace gateline
