// Ranks the playbook's root causes (the nine table rows of tablecauses.h and the branches of branchcauses.h) by what the loaded data shows: each gets a score in [0, 1]
// and the evidence behind it, best first. File names, namespaces and app names play no part.
//
// What a score means: an estimate of the probability that the cause is acting in this bundle (as
// the primary cause or a contributing one). The evidence is first combined into a raw support in
// [0, 1]; a monotone calibration table (causeranker.cpp, kCalibration) maps it to that probability,
// measured on randomised generated bundles (scripts/cause-accuracy.sh prints the calibration).
// A cause whose deciding evidence needs a source that is not loaded is marked "cannot tell" with
// the source to load, instead of a low score passing for "no".
//
// Order: by score; equal scores by the evidence (the 502s the cause explains beyond chance, then
// its strongest tie); a tie the evidence cannot break either is said so in tieNote.
#pragma once

#include "evidence.h"

#include <QList>
#include <QStringList>

namespace gateline {

struct CauseScore {
    QString id;
    double score = 0;           // calibrated confidence (see above)
    QStringList evidence;
    QList<EvidenceLine> lines;  // the same evidence with time ranges where there is one
    double support = 0;         // the raw evidence support before calibration, 0..1
    // "cannot-tell" when the deciding evidence needs a source that is missing; then `missing`
    // says which ("load ingress error logs / events to decide").
    bool cannotTell = false;
    QString missing;
    // primary | contributing | "" (not named); share: of the 502s a cause can explain, the share
    // this cause accounts for (502s claimed by a cause ranked higher are not counted twice).
    QString role;
    double share = 0;
    double explained = 0;       // 502s its evidence ties to it (tie-break)
    QString tieNote;            // why it ranks above an equal score, or that it cannot be told apart
};

// The nine cause ids of DESIGN.md in the playbook's order, then the branches (branchcauses.h).
QStringList causeIds();

QList<CauseScore> rankCauses(const Evidence &evidence);
QList<CauseScore> rankCauses(const Analysis &analysis);

// The diagnosis in one piece: the primary cause, the contributing ones, the unexplained share.
struct Diagnosis {
    QString primary;            // empty: no cause scores high enough
    QStringList contributing;
    QList<double> contributingShares;
    double primaryShare = 0;
    double unexplainedShare = 1;
    QString tieNote;
    QString text() const;       // "graceful-shutdown (62% of the 502s) + keepalive-mismatch (30%); 8% unexplained"
};
Diagnosis diagnose(const QList<CauseScore> &causes);

// An investigator's verdict against the data: empty when the data does not contradict it, else
// "accepted by the investigator against the data (score 0.00; the data favours X at 0.94)".
QString overrideWarning(const QList<CauseScore> &causes, const QString &acceptedCause);

} // namespace gateline
