#include "traceids.h"

#include "jobs/parallelfor.h"
#include "store/rawlinereader.h"

#include <QHash>

#include <cctype>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gateline {

namespace {
constexpr qsizetype kRootLength = 35;          // "1-" + 8 hex digits + "-" + 24 hex digits
constexpr qsizetype kMaxReferenceRows = 3000000; // reference lines read back for one estimate, at most
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

quint64 requestIdHash(QByteArrayView line)
{
    // Scan tokens of hex digits and dashes; keep the last that is 32 hex digits or a UUID.
    QByteArrayView last;
    const qsizetype n = line.size();
    for (qsizetype i = 0; i < n;) {
        if (!isHex(line[i]) || (i > 0 && (std::isalnum(uchar(line[i - 1])) || line[i - 1] == '-' || line[i - 1] == '_'))) {
            ++i;
            continue;
        }
        qsizetype j = i;
        while (j < n && (isHex(line[j]) || line[j] == '-'))
            ++j;
        const bool bounded = j == n || !(std::isalnum(uchar(line[j])) || line[j] == '_');
        const QByteArrayView tok = line.sliced(i, j - i);
        const bool hex32 = tok.size() == 32 && !tok.contains('-');
        const bool uuid = tok.size() == 36 && tok[8] == '-' && tok[13] == '-' && tok[18] == '-' && tok[23] == '-'
            && tok.count('-') == 4;
        if (bounded && (hex32 || uuid))
            last = tok;
        i = j;
    }
    if (last.isEmpty())
        return 0;
    quint64 h = 0x84222325cbf29ce4ull;
    for (char c : last) {
        h ^= quint8(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
        h *= 0x100000001b3ull;
    }
    return h ? h : 1;
}

bool readLineIds(const SourceData &s, const std::vector<qint32> &rows, LineIdHash idOf, std::vector<quint64> *ids,
                 QString *error)
{
    ids->assign(rows.size(), 0);
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
        s.locator, offsets, [&](size_t k, QByteArrayView line) { (*ids)[order[k]] = idOf(line); }, error);
}

bool readTraceRoots(const SourceData &s, const std::vector<qint32> &rows, std::vector<quint64> *roots, QString *error)
{
    return readLineIds(s, rows, traceRootHash, roots, error);
}

bool carriesIds(const SourceData &s, LineIdHash idOf)
{
    std::vector<qint32> rows;
    for (qsizetype i = 0; i < s.size() && rows.size() < size_t(kProbeRows); ++i)
        if (s.kind(i) == EventKind::Request)
            rows.push_back(qint32(i));
    std::vector<quint64> ids;
    if (rows.empty() || !readLineIds(s, rows, idOf, &ids))
        return false;
    return 2 * std::count_if(ids.begin(), ids.end(), [](quint64 r) { return r != 0; }) >= qsizetype(ids.size());
}

bool carriesTraceIds(const SourceData &s)
{
    return carriesIds(s, traceRootHash);
}

SkewEstimate estimateByIds(const EventStore &store, const QList<ReferenceSource> &references, const SourceData &joined,
                           LineIdHash idOf, double guessSeconds, double windowSeconds, qsizetype maxSamples)
{
    SkewEstimate r;
    // The references' span (aligned end times): only requests inside it can have a twin.
    qint64 refFirst = std::numeric_limits<qint64>::max(), refLast = std::numeric_limits<qint64>::min();
    for (const ReferenceSource &ref : references) {
        const SourceData &s = store.source(ref.id);
        if (s.size() == 0)
            continue;
        refFirst = std::min(refFirst, s.firstTime().us + ref.shiftUs);
        refLast = std::max(refLast, s.lastTime().us + ref.shiftUs);
    }
    if (refFirst > refLast || joined.size() == 0)
        return r;
    const qint64 guess = qint64(std::llround(guessSeconds * 1e6));
    const qint64 window = qint64(windowSeconds * 1e6);

    // A block of consecutive requests from the middle of the overlap.
    std::vector<qint32> inside;
    for (qsizetype i = 0; i < joined.size(); ++i) {
        if (joined.kind(i) != EventKind::Request)
            continue;
        const qint64 t = ingressEndTimeUs(joined, i) + guess;
        if (t >= refFirst && t <= refLast)
            inside.push_back(qint32(i));
    }
    const size_t start = inside.size() > size_t(maxSamples) ? (inside.size() - size_t(maxSamples)) / 2 : 0;
    std::vector<qint32> block(inside.begin() + qsizetype(start),
                              inside.begin() + qsizetype(std::min(inside.size(), start + size_t(maxSamples))));
    std::vector<quint64> blockIds;
    if (block.empty() || !readLineIds(joined, block, idOf, &blockIds))
        return r;
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    for (size_t k = 0; k < block.size(); ++k) {
        if (!blockIds[k])
            continue;
        ++r.sampled;
        const qint64 t = ingressEndTimeUs(joined, block[k]) + guess;
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    if (r.sampled < 3)
        return r;

    // The reference lines around the block, read back; their ids mapped to their aligned times.
    const qsizetype nref = references.size();
    std::vector<std::vector<qint32>> refRows(static_cast<size_t>(nref));
    qsizetype total = 0;
    for (qsizetype k = 0; k < nref; ++k) {
        const SourceData &s = store.source(references[k].id);
        const qint64 shift = references[k].shiftUs;
        if (s.size() == 0 || s.lastTime().us + shift < lo - window || s.firstTime().us + shift > hi + window)
            continue;
        for (qsizetype i = 0; i < s.size() && total < kMaxReferenceRows; ++i) {
            if (s.kind(i) != EventKind::Request)
                continue;
            const qint64 t = ingressEndTimeUs(s, i) + shift;
            if (t >= lo - window && t <= hi + window) {
                refRows[size_t(k)].push_back(qint32(i));
                ++total;
            }
        }
    }
    std::vector<std::vector<quint64>> refIds(static_cast<size_t>(nref));
    parallelFor(nref, [&](qsizetype k) {
        if (!refRows[size_t(k)].empty())
            readLineIds(store.source(references[k].id), refRows[size_t(k)], idOf, &refIds[size_t(k)]);
    });
    QHash<quint64, qint64> refTimeOf;
    refTimeOf.reserve(total);
    for (qsizetype k = 0; k < nref; ++k) {
        const SourceData &s = store.source(references[k].id);
        for (size_t j = 0; j < refIds[size_t(k)].size(); ++j)
            if (const quint64 id = refIds[size_t(k)][j])
                refTimeOf.insert(id, ingressEndTimeUs(s, refRows[size_t(k)][j]) + references[k].shiftUs);
    }

    std::vector<qint64> diffs;
    for (size_t k = 0; k < block.size(); ++k) {
        const auto it = blockIds[k] ? refTimeOf.constFind(blockIds[k]) : refTimeOf.cend();
        if (it != refTimeOf.cend())
            diffs.push_back(it.value() - ingressEndTimeUs(joined, block[k]));
    }
    if (diffs.size() < 3)
        return r;
    std::nth_element(diffs.begin(), diffs.begin() + qsizetype(diffs.size() / 2), diffs.end());
    double median = double(diffs[diffs.size() / 2]) / 1e6;
    // Whole-second (CLF) times are on average 0.5 s early: on the joined side, or on the reference's.
    if (hasWholeSecondTimes(joined))
        median -= 0.5;
    if (std::all_of(references.begin(), references.end(),
                    [&](const ReferenceSource &ref) { return hasWholeSecondTimes(store.source(ref.id)); }))
        median += 0.5;
    r.valid = true;
    r.offsetSeconds = median;
    r.matched = qint64(diffs.size());
    const double share = double(diffs.size()) / double(r.sampled);
    r.confidence = std::clamp(share * (1.0 - std::exp(-double(diffs.size()) / 30.0)), 0.0, 1.0);
    return r;
}

SkewEstimate estimateByTraceIds(const EventStore &store, const SourceData &ingress, double guessSeconds,
                                double windowSeconds, qsizetype maxSamples)
{
    QList<ReferenceSource> albs;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        if (store.source(SourceId{int(id)}).format == SourceFormat::Alb)
            albs.append({SourceId{int(id)}, 0});
    return estimateByIds(store, albs, ingress, traceRootHash, guessSeconds, windowSeconds, maxSamples);
}

} // namespace gateline
