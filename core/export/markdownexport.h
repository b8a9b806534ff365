// The postmortem draft as Markdown in the seed's shape. All text from the data is escaped
// (escapeMarkdown: no raw HTML, no pipes breaking tables, no code spans, no newlines in table cells).
#pragma once

#include "postmortem.h"

namespace gateline {

class PlaybookRun;

QString postmortemMarkdown(const PostmortemDocument &doc);
QString postmortemMarkdown(const PostmortemInput &input);
// For `gateline analyze --format markdown`: the whole loaded range, no verdicts or notes.
QString postmortemMarkdown(const Analysis &analysis, const PlaybookRun &run);
// The same, walking the builtin playbook itself.
QString postmortemMarkdown(const Analysis &analysis);

} // namespace gateline
