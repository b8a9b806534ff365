#include "playbook.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

// The resource is compiled into gateline_core (core/CMakeLists.txt); a static library's resource
// initialiser may be dropped by the linker unless referenced, hence the explicit init.
static void initPlaybookResource()
{
    Q_INIT_RESOURCE(gateline_playbook);
}

namespace gateline {

namespace {

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &x : a)
        out << x.toString();
    return out;
}

PlaybookSnippet snippet(const QJsonObject &o)
{
    return {o.value(QLatin1StringView("title")).toString(), o.value(QLatin1StringView("language")).toString(),
            o.value(QLatin1StringView("code")).toString()};
}

} // namespace

const PlaybookVerdict *PlaybookStep::verdict(const QString &verdictId) const
{
    for (const PlaybookVerdict &v : verdicts)
        if (v.id == verdictId)
            return &v;
    return nullptr;
}

const Playbook &Playbook::builtin()
{
    static const Playbook pb = [] {
        initPlaybookResource();
        Playbook p;
        QFile f(QStringLiteral(":/playbook/playbook.json"));
        if (!f.open(QIODevice::ReadOnly)) {
            p.m_error = QStringLiteral("the playbook resource :/playbook/playbook.json is missing");
            return p;
        }
        QString error;
        if (!fromJson(f.readAll(), &p, &error))
            p.m_error = error;
        return p;
    }();
    return pb;
}

bool Playbook::fromJson(const QByteArray &json, Playbook *out, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (!doc.isObject()) {
        *error = QStringLiteral("playbook: %1").arg(pe.errorString());
        return false;
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1StringView("schema")).toString() != QLatin1StringView("gateline.playbook/1")) {
        *error = QStringLiteral("playbook: unknown schema");
        return false;
    }
    Playbook p;
    p.m_title = root.value(QLatin1StringView("title")).toString();
    p.m_summary = root.value(QLatin1StringView("summary")).toString();
    const QJsonArray steps = root.value(QLatin1StringView("steps")).toArray();
    for (const QJsonValue &sv : steps) {
        const QJsonObject s = sv.toObject();
        PlaybookStep step;
        step.id = s.value(QLatin1StringView("id")).toString();
        step.number = s.value(QLatin1StringView("number")).toInt();
        step.title = s.value(QLatin1StringView("title")).toString();
        step.question = s.value(QLatin1StringView("question")).toString();
        step.evidenceHint = s.value(QLatin1StringView("evidenceHint")).toString();
        step.manual = s.value(QLatin1StringView("manual")).toString();
        step.next = strings(s.value(QLatin1StringView("next")));
        const QJsonArray verdicts = s.value(QLatin1StringView("verdicts")).toArray();
        for (const QJsonValue &vv : verdicts) {
            const QJsonObject v = vv.toObject();
            step.verdicts.append({v.value(QLatin1StringView("id")).toString(),
                                  v.value(QLatin1StringView("label")).toString(),
                                  v.value(QLatin1StringView("cause")).toString(),
                                  strings(v.value(QLatin1StringView("next")))});
        }
        p.m_steps.append(step);
    }
    const QJsonArray causes = root.value(QLatin1StringView("causes")).toArray();
    for (const QJsonValue &cv : causes) {
        const QJsonObject c = cv.toObject();
        PlaybookCause cause;
        cause.id = c.value(QLatin1StringView("id")).toString();
        cause.title = c.value(QLatin1StringView("title")).toString();
        cause.probability = c.value(QLatin1StringView("probability")).toDouble();
        cause.indicator = c.value(QLatin1StringView("indicator")).toString();
        cause.pattern = c.value(QLatin1StringView("pattern")).toString();
        cause.steps = strings(c.value(QLatin1StringView("steps")));
        const QJsonArray fixes = c.value(QLatin1StringView("fixes")).toArray();
        for (const QJsonValue &f : fixes)
            cause.fixes.append(snippet(f.toObject()));
        cause.prevention = strings(c.value(QLatin1StringView("prevention")));
        p.m_causes.append(cause);
    }
    const QJsonObject checklist = root.value(QLatin1StringView("checklist")).toObject();
    p.m_checklistBefore = strings(checklist.value(QLatin1StringView("before")));
    p.m_checklistAfter = strings(checklist.value(QLatin1StringView("after")));
    p.m_alerting = snippet(root.value(QLatin1StringView("alerting")).toObject());

    // Every reference must resolve: a typo in the data is an error, not a dead end in the UI.
    QSet<QString> stepIds, causeIds;
    for (const PlaybookStep &s : std::as_const(p.m_steps))
        stepIds.insert(s.id);
    for (const PlaybookCause &c : std::as_const(p.m_causes))
        causeIds.insert(c.id);
    if (stepIds.size() != p.m_steps.size() || causeIds.size() != p.m_causes.size() || stepIds.contains(QString())
        || causeIds.contains(QString())) {
        *error = QStringLiteral("playbook: empty or duplicate step or cause ids");
        return false;
    }
    for (const PlaybookStep &s : std::as_const(p.m_steps)) {
        QStringList refs = s.next;
        for (const PlaybookVerdict &v : s.verdicts) {
            refs += v.next;
            if (!v.cause.isEmpty() && !causeIds.contains(v.cause)) {
                *error = QStringLiteral("playbook: step %1 names unknown cause %2").arg(s.id, v.cause);
                return false;
            }
        }
        for (const QString &r : std::as_const(refs))
            if (!stepIds.contains(r)) {
                *error = QStringLiteral("playbook: step %1 names unknown step %2").arg(s.id, r);
                return false;
            }
    }
    for (const PlaybookCause &c : std::as_const(p.m_causes))
        for (const QString &r : c.steps)
            if (!stepIds.contains(r)) {
                *error = QStringLiteral("playbook: cause %1 names unknown step %2").arg(c.id, r);
                return false;
            }
    *out = std::move(p);
    return true;
}

const PlaybookStep *Playbook::step(const QString &id) const
{
    for (const PlaybookStep &s : m_steps)
        if (s.id == id)
            return &s;
    return nullptr;
}

const PlaybookCause *Playbook::cause(const QString &id) const
{
    for (const PlaybookCause &c : m_causes)
        if (c.id == id)
            return &c;
    return nullptr;
}

QStringList Playbook::causeIds() const
{
    QStringList ids;
    for (const PlaybookCause &c : m_causes)
        ids << c.id;
    return ids;
}

} // namespace gateline
