#include "playbookreport.h"

#include <QJsonObject>
#include <cmath>

namespace gateline {

QString escapeMarkdown(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (QChar c : text) {
        switch (c.unicode()) {
        case '\\': case '|': case '`': case '*': case '_': case '[': case ']': case '#':
            out += QLatin1Char('\\');
            out += c;
            break;
        case '<': out += QLatin1StringView("&lt;"); break;
        case '>': out += QLatin1StringView("&gt;"); break;
        case '&': out += QLatin1StringView("&amp;"); break;
        case '\n': case '\r': case '\t': out += QLatin1Char(' '); break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.unicode() == 0x2028 || c.unicode() == 0x2029)
                out += QLatin1Char(' ');
            else
                out += c;
        }
    }
    return out;
}

QString jsString(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case '"': out += QLatin1StringView("\\\""); break;
        case '\\': out += QLatin1StringView("\\\\"); break;
        case '\n': out += QLatin1StringView("\\n"); break;
        case '\r': out += QLatin1StringView("\\r"); break;
        case '\t': out += QLatin1StringView("\\t"); break;
        default:
            // Controls, line/paragraph separators and '<' (no "</script>" surprises) as \u escapes.
            if (u < 0x20 || u == 0x7f || u == 0x2028 || u == 0x2029 || u == '<' || u == '>')
                out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

namespace {

// Text for a terminal: no control characters (escape sequences) from the logs.
QString plain(const QString &text)
{
    QString out = text;
    for (QChar &c : out)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || (c.unicode() >= 0x80 && c.unicode() < 0xa0))
            c = QLatin1Char(' ');
    return out;
}

QString fence(const QString &code)
{
    int longest = 0, run = 0;
    for (QChar c : code) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return QString(std::max(3, longest + 1), QLatin1Char('`'));
}

QString scoreText(double score)
{
    return QString::number(score, 'f', 2);
}

// The score as shown: "0.94", "cannot tell"; with the role and the share of the 502s.
QString scoreCell(const CauseScore &c)
{
    QString t = shownScore(c);
    if (!c.role.isEmpty())
        t += QStringLiteral(" (%1, %2 of the 502s)").arg(c.role, Evidence::percent(c.share));
    return t;
}

} // namespace

QString shownScore(const CauseScore &c)
{
    return c.cannotTell ? QStringLiteral("cannot tell") : scoreText(c.score);
}

QJsonArray causesToJson(const QList<CauseScore> &causes)
{
    QJsonArray out;
    for (const CauseScore &c : causes) {
        QJsonObject o;
        o.insert(QLatin1StringView("id"), c.id);
        o.insert(QLatin1StringView("score"), std::round(c.score * 1000) / 1000);
        o.insert(QLatin1StringView("support"), std::round(c.support * 1000) / 1000);
        o.insert(QLatin1StringView("status"), c.cannotTell ? QStringLiteral("cannot-tell") : QStringLiteral("scored"));
        if (c.cannotTell)
            o.insert(QLatin1StringView("missing"), c.missing);
        if (!c.role.isEmpty()) {
            o.insert(QLatin1StringView("role"), c.role);
            o.insert(QLatin1StringView("share"), std::round(c.share * 1000) / 1000);
        }
        if (!c.tieNote.isEmpty())
            o.insert(QLatin1StringView("tie"), c.tieNote);
        o.insert(QLatin1StringView("evidence"), QJsonArray::fromStringList(c.evidence));
        out.append(o);
    }
    return out;
}

QJsonObject diagnosisToJson(const QList<CauseScore> &causes)
{
    const Diagnosis d = diagnose(causes);
    QJsonObject o;
    o.insert(QLatin1StringView("primary"), d.primary.isEmpty() ? QJsonValue() : QJsonValue(d.primary));
    o.insert(QLatin1StringView("primaryShare"), std::round(d.primaryShare * 1000) / 1000);
    QJsonArray contributing;
    for (qsizetype i = 0; i < d.contributing.size(); ++i)
        contributing.append(QJsonObject{{QStringLiteral("id"), d.contributing[i]},
                                        {QStringLiteral("share"), std::round(d.contributingShares.value(i) * 1000) / 1000}});
    o.insert(QLatin1StringView("contributing"), contributing);
    o.insert(QLatin1StringView("unexplainedShare"), std::round(d.unexplainedShare * 1000) / 1000);
    if (!d.tieNote.isEmpty())
        o.insert(QLatin1StringView("tie"), d.tieNote);
    o.insert(QLatin1StringView("text"), d.text());
    return o;
}

QString causesToText(const QList<CauseScore> &causes, const Playbook &playbook)
{
    QString out = QStringLiteral("Diagnosis: %1\n").arg(diagnose(causes).text());
    out += QStringLiteral("Root causes (best first; score = estimated probability the cause is acting):\n");
    int rank = 0;
    for (const CauseScore &c : causes) {
        const PlaybookCause *pc = playbook.cause(c.id);
        out += QStringLiteral("  %1. %2 %3  %4\n")
                   .arg(++rank)
                   .arg(c.id, -27)
                   .arg(scoreCell(c))
                   .arg(pc ? pc->title : QString());
        if (!c.tieNote.isEmpty())
            out += QStringLiteral("       ~ %1\n").arg(c.tieNote);
        if (c.score <= 0 && rank > 3 && !c.cannotTell)
            continue;
        for (const QString &line : c.evidence)
            out += QStringLiteral("       - %1\n").arg(plain(line));
    }
    return out;
}

QString scoreMeaning()
{
    return QStringLiteral("the estimated probability that the cause is acting (primary or contributing): of the causes scored "
                          "about 0.8, about eight in ten act. Calibrated on Gateline's own randomised generated bundles "
                          "(scripts/cause-accuracy.sh), not on real incidents: read it as a ranking with a rough confidence, "
                          "and check the evidence.");
}

QString playbookToMarkdown(const PlaybookRun &run, int topCauses)
{
    return playbookToMarkdown(run.causes(), run.steps(), run.playbook(), topCauses);
}

QString playbookToMarkdown(const QList<CauseScore> &causes, const QList<StepResult> &steps, const Playbook &playbook,
                           int topCauses)
{
    QString md;
    md += QStringLiteral("# %1: root causes\n\n").arg(playbook.title());
    md += QStringLiteral("**Diagnosis:** %1\n\n").arg(escapeMarkdown(diagnose(causes).text()));
    md += QStringLiteral("Score: %1\n\n").arg(scoreMeaning());
    md += QStringLiteral("## Ranked causes\n\n| # | Cause | Score | Key indicator |\n|---|---|---|---|\n");
    int rank = 0;
    for (const CauseScore &c : causes) {
        const PlaybookCause *pc = playbook.cause(c.id);
        md += QStringLiteral("| %1 | %2 (`%3`) | %4 | %5 |\n")
                  .arg(++rank)
                  .arg(escapeMarkdown(pc ? pc->title : c.id), c.id, escapeMarkdown(scoreCell(c)),
                       escapeMarkdown(pc ? pc->indicator : QString()));
    }
    md += QLatin1Char('\n');
    rank = 0;
    for (const CauseScore &c : causes) {
        ++rank;
        if (c.score <= 0 && rank > 3)
            continue;
        const PlaybookCause *pc = playbook.cause(c.id);
        md += QStringLiteral("### %1. %2 (score %3)\n\n").arg(rank).arg(escapeMarkdown(pc ? pc->title : c.id), escapeMarkdown(scoreCell(c)));
        if (!c.tieNote.isEmpty())
            md += QStringLiteral("*%1*\n\n").arg(escapeMarkdown(c.tieNote));
        for (const QString &line : c.evidence)
            md += QStringLiteral("- %1\n").arg(escapeMarkdown(line));
        md += QLatin1Char('\n');
    }

    if (!steps.isEmpty()) {
        md += QStringLiteral("## Playbook steps\n\n");
        for (const StepResult &s : steps) {
            md += QStringLiteral("### Step %1: %2\n\n").arg(s.number).arg(escapeMarkdown(s.title));
            md += QStringLiteral("%1\n\n").arg(escapeMarkdown(s.question));
            if (!s.verdictLabel.isEmpty())
                md += QStringLiteral("**Suggested verdict:** %1\n\n").arg(escapeMarkdown(s.verdictLabel));
            for (const EvidenceLine &l : s.evidence)
                md += QStringLiteral("- %1\n").arg(escapeMarkdown(l.text));
            if (!s.evidence.isEmpty())
                md += QLatin1Char('\n');
            if (!s.k6Script.isEmpty()) {
                const QString f = fence(s.k6Script);
                md += QStringLiteral("%1javascript\n%2%3%1\n\n").arg(f, s.k6Script,
                                                                     s.k6Script.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n"));
            }
        }
    }

    md += QStringLiteral("## Fixes and prevention\n\n");
    int shown = 0;
    for (const CauseScore &c : causes) {
        if (shown >= std::max(1, topCauses) || (shown > 0 && c.score < 0.3))
            break;
        const PlaybookCause *pc = playbook.cause(c.id);
        if (!pc)
            continue;
        ++shown;
        md += QStringLiteral("### %1\n\n").arg(escapeMarkdown(pc->title));
        md += QStringLiteral("Pattern: %1.\n\n").arg(escapeMarkdown(pc->pattern));
        for (const PlaybookSnippet &fix : pc->fixes) {
            const QString f = fence(fix.code);
            md += QStringLiteral("#### %1\n\n%2%3\n%4%5%2\n\n")
                      .arg(escapeMarkdown(fix.title), f, fix.language, fix.code,
                           fix.code.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n"));
        }
        if (!pc->prevention.isEmpty()) {
            md += QStringLiteral("#### Prevention\n\n");
            for (const QString &p : pc->prevention)
                md += QStringLiteral("- [ ] %1\n").arg(escapeMarkdown(p));
            md += QLatin1Char('\n');
        }
    }
    if (!playbook.checklistBefore().isEmpty()) {
        md += QStringLiteral("### Zero-downtime deployment checklist\n\nBefore deploying:\n\n");
        for (const QString &p : playbook.checklistBefore())
            md += QStringLiteral("- [ ] %1\n").arg(escapeMarkdown(p));
        md += QStringLiteral("\nAfter deploying:\n\n");
        for (const QString &p : playbook.checklistAfter())
            md += QStringLiteral("- [ ] %1\n").arg(escapeMarkdown(p));
        md += QLatin1Char('\n');
    }
    const PlaybookSnippet &alert = playbook.alerting();
    if (!alert.code.isEmpty()) {
        const QString f = fence(alert.code);
        md += QStringLiteral("### %1\n\n%2%3\n%4%5%2\n")
                  .arg(escapeMarkdown(alert.title), f, alert.language, alert.code,
                       alert.code.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n"));
    }
    return md;
}

QString k6Script(const Analysis &analysis)
{
    return k6Script(Evidence(analysis));
}

QString k6Script(const Evidence &evidence)
{
    const EventStore &store = evidence.analysis().store();
    // Endpoints by 502 count, each with one concrete request as logged.
    struct Target { QString method, path; qint64 errors = 0; };
    QList<Target> targets;
    QHash<QString, qsizetype> index;
    QHash<QString, qint64> hosts;
    std::vector<const ErrorSample *> samples;
    for (const auto *v : {&evidence.series().errors(), &evidence.series().appErrors()})
        for (const ErrorSample &e : *v)
            samples.push_back(&e);
    for (const ErrorSample *sample : samples) {
        const ErrorSample &e = *sample;
        const SourceData &s = store.source(e.source);
        const QString host = s.string(SourceData::Host, e.row);
        if (!host.isEmpty())
            ++hosts[host];
        auto it = index.find(e.endpoint);
        if (it == index.end()) {
            QString path = e.path;
            if (!path.startsWith(QLatin1Char('/'))) {
                const qsizetype scheme = path.indexOf(QLatin1StringView("://"));
                const qsizetype slash = scheme < 0 ? -1 : path.indexOf(QLatin1Char('/'), scheme + 3);
                path = slash < 0 ? QStringLiteral("/") : path.mid(slash);
            }
            QString method = s.string(SourceData::Method, e.row).toUpper();
            if (method.isEmpty())
                method = QStringLiteral("GET");
            it = index.insert(e.endpoint, targets.size());
            targets.append({method, path, 0});
        }
        ++targets[*it].errors;
    }
    std::stable_sort(targets.begin(), targets.end(), [](const Target &a, const Target &b) { return a.errors > b.errors; });
    if (targets.size() > 20)
        targets.resize(20);
    QString host;
    qint64 best = 0;
    for (auto it = hosts.cbegin(); it != hosts.cend(); ++it)
        if (it.value() > best || (it.value() == best && it.key() < host)) {
            best = it.value();
            host = it.key();
        }
    const QString base = host.isEmpty() ? QStringLiteral("https://your-api.example.com") : QStringLiteral("https://") + host;
    const int rate = std::max(1, int(std::ceil(evidence.load().requestsPerSecondPeak)));

    QString js;
    js += QStringLiteral("// k6 load test generated by Gateline (playbook step 9: reproduce the issue).\n"
                         "// It hits the endpoints that saw 502s at the observed peak request rate.\n"
                         "// Run it during a deployment too:  k6 run load-test.js   (BASE_URL=... to override)\n"
                         "import http from 'k6/http';\n"
                         "import { check } from 'k6';\n"
                         "import { Rate } from 'k6/metrics';\n\n"
                         "const error502Rate = new Rate('502_errors');\n");
    js += QStringLiteral("const BASE_URL = __ENV.BASE_URL || %1;\n\n").arg(jsString(base));
    js += QStringLiteral("// method, path as logged, and weight (the 502s seen on the endpoint)\nconst ENDPOINTS = [\n");
    if (targets.isEmpty())
        js += QStringLiteral("  { method: \"GET\", path: \"/\", weight: 1 },\n");
    for (const Target &t : std::as_const(targets))
        js += QStringLiteral("  { method: %1, path: %2, weight: %3 },\n").arg(jsString(t.method), jsString(t.path)).arg(t.errors);
    js += QStringLiteral("];\nconst TOTAL_WEIGHT = ENDPOINTS.reduce((sum, e) => sum + e.weight, 0);\n\n");
    js += QStringLiteral("export const options = {\n"
                         "  scenarios: {\n"
                         "    observed_peak: {\n"
                         "      executor: 'constant-arrival-rate',\n"
                         "      rate: %1, // requests per second at the observed peak\n"
                         "      timeUnit: '1s',\n"
                         "      duration: '5m',\n"
                         "      preAllocatedVUs: %2,\n"
                         "      maxVUs: %3,\n"
                         "    },\n"
                         "  },\n"
                         "  thresholds: {\n"
                         "    '502_errors': ['rate<0.001'],\n"
                         "  },\n"
                         "};\n\n")
              .arg(rate)
              .arg(std::max(10, rate * 2))
              .arg(std::max(50, rate * 10));
    js += QStringLiteral("function pick() {\n"
                         "  let r = Math.random() * TOTAL_WEIGHT;\n"
                         "  for (const e of ENDPOINTS) {\n"
                         "    r -= e.weight;\n"
                         "    if (r < 0) return e;\n"
                         "  }\n"
                         "  return ENDPOINTS[ENDPOINTS.length - 1];\n"
                         "}\n\n"
                         "export default function () {\n"
                         "  const e = pick();\n"
                         "  const res = http.request(e.method, BASE_URL + e.path);\n"
                         "  error502Rate.add(res.status === 502);\n"
                         "  check(res, {\n"
                         "    'not 502': (r) => r.status !== 502,\n"
                         "  });\n"
                         "}\n");
    return js;
}

} // namespace gateline
