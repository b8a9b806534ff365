#include "eventstore.h"

#include <algorithm>

namespace gateline {

SourceId EventStore::add(std::unique_ptr<SourceData> s)
{
    m_sources.push_back(std::move(s));
    return SourceId{int(m_sources.size() - 1)};
}

void EventStore::sortSources()
{
    std::stable_sort(m_sources.begin(), m_sources.end(), [](const auto &a, const auto &b) {
        return a->locator.displayPath() < b->locator.displayPath();
    });
    std::sort(unrecognised.begin(), unrecognised.end(),
              [](const UnrecognisedSource &a, const UnrecognisedSource &b) { return a.path < b.path; });
}

qint64 EventStore::totalRecords() const
{
    qint64 n = 0;
    for (const auto &s : m_sources)
        n += s->size();
    return n;
}

qint64 EventStore::totalRejected() const
{
    qint64 n = 0;
    for (const auto &s : m_sources)
        n += s->rejected.total;
    return n;
}

qsizetype EventStore::memoryBytes() const
{
    qsizetype n = 0;
    for (const auto &s : m_sources)
        n += s->memoryBytes();
    return n;
}

qsizetype EventStore::spilledBytes() const
{
    qsizetype n = 0;
    for (const auto &s : m_sources)
        n += s->spilledBytes();
    return n;
}

QList<SourceId> EventStore::sourcesOf(SourceFormat f) const
{
    QList<SourceId> ids;
    for (size_t i = 0; i < m_sources.size(); ++i)
        if (m_sources[i]->format == f)
            ids.append(SourceId{int(i)});
    return ids;
}

} // namespace gateline
