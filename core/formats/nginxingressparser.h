// ingress-nginx access log, default upstreaminfo format.
#pragma once

#include "logparser.h"

namespace gateline {

class NginxIngressParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::NginxIngress; }
    int sniff(QByteArrayView head) const override;

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
};

} // namespace gateline
