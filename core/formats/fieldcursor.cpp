#include "fieldcursor.h"

#include <algorithm>
#include <cstring>

namespace gateline {

namespace {
// Where "://" first occurs in t if that is before index 8, else -1 (later or nowhere): all that
// the absolute-form test below needs, without a substring search through the whole target.
qsizetype schemeEnd(QByteArrayView t)
{
    const qsizetype last = std::min<qsizetype>(t.size() - 3, 7);
    for (qsizetype i = 0; i <= last; ++i)
        if (t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/')
            return i;
    return -1;
}
} // namespace

bool splitRequest(QByteArrayView request, QByteArrayView *method, QByteArrayView *path, QByteArrayView *host)
{
    const qsizetype sp1 = request.indexOf(' ');
    if (sp1 <= 0)
        return false;
    *method = request.first(sp1);
    for (char c : *method)
        if (c < 'A' || c > 'Z')
            return false;
    QByteArrayView target = request.sliced(sp1 + 1);
    const qsizetype sp2 = target.lastIndexOf(' ');
    if (sp2 >= 0 && target.sliced(sp2 + 1).startsWith("HTTP/"))
        target = target.first(sp2);
    if (target.isEmpty())
        return false;
    // Absolute form: scheme://host[:port]/path
    const qsizetype scheme = schemeEnd(target);
    if (scheme > 0 && scheme < 8) {
        const QByteArrayView afterScheme = target.sliced(scheme + 3);
        const qsizetype slash = afterScheme.indexOf('/');
        const QByteArrayView hostPort = slash < 0 ? afterScheme : afterScheme.first(slash);
        if (host)
            *host = stripPort(hostPort);
        *path = slash < 0 ? QByteArrayView("/") : afterScheme.sliced(slash);
    } else {
        *path = target;
    }
    return true;
}

QByteArrayView stripPort(QByteArrayView hostPort)
{
    if (hostPort.startsWith('[')) {
        const qsizetype close = hostPort.indexOf(']');
        return close > 0 ? hostPort.sliced(1, close - 1) : hostPort;
    }
    // "ip:port": the last colon, if it is the only one (IPv6 without brackets has several).
    qsizetype colon = hostPort.size() - 1;
    while (colon >= 0 && hostPort[colon] != ':')
        --colon;
    if (colon > 0 && !std::memchr(hostPort.data(), ':', size_t(colon)))
        return hostPort.first(colon);
    return hostPort;
}

} // namespace gateline
