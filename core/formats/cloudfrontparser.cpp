#include "cloudfrontparser.h"

#include "fieldcursor.h"
#include "timeparse.h"

#include <QVarLengthArray>

namespace gateline {

namespace {

constexpr const char *kColumnNames[CloudFrontParser::ColumnCount] = {
    "date", "time", "x-edge-location", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status", "cs-uri-query",
    "x-edge-result-type", "x-edge-request-id", "x-host-header", "time-taken", "x-edge-detailed-result-type",
    "origin-fbl",
};

// The legacy (S3) order, 33 fields, as the AWS documentation lists them.
constexpr const char kLegacyFields[] =
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) "
    "cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken "
    "x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "
    "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end";

bool isBlank(char c) { return c == ' ' || c == '\t'; }

// Calls f(index, name) for every whitespace-separated word (the #Fields line separates its names
// by spaces, or by tabs in some copies).
template<typename F>
int forEachWord(QByteArrayView s, F f)
{
    int n = 0;
    qsizetype i = 0;
    while (i < s.size()) {
        while (i < s.size() && isBlank(s[i]))
            ++i;
        const qsizetype start = i;
        while (i < s.size() && !isBlank(s[i]))
            ++i;
        if (i > start)
            f(n++, s.sliced(start, i - start));
    }
    return n;
}

bool isDash(QByteArrayView v) { return v.isEmpty() || v == "-"; }

// "2019-12-04" + "21:02:31" (UTC).
bool parseDateTime(QByteArrayView date, QByteArrayView time, Timestamp *out)
{
    if (date.size() != 10 || date[4] != '-' || date[7] != '-' || time.size() < 8 || time[2] != ':' || time[5] != ':')
        return false;
    qint64 y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!parseUInt(date.first(4), &y) || !parseUInt(date.sliced(5, 2), &mo) || !parseUInt(date.sliced(8, 2), &d)
        || !parseUInt(time.first(2), &h) || !parseUInt(time.sliced(3, 2), &mi) || !parseUInt(time.sliced(6, 2), &sec))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return false;
    qint64 micros = 0;
    if (time.size() > 8) { // fractional seconds, if a copy carries them
        if (time[8] != '.' || time.size() == 9)
            return false;
        qint64 scale = 100000;
        for (qsizetype i = 9; i < time.size(); ++i, scale /= 10) {
            if (time[i] < '0' || time[i] > '9')
                return false;
            micros += (time[i] - '0') * scale;
        }
    }
    *out = Timestamp{civilToMicros(int(y), int(mo), int(d), int(h), int(mi), int(sec), int(micros))};
    return true;
}

} // namespace

bool CloudFrontParser::originFailed(QByteArrayView d)
{
    static const char *const kOriginFailures[] = {
        "OriginCommError", "OriginConnectError", "OriginDnsError", "OriginError", "OriginReadError",
        "OriginReadTimeout", "OriginWriteError", "OriginInvalidResponseError", "OriginHeaderTooBigError",
        "OriginZeroSizeObjectError", "OriginContentRangeLengthError", "AbortedOrigin", "SlowReaderOriginError",
        "NonS3OriginCommError",
    };
    for (const char *k : kOriginFailures)
        if (d == QByteArrayView(k))
            return true;
    return false;
}

int CloudFrontParser::sniff(QByteArrayView head) const
{
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.sliced(3);
    // The header names CloudFront's own fields.
    const qsizetype fields = head.indexOf("#Fields:");
    if (fields >= 0 && fields < 4096) {
        const qsizetype nl = head.indexOf('\n', fields);
        const QByteArrayView line = head.sliced(fields, (nl < 0 ? head.size() : nl) - fields);
        if (line.contains("x-edge-location") || line.contains("x-edge-result-type") || line.contains("x-edge-request-id"))
            return 98;
        return 0;
    }
    // Header-less lines (a concatenation with the headers stripped): the legacy shape, tab-separated,
    // starting "YYYY-MM-DD<TAB>HH:MM:SS<TAB>EDGE<TAB>", with a result type among the fields.
    int good = 0, lines = 0;
    qsizetype pos = 0;
    while (pos < head.size() && lines < 20) {
        qsizetype nl = head.indexOf('\n', pos);
        if (nl < 0)
            break;
        const QByteArrayView line = head.sliced(pos, nl - pos);
        pos = nl + 1;
        if (line.trimmed().isEmpty() || line.startsWith('#'))
            continue;
        ++lines;
        Timestamp t;
        const QList<QByteArrayView> parts = [&] {
            QList<QByteArrayView> p;
            qsizetype s = 0;
            for (int k = 0; k < 16; ++k) {
                const qsizetype tab = line.indexOf('\t', s);
                p.append(line.sliced(s, (tab < 0 ? line.size() : tab) - s));
                if (tab < 0)
                    break;
                s = tab + 1;
            }
            return p;
        }();
        if (parts.size() >= 15 && parseDateTime(parts[0], parts[1], &t)
            && (parts[13] == "Hit" || parts[13] == "Miss" || parts[13] == "Error" || parts[13] == "RefreshHit"
                || parts[13] == "Redirect" || parts[13] == "LimitExceeded" || parts[13] == "CapacityExceeded"))
            ++good;
    }
    if (lines > 0 && good * 10 >= lines * 8)
        return 85;
    return 0;
}

void CloudFrontParser::begin(const ParseOptions &options)
{
    LineParser::begin(options);
    setLegacyFields();
}

void CloudFrontParser::setLegacyFields()
{
    setFields(QByteArrayView(kLegacyFields));
}

void CloudFrontParser::setFields(QByteArrayView names)
{
    m_col.fill(-1);
    m_fieldCount = forEachWord(names, [this](int index, QByteArrayView name) {
        for (int c = 0; c < ColumnCount; ++c)
            if (name == QByteArrayView(kColumnNames[c]))
                m_col[size_t(c)] = index;
    });
}

bool CloudFrontParser::parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                                 QString *reason)
{
    if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
        line = line.sliced(3);
    if (line.startsWith('#')) {
        // W3C directives: #Version, #Fields (the column order from here on), and any other comment.
        if (line.startsWith("#Fields:")) {
            setFields(line.sliced(8));
            if (m_col[Date] < 0 || m_col[Time] < 0 || m_col[Status] < 0) {
                *reason = QStringLiteral("#Fields without date, time and sc-status");
                setLegacyFields();
                return false;
            }
        }
        return true;
    }
    QVarLengthArray<QByteArrayView, 48> f;
    qsizetype start = 0;
    while (true) {
        const qsizetype tab = line.indexOf('\t', start);
        f.append(line.sliced(start, (tab < 0 ? line.size() : tab) - start));
        if (tab < 0)
            break;
        start = tab + 1;
    }
    const auto field = [&](Column c) -> QByteArrayView {
        const int i = m_col[size_t(c)];
        return i >= 0 && i < f.size() ? f[i] : QByteArrayView();
    };
    // A line may end early (trailing empty fields trimmed by a copy) but must hold the status.
    if (f.size() < 3 || m_col[Status] >= f.size()) {
        *reason = QStringLiteral("too few tab-separated fields for a CloudFront line");
        return false;
    }
    Record r;
    r.offset = offset;
    r.kind = EventKind::Request;
    if (!parseDateTime(field(Date), field(Time), &r.time)) {
        *reason = QStringLiteral("bad date or time");
        return false;
    }
    qint64 status = 0;
    if (!parseUInt(field(Status), &status) || status > 999) {
        // sc-status 000: the viewer closed the connection before the edge answered (AWS docs).
        *reason = QStringLiteral("bad sc-status");
        return false;
    }
    r.status = qint16(status);
    double secs = 0;
    if (parseDecimal(field(TimeTaken), &secs) && secs >= 0)
        r.durationMs = float(secs * 1000.0);

    const QByteArrayView result = field(ResultType), detailed = field(DetailedResultType);
    const QByteArrayView fbl = field(OriginFbl);
    r.reason = !isDash(detailed) ? detailed : result;
    if (originFailed(detailed))
        r.upstreamStatus = kUpstreamDash;
    else if (m_col[OriginFbl] >= 0 && !isDash(fbl))
        r.upstreamStatus = r.status;          // the origin sent its first byte: its status
    else if (result == "Error" && status >= 500 && m_col[OriginFbl] >= 0)
        r.upstreamStatus = kUpstreamDash;     // an error with no origin byte: the edge made it
    else if (result == "Miss" || (result == "Error" && status >= 500 && (isDash(detailed) || detailed == "Error")))
        r.upstreamStatus = r.status;          // passed on from the origin
    else
        r.upstreamStatus = kNoUpstreamStatus; // the edge answered without the origin

    r.client = stripPort(field(ClientIp));
    r.method = field(Method);
    const QByteArrayView hostHeader = field(HostHeader);
    r.host = !isDash(hostHeader) ? hostHeader : field(CsHost);
    const QByteArrayView stem = field(UriStem), query = field(UriQuery);
    if (!isDash(query)) {
        m_path.clear();
        m_path.append(stem.data(), stem.size());
        m_path.append('?');
        m_path.append(query.data(), query.size());
        r.path = m_path;
    } else {
        r.path = stem;
    }
    r.object = field(EdgeLocation);
    const QByteArrayView id = field(RequestId);
    if (!isDash(id))
        r.text = id;
    out.append(r);
    return true;
}

} // namespace gateline
