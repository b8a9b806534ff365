// Which pod had an address at a time: the one resolver of an upstream address (an ALB target, an
// ingress upstream) to a pod, for the matching step (restartmatcher.h: "502s to 10.1.4.7
// (storefront-7d9f...-x2kq) after its Killing") and the cause evidence (playbook/evidenceends.h:
// the server that stopped answering was the killed pod), so both name the same pod for the same
// 502. (podaddresses.h is the other direction: a log's pod to its address, for clock joins.)
//
// The history comes from pod status (kubectl get pods -o json / describe): each pod's address, and
// since when it had it: its first container start (not a restart: a restarted pod keeps its
// address); a pod whose record gives no first start (only a termination, or a restart) has had it
// since before anything loaded. The pod holding an address at a time is the one holding it since
// the latest time at or before it; a time before every holder's start has no owner (the address
// was another pod's, one pod status no longer lists: a snapshot taken after a rollout). Two pods
// holding the address since the same time cannot be told apart: the address is shared, and
// resolves to no pod. So is a node's address (hostNetwork pods: pod status gives podIP = hostIP)
// held by two or more pods at the time, whenever each started: they run side by side, the latest
// did not take it over. A pod named with and without its namespace (events name it bare) is one
// holder.
// Not known: when a pod whose only record is a restart got its address (it holds it since before
// anything loaded), and when a pod gave its address up (a holder keeps it until the next one's
// start).
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <limits>

namespace gateline {

class Timeline;

// "10.1.2.3:8080" -> "10.1.2.3", "[::1]:80" -> "::1", "http://svc.ns:80/x" -> "svc.ns".
QString hostOf(const QString &upstream);
// A literal IPv4 or IPv6 address (not a DNS name).
bool isIp(const QString &host);
// The host of the last server tried: "10.0.0.1:80, 10.0.0.2:80" -> "10.0.0.2" (NGINX lists every
// attempt; ", " between servers, " : " between upstream groups), "http://10.1.2.3:8080" ->
// "10.1.2.3", "[fd00::1]:80" -> "fd00::1", "svc.ns:80" -> "svc.ns".
QString lastServer(const QString &upstream);
// lastServer() when it is an IP literal; empty for a name, a group or "-".
QString lastServerIp(const QString &upstream);

class PodAddressHistory
{
public:
    static constexpr qint64 kSinceAlways = std::numeric_limits<qint64>::min();

    PodAddressHistory() = default;
    // From the pod status rows (PodStart / PodTermination with an address) of the timeline's
    // store, at their aligned times.
    explicit PodAddressHistory(const Timeline &timeline);

    // A pod (its namespace, may be empty, and its name, "Pod/" prefix stripped) had `ip` since
    // `sinceUs` (kSinceAlways when not known). The earliest time given for one pod counts.
    // nodeAddress: `ip` is the pod's node's (FlagNodeAddress, a hostNetwork pod).
    void add(const QString &ip, const QString &ns, const QString &name, qint64 sinceUs, bool nodeAddress = false);

    struct Owner {
        QString ns, name;       // empty name: no pod resolved
        bool shared = false;    // two pods held the address since the same time, or it is a node's
                                // that two pods held at the time
        bool found() const { return !name.isEmpty(); }
        QString key() const { return ns + QLatin1Char('/') + name; }
    };
    Owner at(const QString &ip, qint64 us) const;

    bool isEmpty() const { return m_byIp.isEmpty(); }

    // A pod's name without its kind: pod status and the events name a pod "Pod/web-1", a bare name
    // is the same pod; another kind keeps its prefix (and so matches no pod).
    static QString podName(const QString &object);

private:
    struct Holder {
        QString ns, name;
        qint64 since;
        bool node;
    };
    QHash<QString, QList<Holder>> m_byIp;
};

// "ingress-nginx-controller" from "Pod/ingress-nginx-controller-7d9f8c6b5-x2k4p", "web" from
// "web-0"; the name itself when it has no pod suffix.
QString workloadOfPod(QStringView object);

} // namespace gateline
