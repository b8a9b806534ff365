// The answer in one or two lines, for the window's verdict header, `gateline analyze`'s text
// report and the postmortem alike: how many 502s and which hop made them, the events they sit
// on, the most likely cause with its score (and the contributing ones), and what data is missing
// to tell. Every number in it is computed here once, from one analysis and one ranking.
#pragma once

#include "analysis/analysis.h"
#include "playbook/causeranker.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gateline {

struct VerdictSummary {
    // Which log the 502 count is taken from: the load balancer's, else (none loaded) the ingress's.
    enum class Counted { Nothing, LoadBalancer, Ingress };
    struct Cause {
        QString id;
        QString title;
        double score = 0;
    };

    Counted counted = Counted::Nothing;
    bool alb = false;                 // the load balancer is an AWS ALB (else GCP or none)
    qint64 requests = 0;              // requests of the counted log
    qint64 status502 = 0;             // 502s of the counted log
    qint64 missingUpstream502 = 0;    // load-balancer 502s whose target never answered
    qint64 ingressLogged502 = 0;      // 502s in the ingress access logs, whatever the load balancer says
    qint64 cdnMade502 = 0;            // 502s a CDN in front made itself (its origin never answered)
    QString hop;                      // the origin verdict: alb, ingress, app, sidecar or none
    qint64 hopCount = 0;              // 502s that hop made
    // The matching step: the 502s and the restart-like events they sit on.
    qint64 matched = 0;
    qint64 matchedOf = 0;
    double windowSeconds = 0;
    double chanceRate = 0;
    bool aboveChance = false;
    qint64 eventCount = 0;            // events of the main kind the matched 502s sit on (repeats folded)
    QString eventGroup;               // matching group of those events: restart, oomKill, killing, rollout
    QString eventTarget;              // "ingress-nginx-controller pods", "pods of 2 workloads", "pods"
    std::optional<Cause> primary;     // the best-ranked cause, if the data supports it
    QList<Cause> contributing;        // further causes the data supports
    QStringList missing;              // "load the load balancer's access logs", ...

    // The sentences; empty where they have nothing to say.
    QString countsSentence;           // "113 of 117 502s were made by the ALB (target never answered)."
    QString eventsSentence;           // "They sit on 4 OOM kills of ingress-nginx-controller pods (113 of 113 within ±30 s of any restart, OOM kill or rollout, where chance alone puts 12%)."
    QString causeSentence;            // "Most likely: OOM/crash during request processing (0.94)."
    QString missingSentence;          // "Cannot tell yet: load Kubernetes events or pods."
    // Plain words for a postmortem, without numbers: "ingress-nginx-controller pods were OOM-killed;
    // the ALB's in-flight requests to them failed (the target never answered)." Empty when unknown.
    QString finding;

    // All sentences on one line.
    QString text() const;
    // The counts in a few words, for a status bar: "117 × 502 at the load balancer (113 target never answered)".
    QString shortCounts() const;
};

// A cause counts as the primary or a contributing one from this score.
constexpr double kVerdictCauseMinScore = 0.3;

// causes: ranked, best first (PlaybookRun::causes() or rankCauses()); empty while not ranked yet.
VerdictSummary summarizeVerdict(const Analysis &analysis, const QList<CauseScore> &causes);

} // namespace gateline
