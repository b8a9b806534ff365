#include "evidenceends.h"
#include "evidenceendpoints.h"

#include <QHash>
#include <QSet>
#include <algorithm>
#include <limits>

namespace gateline {

namespace {

// A side without a namespace matches any: a `kubectl get events` table without -A has no NAMESPACE
// column, while pod status always names one.
bool sameNamespace(const QString &a, const QString &b)
{
    return a.isEmpty() || b.isEmpty() || a == b;
}

struct Kill {
    qint64 us;
    QString ns;
    QString name; // podName()
};

bool byTime(const Kill &k, qint64 us)
{
    return k.us < us;
}

} // namespace

KilledServerEnds resolveEndsToKilledPods(const ErrorSeries &series, const EventSignals &signals,
                                         const PodAddressHistory &history, const BranchFeatures &branches,
                                         const std::vector<char> &killingHits, double windowSeconds)
{
    KilledServerEnds out;
    const auto &errors = series.errors();
    out.onKilledPod.assign(errors.size(), 0);

    // Pod status: which pods it lists (the pods that had an address are history's).
    QHash<QString, QStringList> listed;               // pods pod status lists: name -> namespaces
    std::vector<Kill> kills;                          // sorted by time below
    QHash<QString, std::vector<Kill>> killsByName;    // the same, per pod name
    for (const SignalEvent &e : signals.events()) {
        const QString name = PodAddressHistory::podName(e.object);
        if (!e.ip.isEmpty() && !name.isEmpty()) {
            QStringList &nss = listed[name];
            if (!nss.contains(e.ns))
                nss << e.ns;
        }
        if (e.cls == EventClass::Killing && !name.isEmpty())
            kills.push_back({e.us, e.ns, name});
    }
    std::stable_sort(kills.begin(), kills.end(), [](const Kill &a, const Kill &b) { return a.us < b.us; });
    for (const Kill &k : kills)
        killsByName[k.name].push_back(k);
    out.podStatusLoaded = !history.isEmpty();
    auto isListed = [&](const Kill &k) {
        const auto it = listed.constFind(k.name);
        if (it == listed.cend())
            return false;
        for (const QString &ns : *it)
            if (sameNamespace(ns, k.ns))
                return true;
        return false;
    };
    const qint64 window = qint64(windowSeconds * 1e6), before = 1000000; // as Evidence::killing()
    // Whether the pod (ns, name) was killed within the window around t: its kills by binary search.
    auto killedIn = [&](const QString &ns, const QString &name, qint64 t) {
        const auto list = killsByName.constFind(name);
        if (list == killsByName.cend())
            return false;
        for (auto k = std::lower_bound(list->begin(), list->end(), t - window, byTime);
             k != list->end() && k->us <= t + before; ++k)
            if (sameNamespace(k->ns, ns))
                return true;
        return false;
    };

    // Gone servers: host -> its ended 502s (indices), resolved below one to one.
    QHash<QString, std::vector<size_t>> gone;
    QHash<QString, QString> direct; // host -> pod key, for the example
    for (size_t i = 0; i < errors.size(); ++i) {
        if (i >= branches.endedAfter.size() || i >= killingHits.size() || !branches.endedAfter[i] || !killingHits[i])
            continue;
        ++out.endedOnKilling;
        const QString host = lastServerIp(errors[i].upstream);
        if (host.isEmpty() || !out.podStatusLoaded) {
            ++out.unresolved;
            continue;
        }
        // The pod that had the address at the 502 (an address two pods held since the same time,
        // hostNetwork pods on one node IP, is unresolved, whatever order they were listed in).
        const PodAddressHistory::Owner owner = history.at(host, errors[i].us);
        if (!owner.found() && !owner.shared) {
            gone[host].push_back(i);
        } else if (owner.found() && killedIn(owner.ns, owner.name, errors[i].us)) {
            out.onKilledPod[i] = 1;
            direct.insert(host, owner.key());
        } else {
            ++out.unresolved;
        }
    }

    // Each gone server to a different killed pod that pod status no longer lists, killed within the
    // window before its first ended 502 (the latest such Killing: the nearest explanation).
    std::vector<std::pair<qint64, QString>> order;
    for (auto it = gone.cbegin(); it != gone.cend(); ++it)
        order.push_back({errors[it->front()].us, it.key()});
    std::sort(order.begin(), order.end());
    std::vector<Kill> used;
    auto isUsed = [&](const Kill &k) {
        return std::any_of(used.begin(), used.end(),
                           [&](const Kill &u) { return u.name == k.name && sameNamespace(u.ns, k.ns); });
    };
    QHash<QString, QString> assigned; // host -> "ns/name"
    for (const auto &[first, host] : order) {
        const Kill *pick = nullptr;
        for (auto k = std::lower_bound(kills.cbegin(), kills.cend(), first - window, byTime);
             k != kills.cend() && k->us <= first + before; ++k)
            if (!isListed(*k) && !isUsed(*k))
                pick = &*k; // sorted by time: the last one is the latest
        if (!pick) {
            out.unresolved += qint64(gone.value(host).size());
            continue;
        }
        used.push_back(*pick);
        assigned.insert(host, pick->ns + QLatin1Char('/') + pick->name);
        for (size_t i : gone.value(host)) {
            if (killedIn(pick->ns, pick->name, errors[i].us))
                out.onKilledPod[i] = 1;
            else
                ++out.unresolved;
        }
    }

    QSet<QString> pods;
    for (const QString &p : std::as_const(direct))
        pods.insert(p);
    for (const QString &p : std::as_const(assigned))
        pods.insert(p);
    out.killedPods = qint64(pods.size());
    out.resolved = qint64(std::count(out.onKilledPod.begin(), out.onKilledPod.end(), 1));
    // The example: the first address in order (QHash order is not stable between runs).
    auto first = [](const QHash<QString, QString> &m) {
        QStringList hosts = m.keys();
        std::sort(hosts.begin(), hosts.end());
        return hosts.isEmpty() ? QString() : hosts.front();
    };
    if (const QString h = first(direct); !h.isEmpty())
        out.example = h + QStringLiteral(" = Pod/") + direct.value(h).section(QLatin1Char('/'), 1);
    else if (const QString g = first(assigned); !g.isEmpty())
        out.example = g + QStringLiteral(" = Pod/") + assigned.value(g).section(QLatin1Char('/'), 1)
                      + QStringLiteral(", no longer in pod status");
    return out;
}

double killedServerSupport(const KilledServerEnds &ends, qint64 errors)
{
    if (errors <= 0 || ends.resolved < Coincidence::kMinErrors || ends.killedPods == 0)
        return 0;
    const double independent = ends.killedPods >= 3 ? 1 : (ends.killedPods == 2 ? 0.75 : 0.5);
    return independent * double(ends.resolved) / double(errors);
}

double killedServerSupportAmongExposed(const KilledServerEnds &ends, const Coincidence &killing)
{
    const qint64 exposed = std::max(killing.matched, ends.resolved);
    const double beyondChance = double(exposed) * killing.attributable();
    if (beyondChance <= 0)
        return 0;
    // The resolved servers' share of the exposed, with at most the 502s beyond chance counted.
    return killedServerSupport(ends, exposed) * std::min(1.0, beyondChance / double(std::max<qint64>(ends.resolved, 1)));
}

} // namespace gateline
