#include "htmlreport.h"

#include "report/verdictsummary.h"

#include "textescape.h"

#include <QCryptographicHash>

namespace gateline {

namespace {

const QLatin1StringView kStyle(
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
    "color:#1d1d1f;line-height:1.45}"
    "h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}"
    "table{border-collapse:collapse;width:100%;font-size:.92em}"
    "th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
    "th{background:#f4f4f6}td.time{white-space:nowrap;font-variant-numeric:tabular-nums}td.num{text-align:right;white-space:nowrap;overflow-wrap:normal;font-variant-numeric:tabular-nums}"
    ".wide{overflow-x:auto}"
    ".scope{color:#555}.todo{background:#fff4d6;border-left:4px solid #e0a800;padding:.1em .4em}"
    "figure{margin:0}figure img{max-width:100%;height:auto;border:1px solid #ddd}"
    "footer{margin-top:2em;color:#777;font-size:.85em}");

const QLatin1StringView kTodo("<strong>TODO (author):</strong> ");

QString lineHtml(const PostmortemLine &l)
{
    QString h = l.todo ? QLatin1StringView("<span class=\"todo\">") + kTodo + htmlEscape(l.text) + QLatin1StringView("</span>")
                       : htmlEscape(l.text);
    if (!l.details.isEmpty()) {
        h += QLatin1StringView("\n<ul>");
        for (const QString &d : l.details)
            h += QLatin1StringView("<li>") + htmlEscape(d) + QLatin1StringView("</li>");
        h += QLatin1StringView("</ul>");
    }
    return h;
}

void list(QString &h, const QString &heading, const QList<PostmortemLine> &lines)
{
    h += QLatin1StringView("<h2>") + heading + QLatin1StringView("</h2>\n<ul>\n");
    for (const PostmortemLine &l : lines)
        h += QLatin1StringView("<li>") + lineHtml(l) + QLatin1StringView("</li>\n");
    h += QLatin1StringView("</ul>\n");
}

QString cell(const QString &text, const char *cls = nullptr)
{
    return (cls ? QStringLiteral("<td class=\"%1\">").arg(QLatin1StringView(cls)) : QStringLiteral("<td>")) + htmlEscape(text)
        + QLatin1StringView("</td>");
}

} // namespace

QString htmlReport(const PostmortemDocument &doc, const QByteArray &chartSvg, const QByteArray &chartPng)
{
    const QByteArray styleHash = QCryptographicHash::hash(QByteArrayView(kStyle.data(), kStyle.size()),
                                                          QCryptographicHash::Sha256).toBase64();
    QString h;
    h += QLatin1StringView("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h += QLatin1StringView("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                           "style-src 'sha256-")
        + QLatin1StringView(styleHash) + QLatin1StringView("'; base-uri 'none'; form-action 'none'\">\n");
    h += QLatin1StringView("<meta name=\"referrer\" content=\"no-referrer\">\n"
                           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h += QLatin1StringView("<title>") + htmlEscape(doc.title) + QLatin1StringView("</title>\n<style>") + kStyle
        + QLatin1StringView("</style>\n</head>\n<body>\n");
    h += QLatin1StringView("<h1>") + htmlEscape(doc.title) + QLatin1StringView("</h1>\n<p class=\"scope\">")
        + htmlEscape(doc.scope) + QLatin1StringView("</p>\n");

    h += QLatin1StringView("<h2>Summary</h2>\n");
    for (const PostmortemLine &l : doc.summary)
        h += QLatin1StringView("<p>") + lineHtml(l) + QLatin1StringView("</p>\n");

    h += QLatin1StringView("<h2>Chart</h2>\n");
    const QLatin1StringView alt("HTTP 502s per time bin by the hop that made them, with Kubernetes events and notes");
    if (!chartSvg.isEmpty())
        h += QLatin1StringView("<figure><img alt=\"") + alt + QLatin1StringView("\" src=\"data:image/svg+xml;base64,")
            + QLatin1StringView(chartSvg.toBase64()) + QLatin1StringView("\"></figure>\n");
    else if (!chartPng.isEmpty())
        h += QLatin1StringView("<figure><img alt=\"") + alt + QLatin1StringView("\" src=\"data:image/png;base64,")
            + QLatin1StringView(chartPng.toBase64()) + QLatin1StringView("\"></figure>\n");
    else
        h += QLatin1StringView("<p>No chart was rendered for this report.</p>\n");

    h += QLatin1StringView("<h2>Timeline</h2>\n<p>All times in UTC.</p>\n");
    if (!doc.timeline.isEmpty()) {
        h += QLatin1StringView("<table>\n<thead><tr><th>Time</th><th>Event</th></tr></thead>\n<tbody>\n");
        for (const PostmortemRow &r : doc.timeline)
            h += QLatin1StringView("<tr>") + cell(postmortemTime(r.us), "time") + cell(r.event) + QLatin1StringView("</tr>\n");
        h += QLatin1StringView("</tbody>\n</table>\n");
        if (doc.timelineLeftOut > 0)
            h += QStringLiteral("<p>%1 more Kubernetes events are left out of this table; the exported timeline (CSV, "
                                "JSON) has every event.</p>\n")
                     .arg(readableCount(doc.timelineLeftOut));
    } else {
        h += QLatin1StringView("<p><span class=\"todo\">") + kTodo
            + QLatin1StringView("the loaded data holds no events for the timeline.</span></p>\n");
    }

    list(h, QStringLiteral("Contributing Factors"), doc.factors);
    if (!doc.rankedCauses.isEmpty()) {
        h += QLatin1StringView("<h2>Root causes ranked by the loaded data</h2>\n<table>\n<thead><tr><th>Cause (score)</th>"
                               "<th>Evidence</th></tr></thead>\n<tbody>\n");
        for (const PostmortemLine &c : doc.rankedCauses) {
            h += QLatin1StringView("<tr>") + cell(c.text) + QLatin1StringView("<td>");
            if (!c.details.isEmpty()) {
                h += QLatin1StringView("<ul>");
                for (const QString &e : c.details)
                    h += QLatin1StringView("<li>") + htmlEscape(e) + QLatin1StringView("</li>");
                h += QLatin1StringView("</ul>");
            }
            h += QLatin1StringView("</td></tr>\n");
        }
        h += QLatin1StringView("</tbody>\n</table>\n");
    }
    list(h, QStringLiteral("Action Items"), doc.actions);
    list(h, QStringLiteral("Lessons Learned"), doc.lessons);
    list(h, QStringLiteral("Attendees"), doc.attendees);

    h += QLatin1StringView("<h2>Stats</h2>\n<table>\n<tbody>\n");
    for (const PostmortemStat &s : doc.stats) {
        h += QLatin1StringView("<tr><th>") + htmlEscape(s.label) + QLatin1StringView("</th><td>");
        if (s.todo)
            h += QLatin1StringView("<span class=\"todo\">") + kTodo + htmlEscape(s.value) + QLatin1StringView("</span>");
        else
            h += htmlEscape(s.value);
        h += QLatin1StringView("</td></tr>\n");
    }
    h += QLatin1StringView("</tbody>\n</table>\n");

    h += QLatin1StringView("<h2>Data</h2>\n<div class=\"wide\"><table>\n<thead><tr><th>Source</th><th>Format</th><th>Records</th><th>Rejected</th>"
                           "<th>Clock offset (s)</th><th>Offset from</th></tr></thead>\n<tbody>\n");
    for (const PostmortemSource &s : doc.sources)
        h += QLatin1StringView("<tr>") + cell(s.path) + cell(s.format) + cell(readableCount(s.records), "num")
            + cell(readableCount(s.rejected), "num") + cell(s.clockOffset, "num") + cell(s.method)
            + QLatin1StringView("</tr>\n");
    h += QLatin1StringView("</tbody>\n</table></div>\n");
    h += QLatin1StringView("<footer>Generated by Gateline. Log text in this report is shown as plain text.</footer>\n"
                           "</body>\n</html>\n");
    return h;
}

} // namespace gateline
