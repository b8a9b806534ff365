// Writes the ALB access logs as AWS delivers them: one gzip file per load-balancer node per 5-minute
// slice, under AWSLogs/<account>/elasticloadbalancing/<region>/<yyyy>/<mm>/<dd>/, in the current
// field layout. Lines are written when the response was sent, so files are only roughly ordered.
#pragma once

#include "simtypes.h"
#include "textbuffer.h"
#include "topology.h"

#include <QStringList>

namespace gateline::gen {

class AlbWriter
{
public:
    // fileIps[n]: the address in the file names of node n (private for internal, public for
    // internet-facing load balancers).
    AlbWriter(const World &world, const std::vector<SimRequest> &requests, quint64 seed, int gzipLevel, int threads,
              std::vector<QByteArray> fileIps)
        : m_world(world), m_requests(requests), m_seed(seed), m_gzipLevel(gzipLevel), m_threads(threads),
          m_fileIps(std::move(fileIps))
    {
    }
    // Writes every file; appends their paths (relative to outDir) to *files.
    bool write(const QString &outDir, QStringList *files, QString *error);
    // One line (without newline), for tests and tools.
    void formatLine(TextBuffer &b, const SimRequest &r) const;

private:
    const World &m_world;
    const std::vector<SimRequest> &m_requests;
    quint64 m_seed;
    int m_gzipLevel;
    int m_threads;
    std::vector<QByteArray> m_fileIps;
};

} // namespace gateline::gen
