// `kubectl describe pod|deployment|replicaset|node` output, one or several objects in a file:
// container terminations and (re)starts of pods, and every object's Events block, as the same
// records the Kubernetes document parsers make (PodTermination, PodStart, K8sEvent).
#pragma once

#include "logparser.h"

namespace gateline {

class K8sDescribeParser : public LogParser
{
public:
    SourceFormat format() const override { return SourceFormat::K8sDescribe; }
    int sniff(QByteArrayView head) const override;
    void parse(ByteStream &in, ParseContext &ctx) override;
};

} // namespace gateline
