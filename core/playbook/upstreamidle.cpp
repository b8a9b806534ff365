#include "upstreamidle.h"

#include "analysis/analysis.h"
#include "analysis/skewestimator.h"
#include "jobs/parallelfor.h"
#include "store/stringpool.h"

#include <algorithm>
#include <limits>

namespace gateline {

bool serverAnswered(qint16 status)
{
    return status >= 100 && (status < 502 || status > 504);
}

QByteArrayView lastListedServer(QByteArrayView up)
{
    qsizetype cut = -1;
    for (qsizetype i = 0; i < up.size(); ++i)
        if (up[i] == ',' || (up[i] == ':' && i + 1 < up.size() && up[i + 1] == ' '))
            cut = i;
    return (cut < 0 ? up : up.sliced(cut + 1)).trimmed();
}

namespace {

// What one distinct upstream field says, worked out once per source and string (the field repeats
// request after request: a replica talks to a few pods), its addresses as ids in a pool of their
// own (dense, so that the per-address state is arrays).
struct UpstreamShape {
    quint32 server = 0;        // lastListedServer(): the server that answered (or failed last)
    quint32 first = 0;         // the first server tried (up to the first ','); StringPool::Empty: none
    bool firstHasPort = false; // only an "address:port" names one connection pool
    bool retried = false;      // a ',': the first attempt failed and another server was tried
    std::vector<quint32> used; // every server the request went to (the ','-separated items)
};

UpstreamShape shapeOf(QByteArrayView up, StringPool &addresses)
{
    UpstreamShape u;
    u.server = addresses.intern(lastListedServer(up));
    const qsizetype comma = up.indexOf(',');
    const QByteArrayView first = (comma < 0 ? up : up.first(comma)).trimmed();
    u.retried = comma >= 0;
    u.firstHasPort = first.contains(':');
    u.first = addresses.intern(first);
    for (qsizetype from = 0; from <= up.size();) {
        qsizetype next = up.indexOf(',', from);
        if (next < 0)
            next = up.size();
        const QByteArrayView a = up.sliced(from, next - from).trimmed();
        if (!a.isEmpty())
            u.used.push_back(addresses.intern(a));
        from = next + 1;
    }
    return u;
}

struct SourceIdle {
    IdleGaps gaps;
    std::vector<std::pair<QByteArray, qint64>> answered; // per server, its latest answer (aligned)
};

SourceIdle idleOfSource(const SourceData &s, qint64 shift)
{
    constexpr qint64 kNever = std::numeric_limits<qint64>::min();
    SourceIdle out;
    std::vector<std::pair<qint64, qint32>> rows;
    rows.reserve(size_t(s.size()));
    for (qsizetype i = 0; i < s.size(); ++i)
        if (s.kind(i) == EventKind::Request && s.stringId(SourceData::Upstream, i) != StringPool::Empty)
            rows.push_back({ingressEndTimeUs(s, i), qint32(i)});
    // A log is written as requests end: mostly in order already, and then no sort is needed.
    if (!std::is_sorted(rows.begin(), rows.end()))
        std::sort(rows.begin(), rows.end());
    std::vector<qint32> shapeIndex(s.pool().size(), -1);
    std::vector<UpstreamShape> shapes;
    StringPool addresses;
    std::vector<qint64> lastEnd, lastAnswer; // per address; kNever: none yet
    for (const auto &[end, row] : rows) {
        const quint32 id = s.stringId(SourceData::Upstream, row);
        if (shapeIndex[id] < 0) {
            shapeIndex[id] = qint32(shapes.size());
            shapes.push_back(shapeOf(s.pool().view(id), addresses));
            lastEnd.resize(addresses.size(), kNever);
            lastAnswer.resize(addresses.size(), kNever);
        }
        const UpstreamShape &u = shapes[size_t(shapeIndex[id])];
        // The server answered: its status, or with a format that logs none (Traefik CLF) the
        // request's own status below 500.
        const qint16 status = s.status(row), upStatus = s.upstreamStatus(row);
        if (upStatus != kNoUpstreamStatus ? serverAnswered(upStatus) : status >= 100 && status < 500)
            lastAnswer[size_t(u.server)] = std::max(lastAnswer[size_t(u.server)], end + shift);
        const float ms = s.durationMs(row);
        const qint64 start = end - qint64(std::max(0.0f, ms) * 1000.0f);
        const bool firstFailed = u.retried || (status == 502 && (upStatus == 502 || upStatus == kUpstreamDash));
        if (u.first != StringPool::Empty && u.firstHasPort && lastEnd[size_t(u.first)] != kNever) {
            const double gap = double(start - lastEnd[size_t(u.first)]) / 1e6;
            if (gap >= 0) {
                out.gaps.all.push_back(gap);
                if (firstFailed)
                    out.gaps.failed.push_back(gap);
            }
        }
        // Every server the request went to now has a freshly used connection.
        for (quint32 a : u.used)
            lastEnd[size_t(a)] = end;
    }
    for (size_t a = 0; a < lastAnswer.size(); ++a)
        if (lastAnswer[a] != kNever)
            out.answered.push_back({addresses.view(quint32(a)).toByteArray(), lastAnswer[a]});
    return out;
}

} // namespace

IdleGaps upstreamIdleGaps(const Analysis &analysis, QHash<QByteArray, qint64> &lastAnswered)
{
    const EventStore &store = analysis.store();
    std::vector<SourceId> ingress;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (isIngressAccessSource(s) && s.size() > 0)
            ingress.push_back(SourceId{int(id)});
    }
    // The replicas side by side on the parallel pool; their results joined in store order.
    std::vector<SourceIdle> perSource(ingress.size());
    parallelFor(qsizetype(ingress.size()), [&](qsizetype n) {
        const SourceId sid = ingress[size_t(n)];
        perSource[size_t(n)] = idleOfSource(store.source(sid), analysis.timeline().shiftUs(sid));
    });
    IdleGaps gaps;
    for (SourceIdle &p : perSource) {
        gaps.all.insert(gaps.all.end(), p.gaps.all.begin(), p.gaps.all.end());
        gaps.failed.insert(gaps.failed.end(), p.gaps.failed.begin(), p.gaps.failed.end());
        for (const auto &[server, t] : p.answered) {
            const auto it = lastAnswered.find(server);
            if (it == lastAnswered.end())
                lastAnswered.insert(server, t);
            else
                *it = std::max(*it, t);
        }
    }
    return gaps;
}

} // namespace gateline
