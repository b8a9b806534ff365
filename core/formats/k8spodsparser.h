// Kubernetes pods: PodList or Pod, JSON or YAML.
#pragma once

#include "logparser.h"

namespace gateline {

class K8sPodsParser : public LogParser
{
public:
    SourceFormat format() const override { return SourceFormat::K8sPods; }
    int sniff(QByteArrayView head) const override;
    void parse(ByteStream &in, ParseContext &ctx) override;
};

} // namespace gateline
