#include "albnodes.h"

#include "requestkey.h"

#include "formats/albfilename.h"

#include <QSet>

#include <numeric>

namespace gateline {

AlbNodes::AlbNodes(const EventStore &store)
    : m_nodeOfSource(size_t(store.sourceCount()), -1)
{
    // The client hosts the ingress logs (the ALB nodes' private IPs, when forwarded headers are off).
    QSet<QByteArray> clients;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (!isIngressAccessSource(s))
            continue;
        QSet<quint32> ids;
        for (qsizetype i = 0; i < s.size(); ++i)
            ids.insert(s.stringId(SourceData::Client, i));
        for (quint32 c : std::as_const(ids))
            clients.insert(hostOfAddress(s.pool().view(c)).toByteArray());
    }
    QHash<QByteArray, int> byIp;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (s.format != SourceFormat::Alb)
            continue;
        const QString &name = s.locator.memberPath.isEmpty() ? s.locator.filePath : s.locator.memberPath;
        const AlbFileName f = parseAlbFileName(name);
        if (!f.valid)
            continue;
        auto it = byIp.find(f.nodeIp);
        if (it == byIp.end()) {
            Node n;
            n.fileIp = f.nodeIp;
            if (clients.contains(f.nodeIp)) {
                n.privateIp = f.nodeIp;
                n.from = QStringLiteral("log file names");
            }
            it = byIp.insert(f.nodeIp, int(m_nodes.size()));
            m_nodes.append(n);
        }
        m_nodeOfSource[size_t(id)] = it.value();
    }
}

const AlbNodes::Node *AlbNodes::nodeOf(SourceId lb) const
{
    const int n = size_t(lb.value) < m_nodeOfSource.size() ? m_nodeOfSource[size_t(lb.value)] : -1;
    return n < 0 ? nullptr : &m_nodes[n];
}

QByteArray AlbNodes::addressOf(SourceId lb) const
{
    const Node *n = nodeOf(lb);
    return n ? n->privateIp : QByteArray();
}

bool AlbNodes::anyKnown() const
{
    for (const Node &n : m_nodes)
        if (!n.privateIp.isEmpty())
            return true;
    return false;
}

bool AlbNodes::anyUnpaired() const
{
    for (const Node &n : m_nodes)
        if (n.privateIp.isEmpty())
            return true;
    return false;
}

bool AlbNodes::learn(const QHash<QByteArray, QHash<QByteArray, qint64>> &pairs)
{
    bool any = false;
    for (Node &n : m_nodes) {
        if (!n.privateIp.isEmpty())
            continue;
        const QHash<QByteArray, qint64> hosts = pairs.value(n.fileIp);
        QByteArray top;
        qint64 first = 0, second = 0;
        for (auto it = hosts.cbegin(); it != hosts.cend(); ++it) {
            if (it.value() > first) {
                second = first;
                first = it.value();
                top = it.key();
            } else if (it.value() > second) {
                second = it.value();
            }
        }
        if (first >= kMinPairs && double(first) >= 1.5 * double(second)) {
            n.privateIp = top;
            n.from = QStringLiteral("learned from %1 of %2 matched requests").arg(first).arg(
                std::accumulate(hosts.cbegin(), hosts.cend(), qint64(0)));
            any = true;
        }
    }
    return any;
}

} // namespace gateline
