#include "nginxingressparser.h"

#include "clfline.h"
#include "fieldcursor.h"
#include "timeparse.h"

namespace gateline {

namespace {

// One upstreaminfo field that may be a list: "10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80" stays one
// field (", " separates servers tried, " : " separates upstream groups).
bool nextListField(QByteArrayView s, qsizetype *pos, QByteArrayView *out)
{
    auto skip = [&] {
        while (*pos < s.size() && s[*pos] == ' ')
            ++*pos;
    };
    skip();
    if (*pos >= s.size())
        return false;
    const qsizetype start = *pos;
    qsizetype end = start;
    while (true) {
        while (*pos < s.size() && s[*pos] != ' ')
            ++*pos;
        end = *pos;
        skip();
        if (*pos >= s.size())
            break;
        if (s[end - 1] == ',')
            continue; // "a, b"
        if (s[*pos] == ':' && (*pos + 1 == s.size() || s[*pos + 1] == ' ')) {
            ++*pos; // "a : b"
            skip();
            if (*pos >= s.size())
                break;
            continue;
        }
        break;
    }
    *out = s.sliced(start, end - start);
    return true;
}

// The last item of a list field: "200, 203" -> 203, "- : 502" -> 502.
QByteArrayView lastListItem(QByteArrayView field)
{
    qsizetype i = field.size();
    while (i > 0) {
        --i;
        if (field[i] == ',' || (field[i] == ':' && i > 0 && field[i - 1] == ' ' && i + 1 < field.size()
                                && field[i + 1] == ' '))
            return field.sliced(i + 1).trimmed();
    }
    return field.trimmed();
}

} // namespace

int NginxIngressParser::sniff(QByteArrayView head) const
{
    const ClfHeadStats st = clfHeadStats(head);
    if (st.upstreamInfo == 0 || st.lines == 0)
        return 0;
    return 90 * st.upstreamInfo / st.lines;
}

bool NginxIngressParser::parseLine(QByteArrayView line, LineOffset offset, qint64, SourceData &out, QString *reason)
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

    // $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name]
    // $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id
    const ClfSuffix suffix = classifyClfSuffix(c.rest);
    if (suffix == ClfSuffix::Other) {
        *reason = QStringLiteral("not upstreaminfo (unexpected fields after the user agent)");
        return false;
    }
    if (suffix == ClfSuffix::UpstreamInfo) {
        FieldCursor fc(c.rest);
        QByteArrayView length, time, name, alt;
        fc.token(&length);
        fc.token(&time);
        double seconds = 0;
        if (time != "-") {
            if (!parseDecimal(time, &seconds)) {
                *reason = QStringLiteral("bad request_time");
                return false;
            }
            r.durationMs = float(seconds * 1000.0);
        }
        if (!fc.bracketed(&name) || name.contains(' ') || name.contains('[')) {
            *reason = QStringLiteral("bad [proxy_upstream_name]");
            return false;
        }
        r.object = name == "-" ? QByteArrayView() : name;
        fc.skipSpaces();
        if (fc.rest().startsWith('[') && (!fc.bracketed(&alt) || alt.contains(' ') || alt.contains('['))) {
            *reason = QStringLiteral("bad [proxy_alternative_upstream_name]");
            return false;
        }
        const QByteArrayView lists = fc.rest();
        qsizetype pos = 0;
        QByteArrayView addr, respLength, respTime, status;
        if (!nextListField(lists, &pos, &addr) || !nextListField(lists, &pos, &respLength)
            || !nextListField(lists, &pos, &respTime) || !nextListField(lists, &pos, &status)) {
            *reason = QStringLiteral("too few upstreaminfo fields");
            return false;
        }
        const QByteArrayView lastAddr = lastListItem(addr);
        r.upstream = lastAddr == "-" ? QByteArrayView() : lastAddr;
        const QByteArrayView lastStatus = lastListItem(status);
        qint64 code = 0;
        if (lastStatus == "-") {
            r.upstreamStatus = kUpstreamDash;
        } else if (lastStatus.size() == 3 && parseUInt(lastStatus, &code)) {
            r.upstreamStatus = qint16(code);
        } else {
            *reason = QStringLiteral("bad upstream_status");
            return false;
        }
    }
    noteClfOffset(c, out);
    out.append(r);
    return true;
}

} // namespace gateline
