#include "markdownexport.h"

#include "report/verdictsummary.h"

#include "playbook/playbookreport.h"
#include "playbook/playbookrun.h"

namespace gateline {

namespace {

const QLatin1StringView kTodo("**TODO (author):** ");

QString itemText(const PostmortemLine &l)
{
    return l.todo ? kTodo + escapeMarkdown(l.text) : escapeMarkdown(l.text);
}

void bullets(QString &md, const QList<PostmortemLine> &lines, const QLatin1StringView bullet = QLatin1StringView("- "))
{
    for (const PostmortemLine &l : lines) {
        md += bullet + itemText(l) + QLatin1Char('\n');
        for (const QString &d : l.details)
            md += QLatin1StringView("  - ") + escapeMarkdown(d) + QLatin1Char('\n');
    }
    md += QLatin1Char('\n');
}

} // namespace

QString postmortemMarkdown(const PostmortemDocument &doc)
{
    QString md;
    md += QLatin1StringView("# ") + escapeMarkdown(doc.title) + QLatin1StringView("\n\n");
    md += QLatin1StringView("> ") + escapeMarkdown(doc.scope) + QLatin1StringView("\n\n");

    md += QLatin1StringView("## Summary\n\n");
    for (const PostmortemLine &l : doc.summary)
        md += itemText(l) + QLatin1StringView("\n\n");

    md += QLatin1StringView("## Timeline\n\nAll times in UTC.\n\n");
    if (doc.timeline.isEmpty()) {
        md += kTodo + QLatin1StringView("the loaded data holds no events for the timeline; add them by hand.\n\n");
    } else {
        md += QLatin1StringView("| Time                | Event |\n| :------------------ | ----- |\n");
        for (const PostmortemRow &r : doc.timeline)
            md += QLatin1StringView("| ") + postmortemTime(r.us) + QLatin1StringView(" | ") + escapeMarkdown(r.event)
                + QLatin1StringView(" |\n");
        md += QLatin1Char('\n');
        if (doc.timelineLeftOut > 0)
            md += QStringLiteral("%1 more Kubernetes events are left out of this table; the exported timeline (CSV, "
                                 "JSON) has every event.\n\n")
                      .arg(readableCount(doc.timelineLeftOut));
    }
    md += kTodo + QLatin1StringView("add what the logs cannot show: when the problem was detected, changes made by hand, "
                                    "when the fix went live.\n\n");

    md += QLatin1StringView("## Contributing Factors\n\n");
    bullets(md, doc.factors);
    md += QLatin1StringView("## Action Items\n\n");
    bullets(md, doc.actions, QLatin1StringView("- [ ] "));
    md += QLatin1StringView("## Lessons Learned\n\n");
    bullets(md, doc.lessons);
    md += QLatin1StringView("## Attendees\n\n");
    bullets(md, doc.attendees);

    md += QLatin1StringView("## Stats\n\n");
    for (const PostmortemStat &s : doc.stats)
        md += QLatin1StringView("- ") + escapeMarkdown(s.label) + QLatin1StringView(": ")
            + (s.todo ? kTodo : QLatin1StringView()) + escapeMarkdown(s.value) + QLatin1Char('\n');
    md += QLatin1Char('\n');

    md += QLatin1StringView("## Appendix: Data\n\n| Source | Format | Records | Rejected | Clock offset (s) | Offset from |\n"
                            "| :----- | :----- | ------: | -------: | ---------------: | :---------- |\n");
    for (const PostmortemSource &s : doc.sources)
        // One multi-arg call: a path holding "%3" must not be substituted again.
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                  .arg(escapeMarkdown(s.path), escapeMarkdown(s.format), readableCount(s.records),
                       readableCount(s.rejected), escapeMarkdown(s.clockOffset), escapeMarkdown(s.method));
    return md;
}

QString postmortemMarkdown(const PostmortemInput &input)
{
    return postmortemMarkdown(buildPostmortem(input));
}

QString postmortemMarkdown(const Analysis &analysis, const PlaybookRun &run)
{
    return postmortemMarkdown(makePostmortemInput(analysis, run));
}

QString postmortemMarkdown(const Analysis &analysis)
{
    const PlaybookRun run(analysis);
    return postmortemMarkdown(analysis, run);
}

} // namespace gateline
