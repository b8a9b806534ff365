// The facts and the timeline table of the postmortem draft (see postmortem.h).
#include "postmortem.h"

#include "playbook/evidenceevents.h"

#include <QDateTime>
#include <QHash>
#include <QTimeZone>
#include <algorithm>

namespace gateline {

namespace {

constexpr qint64 kFoldGapUs = 60 * qint64(1000000); // signals of one kind and namespace this close form one row
constexpr qsizetype kMaxText = 160;

QString clip(QString s)
{
    s = s.simplified();
    if (s.size() > kMaxText)
        s = s.left(kMaxText - 1) + QChar(0x2026);
    return s;
}

QString clockText(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::UTC).toString(QStringLiteral("HH:mm:ss"));
}

enum class Category { Deployment, Stopped, Restart, Oom, Probe, Autoscaler, Dns, Proxy, ProxyTrouble, None };

Category categoryOf(EventClass c)
{
    switch (c) {
    case EventClass::Rollout: return Category::Deployment;
    case EventClass::Killing: return Category::Stopped;
    case EventClass::ProbeKilling:
    case EventClass::Restart:
    case EventClass::Exit137:
    case EventClass::Exit143:
    case EventClass::Terminated: return Category::Restart;
    case EventClass::OomKill: return Category::Oom;
    case EventClass::ReadinessFailed:
    case EventClass::LivenessFailed: return Category::Probe;
    case EventClass::HpaRescale: return Category::Autoscaler;
    case EventClass::DnsTrouble: return Category::Dns;
    case EventClass::ProxyReload: return Category::Proxy;
    case EventClass::ReloadFailed:
    case EventClass::NoEndpoints:
    case EventClass::UpstreamEof:
    case EventClass::ProxyPanic: return Category::ProxyTrouble;
    case EventClass::Started:
    case EventClass::Count: break;
    }
    return Category::None;
}

// The row's title: the class's label; a rollout says which way it scaled.
QString signalLabel(const SourceData &s, const SignalEvent &e)
{
    if (e.cls == EventClass::Rollout)
        return s.string(SourceData::Text, e.row).contains(QLatin1String("caled down"), Qt::CaseInsensitive)
                   ? QStringLiteral("Deployment: replica set scaled down")
                   : QStringLiteral("Deployment: replica set scaled up");
    return eventClassLabel(e.cls);
}

QString categoryPlural(Category c)
{
    switch (c) {
    case Category::Deployment: return QStringLiteral("scaling events");
    case Category::Stopped: return QStringLiteral("pods stopped");
    case Category::Restart: return QStringLiteral("restarts");
    case Category::Oom: return QStringLiteral("OOM kills");
    case Category::Probe: return QStringLiteral("probe failures");
    case Category::Autoscaler: return QStringLiteral("rescales");
    case Category::Dns: return QStringLiteral("DNS warnings");
    case Category::Proxy: return QStringLiteral("proxy reloads");
    case Category::ProxyTrouble: return QStringLiteral("proxy errors");
    case Category::None: break;
    }
    return {};
}

QString describeSignal(const Analysis &analysis, const SignalEvent &e)
{
    const SourceData &s = analysis.store().source(e.source);
    QString out = signalLabel(s, e);
    QString where = e.object;
    if (!e.ns.isEmpty())
        where = where.isEmpty() ? QStringLiteral("namespace ") + e.ns : where + QStringLiteral(" in ") + e.ns;
    if (!where.isEmpty())
        out += QStringLiteral(": ") + clip(where);
    if (s.kind(e.row) == EventKind::PodTermination && s.status(e.row))
        out += QStringLiteral(", exit code %1").arg(s.status(e.row));
    const QString text = s.string(SourceData::Text, e.row);
    if (s.format == SourceFormat::K8sPods) {
        // Pod status: the text is the container's name (and the termination message).
        if (!text.isEmpty())
            out += QStringLiteral(", container ") + clip(text);
    } else if (!text.isEmpty()) {
        QString t = clip(text);
        if (t.size() >= 2 && t.startsWith(QLatin1Char('"')) && t.endsWith(QLatin1Char('"')))
            t = t.mid(1, t.size() - 2); // klog quotes its messages
        out += QStringLiteral(" \u2014 \"%1\"").arg(t);
    }
    if (e.count > 1)
        out += QStringLiteral(" (\u00d7%1)").arg(e.count);
    return out;
}

QString describeError(const Analysis &analysis, const PostmortemFacts::Error &e, bool fromLb)
{
    const SourceData &s = analysis.store().source(e.source);
    QString request = clip(s.string(SourceData::Method, e.row) + QLatin1Char(' ') + s.string(SourceData::Path, e.row));
    if (!fromLb)
        return request + QStringLiteral(" (ingress log)");
    switch (e.origin) {
    case Origin::Alb: return request + QStringLiteral(" (the target never answered)");
    case Origin::Ingress: return request + QStringLiteral(" (made by the ingress)");
    case Origin::App: return request + QStringLiteral(" (returned by the application)");
    case Origin::Sidecar: return request + QStringLiteral(" (made by an Istio sidecar: the app never answered)");
    case Origin::Cdn: return request + QStringLiteral(" (made by the CDN in front: its origin never answered)");
    case Origin::Undetermined: break;
    }
    return request;
}

} // namespace

QString postmortemTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString spanText(qint64 us)
{
    const qint64 s = std::max<qint64>(0, (us + 500000) / 1000000);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return s % 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60) : QStringLiteral("%1 min").arg(s / 60);
    if (s < 86400) {
        const qint64 m = (s % 3600) / 60;
        return m ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg(m) : QStringLiteral("%1 h").arg(s / 3600);
    }
    const qint64 h = (s % 86400) / 3600;
    return h ? QStringLiteral("%1 d %2 h").arg(s / 86400).arg(h) : QStringLiteral("%1 d").arg(s / 86400);
}

PostmortemFacts collectPostmortemFacts(const Analysis &analysis, const TimeSpan &range)
{
    PostmortemFacts f;
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    auto inRange = [&](qint64 us) { return !range.isValid() || range.contains(us); };

    QList<SourceId> requestSources;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        if (isLoadBalancerFormat(store.source(SourceId{int(id)}).format))
            requestSources << SourceId{int(id)};
    f.fromLoadBalancer = !requestSources.isEmpty();
    if (f.fromLoadBalancer) {
        for (const OriginResult::Item &it : analysis.origin().items) {
            const qint64 us = timeline.aligned(it.source, it.row).us;
            if (!inRange(us))
                continue;
            f.errors.push_back({us, it.source, it.row, it.origin});
            switch (it.origin) {
            case Origin::Alb: ++f.alb; break;
            case Origin::Ingress: ++f.ingress; break;
            case Origin::App: ++f.app; break;
            case Origin::Undetermined: ++f.undetermined; break;
            case Origin::Sidecar: ++f.sidecar; break;
            case Origin::Cdn: ++f.cdn; break;
            }
        }
    } else {
        for (qsizetype id = 0; id < store.sourceCount(); ++id)
            if (isIngressAccessSource(store.source(SourceId{int(id)})))
                requestSources << SourceId{int(id)};
    }

    bool any = false;
    for (SourceId sid : requestSources) {
        const SourceData &s = store.source(sid);
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.kind(i) != EventKind::Request)
                continue;
            const qint64 us = timeline.aligned(sid, i).us;
            if (!inRange(us))
                continue;
            ++f.requests;
            f.firstRequestUs = any ? std::min(f.firstRequestUs, us) : us;
            f.lastRequestUs = any ? std::max(f.lastRequestUs, us) : us;
            any = true;
            if (!f.fromLoadBalancer && s.status(i) == 502)
                f.errors.push_back({us, sid, qint32(i), Origin::Undetermined});
        }
    }
    std::sort(f.errors.begin(), f.errors.end(), [](const auto &a, const auto &b) {
        return a.us != b.us ? a.us < b.us : (a.source != b.source ? a.source < b.source : a.row < b.row);
    });
    if (!f.errors.empty()) {
        const qint64 last = f.errors.back().us;
        for (SourceId sid : requestSources) {
            const SourceData &s = store.source(sid);
            for (qsizetype i = 0; i < s.size(); ++i) {
                const qint64 us = timeline.aligned(sid, i).us;
                if (s.kind(i) == EventKind::Request && us > last && inRange(us))
                    ++f.requestsAfterLast502;
            }
        }
    }
    return f;
}

QList<PostmortemRow> postmortemTimeline(const PostmortemInput &input, const PostmortemFacts &facts, int maxRows,
                                        qsizetype *leftOut)
{
    const Analysis &analysis = *input.analysis;
    const TimeSpan &range = input.range;
    auto inRange = [&](qint64 us) { return !range.isValid() || range.contains(us); };
    // (time, order within the same second, text): order keeps notes and 502 markers stable.
    struct Entry {
        qint64 us;
        int order;
        QString text;
    };
    std::vector<Entry> entries;

    if (!facts.errors.empty()) {
        const auto &first = facts.errors.front();
        const auto &last = facts.errors.back();
        if (facts.errors.size() == 1) {
            entries.push_back({first.us, 0, QStringLiteral("The only 502 seen: ") + describeError(analysis, first, facts.fromLoadBalancer)});
        } else {
            entries.push_back({first.us, 0, QStringLiteral("First 502 seen: ") + describeError(analysis, first, facts.fromLoadBalancer)});
            entries.push_back({last.us, 3, QStringLiteral("Last 502 seen: ") + describeError(analysis, last, facts.fromLoadBalancer)});
        }
    }
    for (const Burst &b : input.bursts) {
        if (range.isValid() && (b.toUs < range.fromUs || b.fromUs >= range.toUs))
            continue;
        entries.push_back({b.fromUs, 1,
                           QStringLiteral("Burst of %1 502s until %2 UTC (%3)")
                               .arg(b.errors)
                               .arg(clockText(b.toUs), spanText(b.toUs - b.fromUs))});
    }

    // Kubernetes signals and the proxy's own events, folded per category and namespace.
    const EventSignals signals(analysis);
    struct Group {
        Category cat;
        QString ns;
        qint64 fromUs, lastUs;
        qint64 events;  // including count repeats
        int members;    // signals folded in
        QString first;
    };
    std::vector<Group> open;
    auto closeGroup = [&](const Group &g) {
        QString text = g.first;
        if (g.members > 1)
            text += QStringLiteral(" \u2014 %1 %2 in all until %3 UTC").arg(g.events).arg(categoryPlural(g.cat), clockText(g.lastUs));
        entries.push_back({g.fromUs, 2, text});
    };
    for (const SignalEvent &e : signals.events()) {
        const Category cat = categoryOf(e.cls);
        if (cat == Category::None || !inRange(e.us))
            continue;
        auto it = std::find_if(open.begin(), open.end(), [&](const Group &g) { return g.cat == cat && g.ns == e.ns; });
        if (it != open.end() && e.us - it->lastUs <= kFoldGapUs) {
            it->lastUs = e.us;
            it->events += e.count;
            ++it->members;
            continue;
        }
        if (it != open.end()) {
            closeGroup(*it);
            open.erase(it);
        }
        open.push_back({cat, e.ns, e.us, e.us, e.count, 1, describeSignal(analysis, e)});
    }
    for (const Group &g : open)
        closeGroup(g);

    for (const PinnedNote &n : input.notes)
        if (inRange(n.us))
            entries.push_back({n.us, 4, QStringLiteral("Note: ") + n.text.simplified()});

    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.us != b.us ? a.us < b.us : a.order < b.order;
    });
    // Over the cap, the 502 markers, bursts and notes stay; the Kubernetes rows are cut from the end.
    qsizetype signalRows = 0;
    for (const Entry &e : entries)
        signalRows += e.order == 2;
    const qsizetype others = qsizetype(entries.size()) - signalRows;
    qsizetype signalBudget = std::max<qsizetype>(0, maxRows - others);
    QList<PostmortemRow> rows;
    for (const Entry &e : entries) {
        if (e.order == 2 && signalBudget-- <= 0)
            continue;
        if (rows.size() >= maxRows)
            break;
        rows.append({e.us, e.text});
    }
    if (leftOut)
        *leftOut = qsizetype(entries.size()) - rows.size();
    return rows;
}

} // namespace gateline
