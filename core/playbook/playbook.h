// The "Intermittent 502s" playbook as data: the investigation steps of the decision tree (question,
// evidence to look at, verdicts, next steps) and the root causes with their fixes and prevention.
// Loaded from resources/playbook/playbook.json (compiled into gateline_core as :/playbook/).
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace gateline {

struct PlaybookVerdict {
    QString id;
    QString label;
    QString cause;          // the root cause id this verdict points to, if any
    QStringList next;       // step ids
};

struct PlaybookStep {
    QString id;
    int number = 0;
    QString title;
    QString question;
    QString evidenceHint;   // what the loaded data can tell for this step, in words
    QString manual;         // the playbook's commands to check by hand
    QList<PlaybookVerdict> verdicts;
    QStringList next;       // step ids
    const PlaybookVerdict *verdict(const QString &id) const;
};

struct PlaybookSnippet {
    QString title;
    QString language;       // yaml, javascript, go, bash
    QString code;
};

struct PlaybookCause {
    QString id;
    QString title;          // the playbook's table row
    double probability = 0; // the playbook's prior
    QString indicator;
    QString pattern;
    QStringList steps;      // step ids that test this cause
    QList<PlaybookSnippet> fixes;
    QStringList prevention;
};

class Playbook
{
public:
    // The playbook compiled into the program. Never fails for a correct build; check isValid().
    static const Playbook &builtin();
    // Parses a playbook document; false with *error if it is not one.
    static bool fromJson(const QByteArray &json, Playbook *out, QString *error);

    bool isValid() const { return !m_steps.isEmpty() && !m_causes.isEmpty(); }
    QString title() const { return m_title; }
    QString summary() const { return m_summary; }
    const QList<PlaybookStep> &steps() const { return m_steps; }
    const QList<PlaybookCause> &causes() const { return m_causes; }
    const PlaybookStep *step(const QString &id) const;
    const PlaybookCause *cause(const QString &id) const;
    QStringList causeIds() const;
    QStringList checklistBefore() const { return m_checklistBefore; }
    QStringList checklistAfter() const { return m_checklistAfter; }
    const PlaybookSnippet &alerting() const { return m_alerting; }
    QString error() const { return m_error; }

private:
    QString m_title, m_summary, m_error;
    QList<PlaybookStep> m_steps;
    QList<PlaybookCause> m_causes;
    QStringList m_checklistBefore, m_checklistAfter;
    PlaybookSnippet m_alerting;
};

} // namespace gateline
