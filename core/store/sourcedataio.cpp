// SourceData as bytes and back, for the column cache (core/cache/columncache.h). Layout, all
// little-endian as in memory (the cache is per machine):
//   metadata (QDataStream blob, length-prefixed), rows, min/max time,
//   time and offset: first value + int32 deltas from the previous row, or int64 values,
//   kind+flags bytes, status and upstream status int16, durations float (as they come back from the
//   narrow columns: the file does not depend on how the heap holds them), counts int32 (as filled),
//   per string column: ids as uint16 (pool < 65,536 strings) or uint32 (as filled),
//   the string pool: strings 1..n-1 in id order, each uint32 length + bytes.
// Reading checks every length against what is left and rebuilds the pool in id order, so a
// truncated or foreign entry gives null instead of wrong records.
#include "sourcedata.h"

#include <QDataStream>
#include <QIODevice>

#include <cstring>
#include <limits>

namespace gateline {

namespace {

constexpr quint32 kSourceMagic = 0x53524331; // "SRC1"

template<typename T>
void put(QByteArray &out, T v)
{
    out.append(reinterpret_cast<const char *>(&v), sizeof v);
}

struct Reader {
    QByteArrayView &in;
    bool ok = true;
    template<typename T>
    T get()
    {
        T v {};
        if (!need(sizeof v))
            return v;
        std::memcpy(&v, in.data(), sizeof v);
        in = in.sliced(sizeof v);
        return v;
    }
    bool need(qsizetype n)
    {
        if (n < 0 || in.size() < n)
            ok = false;
        return ok;
    }
    QByteArrayView take(qsizetype n)
    {
        if (!need(n))
            return {};
        const QByteArrayView v = in.first(n);
        in = in.sliced(n);
        return v;
    }
};

template<typename Column>
void putDeltas(QByteArray &out, const Column &c, size_t n)
{
    bool narrow = true;
    for (size_t i = 1; i < n && narrow; ++i) {
        const qint64 d = c[i] - c[i - 1];
        narrow = d >= std::numeric_limits<qint32>::min() && d <= std::numeric_limits<qint32>::max();
    }
    put<quint8>(out, narrow ? 0 : 1);
    if (n == 0)
        return;
    if (!narrow) {
        for (size_t i = 0; i < n; ++i)
            put<qint64>(out, c[i]);
        return;
    }
    put<qint64>(out, c[0]);
    for (size_t i = 1; i < n; ++i)
        put<qint32>(out, qint32(c[i] - c[i - 1]));
}

template<typename Column>
bool getDeltas(Reader &r, Column &c, size_t n)
{
    const quint8 wide = r.get<quint8>();
    if (!r.ok || wide > 1 || n == 0)
        return r.ok && wide <= 1;
    if (wide) {
        if (!r.need(qsizetype(n * 8)))
            return false;
        for (size_t i = 0; i < n; ++i)
            c.push_back(r.get<qint64>());
        return r.ok;
    }
    if (!r.need(qsizetype(8 + (n - 1) * 4)))
        return false;
    qint64 v = r.get<qint64>();
    c.push_back(v);
    for (size_t i = 1; i < n; ++i) {
        v += r.get<qint32>();
        c.push_back(v);
    }
    return r.ok;
}

} // namespace

void SourceData::write(QByteArray &out) const
{
    QByteArray meta;
    {
        QDataStream s(&meta, QIODevice::WriteOnly);
        s.setVersion(QDataStream::Qt_6_5);
        s << locator.filePath << locator.memberPath << locator.gzip << locator.replica << locator.displayName
          << locator.lokiExport << qint32(format) << wrapper << pod << container << wrapperTimes << sidecar << ingressGroup << notes
          << bytesRead << linesSeen << rejected.total << rejected.byReason << rejected.sampleLines
          << rejected.sampleReasons << qint32(utcOffsetSeconds) << sawUtcOffset;
    }
    const size_t n = m_time.size();
    put<quint32>(out, kSourceMagic);
    put<quint32>(out, quint32(meta.size()));
    out.append(meta);
    put<quint64>(out, n);
    put<qint64>(out, m_min);
    put<qint64>(out, m_max);
    putDeltas(out, m_time, n);
    putDeltas(out, m_offset, n);
    for (size_t i = 0; i < n; ++i)
        put<quint8>(out, m_codes.kindFlags(i));
    for (size_t i = 0; i < n; ++i)
        put<qint16>(out, m_codes.status(i));
    for (size_t i = 0; i < n; ++i)
        put<qint16>(out, m_codes.upstreamStatus(i));
    for (size_t i = 0; i < n; ++i)
        put<float>(out, m_duration[i]);
    put<quint64>(out, m_count.size());
    for (size_t i = 0; i < m_count.size(); ++i)
        put<qint32>(out, m_count[i]);
    const bool wideIds = m_pool.size() > 0x10000;
    put<quint8>(out, wideIds ? 1 : 0);
    for (const IdColumn &c : m_strings) {
        put<quint64>(out, c.size());
        for (size_t i = 0; i < c.size(); ++i) {
            if (wideIds)
                put<quint32>(out, c[i]);
            else
                put<quint16>(out, quint16(c[i]));
        }
    }
    put<quint32>(out, m_pool.size());
    for (quint32 id = 1; id < m_pool.size(); ++id) {
        const QByteArrayView v = m_pool.view(id);
        put<quint32>(out, quint32(v.size()));
        out.append(v.data(), v.size());
    }
}

std::unique_ptr<SourceData> SourceData::read(QByteArrayView &in)
{
    Reader r{in};
    if (r.get<quint32>() != kSourceMagic || !r.ok)
        return nullptr;
    auto s = std::make_unique<SourceData>();
    {
        const QByteArrayView metaBytes = r.take(r.get<quint32>());
        if (!r.ok)
            return nullptr;
        QByteArray meta = metaBytes.toByteArray();
        QDataStream m(&meta, QIODevice::ReadOnly);
        m.setVersion(QDataStream::Qt_6_5);
        qint32 fmt = 0, utc = 0;
        m >> s->locator.filePath >> s->locator.memberPath >> s->locator.gzip >> s->locator.replica
            >> s->locator.displayName >> s->locator.lokiExport >> fmt >> s->wrapper >> s->pod >> s->container >> s->wrapperTimes >> s->sidecar
            >> s->ingressGroup >> s->notes >> s->bytesRead >> s->linesSeen >> s->rejected.total >> s->rejected.byReason
            >> s->rejected.sampleLines >> s->rejected.sampleReasons >> utc >> s->sawUtcOffset;
        if (m.status() != QDataStream::Ok || fmt < 0 || fmt > 255)
            return nullptr;
        s->format = SourceFormat(fmt);
        s->utcOffsetSeconds = utc;
    }
    const size_t n = r.get<quint64>();
    s->m_min = r.get<qint64>();
    s->m_max = r.get<qint64>();
    // Every row takes at least 13 bytes below: a row count beyond what is left is corrupt.
    if (!r.ok || n > size_t(in.size()) / 13 + 1)
        return nullptr;
    if (!getDeltas(r, s->m_time, n) || !getDeltas(r, s->m_offset, n))
        return nullptr;
    if (!r.need(qsizetype(n * (1 + 2 + 2 + 4))))
        return nullptr;
    // The three code columns are one in memory (narrowcolumns.h): read side by side.
    {
        const QByteArrayView kindFlags = r.take(qsizetype(n)), status = r.take(qsizetype(n * 2)),
                             upstream = r.take(qsizetype(n * 2));
        if (!r.ok)
            return nullptr;
        for (size_t i = 0; i < n; ++i) {
            qint16 st, up;
            std::memcpy(&st, status.data() + i * 2, 2);
            std::memcpy(&up, upstream.data() + i * 2, 2);
            s->m_codes.push_back(quint8(kindFlags[qsizetype(i)]), st, up);
        }
    }
    for (size_t i = 0; i < n; ++i)
        s->m_duration.push_back(r.get<float>());
    const size_t counts = r.get<quint64>();
    if (!r.ok || counts > n || !r.need(qsizetype(counts * 4)))
        return nullptr;
    for (size_t i = 0; i < counts; ++i)
        s->m_count.push_back(r.get<qint32>());
    const bool wideIds = r.get<quint8>() != 0;
    quint32 maxId = 0;
    for (IdColumn &c : s->m_strings) {
        const size_t m = r.get<quint64>();
        if (!r.ok || m > n || !r.need(qsizetype(m * (wideIds ? 4 : 2))))
            return nullptr;
        for (size_t i = 0; i < m; ++i) {
            const quint32 id = wideIds ? r.get<quint32>() : r.get<quint16>();
            maxId = std::max(maxId, id);
            c.push_back(id);
        }
    }
    const quint32 poolSize = r.get<quint32>();
    if (!r.ok || poolSize == 0 || maxId >= poolSize)
        return nullptr;
    for (quint32 id = 1; id < poolSize; ++id) {
        const QByteArrayView v = r.take(r.get<quint32>());
        // Strings come in id order and are distinct: each must get the next id.
        if (!r.ok || v.isEmpty() || s->m_pool.intern(v) != id)
            return nullptr;
    }
    s->squeeze();
    return s;
}

} // namespace gateline
