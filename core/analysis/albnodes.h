// The ALB node behind each load-balancer log, as the ingress sees it. AWS names every ALB log file
// after the node that wrote it. An internal ALB's node address is the private IP the ingress logs
// as $remote_addr (behind an ALB, without forwarded headers trusted), so it joins as it is. An
// internet-facing ALB's files carry the node's public IP: its private one is learned by pairing
// the node's requests with the client addresses of the ingress lines they match.
#pragma once

#include "store/eventstore.h"

#include <QHash>
#include <QString>
#include <vector>

namespace gateline {

class AlbNodes
{
public:
    struct Node {
        QByteArray fileIp;     // the address in the file names
        QByteArray privateIp;  // as the ingress sees it; empty while unknown
        QString from;          // "log file names", "learned from N matched requests"
    };

    explicit AlbNodes(const EventStore &store);

    // The node's address as the ingress sees it, for a load-balancer source; empty when unknown.
    QByteArray addressOf(SourceId loadBalancer) const;
    bool anyKnown() const;
    bool anyUnpaired() const;
    const QList<Node> &nodes() const { return m_nodes; }
    const Node *nodeOf(SourceId loadBalancer) const;

    // Learns unpaired nodes' private IPs from (file IP -> ingress client host -> matched requests):
    // a node takes the host most of its requests arrived from, when it is clearly ahead (1.5x the
    // next) and seen at least kMinPairs times. Returns true if any node was paired.
    static constexpr qint64 kMinPairs = 20;
    bool learn(const QHash<QByteArray, QHash<QByteArray, qint64>> &pairs);

private:
    std::vector<int> m_nodeOfSource; // source id -> index in m_nodes, or -1
    QList<Node> m_nodes;
};

} // namespace gateline
