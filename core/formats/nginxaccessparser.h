// NGINX access log, combined format (optionally with a leading vhost).
#pragma once

#include "logparser.h"

namespace gateline {

class NginxAccessParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::NginxAccess; }
    int sniff(QByteArrayView head) const override;

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
};

} // namespace gateline
