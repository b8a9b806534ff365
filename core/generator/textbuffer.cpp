#include "textbuffer.h"

#include <QDateTime>

namespace gateline::gen {

namespace {
constexpr char kMonths[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr char kHex[] = "0123456789abcdef";

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}
} // namespace

CivilTime civilFromMicros(qint64 us)
{
    const qint64 secs = floorDiv(us, 1000000);
    CivilTime t{};
    t.micros = int(us - secs * 1000000);
    qint64 days = floorDiv(secs, 86400);
    qint64 sod = secs - days * 86400;
    t.hour = int(sod / 3600);
    t.minute = int(sod / 60 % 60);
    t.second = int(sod % 60);
    // Howard Hinnant's civil_from_days.
    days += 719468;
    const qint64 era = floorDiv(days, 146097);
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    t.day = int(doy - (153 * mp + 2) / 5 + 1);
    t.month = int(mp < 10 ? mp + 3 : mp - 9);
    t.year = int(yoe + era * 400 + (t.month <= 2 ? 1 : 0));
    return t;
}

void TextBuffer::putInt(qint64 v)
{
    char tmp[24];
    int n = 0;
    quint64 u = v < 0 ? quint64(-(v + 1)) + 1 : quint64(v);
    do {
        tmp[n++] = char('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[n++] = '-';
    while (n)
        m_data.push_back(tmp[--n]);
}

void TextBuffer::putPadded(qint64 v, int digits)
{
    char tmp[24];
    for (int i = digits - 1; i >= 0; --i) {
        tmp[i] = char('0' + v % 10);
        v /= 10;
    }
    put(tmp, size_t(digits));
}

void TextBuffer::putSeconds3(qint64 us)
{
    if (us < 0) {
        put("-1", 2);
        return;
    }
    const qint64 ms = (us + 500) / 1000;
    putInt(ms / 1000);
    put('.');
    putPadded(ms % 1000, 3);
}

void TextBuffer::putHex(quint64 v, int digits)
{
    char tmp[16];
    for (int i = digits - 1; i >= 0; --i) {
        tmp[i] = kHex[v & 15];
        v >>= 4;
    }
    put(tmp, size_t(digits));
}

static void putFraction(TextBuffer &b, int micros, int digits)
{
    if (digits <= 0)
        return;
    b.put('.');
    if (digits <= 6) {
        int v = micros;
        for (int i = digits; i < 6; ++i)
            v /= 10;
        b.putPadded(v, digits);
    } else {
        b.putPadded(micros, 6);
        b.putPadded(0, digits - 6);
    }
}

void TextBuffer::putIsoUtc(qint64 us, int fractionDigits)
{
    const CivilTime t = civilFromMicros(us);
    putPadded(t.year, 4);
    put('-');
    putPadded(t.month, 2);
    put('-');
    putPadded(t.day, 2);
    put('T');
    putPadded(t.hour, 2);
    put(':');
    putPadded(t.minute, 2);
    put(':');
    putPadded(t.second, 2);
    putFraction(*this, t.micros, fractionDigits);
    put('Z');
}

static void putOffset(TextBuffer &b, int offsetSeconds, bool colon)
{
    b.put(offsetSeconds < 0 ? '-' : '+');
    const int a = offsetSeconds < 0 ? -offsetSeconds : offsetSeconds;
    b.putPadded(a / 3600, 2);
    if (colon)
        b.put(':');
    b.putPadded(a / 60 % 60, 2);
}

void TextBuffer::putIsoOffset(qint64 us, int offsetSeconds, int fractionDigits)
{
    const CivilTime t = civilFromMicros(us + qint64(offsetSeconds) * 1000000);
    putPadded(t.year, 4);
    put('-');
    putPadded(t.month, 2);
    put('-');
    putPadded(t.day, 2);
    put('T');
    putPadded(t.hour, 2);
    put(':');
    putPadded(t.minute, 2);
    put(':');
    putPadded(t.second, 2);
    putFraction(*this, t.micros, fractionDigits);
    if (offsetSeconds == 0)
        put('Z');
    else
        putOffset(*this, offsetSeconds, true);
}

void TextBuffer::putClf(qint64 us, int offsetSeconds)
{
    const CivilTime t = civilFromMicros(us + qint64(offsetSeconds) * 1000000);
    putPadded(t.day, 2);
    put('/');
    put(kMonths[t.month - 1], 3);
    put('/');
    putPadded(t.year, 4);
    put(':');
    putPadded(t.hour, 2);
    put(':');
    putPadded(t.minute, 2);
    put(':');
    putPadded(t.second, 2);
    put(' ');
    putOffset(*this, offsetSeconds, false);
}

void TextBuffer::putNginxError(qint64 us, int offsetSeconds)
{
    const CivilTime t = civilFromMicros(us + qint64(offsetSeconds) * 1000000);
    putPadded(t.year, 4);
    put('/');
    putPadded(t.month, 2);
    put('/');
    putPadded(t.day, 2);
    put(' ');
    putPadded(t.hour, 2);
    put(':');
    putPadded(t.minute, 2);
    put(':');
    putPadded(t.second, 2);
}

void TextBuffer::putKlog(qint64 us, int offsetSeconds)
{
    const CivilTime t = civilFromMicros(us + qint64(offsetSeconds) * 1000000);
    putPadded(t.month, 2);
    putPadded(t.day, 2);
    put(' ');
    putPadded(t.hour, 2);
    put(':');
    putPadded(t.minute, 2);
    put(':');
    putPadded(t.second, 2);
    put('.');
    putPadded(t.micros, 6);
}

void TextBuffer::putJsonEscaped(QByteArrayView s)
{
    for (char c : s) {
        switch (c) {
        case '"': put("\\\"", 2); break;
        case '\\': put("\\\\", 2); break;
        case '\n': put("\\n", 2); break;
        case '\t': put("\\t", 2); break;
        default:
            if (uchar(c) < 0x20) {
                put("\\u00", 4);
                putHex(uchar(c), 2);
            } else {
                put(c);
            }
        }
    }
}

int TzOffsets::offsetAt(qint64 us)
{
    const qint64 bucket = floorDiv(us, qint64(900) * 1000000);
    if (bucket == m_bucket)
        return m_offset;
    for (const auto &e : m_cache) {
        if (e.first == bucket) {
            m_bucket = bucket;
            m_offset = e.second;
            return m_offset;
        }
    }
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(bucket * 900 * 1000, m_zone);
    m_offset = dt.offsetFromUtc();
    m_bucket = bucket;
    if (m_cache.size() > 256)
        m_cache.clear();
    m_cache.emplace_back(bucket, m_offset);
    return m_offset;
}

} // namespace gateline::gen
