// The playbook panel: the steps of the decision tree (question, evidence lines that jump to the
// timeline, a suggested verdict the user accepts or overrides). The ranked root causes have their
// own tab (causesview.h). Built against plain value structs so that any engine can fill it.
#pragma once

#include "timerange/timemapping.h"

#include <QList>
#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QVBoxLayout;

namespace gateline {

struct PlaybookEvidenceView {
    QString text;   // plain text
    TimeSpan span;  // where it shows on the timeline; invalid: nowhere in particular
};

struct PlaybookVerdictOption {
    QString id;
    QString label;
};

struct PlaybookStepView {
    QString id;
    int number = 0;
    QString title;
    QString question;
    QString hint;                         // what the data can tell for this step
    QList<PlaybookEvidenceView> evidence;
    QList<PlaybookVerdictOption> verdicts;
    QString suggested;                    // verdict id the evidence suggests; empty: none
    QString chosen;                       // the user's verdict; empty: not decided
    bool overridden = false;              // chosen differs from the suggestion
    TimeSpan span;                        // "show on timeline"
    bool matchingStep = false;            // hosts the interactive matching controls
};

struct PlaybookSnippetView {
    QString title;
    QString language; // yaml, go, bash, ...
    QString code;
};

struct PlaybookCauseView {
    QString id;
    QString title;
    double score = 0; // 0..1
    QString scoreText; // as every place shows it: "0.94" or "cannot tell" (playbookreport.h: shownScore)
    QList<PlaybookEvidenceView> evidence;
    QList<PlaybookSnippetView> fixes;
};

class PlaybookView : public QWidget
{
    Q_OBJECT
public:
    explicit PlaybookView(QWidget *parent = nullptr);

    // emptyText: what the panel says without steps (default: open a bundle).
    void setSteps(const QList<PlaybookStepView> &steps, const QString &emptyText = {});
    // The widget shown inside steps with matchingStep set (the matching controls).
    void setMatchingWidget(QWidget *w);
    const QList<PlaybookStepView> &steps() const { return m_steps; }
    QString currentStep() const;
    void selectStep(const QString &id);

    // For tests: the verdict controls.
    QPushButton *acceptButton() const { return m_accept; }
    QComboBox *overrideBox() const { return m_override; }
    QListWidget *stepList() const { return m_stepList; }
    QListWidget *evidenceList() const { return m_evidence; }
    QPushButton *showOnTimelineButton() const { return m_showOnTimeline; }

Q_SIGNALS:
    void verdictChosen(const QString &step, const QString &verdict, bool overridden);
    void jumpRequested(gateline::TimeSpan span);

private:
    void showStep(int index);
    QString stepLabel(const PlaybookStepView &s) const;
    static QString verdictLabel(const PlaybookStepView &s, const QString &id);

    QList<PlaybookStepView> m_steps;
    QListWidget *m_stepList;
    QLabel *m_title;
    QLabel *m_question;
    QLabel *m_hint;
    QListWidget *m_evidence;
    QPushButton *m_showOnTimeline;
    QLabel *m_suggestion;
    QPushButton *m_accept;
    QComboBox *m_override;
    QLabel *m_verdict;
    QWidget *m_matchingHost;
    QVBoxLayout *m_matchingLayout;
    int m_current = -1;
    QString m_emptyText;
};

} // namespace gateline

