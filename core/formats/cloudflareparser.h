// Cloudflare HTTP request logs: the http_requests dataset as Logpush writes it (newline-delimited
// JSON, one object per request, gzip in the bucket) and as the Logpull API returns it. Field names
// per Cloudflare's "Log fields > Zone-scoped datasets > HTTP requests" reference
// (developers.cloudflare.com/logs/reference/log-fields/zone/http_requests/).
//
// A record is one request at the Cloudflare edge:
//   time    EdgeEndTimestamp, else EdgeStartTimestamp: RFC 3339 text, or a number in Unix seconds,
//           milliseconds, microseconds or nanoseconds (the Logpush timestamp_format option: rfc3339,
//           unix, unixnano);
//   status  EdgeResponseStatus; upstream status OriginResponseStatus (record.h): the origin's own
//           status when it answered; 0 means no origin response, which for an edge 5xx (502, 504,
//           520-527, 530) means the edge made it (kUpstreamDash), and otherwise (cache hits,
//           blocked requests) that the origin was not asked (kNoUpstreamStatus);
//   duration OriginResponseDurationMs, else OriginResponseTime (ns, deprecated), else end - start;
//   client ClientIP, method ClientRequestMethod, host ClientRequestHost, path ClientRequestURI
//           (else ClientRequestPath), upstream OriginIP, reason CacheCacheStatus, object EdgeColoCode,
//           text RayID.
#pragma once

#include "logparser.h"

namespace gateline {

class CloudflareParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::Cloudflare; }
    int sniff(QByteArrayView head) const override;
    // True for an edge status that Cloudflare makes itself when the origin fails.
    static bool edgeGatewayError(int status);

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;

private:
    QByteArray m_path, m_client, m_method, m_host, m_origin, m_cache, m_colo, m_ray;
};

} // namespace gateline
