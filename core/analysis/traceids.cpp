#include "traceids.h"

#include "jobs/parallelfor.h"
#include "store/rawlinereader.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace gateline {

namespace {
constexpr qsizetype kRootLength = 35;          // "1-" + 8 hex digits + "-" + 24 hex digits
constexpr qsizetype kMaxLoadBalancerRows = 3000000; // ALB lines read back for one estimate, at most
constexpr int kProbeRows = 64;                 // requests looked at to tell if a source has trace ids

bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool isRoot(QByteArrayView v)
{
    if (v.size() < kRootLength || v[0] != '1' || v[1] != '-' || v[10] != '-')
        return false;
    for (qsizetype i = 2; i < kRootLength; ++i)
        if (i != 10 && !isHex(v[i]))
            return false;
    return true;
}
} // namespace

quint64 traceRootHash(QByteArrayView line)
{
    static constexpr QByteArrayView kTag("Root=");
    for (qsizetype from = 0;;) {
        const qsizetype at = line.indexOf(kTag, from);
        if (at < 0)
            return 0;
        const QByteArrayView root = line.sliced(at + kTag.size());
        if (isRoot(root)) {
            quint64 h = 0xcbf29ce484222325ull; // FNV-1a, case-insensitive hex
            for (qsizetype i = 0; i < kRootLength; ++i) {
                const char c = root[i];
                h ^= quint8(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
                h *= 0x100000001b3ull;
            }
            return h ? h : 1;
        }
        from = at + 1;
    }
}

bool readTraceRoots(const SourceData &s, const std::vector<qint32> &rows, std::vector<quint64> *roots, QString *error)
{
    roots->assign(rows.size(), 0);
    std::vector<size_t> order;
    order.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        if (s.offset(rows[i]).value >= 0)
            order.push_back(i);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return s.offset(rows[a]).value < s.offset(rows[b]).value; });
    std::vector<qint64> offsets;
    offsets.reserve(order.size());
    for (size_t i : order)
        offsets.push_back(s.offset(rows[i]).value);
    return RawLineReader::forEachLineAt(
        s.locator, offsets, [&](size_t k, QByteArrayView line) { (*roots)[order[k]] = traceRootHash(line); }, error);
}

bool carriesTraceIds(const SourceData &s)
{
    std::vector<qint32> rows;
    for (qsizetype i = 0; i < s.size() && rows.size() < size_t(kProbeRows); ++i)
        if (s.kind(i) == EventKind::Request)
            rows.push_back(qint32(i));
    std::vector<quint64> roots;
    if (rows.empty() || !readTraceRoots(s, rows, &roots))
        return false;
    return 2 * std::count_if(roots.begin(), roots.end(), [](quint64 r) { return r != 0; }) >= qsizetype(roots.size());
}

SkewEstimate estimateByTraceIds(const EventStore &store, const SourceData &ingress, double guessSeconds,
                                double windowSeconds, qsizetype maxSamples)
{
    SkewEstimate r;
    // The ALBs' span: only ingress requests inside it can have a twin.
    qint64 lbFirst = std::numeric_limits<qint64>::max(), lbLast = std::numeric_limits<qint64>::min();
    QList<SourceId> albs;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (s.format != SourceFormat::Alb || s.size() == 0)
            continue;
        albs << SourceId{int(id)};
        lbFirst = std::min(lbFirst, s.firstTime().us);
        lbLast = std::max(lbLast, s.lastTime().us);
    }
    if (albs.isEmpty() || ingress.size() == 0)
        return r;
    const qint64 guess = qint64(std::llround(guessSeconds * 1e6));
    const qint64 window = qint64(windowSeconds * 1e6);

    // A block of consecutive ingress requests from the middle of the overlap.
    std::vector<qint32> inside;
    for (qsizetype i = 0; i < ingress.size(); ++i) {
        if (ingress.kind(i) != EventKind::Request)
            continue;
        const qint64 t = ingressEndTimeUs(ingress, i) + guess;
        if (t >= lbFirst && t <= lbLast)
            inside.push_back(qint32(i));
    }
    const size_t start = inside.size() > size_t(maxSamples) ? (inside.size() - size_t(maxSamples)) / 2 : 0;
    std::vector<qint32> block(inside.begin() + qsizetype(start),
                              inside.begin() + qsizetype(std::min(inside.size(), start + size_t(maxSamples))));
    std::vector<quint64> blockRoots;
    if (block.empty() || !readTraceRoots(ingress, block, &blockRoots))
        return r;
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    for (size_t k = 0; k < block.size(); ++k) {
        if (!blockRoots[k])
            continue;
        ++r.sampled;
        const qint64 t = ingressEndTimeUs(ingress, block[k]) + guess;
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    if (r.sampled < 3)
        return r;

    // The ALB lines around the block, read back; their roots mapped to their times.
    std::vector<std::vector<qint32>> albRows(size_t(albs.size()));
    qsizetype total = 0;
    for (qsizetype a = 0; a < albs.size(); ++a) {
        const SourceData &s = store.source(albs[a]);
        if (s.lastTime().us < lo - window || s.firstTime().us > hi + window)
            continue;
        for (qsizetype i = 0; i < s.size() && total < kMaxLoadBalancerRows; ++i) {
            const qint64 t = s.time(i).us;
            if (s.kind(i) == EventKind::Request && t >= lo - window && t <= hi + window) {
                albRows[size_t(a)].push_back(qint32(i));
                ++total;
            }
        }
    }
    std::vector<std::vector<quint64>> albRoots(size_t(albs.size()));
    parallelFor(albs.size(), [&](qsizetype a) {
        if (!albRows[size_t(a)].empty())
            readTraceRoots(store.source(albs[a]), albRows[size_t(a)], &albRoots[size_t(a)]);
    });
    QHash<quint64, qint64> albTimeOf;
    albTimeOf.reserve(total);
    for (qsizetype a = 0; a < albs.size(); ++a) {
        const SourceData &s = store.source(albs[a]);
        for (size_t k = 0; k < albRoots[size_t(a)].size(); ++k)
            if (const quint64 root = albRoots[size_t(a)][k])
                albTimeOf.insert(root, s.time(albRows[size_t(a)][k]).us);
    }

    std::vector<qint64> diffs;
    for (size_t k = 0; k < block.size(); ++k) {
        const auto it = blockRoots[k] ? albTimeOf.constFind(blockRoots[k]) : albTimeOf.cend();
        if (it != albTimeOf.cend())
            diffs.push_back(it.value() - ingressEndTimeUs(ingress, block[k]));
    }
    if (diffs.size() < 3)
        return r;
    std::nth_element(diffs.begin(), diffs.begin() + qsizetype(diffs.size() / 2), diffs.end());
    double median = double(diffs[diffs.size() / 2]) / 1e6;
    if (hasWholeSecondTimes(ingress))
        median -= 0.5;
    r.valid = true;
    r.offsetSeconds = median;
    r.matched = qint64(diffs.size());
    const double share = double(diffs.size()) / double(r.sampled);
    r.confidence = std::clamp(share * (1.0 - std::exp(-double(diffs.size()) / 30.0)), 0.0, 1.0);
    return r;
}

} // namespace gateline
