#include "albfilename.h"

#include <QDate>
#include <QList>
#include <QTime>
#include <QTimeZone>
#include <QDateTime>

namespace gateline {

namespace {
bool digits(QStringView s)
{
    for (QChar c : s)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    return !s.isEmpty();
}

// "20220602T1005Z" -> microseconds since the epoch.
bool parseStamp(QStringView s, qint64 *us)
{
    if (s.size() != 14 || s[8] != QLatin1Char('T') || s[13] != QLatin1Char('Z') || !digits(s.first(8))
        || !digits(s.sliced(9, 4)))
        return false;
    const QDate d(s.first(4).toInt(), s.sliced(4, 2).toInt(), s.sliced(6, 2).toInt());
    const QTime t(s.sliced(9, 2).toInt(), s.sliced(11, 2).toInt());
    if (!d.isValid() || !t.isValid())
        return false;
    *us = QDateTime(d, t, QTimeZone::UTC).toMSecsSinceEpoch() * 1000;
    return true;
}

bool isIpv4(QStringView s)
{
    const QList<QStringView> parts = s.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return false;
    for (QStringView p : parts)
        if (!digits(p) || p.size() > 3 || p.toInt() > 255)
            return false;
    return true;
}
} // namespace

AlbFileName parseAlbFileName(QStringView path)
{
    AlbFileName f;
    QStringView name = path.sliced(path.lastIndexOf(QLatin1Char('/')) + 1);
    for (const char *suffix : {".gz", ".log"})
        if (name.endsWith(QLatin1String(suffix)))
            name.chop(qsizetype(qstrlen(suffix)));
    // ACCOUNT _ elasticloadbalancing _ REGION _ LB _ STAMP _ NODE-IP _ RANDOM. The load balancer
    // part holds dots but never '_'; a node IPv6 address never appears (AWS writes IPv4).
    const QList<QStringView> parts = name.split(QLatin1Char('_'));
    if (parts.size() != 7 || parts[1] != QLatin1String("elasticloadbalancing") || !digits(parts[0])
        || parts[2].isEmpty() || parts[3].isEmpty() || parts[6].isEmpty())
        return f;
    if (!parseStamp(parts[4], &f.endUs) || !isIpv4(parts[5]))
        return f;
    f.account = parts[0].toString();
    f.region = parts[2].toString();
    f.loadBalancer = parts[3].toString();
    // AWS's own example pads octets ("172.160.001.192"); the ingress logs them unpadded.
    for (QStringView octet : parts[5].split(QLatin1Char('.')))
        f.nodeIp += (f.nodeIp.isEmpty() ? "" : ".") + QByteArray::number(octet.toInt());
    f.valid = true;
    return f;
}

} // namespace gateline
