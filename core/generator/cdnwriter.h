// Writes the log of a CDN in front of the ALB, in the shapes the CDNs deliver:
//   cloudfront  CloudFront standard logging (legacy, to S3): gzip W3C files of the legacy 33 fields
//               under "#Version: 1.0" / "#Fields: ...", named <distribution>.YYYY-MM-DD-HH.<id>.gz,
//               several per hour, lines only roughly in time order;
//   cloudflare  Cloudflare Logpush http_requests to S3: gzip NDJSON batches named
//               YYYYMMDD/YYYYMMDDTHHMMSSZ_YYYYMMDDTHHMMSSZ_<id>.log.gz, Unix-nanosecond timestamps.
// Every request the ALB logged is a CDN line too, at the edge's completion time (the ALB's time
// plus the transfer to the viewer), with the origin's status passed on; static assets are also
// served from the edge cache (hits the ALB never sees). With hideOrigin (cause cdn-hides-origin) the
// CDN also answers requests itself because the origin connection failed: CloudFront 502
// OriginCommError/OriginConnectError, Cloudflare 520/502 with OriginResponseStatus 0 (the CDN reused
// an origin connection the ALB had already closed at its idle timeout: the ALB logs nothing).
#pragma once

#include "simtypes.h"
#include "textbuffer.h"
#include "topology.h"

#include <QStringList>

namespace gateline::gen {

struct CdnWriterOptions {
    QString kind = QStringLiteral("cloudfront"); // cloudfront | cloudflare
    bool hideOrigin = false;                     // inject the CDN-made errors of cdn-hides-origin
    qint64 start = 0, end = 0;                   // the window (UTC us)
    double requestsPerSecond = 20;
};

struct CdnStats {
    qint64 lines = 0;
    qint64 edgeHits = 0;       // served from the edge cache, no ALB line
    qint64 cdnMade = 0;        // gateway errors the CDN made (origin never answered), no ALB line
    qint64 passed5xx = 0;      // 5xx the origin (ALB) answered, passed on
    qint64 firstMade = 0, lastMade = 0; // span of the CDN-made errors (UTC us)
};

class CdnWriter
{
public:
    CdnWriter(const World &world, const std::vector<SimRequest> &requests, quint64 seed, CdnWriterOptions options)
        : m_world(world), m_requests(requests), m_seed(seed), m_o(std::move(options))
    {
    }
    bool write(const QString &outDir, QStringList *files, CdnStats *stats, QString *error);

private:
    struct Line {
        qint64 end = 0;          // edge completion (UTC us)
        qint64 durationUs = 0;
        const SimRequest *request = nullptr; // the request the line is about (method, path, client)
        qint16 status = 200;
        qint16 originStatus = 200; // 0: no origin response
        quint8 kind = 0;           // 0 passed on, 1 edge hit, 2 edge-made error
        quint8 detail = 0;         // edge-made: which error
        quint64 salt = 0;
    };
    std::vector<Line> plan(CdnStats *stats) const;
    void cloudFrontLine(TextBuffer &b, const Line &l) const;
    void cloudflareLine(TextBuffer &b, const Line &l) const;

    const World &m_world;
    const std::vector<SimRequest> &m_requests;
    quint64 m_seed;
    CdnWriterOptions m_o;
};

} // namespace gateline::gen
