#include "nginxaccessparser.h"

#include "clfline.h"

namespace gateline {

int NginxAccessParser::sniff(QByteArrayView head) const
{
    // Plain combined/common lines (optionally with vhost, client lists, extra fields). Lines with
    // the ingress-nginx or Traefik suffix belong to those parsers, which also accept plain lines.
    const ClfHeadStats st = clfHeadStats(head);
    const int plain = st.clf - st.upstreamInfo - st.traefik;
    if (plain <= 0 || st.lines == 0)
        return 0;
    return 75 * plain / st.lines;
}

bool NginxAccessParser::parseLine(QByteArrayView line, LineOffset offset, qint64, SourceData &out, QString *reason)
{
    ClfLine c;
    const char *error = nullptr;
    if (!parseClfLine(line, &c, &error)) {
        *reason = looksLikeNginxErrorLine(line) ? QStringLiteral("NGINX error-log line, not an access log")
                                                : QString::fromLatin1(error);
        return false;
    }
    Record r;
    r.offset = offset;
    fillClfRecord(c, &r);
    noteClfOffset(c, out);
    out.append(r);
    return true;
}

} // namespace gateline
