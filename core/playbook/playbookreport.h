// The cause ranking and the walked playbook in the output forms of `gateline analyze` and the
// exporters: the JSON `causes` array, readable text, Markdown with the fixes, and a k6 script.
#pragma once

#include "causeranker.h"
#include "playbook.h"
#include "playbookrun.h"

#include <QJsonArray>
#include <QJsonObject>

namespace gateline {

// [ { "id", "score", "evidence": [ ... ] } ], best first (the analyze contract's `causes`).
// Each also has "support" (raw evidence, 0..1), "status" (scored | cannot-tell, with "missing": the
// source to load), "role" and "share" (primary | contributing, share of the 502s) and "tie".
QJsonArray causesToJson(const QList<CauseScore> &causes);
// { "primary", "primaryShare", "contributing": [ { "id", "share" } ], "unexplainedShare", "tie", "text" }
QJsonObject diagnosisToJson(const QList<CauseScore> &causes);
// "Root causes (best first):" with one block per cause; log-derived text has control characters replaced.
QString causesToText(const QList<CauseScore> &causes, const Playbook &playbook = Playbook::builtin());
// Ranked causes with their evidence, the playbook steps (if given), then the fixes and prevention
// items of the top causes (up to topCauses, those scoring >= 0.3, at least the best) in fenced code blocks.
QString playbookToMarkdown(const QList<CauseScore> &causes, const QList<StepResult> &steps = {},
                           const Playbook &playbook = Playbook::builtin(), int topCauses = 2);
QString playbookToMarkdown(const PlaybookRun &run, int topCauses = 2);

// What a score means, in one sentence: the causes view's tooltip and the Markdown report say it.
QString scoreMeaning();
// A cause's score as every place shows it: "0.94", or "cannot tell" when the source its evidence
// would come from is not loaded (CauseScore::cannotTell; such a cause is never named).
QString shownScore(const CauseScore &c);

// Step 9: a k6 load test hitting the endpoints that saw 502s at the observed peak request rate.
QString k6Script(const Analysis &analysis);
QString k6Script(const Evidence &evidence);

// Markdown-escapes untrusted text: \ | ` * _ [ ] < > & and newlines (to spaces).
QString escapeMarkdown(const QString &text);
// A double-quoted JavaScript string literal.
QString jsString(const QString &text);

} // namespace gateline
