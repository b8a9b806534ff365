// Ranks the playbook's root causes (the nine table rows of tablecauses.h and the branches of branchcauses.h) by what the loaded data shows: each gets a score in [0, 1]
// and the evidence behind it, best first. File names, namespaces and app names play no part.
//
// What a score means: the estimated probability that the cause is acting in this bundle (as the
// primary cause or a contributing one): of the causes scored 0.8, about eight in ten act. The
// evidence is first combined into a raw support in [0, 1]; a monotone calibration table
// (causeranker.cpp, kCalibration) maps it to that probability. The table is an isotonic fit of
// "acting" on the support over randomised generated bundles of training study seeds
// (scripts/cause-accuracy.py --dump / --fit), checked on a different seed (the study prints the
// calibration by band). A cause whose deciding evidence needs a source that is not loaded is
// marked "cannot tell" with the source to load, instead of a low score passing for "no".
//
// Several causes at once: a cause acts when its score is at least one half (params::kActingScore).
// A large cause masks a small one (its 502s drown the small one's tie), so each acting cause is
// explained away in turn and every cause scored again on the 502s it leaves (Evidence's residual
// constructor). Two causes of about the same size mask each other the same way; they act through
// different hops (the load balancer's own 502s, the ingress's), so every cause is also scored on
// each hop's 502s alone and then claims only that hop's (rescoreByHop()). Each 502 is then attributed to one acting cause whose evidence claims it:
// a cause tied to it by its own events or line first; else, of the causes that claim it by a
// property other causes' 502s share too (a load window, an endpoint, a connection closed on the
// request), the best-ranked one (causes the evidence cannot tell apart split such 502s); else the
// steady background of keep-alive races (causeranker.cpp, finish()); the primary cause is the acting cause
// with the largest share, contributing causes are the other acting ones with at least
// Coincidence::kMinErrors 502s of their own; shares and the unexplained rest sum to 100%.
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
    // attributed to this cause (each 502 to one cause; see above).
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
