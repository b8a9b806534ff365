// Ranks the playbook's nine root causes by what the loaded data shows: each gets a score in [0, 1]
// and the evidence behind it, best first. File names, namespaces and app names play no part.
#pragma once

#include "evidence.h"

#include <QList>
#include <QStringList>

namespace gateline {

struct CauseScore {
    QString id;
    double score = 0;
    QStringList evidence;
    QList<EvidenceLine> lines;  // the same evidence with time ranges where there is one
};

// The nine cause ids of DESIGN.md, in the playbook's order.
QStringList causeIds();

QList<CauseScore> rankCauses(const Evidence &evidence);
QList<CauseScore> rankCauses(const Analysis &analysis);

} // namespace gateline
