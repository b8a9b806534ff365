#include "traefikclfparser.h"

#include "clfline.h"

namespace gateline {

int TraefikClfParser::sniff(QByteArrayView head) const
{
    // CLF + "<count> "router" "url" <N>ms". Plain CLF lines are accepted too, but a file of
    // them belongs to nginx-access.
    const ClfHeadStats st = clfHeadStats(head);
    if (st.traefik == 0 || st.lines == 0)
        return 0;
    return 90 * st.traefik / st.lines;
}

bool TraefikClfParser::parseLine(QByteArrayView line, LineOffset offset, qint64, SourceData &out, QString *reason)
{
    ClfLine c;
    const char *error = nullptr;
    if (!parseClfLine(line, &c, &error)) {
        *reason = QString::fromLatin1(error);
        return false;
    }
    Record r;
    r.offset = offset;
    fillClfRecord(c, &r);
    // Traefik CLF has no origin status. But when Traefik itself answers because the server never
    // did (refused, reset, timed out), the body is Go's status text: "Bad Gateway" (11 bytes) or
    // "Gateway Timeout" (15) or "Service Unavailable" (19). That marks the upstream as not answering (kUpstreamDash); otherwise
    // upstreamStatus stays kNoUpstreamStatus. A line without the extras (plain CLF) is a request.
    if ((c.status == 502 && c.bytes == 11) || (c.status == 503 && c.bytes == 19) || (c.status == 504 && c.bytes == 15))
        r.upstreamStatus = kUpstreamDash;
    else if (c.status >= 500)
        r.upstreamStatus = c.status; // the server's own answer, passed through
    if (!c.rest.trimmed().isEmpty()) {
        TraefikSuffix t;
        if (!parseTraefikSuffix(c.rest, &t)) {
            *reason = QStringLiteral("bad Traefik fields (want: count \"router\" \"server URL\" Nms)");
            return false;
        }
        r.durationMs = float(t.durationMs);
        r.object = t.router;
        r.upstream = upstreamHostPort(t.url);
    }
    noteClfOffset(c, out);
    out.append(r);
    return true;
}

} // namespace gateline
