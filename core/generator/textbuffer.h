// A growable byte buffer with hand-written formatters for the generator's hot paths: integers,
// fixed-point seconds, hex, and the timestamp styles of the log formats. No QString, no locale.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QTimeZone>
#include <QtGlobal>
#include <cstring>
#include <limits>
#include <vector>

namespace gateline::gen {

struct CivilTime {
    int year, month, day, hour, minute, second;
    int micros;
};

// UTC microseconds since the epoch -> calendar fields (proleptic Gregorian).
CivilTime civilFromMicros(qint64 us);

class TextBuffer
{
public:
    TextBuffer() { m_data.reserve(1 << 16); }

    void clear() { m_data.clear(); }
    size_t size() const { return m_data.size(); }
    const char *data() const { return m_data.data(); }
    QByteArrayView view() const { return QByteArrayView(m_data.data(), qsizetype(m_data.size())); }

    void put(char c) { m_data.push_back(c); }
    void put(const char *s, size_t n) { m_data.insert(m_data.end(), s, s + n); }
    void put(const char *s) { put(s, std::strlen(s)); }
    void put(QByteArrayView v) { put(v.data(), size_t(v.size())); }
    void put(const QByteArray &b) { put(b.constData(), size_t(b.size())); }

    void putInt(qint64 v);
    // v with exactly `digits` digits, zero-padded.
    void putPadded(qint64 v, int digits);
    // Microseconds as seconds with 3 decimals ("0.048"); negative values print "-1".
    void putSeconds3(qint64 us);
    // The low `digits` nibbles of v as lowercase hex.
    void putHex(quint64 v, int digits);
    // "2026-11-21T10:00:00.123456Z" (fractionDigits 0..9; 0 omits the dot).
    void putIsoUtc(qint64 us, int fractionDigits);
    // ISO local time with a numeric offset: "2026-11-21T11:00:00.123456789+01:00".
    void putIsoOffset(qint64 us, int offsetSeconds, int fractionDigits);
    // CLF "21/Nov/2026:11:00:00 +0100" for the local time at offsetSeconds.
    void putClf(qint64 us, int offsetSeconds);
    // NGINX error log "2026/11/21 11:00:00" (local time, no offset).
    void putNginxError(qint64 us, int offsetSeconds);
    // klog "I1121 11:00:00.123456" date part without the level letter: "1121 11:00:00.123456".
    void putKlog(qint64 us, int offsetSeconds);
    // JSON string body escaping (without the quotes).
    void putJsonEscaped(QByteArrayView s);

    const std::vector<char> &bytes() const { return m_data; }

private:
    std::vector<char> m_data;
};

// Offsets of an IANA time zone, cached per quarter hour (zone transitions fall on such bounds).
class TzOffsets
{
public:
    explicit TzOffsets(const QTimeZone &zone) : m_zone(zone) {}
    int offsetAt(qint64 us);

private:
    QTimeZone m_zone;
    qint64 m_bucket = std::numeric_limits<qint64>::min();
    int m_offset = 0;
    std::vector<std::pair<qint64, int>> m_cache;
};

} // namespace gateline::gen
