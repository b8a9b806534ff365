#include "evidenceseries.h"

#include "endpointpath.h"

#include "analysis/requestkey.h"
#include "analysis/skewestimator.h"
#include "jobs/parallelfor.h"
#include "store/durationsample.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <mutex>

namespace gateline {

namespace {

// Counts of whole milliseconds in [0, 65536) (ALB's times are whole milliseconds), 256 coarse
// bins and, for the one coarse bin that holds the median, 256 fine ones: the same value as
// nth_element at index size / 2, without moving anything. false (nothing decided) as soon as a
// value is not such a whole number.
template<typename Values>
bool countedMedian(const Values &values, size_t size, float *out)
{
    auto whole = [](float d) { return d >= 0 && d < 65536.0f && !std::signbit(d) && float(int(d)) == d; };
    std::array<size_t, 256> coarse {};
    for (const std::vector<float> *v : values)
        for (const float d : *v) {
            if (!whole(d))
                return false;
            ++coarse[size_t(int(d)) >> 8];
        }
    const size_t k = size / 2;
    size_t below = 0;
    int c = 0;
    while (below + coarse[size_t(c)] <= k)
        below += coarse[size_t(c++)];
    std::array<size_t, 256> fine {};
    for (const std::vector<float> *v : values)
        for (const float d : *v)
            if ((int(d) >> 8) == c)
                ++fine[size_t(int(d)) & 255];
    int f = 0;
    while (below + fine[size_t(f)] <= k)
        below += fine[size_t(f++)];
    *out = float(c * 256 + f);
    return true;
}

double median(std::vector<float> &v)
{
    if (v.empty())
        return -1;
    if (float m = 0; v.size() >= 512 && countedMedian(std::array<const std::vector<float> *, 1>{&v}, v.size(), &m))
        return double(m);
    const auto mid = v.begin() + qsizetype(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return double(*mid);
}

} // namespace

QString ErrorSeries::endpointOf(QByteArrayView method, QByteArrayView path)
{
    return endpointString(method, path);
}

ErrorSeries::ErrorSeries(const Analysis &analysis)
{
    collect(analysis);
    for (auto *v : {&m_errors, &m_appErrors, &m_timeouts})
        std::sort(v->begin(), v->end(), [](const auto &a, const auto &b) { return a.us < b.us; });
    binErrors();
}

void ErrorSeries::binErrors()
{
    m_errorBins.assign(m_requestBins.size(), 0);
    for (const ErrorSample &e : m_errors) {
        const qsizetype b = binOf(e.us);
        if (b >= 0)
            m_errorBins[size_t(b)] += 1;
    }
}

void ErrorSeries::keepOnly(const std::vector<char> &keep, bool explainedAway)
{
    std::vector<ErrorSample> kept;
    kept.reserve(m_errors.size());
    for (size_t i = 0; i < m_errors.size(); ++i)
        if (i < keep.size() && keep[i])
            kept.push_back(std::move(m_errors[i]));
    m_errors = std::move(kept);
    const std::vector<double> before = m_errorBins;
    binErrors();
    m_maskedBins.assign(m_errorBins.size(), 0);
    for (size_t b = 0; b < m_errorBins.size() && b < before.size(); ++b)
        m_maskedBins[b] = explainedAway && before[b] > 0 && m_errorBins[b] == 0;
}

qsizetype ErrorSeries::binOf(qint64 us) const
{
    if (m_requestBins.empty())
        return -1;
    const qint64 b = (us - m_from) / m_binUs;
    return qsizetype(std::clamp<qint64>(b, 0, qint64(m_requestBins.size()) - 1));
}

void ErrorSeries::collect(const Analysis &analysis)
{
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    QList<SourceId> lb;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceData &s = store.source(SourceId{int(id)});
        if (isLoadBalancerFormat(s.format) && s.size() > 0)
            lb << SourceId{int(id)};
    }
    if (lb.isEmpty()) {
        collectIngressOnly(analysis);
        return;
    }
    m_fromLb = true;
    std::vector<std::vector<qint32>> timeoutRows;
    countRequests(timeline, lb, &timeoutRows);
    // The samples (each builds its endpoint and its strings) side by side, then taken in order, as
    // one after another would.
    const std::vector<OriginResult::Item> &items = analysis.origin().items;
    std::vector<ErrorSample> samples(items.size());
    parallelFor(qsizetype(items.size()), [&](qsizetype k) {
        const OriginResult::Item &item = items[size_t(k)];
        ErrorSample &e = samples[size_t(k)];
        e = sample(analysis, item.source, item.row, item.origin);
        if (item.ingressSource.isValid() && item.ingressRow >= 0) {
            const SourceData &in = store.source(item.ingressSource);
            e.ingressSource = item.ingressSource;
            e.ingressRow = item.ingressRow;
            e.durationMs = std::max(e.durationMs, in.durationMs(item.ingressRow));
            const QString up = in.string(SourceData::Upstream, item.ingressRow);
            if (!up.isEmpty())
                e.upstream = up;
        }
    });
    for (size_t k = 0; k < items.size(); ++k)
        (items[k].origin == Origin::App ? m_appErrors : m_errors).push_back(std::move(samples[k]));
    std::vector<std::pair<SourceId, qint32>> timeouts;
    for (qsizetype n = 0; n < lb.size(); ++n)
        for (const qint32 row : timeoutRows[size_t(n)])
            timeouts.push_back({lb[n], row});
    m_timeouts.resize(timeouts.size());
    parallelFor(qsizetype(timeouts.size()), [&](qsizetype k) {
        m_timeouts[size_t(k)] = sample(analysis, timeouts[size_t(k)].first, timeouts[size_t(k)].second, Origin::Undetermined);
    });
}

ErrorSample ErrorSeries::sample(const Analysis &analysis, SourceId sid, qsizetype row, Origin origin) const
{
    const SourceData &s = analysis.store().source(sid);
    ErrorSample e;
    e.us = isIngressAccessSource(s) ? ingressEndTimeUs(s, row) + analysis.timeline().shiftUs(sid)
                                           : analysis.timeline().aligned(sid, row).us;
    e.origin = origin;
    e.source = sid;
    e.row = qint32(row);
    e.durationMs = s.durationMs(row);
    e.endpoint = endpointOf(s.bytes(SourceData::Method, row), s.bytes(SourceData::Path, row));
    e.path = s.string(SourceData::Path, row);
    e.upstream = s.string(SourceData::Upstream, row);
    return e;
}

void ErrorSeries::collectIngressOnly(const Analysis &analysis)
{
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    QList<SourceId> ingress;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        if (isIngressAccessSource(store.source(SourceId{int(id)})))
            ingress << SourceId{int(id)};
    countRequests(timeline, ingress);
    // NGINX logs an upstream status of 502 for a failed connection too: an error-log line about the
    // same request tells that the ingress made the 502, as in the origin classification.
    const KeyedTimeIndex upstreamErrors = upstreamErrorIndex(analysis);
    for (SourceId sid : std::as_const(ingress)) {
        const SourceData &s = store.source(sid);
        const RequestKeys keys(s);
        s.forEachRowWhere([](EventKind kind, qint16 status, qint16) {
            return kind == EventKind::Request && (status == 504 || status == 502);
        }, [&](qsizetype i) {
            if (s.status(i) == 504) {
                m_timeouts.push_back(sample(analysis, sid, i, Origin::Undetermined));
            } else {
                ErrorSample e = sample(analysis, sid, i, Origin::Ingress);
                const bool logged = upstreamErrors.nearest(keys.key(i), e.us, 2000000) != nullptr;
                if (s.upstreamStatus(i) == 502 && !logged) {
                    e.origin = Origin::App;
                    m_appErrors.push_back(std::move(e));
                } else {
                    m_errors.push_back(std::move(e));
                }
            }
        });
    }
}

void ErrorSeries::countRequests(const Timeline &timeline, const QList<SourceId> &sources,
                                std::vector<std::vector<qint32>> *timeoutRows)
{
    if (timeoutRows)
        timeoutRows->assign(size_t(sources.size()), {});
    const EventStore &store = timeline.store();
    bool any = false;
    for (SourceId sid : sources) {
        const SourceData &s = store.source(sid);
        if (s.size() == 0)
            continue;
        const qint64 f = s.firstTime().us + timeline.shiftUs(sid);
        const qint64 l = s.lastTime().us + timeline.shiftUs(sid);
        m_from = any ? std::min(m_from, f) : f;
        m_to = any ? std::max(m_to, l) : l;
        any = true;
    }
    if (!any)
        return;
    // Bins of 10 s; a bundle spanning weeks or years gets wider ones, so that memory and the
    // features' work stay bounded.
    m_binUs = kBinUs * std::max<qint64>(1, (m_to - m_from) / (kBinUs * kMaxBins) + 1);
    m_requestBins.assign(size_t((m_to - m_from) / m_binUs + 1), 0);

    // Per request only a hash of its endpoint and integer work, sources spread over the worker
    // threads (one partial per worker, not per source: a bundle may hold thousands of files, and
    // bins only over each source's own span); the endpoint strings are built once per distinct
    // endpoint at the end.
    struct Slot {
        QByteArrayView method, path; // an example; the sources outlive this pass
        qint64 requests = 0;
        DurationSample durations; // about 2 bytes a request (durationsample.h)
    };
    // A cache line each: the workers update theirs per request (two in one line cost a third of
    // this pass in the line's moves from core to core).
    struct alignas(64) Partial {
        qint64 requests = 0;
        std::vector<Slot> slots;
        QHash<quint64, qsizetype> slotOfEndpoint;
    };
    std::vector<Partial> partials(static_cast<size_t>(parallelWorkers(sources.size())));
    std::mutex binsMutex;
    parallelForWorkers(sources.size(), 0, [&](qsizetype n, int w) {
        Partial &p = partials[size_t(w)];
        const SourceId sid = sources[n];
        const SourceData &s = store.source(sid);
        const qint64 shift = timeline.shiftUs(sid);
        if (s.size() == 0)
            return;
        const qsizetype firstBin = binOf(s.firstTime().us + shift);
        // This source's own span of bins, added to m_requestBins at the end.
        std::vector<qint64> bins(size_t(binOf(s.lastTime().us + shift) - firstBin + 1), 0);
        // The bin of the row before and its time range: rows are roughly in time order, so most
        // rows fall in it and need no division.
        qint64 binLo = 0, binHi = 0;
        size_t bin = 0;
        // Paths repeat: per path string, its hash and the slot of the method last seen with it.
        struct PathSeen {
            quint64 hash = 0;
            quint32 methodId = 0;
            qint32 slot = -1;
        };
        std::vector<PathSeen> seen(s.pool().size());
        std::vector<qint32> *timeouts = timeoutRows ? &(*timeoutRows)[size_t(n)] : nullptr;
        constexpr int kAhead = 16; // rows: seen[] is as large as the pool, so fetch it early
        // The columns read a batch of rows at a time (SourceData::readRows): a row's accessors, a
        // lookup and a branch each, were most of this loop.
        auto batch = std::make_unique<SourceData::RowBatch>();
        const StringPool &pool = s.pool();
        for (qsizetype from = 0; from < s.size(); from += SourceData::RowBatch::kRows) {
            const int n = int(std::min<qsizetype>(SourceData::RowBatch::kRows, s.size() - from));
            s.readRows(from, n, batch.get());
            const SourceData::RowBatch &rows = *batch;
            for (int k = 0; k < n; ++k) {
                if (k + kAhead < n)
                    __builtin_prefetch(&seen[rows.path[k + kAhead]]);
                if (rows.kind(k) != EventKind::Request)
                    continue;
                ++p.requests;
                if (timeouts && rows.status[k] == 504)
                    timeouts->push_back(qint32(from + k));
                const qint64 us = rows.time[k] + shift;
                if (us < binLo || us >= binHi) {
                    const qsizetype b = binOf(us);
                    bin = size_t(b - firstBin);
                    binLo = m_from + b * m_binUs;
                    binHi = binLo + m_binUs;
                }
                bins[bin] += 1;
                const quint32 methodId = rows.method[k];
                PathSeen &ps = seen[rows.path[k]];
                if (ps.slot < 0 || ps.methodId != methodId) {
                    const QByteArrayView method = pool.view(methodId), path = pool.view(rows.path[k]);
                    if (!ps.hash)
                        ps.hash = pathHash(path);
                    const quint64 key = endpointKey(method, ps.hash);
                    auto it = p.slotOfEndpoint.constFind(key);
                    if (it == p.slotOfEndpoint.constEnd()) {
                        it = p.slotOfEndpoint.insert(key, qsizetype(p.slots.size()));
                        p.slots.push_back({method, path, 0, {}});
                    }
                    ps.methodId = methodId;
                    ps.slot = qint32(*it);
                }
                Slot &slot = p.slots[size_t(ps.slot)];
                ++slot.requests;
                const float d = rows.durationMs[k];
                if (d >= 0 && rows.status[k] != 502) {
                    slot.durations.add(d);
                }
            }
        }
        const std::lock_guard lock(binsMutex);
        for (size_t b = 0; b < bins.size(); ++b)
            m_requestBins[size_t(firstBin) + b] += double(bins[b]);
    });
    // Fold the workers' slots together per endpoint string (different bytes, such as invalid
    // UTF-8, can make the same string: those add up too).
    QHash<QString, DurationSample> durations;
    for (Partial &p : partials) {
        m_requests += p.requests;
        for (Slot &slot : p.slots) {
            const QString endpoint = endpointOf(slot.method, slot.path);
            m_requestsByEndpoint[endpoint] += slot.requests;
            durations[endpoint].merge(std::move(slot.durations));
        }
    }
    // The median of all: counted over the endpoints' samples where every time is a whole number of
    // milliseconds; else from the store again, once the endpoints' samples are freed: one copy of
    // every duration at a time, not two.
    size_t total = 0;
    bool whole = true;
    for (auto it = durations.cbegin(); it != durations.cend(); ++it) {
        total += it.value().size();
        whole = whole && it.value().allWhole();
    }
    const bool counted = total > 0 && whole;
    double countedAll = -1;
    if (counted) {
        std::vector<size_t> counts(DurationSample::kMillis, 0);
        for (auto it = durations.cbegin(); it != durations.cend(); ++it)
            it.value().addCountsTo(counts.data());
        countedAll = DurationSample::countedAt(counts.data(), total / 2);
    }
    // The endpoints' medians, each of its own sample, side by side; inserted in the hash's order.
    std::vector<DurationSample *> samples;
    samples.reserve(size_t(durations.size()));
    for (auto it = durations.begin(); it != durations.end(); ++it)
        samples.push_back(&it.value());
    std::vector<double> medians(samples.size(), -1);
    parallelFor(qsizetype(samples.size()), [&](qsizetype i) {
        medians[size_t(i)] = samples[size_t(i)]->median();
        *samples[size_t(i)] = DurationSample();
    });
    size_t m = 0;
    for (auto it = durations.cbegin(); it != durations.cend(); ++it)
        m_medianByEndpoint.insert(it.key(), medians[m++]);
    if (counted || total == 0) {
        m_medianAll = countedAll;
        return;
    }
    std::vector<float> all;
    all.reserve(total);
    for (const SourceId sid : sources) {
        const SourceData &s = store.source(sid);
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.kind(i) != EventKind::Request)
                continue;
            const float d = s.durationMs(i);
            if (d >= 0 && s.status(i) != 502)
                all.push_back(d);
        }
    }
    m_medianAll = median(all);
}

KeyedTimeIndex upstreamErrorIndex(const Analysis &analysis, QByteArrayView reason)
{
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    KeyedTimeIndex index;
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        if (s.format != SourceFormat::NginxError)
            continue;
        const RequestKeys keys(s);
        s.forEachRowWhere([](EventKind kind, qint16, qint16) { return kind == EventKind::UpstreamError; }, [&](qsizetype i) {
            if (reason.isEmpty() || s.bytes(SourceData::Reason, i) == reason)
                index.add({keys.key(i), timeline.aligned(sid, i).us, int(id), qint32(i)});
        });
    }
    index.finish();
    return index;
}

} // namespace gateline
