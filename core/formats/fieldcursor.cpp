#include "fieldcursor.h"

namespace gateline {

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
    const qsizetype scheme = target.indexOf("://");
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
    const qsizetype colon = hostPort.lastIndexOf(':');
    if (colon > 0 && hostPort.indexOf(':') == colon)
        return hostPort.first(colon);
    return hostPort;
}

} // namespace gateline
