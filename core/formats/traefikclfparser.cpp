#include "traefikclfparser.h"

#include "clfline.h"
#include "timeparse.h"

namespace gateline {

namespace {

QByteArrayView trimmed(QByteArrayView s)
{
    return s.trimmed();
}

} // namespace

int TraefikClfParser::sniff(QByteArrayView head) const
{
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

    // <request count> "<router>" "<server URL>" <duration>ms, parsed from the end because Traefik
    // does not escape quotes. Older versions print frontend/backend names in the quoted spots.
    QByteArrayView rest = trimmed(c.rest);
    if (!rest.isEmpty()) {
        auto bad = [reason] {
            *reason = QStringLiteral("bad Traefik fields (want: count \"router\" \"server URL\" Nms)");
            return false;
        };
        const qsizetype sp = rest.lastIndexOf(' ');
        const QByteArrayView duration = rest.sliced(sp + 1);
        double ms = 0;
        if (sp < 0 || !duration.endsWith("ms") || !parseDecimal(duration.chopped(2), &ms) || ms < 0)
            return bad();
        r.durationMs = float(ms);
        rest = trimmed(rest.first(sp));

        // "server URL" or -
        QByteArrayView url;
        if (rest.endsWith('"')) {
            if (rest.size() < 2)
                return bad();
            const qsizetype open = rest.lastIndexOf('"', rest.size() - 2);
            if (open < 0)
                return bad();
            url = rest.sliced(open + 1, rest.size() - open - 2);
            rest = trimmed(rest.first(open));
        } else {
            const qsizetype usp = rest.lastIndexOf(' ');
            if (usp < 0)
                return bad();
            url = rest.sliced(usp + 1);
            rest = trimmed(rest.first(usp));
        }
        r.upstream = upstreamHostPort(url);

        // count, then the router: "name", - or (as published in old Traefik samples) a quote that
        // was never closed; the name is kept in that case.
        const qsizetype csp = rest.indexOf(' ');
        if (csp < 0)
            return bad();
        const QByteArrayView count = rest.first(csp);
        qint64 n = 0;
        if (count != "-" && !parseUInt(count, &n))
            return bad();
        QByteArrayView router = trimmed(rest.sliced(csp + 1));
        if (router.startsWith('"')) {
            router = router.sliced(1);
            if (router.endsWith('"'))
                router.chop(1);
        } else if (router != "-") {
            return bad();
        }
        r.object = router == "-" ? QByteArrayView() : router;
    }
    noteClfOffset(c, out);
    out.append(r);
    return true;
}

} // namespace gateline
