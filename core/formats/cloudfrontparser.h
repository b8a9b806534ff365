// Amazon CloudFront standard access logs (legacy S3 delivery, and standard logging v2 in the W3C
// output format): tab-separated W3C extended log lines under a "#Version: 1.0" and a "#Fields: ..."
// header. The #Fields line decides the column order (v2 lets the user pick and order the fields);
// before any #Fields line the legacy 33-field order of the AWS documentation is assumed.
//
// Fields (AWS CloudFront Developer Guide, "Standard logging reference", log file fields):
//   date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer)
//   cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header
//   cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type
//   cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte
//   x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end
// and, in v2, further ones such as origin-fbl / origin-lbl (the origin's first/last byte latency,
// "-" when CloudFront did not get a response from the origin), asn, c-country, ...
//
// A record is one viewer request at the edge: time = date + time (when the edge finished the
// response, UTC), status = sc-status, duration = time-taken. The origin's status is not logged; the
// upstream status says who answered (record.h):
//   kUpstreamDash      the edge made the response because the origin failed (x-edge-detailed-result-type
//                      Origin*Error / OriginReadTimeout / AbortedOrigin; or an error with origin-fbl "-");
//   sc-status          the origin answered it (a Miss or an Error the origin returned);
//   kNoUpstreamStatus  served at the edge without the origin (cache hits, redirects, refused requests).
// reason = x-edge-detailed-result-type (else x-edge-result-type), object = x-edge-location,
// host = x-host-header (the viewer's Host) else cs(Host), path = cs-uri-stem[?cs-uri-query],
// text = x-edge-request-id (the X-Amz-Cf-Id the origin receives; the ALB does not log it).
#pragma once

#include "logparser.h"

#include <array>

namespace gateline {

class CloudFrontParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::CloudFront; }
    int sniff(QByteArrayView head) const override;
    void begin(const ParseOptions &options) override;

    // The columns the parser reads, by name in #Fields.
    enum Column {
        Date, Time, EdgeLocation, ClientIp, Method, CsHost, UriStem, Status, UriQuery, ResultType, RequestId,
        HostHeader, TimeTaken, DetailedResultType, OriginFbl, ColumnCount
    };
    // True for an x-edge-detailed-result-type that means the edge answered because the origin failed.
    static bool originFailed(QByteArrayView detailedResultType);

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;

private:
    void setFields(QByteArrayView names);
    void setLegacyFields();
    std::array<int, ColumnCount> m_col{};  // column index of each field, -1 if absent
    int m_fieldCount = 0;                  // fields the header declares
    QByteArray m_path;                     // cs-uri-stem?cs-uri-query of the current line
};

} // namespace gateline
