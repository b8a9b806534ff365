#include "podaddresshistory.h"

#include "timeline.h"

#include <QRegularExpression>

#include <algorithm>

namespace gateline {

QString hostOf(const QString &upstream)
{
    QString h = upstream;
    const qsizetype scheme = h.indexOf(QLatin1StringView("://"));
    if (scheme >= 0)
        h = h.mid(scheme + 3);
    const qsizetype slash = h.indexOf(QLatin1Char('/'));
    if (slash >= 0)
        h.truncate(slash);
    if (h.startsWith(QLatin1Char('['))) {
        const qsizetype close = h.indexOf(QLatin1Char(']'));
        return close > 0 ? h.mid(1, close - 1) : h;
    }
    if (h.count(QLatin1Char(':')) == 1)
        h.truncate(h.indexOf(QLatin1Char(':')));
    return h;
}

bool isIp(const QString &host)
{
    if (host.isEmpty())
        return false;
    if (host.contains(QLatin1Char(':')))
        return true; // IPv6: names never contain ':'
    int dots = 0;
    for (QChar c : host) {
        if (c == QLatin1Char('.'))
            ++dots;
        else if (!c.isDigit())
            return false;
    }
    return dots == 3;
}

QString lastServer(const QString &upstream)
{
    QString s = upstream;
    qsizetype cut = -1;
    for (qsizetype i = 0; i < s.size(); ++i)
        if (s[i] == QLatin1Char(',') || (s[i] == QLatin1Char(':') && i + 1 < s.size() && s[i + 1] == QLatin1Char(' ')))
            cut = i;
    if (cut >= 0)
        s = s.mid(cut + 1);
    return hostOf(s.trimmed());
}

QString lastServerIp(const QString &upstream)
{
    const QString host = lastServer(upstream);
    return isIp(host) ? host : QString();
}

QString PodAddressHistory::podName(const QString &object)
{
    return object.startsWith(QLatin1StringView("pod/"), Qt::CaseInsensitive) ? object.mid(4) : object;
}

PodAddressHistory::PodAddressHistory(const Timeline &timeline)
{
    const EventStore &store = timeline.store();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        // Request logs hold no pod starts or terminations (those come from pods and describe
        // output), and they are most of a bundle's rows: not read row by row.
        if (isLoadBalancerFormat(s.format) || isCdnFormat(s.format) || isIngressAccessFormat(s.format)
            || s.format == SourceFormat::Envoy)
            continue;
        for (qsizetype i = 0; i < s.size(); ++i) {
            const EventKind k = s.kind(i);
            if (k != EventKind::PodStart && k != EventKind::PodTermination)
                continue;
            const QString ip = s.string(SourceData::Upstream, i);
            const QString name = podName(s.string(SourceData::Object, i));
            if (ip.isEmpty() || name.isEmpty())
                continue;
            // A first start gives the time the pod got its address (eventclass.cpp: Started); a
            // restart or a termination says only that it had it.
            const bool firstStart = k == EventKind::PodStart && s.bytes(SourceData::Reason, i) != "Restarted";
            add(ip, s.string(SourceData::Namespace, i), name, firstStart ? timeline.aligned(sid, i).us : kSinceAlways,
                (s.flags(i) & FlagNodeAddress) != 0);
        }
    }
}

void PodAddressHistory::add(const QString &ip, const QString &ns, const QString &name, qint64 sinceUs, bool nodeAddress)
{
    QList<Holder> &holders = m_byIp[ip];
    // The same pod: the same name and namespace, or a bare name (an event's) and the one holder of
    // that name (pod status's, namespaced) — never one of two namespaces' pods of that name.
    Holder *same = nullptr;
    int sameName = 0;
    for (Holder &h : holders) {
        if (h.name != name)
            continue;
        ++sameName;
        if (h.ns == ns)
            same = &h;
    }
    if (!same && sameName == 1)
        for (Holder &h : holders)
            if (h.name == name && (h.ns.isEmpty() || ns.isEmpty()))
                same = &h;
    if (same) {
        same->since = std::min(same->since, sinceUs);
        same->node = same->node || nodeAddress;
        if (same->ns.isEmpty())
            same->ns = ns;
        return;
    }
    holders.append({ns, name, sinceUs, nodeAddress});
}

PodAddressHistory::Owner PodAddressHistory::at(const QString &ip, qint64 us) const
{
    Owner out;
    const auto it = m_byIp.constFind(ip);
    if (it == m_byIp.cend())
        return out;
    qint64 since = 0;
    int nodeHolders = 0;
    for (const Holder &h : *it) {
        if (h.since > us)
            continue;
        nodeHolders += h.node;
        if (!out.found() || h.since > since) {
            out.ns = h.ns;
            out.name = h.name;
            since = h.since;
            out.shared = false;
        } else if (h.since == since) {
            out.shared = true;
        }
    }
    if (nodeHolders > 1)
        out.shared = true;
    if (out.shared) {
        out.ns.clear();
        out.name.clear();
    }
    return out;
}

QString workloadOfPod(QStringView object)
{
    // Kubernetes' random suffixes use consonants and digits only (no vowels, no 0/1/3).
    static const QRegularExpression replicaSet(QStringLiteral("^(.+)-[bcdfghjklmnpqrstvwxz2456789]{5,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$"));
    static const QRegularExpression single(QStringLiteral("^(.+)-(?:[bcdfghjklmnpqrstvwxz2456789]{5}|[0-9]+)$"));
    QString name = object.toString();
    const qsizetype slash = name.lastIndexOf(QLatin1Char('/'));
    if (slash >= 0)
        name = name.mid(slash + 1);
    QRegularExpressionMatch mm = replicaSet.match(name);
    if (mm.hasMatch())
        return mm.captured(1);
    mm = single.match(name);
    if (mm.hasMatch())
        return mm.captured(1);
    return name;
}

} // namespace gateline
