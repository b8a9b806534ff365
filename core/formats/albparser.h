// AWS ALB access log (also recognises Classic ELB and NLB lines and rejects them as "not ALB").
#pragma once

#include "logparser.h"

namespace gateline {

class AlbParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::Alb; }
    int sniff(QByteArrayView head) const override;

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
};

} // namespace gateline
