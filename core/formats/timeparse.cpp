#include "timeparse.h"

#include <algorithm>

namespace gateline {

qint64 daysFromCivil(int y, int m, int d)
{
    // Howard Hinnant's algorithm.
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = unsigned((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

qint64 civilToMicros(int y, int mo, int d, int h, int mi, int s, int micros)
{
    return ((daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000000ll) + micros;
}

namespace {

bool digits(const char *p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const unsigned c = unsigned(p[i]) - '0';
        if (c > 9)
            return false;
        v = v * 10 + int(c);
    }
    *out = v;
    return true;
}

bool validCivil(int y, int mo, int d, int h, int mi, int s)
{
    return y >= 1970 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

int monthFromName(const char *p)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; ++i)
        if (p[0] == names[i * 3] && p[1] == names[i * 3 + 1] && p[2] == names[i * 3 + 2])
            return i + 1;
    return 0;
}

// "+0000", "+00:00", "Z", "-0700". Returns false on anything else.
bool parseZone(QByteArrayView z, int *offsetSeconds)
{
    if (z.isEmpty() || z == "Z" || z == "z") {
        *offsetSeconds = 0;
        return true;
    }
    if (z[0] != '+' && z[0] != '-')
        return false;
    int hh = 0, mm = 0;
    if (z.size() == 5) {
        if (!digits(z.data() + 1, 2, &hh) || !digits(z.data() + 3, 2, &mm))
            return false;
    } else if (z.size() == 6 && z[3] == ':') {
        if (!digits(z.data() + 1, 2, &hh) || !digits(z.data() + 4, 2, &mm))
            return false;
    } else {
        return false;
    }
    if (hh > 23 || mm > 59)
        return false;
    *offsetSeconds = (hh * 3600 + mm * 60) * (z[0] == '-' ? -1 : 1);
    return true;
}

} // namespace

bool parseIso8601(QByteArrayView s, Timestamp *out)
{
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') || s[13] != ':'
        || s[16] != ':')
        return false;
    int y, mo, d, h, mi, sec;
    const char *p = s.data();
    if (!digits(p, 4, &y) || !digits(p + 5, 2, &mo) || !digits(p + 8, 2, &d) || !digits(p + 11, 2, &h)
        || !digits(p + 14, 2, &mi) || !digits(p + 17, 2, &sec) || !validCivil(y, mo, d, h, mi, sec))
        return false;
    qsizetype i = 19;
    int micros = 0;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        int nd = 0;
        while (i < s.size() && unsigned(s[i]) - '0' <= 9) {
            if (nd < 6)
                micros = micros * 10 + (s[i] - '0');
            ++nd;
            ++i;
        }
        if (nd == 0)
            return false;
        for (int k = nd; k < 6; ++k)
            micros *= 10;
    }
    int offset = 0;
    if (!parseZone(s.sliced(i), &offset))
        return false;
    out->us = civilToMicros(y, mo, d, h, mi, sec, micros) - qint64(offset) * 1000000;
    return true;
}

bool parseClfTime(QByteArrayView s, Timestamp *out, int *offsetSeconds)
{
    // 07/Feb/2020:11:48:51 +0000
    if (s.size() < 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' || s[17] != ':' || s[20] != ' ')
        return false;
    int d, y, h, mi, sec;
    const char *p = s.data();
    const int mo = monthFromName(p + 3);
    if (!mo || !digits(p, 2, &d) || !digits(p + 7, 4, &y) || !digits(p + 12, 2, &h) || !digits(p + 15, 2, &mi)
        || !digits(p + 18, 2, &sec) || !validCivil(y, mo, d, h, mi, sec))
        return false;
    int offset = 0;
    if (!parseZone(s.sliced(21), &offset))
        return false;
    out->us = civilToMicros(y, mo, d, h, mi, sec, 0) - qint64(offset) * 1000000;
    if (offsetSeconds)
        *offsetSeconds = offset;
    return true;
}

bool parseNginxErrorTime(QByteArrayView s, Timestamp *out)
{
    // 2016/10/25 14:49:34
    if (s.size() != 19 || s[4] != '/' || s[7] != '/' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
        return false;
    int y, mo, d, h, mi, sec;
    const char *p = s.data();
    if (!digits(p, 4, &y) || !digits(p + 5, 2, &mo) || !digits(p + 8, 2, &d) || !digits(p + 11, 2, &h)
        || !digits(p + 14, 2, &mi) || !digits(p + 17, 2, &sec) || !validCivil(y, mo, d, h, mi, sec))
        return false;
    out->us = civilToMicros(y, mo, d, h, mi, sec, 0);
    return true;
}

bool parseUInt(QByteArrayView s, qint64 *out)
{
    if (s.isEmpty() || s.size() > 18)
        return false;
    qint64 v = 0;
    for (char c : s) {
        const unsigned dgt = unsigned(c) - '0';
        if (dgt > 9)
            return false;
        v = v * 10 + dgt;
    }
    *out = v;
    return true;
}

bool parseDecimal(QByteArrayView s, double *out)
{
    if (s.isEmpty() || s.size() > 32)
        return false;
    qsizetype i = 0;
    bool neg = false;
    if (s[0] == '-') {
        neg = true;
        ++i;
    }
    // Digits into an integer, then one division: fast, and exact for the usual "0.001234".
    static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
                                        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    quint64 mantissa = 0;
    int digits = 0, fraction = 0;
    double big = 0; // used once there are more than 18 digits
    auto digit = [&](int d) {
        if (digits < 18)
            mantissa = mantissa * 10 + unsigned(d);
        else
            big = (digits == 18 ? double(mantissa) : big) * 10 + d;
        ++digits;
    };
    for (; i < s.size() && unsigned(s[i] - '0') <= 9; ++i)
        digit(s[i] - '0');
    if (i < s.size() && s[i] == '.') {
        ++i;
        for (; i < s.size() && unsigned(s[i] - '0') <= 9; ++i) {
            digit(s[i] - '0');
            ++fraction;
        }
    }
    if (digits == 0 || i != s.size())
        return false;
    double v = digits > 18 ? big : double(mantissa);
    for (int f = fraction; f > 0; f -= 18)
        v /= kPow10[std::min(f, 18)];
    *out = neg ? -v : v;
    return true;
}

// "Sun, 02 Jun 2024 10:05:41 +0000" (kubectl's RFC 1123 with a numeric zone), the weekday optional.
bool parseDescribeTime(QByteArrayView s, Timestamp *out)
{
    s = s.trimmed();
    if (const qsizetype comma = s.indexOf(','); comma >= 0 && comma <= 9)
        s = s.sliced(comma + 1).trimmed();
    int day = 0;
    qsizetype i = 0;
    while (i < s.size() && i < 2 && s[i] >= '0' && s[i] <= '9')
        day = day * 10 + (s[i++] - '0');
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (i == 0 || s.size() - i < 5 || s[i] != ' ')
        return false;
    const QByteArrayView mon = s.sliced(i + 1, 3);
    const qsizetype mi = QByteArrayView(months).indexOf(mon);
    if (mi < 0 || mi % 3 != 0 || s[i + 4] != ' ')
        return false;
    const QByteArrayView rest = s.sliced(i + 5); // "2024 10:05:41 +0000"
    qint64 y = 0, h = 0, m = 0, sec = 0, zh = 0, zm = 0;
    if (rest.size() != 19 || rest[4] != ' ' || rest[7] != ':' || rest[10] != ':' || rest[13] != ' '
        || (rest[14] != '+' && rest[14] != '-') || !parseUInt(rest.first(4), &y) || !parseUInt(rest.sliced(5, 2), &h)
        || !parseUInt(rest.sliced(8, 2), &m) || !parseUInt(rest.sliced(11, 2), &sec)
        || !parseUInt(rest.sliced(15, 2), &zh) || !parseUInt(rest.sliced(17, 2), &zm))
        return false;
    if (day < 1 || day > 31 || h > 23 || m > 59 || sec > 60 || zh > 23 || zm > 59)
        return false;
    const qint64 offset = (zh * 3600 + zm * 60) * (rest[14] == '-' ? -1 : 1);
    out->us = civilToMicros(int(y), int(mi / 3 + 1), day, int(h), int(m), int(sec), 0) - offset * 1000000;
    return true;
}


} // namespace gateline
