// Kubernetes events: core/v1 List, events.k8s.io/v1, YAML, NDJSON, and the kubectl get events /
// kubectl events tables (read by k8s::EventTable, k8seventstable.h).
#pragma once

#include "logparser.h"

#include <QJsonObject>

namespace gateline {

namespace k8s {
struct Item;
class LineIndex;
class SkippedKinds;
}

class K8sEventsParser : public LogParser
{
public:
    SourceFormat format() const override { return SourceFormat::K8sEvents; }
    int sniff(QByteArrayView head) const override;
    void parse(ByteStream &in, ParseContext &ctx) override;

private:
    // One JSON/YAML object: an Event, a wrapper around one, or something else.
    void parseObject(const k8s::Item &item, const k8s::LineIndex &lines, k8s::SkippedKinds &skipped,
                     SourceData &out);
};

} // namespace gateline
