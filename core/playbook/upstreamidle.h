// How long each upstream connection sat idle before a request reused it, and when each server last
// answered, from the ingress access logs (the idle-timer race and the servers that stopped, in
// evidencebranches.cpp).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <vector>

namespace gateline {

class Analysis;

// An upstream status that says the server itself answered: not a failed connection (NGINX logs 502
// for those), not a gateway's own 502-504.
bool serverAnswered(qint16 status);

// The last server of an upstream list ("10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80"): the one whose
// answer (or failure) the request ended with, port and all (podaddresshistory.h's lastServer()
// gives its host only).
QByteArrayView lastListedServer(QByteArrayView up);

struct IdleGaps {
    std::vector<double> all;    // seconds from the end of the previous request to the same server to
                                // the start of this one, per request whose first server had one
    std::vector<double> failed; // the same for the requests whose first attempt failed
};

// Per controller replica (ingress access source) and upstream address, the time from the end of
// the previous request to that address to the start of this one: the connection a proxy reuses
// is the one used last (NGINX's keep-alive cache hands out the most recently cached connection
// first). The sources in store order, each in order of its requests' end times.
// lastAnswered gets, per server (lastListedServer() of the upstream field), the latest aligned end
// time of a request it answered (kept where it already holds a later one).
IdleGaps upstreamIdleGaps(const Analysis &analysis, QHash<QByteArray, qint64> &lastAnswered);

} // namespace gateline
