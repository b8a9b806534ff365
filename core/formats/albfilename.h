// AWS names every ALB access-log object after what wrote it and when:
//   AWSLogs/ACCOUNT/elasticloadbalancing/REGION/YYYY/MM/DD/
//   ACCOUNT_elasticloadbalancing_REGION_app.LB-NAME.LB-ID_YYYYMMDDTHHMMZ_NODE-IP_RANDOM.log[.gz]
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
// The time is the end of the 5-minute window the file covers; NODE-IP is the load balancer node
// that served the requests (its private IP for an internal ALB, its public IP for an
// internet-facing one). One parser for every user: pruning by time, S3 listing, clock alignment.
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace gateline {

struct AlbFileName {
    bool valid = false;
    QString account;
    QString region;
    QString loadBalancer;   // "app.my-alb.50dc6c495c0c9188"
    qint64 endUs = 0;       // end of the file's window, microseconds since the epoch (UTC)
    QByteArray nodeIp;      // the load balancer node's address
    static constexpr qint64 kWindowUs = 5 * 60 * 1000000LL;
    qint64 startUs() const { return endUs - kWindowUs; }
};

// Parses the file name part of a path or S3 key (anything before the last '/' is ignored).
// Returns valid = false for any other name.
AlbFileName parseAlbFileName(QStringView pathOrKey);

} // namespace gateline
