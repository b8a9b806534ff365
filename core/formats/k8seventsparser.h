// Kubernetes events: core/v1 List, events.k8s.io/v1, YAML, NDJSON, and the kubectl get events table.
#pragma once

#include "logparser.h"

namespace gateline {

class K8sEventsParser : public LogParser
{
public:
    SourceFormat format() const override { return SourceFormat::K8sEvents; }
    int sniff(QByteArrayView head) const override;
    void parse(ByteStream &in, ParseContext &ctx) override;
};

} // namespace gateline
