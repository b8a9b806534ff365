// NGINX error log, with ingress-nginx controller lines mixed in and multi-line events.
#pragma once

#include "logparser.h"

namespace gateline {

class NginxErrorParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::NginxError; }
    int sniff(QByteArrayView head) const override;

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
};

} // namespace gateline
