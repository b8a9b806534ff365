// Pod name -> pod IP, from the loaded pods (JSON/YAML) and kubectl describe sources: which address
// an ingress replica or a sidecar's pod had, to join on it. (The other direction, an upstream
// address at a time to the pod that had it, is podaddresshistory.h.)
#pragma once

#include "store/eventstore.h"

#include <QHash>

namespace gateline {

class PodAddresses
{
public:
    explicit PodAddresses(const EventStore &store)
    {
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceData &s = store.source(SourceId{int(id)});
            if (s.format != SourceFormat::K8sPods && s.format != SourceFormat::K8sDescribe)
                continue;
            for (qsizetype i = 0; i < s.size(); ++i) {
                const QByteArrayView object = s.bytes(SourceData::Object, i);
                const QByteArrayView ip = s.bytes(SourceData::Upstream, i);
                if (object.startsWith("Pod/") && !ip.isEmpty())
                    m_ip.insert(object.sliced(4).toByteArray(), ip.toByteArray());
            }
        }
    }
    // The pod a log belongs to (its wrapper's pod, else a known pod's name in its path) and its IP.
    QByteArray ipOf(const SourceData &s, QByteArray *pod) const
    {
        QByteArray name = s.pod.toUtf8();
        if (name.isEmpty()) {
            const QString path = s.locator.displayPath();
            // The longest name in the path; of two as long, the first in byte order (not the
            // hash's order, which changes from run to run).
            for (auto it = m_ip.cbegin(); it != m_ip.cend(); ++it)
                if ((it.key().size() > name.size() || (it.key().size() == name.size() && it.key() < name))
                    && path.contains(QString::fromUtf8(it.key())))
                    name = it.key();
        }
        *pod = name;
        return m_ip.value(name);
    }

private:
    QHash<QByteArray, QByteArray> m_ip;
};

} // namespace gateline
