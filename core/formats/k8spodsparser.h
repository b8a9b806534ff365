// Kubernetes pods: PodList or Pod, JSON or YAML.
#pragma once

#include "logparser.h"

#include <QJsonObject>

namespace gateline {

class K8sPodsParser : public LogParser
{
public:
    SourceFormat format() const override { return SourceFormat::K8sPods; }
    int sniff(QByteArrayView head) const override;
    void parse(ByteStream &in, ParseContext &ctx) override;

private:
    // Appends the records of one pod; returns false if the pod has no usable time at all.
    bool parsePod(const QJsonObject &pod, qint64 offset, qint64 line, SourceData &out);
};

} // namespace gateline
