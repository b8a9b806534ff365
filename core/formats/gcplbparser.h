// GCP HTTP(S) load balancer request logs: NDJSON, a JSON array, or one pretty-printed entry.
#pragma once

#include "logparser.h"

namespace gateline {

class GcpLbParser : public LogParser
{
public:
    SourceFormat format() const override { return SourceFormat::GcpLb; }
    int sniff(QByteArrayView head) const override;
    void parse(ByteStream &in, ParseContext &ctx) override;
};

} // namespace gateline
