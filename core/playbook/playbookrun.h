// The playbook walked over an analysis: for each step of the decision tree, the evidence the data
// gives (with time ranges to jump to), a suggested verdict and the next steps. The user may accept
// or override the verdict; the suggestion comes from the evidence and the cause ranking.
#pragma once

#include "causeranker.h"
#include "playbook.h"

#include <memory>

namespace gateline {

struct StepResult {
    QString id;
    int number = 0;
    QString title;
    QString question;
    QList<EvidenceLine> evidence;
    QString verdict;            // a verdict id of the step; empty with undecided
    bool undecided = false;     // the data cannot settle the step: no suggestion
    QString verdictLabel;
    QStringList next;           // step ids: the verdict's, else the step's
    QString k6Script;           // step 9 (reproduce) only
};

class PlaybookRun
{
public:
    explicit PlaybookRun(const Analysis &analysis, const Playbook &playbook = Playbook::builtin());

    const Playbook &playbook() const { return m_playbook; }
    const Evidence &evidence() const { return *m_evidence; }
    const QList<CauseScore> &causes() const { return m_causes; }
    const QList<StepResult> &steps() const { return m_steps; }
    const StepResult *step(const QString &id) const;

private:
    StepResult makeStep(const PlaybookStep &step) const;
    void fill(StepResult &r) const;
    // Step 2 (deployments), decided once for the panel, analyze and the export: the matching says
    // whether the 502s sit on restart-like events and which family (deployment or crash); the cause
    // scores pick among the deployment verdicts.
    void decideDeployments(const PlaybookStep &step, StepResult &r) const;
    double scoreOf(const QString &cause) const;
    // The cause cannot tell for want of a source (CauseScore::cannotTell): never a suggestion.
    bool cannotTell(const QString &cause) const;
    // The verdict pointing at the best-scoring cause among those given, if it scores at least min;
    // else the step's "nothing found" verdict, unless a cause it tests cannot tell (then none).
    QString bestVerdict(const PlaybookStep &step, double min) const;
    // The same among the verdicts given by id; empty when none scores at least min.
    QString bestVerdictOf(const PlaybookStep &step, const QStringList &ids, double min) const;

    const Playbook &m_playbook;
    std::unique_ptr<Evidence> m_evidence;
    QList<CauseScore> m_causes;
    QList<StepResult> m_steps;
};

} // namespace gateline
