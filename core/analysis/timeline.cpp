#include "timeline.h"

#include <QFileInfo>

namespace gateline {

QString methodId(SourceAlignment::Method m)
{
    switch (m) {
    case SourceAlignment::Reference: return QStringLiteral("reference");
    case SourceAlignment::Estimated: return QStringLiteral("estimated");
    case SourceAlignment::UserOverride: return QStringLiteral("user");
    case SourceAlignment::FromSibling: return QStringLiteral("from-access-log");
    case SourceAlignment::NotEstimated: return QStringLiteral("not-estimated");
    }
    return {};
}

Timeline::Timeline(const EventStore &store)
    : m_store(store)
    , m_align(size_t(store.sourceCount()))
    , m_shift(size_t(store.sourceCount()), 0)
{
    for (qsizetype i = 0; i < store.sourceCount(); ++i)
        if (isLoadBalancerFormat(store.source(SourceId{int(i)}).format)) {
            m_align[size_t(i)].method = SourceAlignment::Reference;
            m_align[size_t(i)].confidence = 1;
        }
    recompute();
}

void Timeline::recompute()
{
    bool any = false;
    bool lbOnly = !m_store.sourcesOf(SourceFormat::Alb).isEmpty() || !m_store.sourcesOf(SourceFormat::GcpLb).isEmpty();
    for (size_t i = 0; i < m_align.size(); ++i) {
        const SourceAlignment &a = m_align[i];
        m_shift[i] = qint64(a.offsetSeconds * 1e6) - qint64(a.localUtcOffsetSeconds) * 1000000;
        const SourceData &s = m_store.source(SourceId{int(i)});
        if (s.size() == 0 || (lbOnly && !isLoadBalancerFormat(s.format)))
            continue;
        const qint64 f = s.firstTime().us + m_shift[i];
        const qint64 l = s.lastTime().us + m_shift[i];
        if (!any) {
            m_first = {f};
            m_last = {l};
            any = true;
        } else {
            m_first = std::min(m_first, Timestamp{f});
            m_last = std::max(m_last, Timestamp{l});
        }
    }
}

QString ingressGroupOf(const SourceData &s)
{
    const QString path = s.locator.memberPath.isEmpty() ? s.locator.filePath : s.locator.memberPath;
    const QFileInfo fi(path);
    const QString base = fi.fileName().section(QLatin1Char('.'), 0, 0);
    const QString group = fi.path() + QLatin1Char('/') + base;
    // Sub-sources of one stream: each replica is an ingress of its own (its own node clock).
    return s.locator.replica.isEmpty() ? group : group + QLatin1Char('#') + s.locator.replica;
}

} // namespace gateline
