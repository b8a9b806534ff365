// The postmortem draft in the seed's shape (Summary, Timeline, Contributing Factors, Action Items,
// Lessons Learned, Attendees, Stats), built from the loaded data only. The input is plain values so that
// the GUI (accepted verdicts, notes, selected range) and `gateline analyze` (no verdicts) fill it alike.
// The document holds plain, unescaped text; the Markdown and HTML writers escape all of it.
#pragma once

#include "analysis/analysis.h"
#include "investigation/investigation.h"
#include "playbook/causeranker.h"
#include "playbook/evidencebursts.h"
#include "playbook/playbook.h"
#include "timerange/timemapping.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <vector>

namespace gateline {

class PlaybookRun;

// A playbook verdict the user accepted (or chose), resolved against the playbook.
struct PostmortemVerdict {
    QString step;            // step id
    int stepNumber = 0;
    QString stepTitle;
    QString verdict;         // verdict id
    QString verdictLabel;
    QString cause;           // the root cause id the verdict points to, if any
    bool overridden = false; // the user chose other than the suggestion
    QString comment;         // the user's comment (untrusted text)
};

struct PostmortemInput {
    const Analysis *analysis = nullptr;  // required
    TimeSpan range;                      // aligned UTC; invalid: everything loaded
    QList<CauseScore> causes;            // ranked, best first (rankCauses)
    QList<PostmortemVerdict> verdicts;   // accepted by the user, in step order
    QList<PinnedNote> notes;             // the user's notes
    QList<PlaybookCause> playbookCauses; // title, fixes and prevention per cause id
    std::vector<Burst> bursts;           // 502 bursts on the aligned timeline (the playbook's Evidence)
    QString title;                       // empty: "Postmortem: intermittent HTTP 502s (draft)"

    const PlaybookCause *playbookCause(const QString &id) const;
};

// Everything from a walked playbook: ranked causes, bursts, the builtin playbook's causes.
PostmortemInput makePostmortemInput(const Analysis &analysis, const PlaybookRun &run, const TimeSpan &range = {},
                                    const QList<SavedVerdict> &verdicts = {}, const QList<PinnedNote> &notes = {});
// Saved verdict ids resolved to titles, labels and causes (unknown ids are kept as they are).
QList<PostmortemVerdict> resolveVerdicts(const QList<SavedVerdict> &saved, const Playbook &playbook);

// The 502s and requests of the range that the draft states.
struct PostmortemFacts {
    struct Error {
        qint64 us = 0;
        SourceId source;
        qint32 row = -1;
        Origin origin = Origin::Undetermined;
    };
    bool fromLoadBalancer = false;  // false: no LB log, the 502s are the ingress access logs'
    qint64 requests = 0;
    qint64 alb = 0, ingress = 0, app = 0, undetermined = 0, sidecar = 0, cdn = 0; // LB 502s by origin
    std::vector<Error> errors;      // HTTP 502s, sorted by aligned time
    qint64 firstRequestUs = 0, lastRequestUs = 0;
    qint64 requestsAfterLast502 = 0;
};
PostmortemFacts collectPostmortemFacts(const Analysis &analysis, const TimeSpan &range);

struct PostmortemLine {
    QString text;
    bool todo = false;        // a gap for the author to fill; text says what is missing
    QStringList details;      // sub-items (evidence, comments)
};

struct PostmortemRow {
    qint64 us = 0;
    QString event;
};

struct PostmortemStat {
    QString label;
    QString value;
    bool todo = false;
};

struct PostmortemSource {
    QString path;
    QString format;
    qint64 records = 0;
    qint64 rejected = 0;
    QString clockOffset;      // seconds added to align with the load balancer
    QString method;           // how the offset was found
};

struct PostmortemDocument {
    QString title;
    QString scope;            // what the draft was built from
    QList<PostmortemLine> summary;
    QList<PostmortemRow> timeline;
    qsizetype timelineLeftOut = 0; // rows beyond the table's cap
    QList<PostmortemLine> factors;
    QList<PostmortemLine> actions;
    QList<PostmortemLine> lessons;
    QList<PostmortemLine> attendees;
    QList<PostmortemStat> stats;
    QList<PostmortemSource> sources;
    // The ranked causes for the HTML report's table: title, score text, evidence.
    QList<PostmortemLine> rankedCauses;
};

PostmortemDocument buildPostmortem(const PostmortemInput &input);

// The postmortem's timeline table rows (sorted): first/last 502, bursts, Kubernetes signals (folded),
// notes. At most maxRows; *leftOut gets the number of rows beyond it.
QList<PostmortemRow> postmortemTimeline(const PostmortemInput &input, const PostmortemFacts &facts, int maxRows,
                                        qsizetype *leftOut);

// "2026-11-21 10:03:12" (UTC).
QString postmortemTime(qint64 us);
// "45 s", "12 min 5 s", "3 h 4 min", "2 d 1 h".
QString spanText(qint64 us);

} // namespace gateline
