// The playbook's key step, driven by the user: choose which 502s (missing-upstream, ingress-made or
// all gateway), the window and the range, run the matching in the background, see the matched
// pairs (502 <-> event), the match rate, the rate chance alone would give and the one statistical
// core's effect size with its confidence interval (or "too few to tell"). The step owns its range: it is shown ("Range used"), it changes only when the
// user runs the step with another choice (undoable), and a new bundle starts from the whole range.
// Selecting a pair shows both on the timeline without touching the range or the selection.
#pragma once

#include "timerange/timemapping.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableView;

namespace gateline {

class InvestigationSession;

class MatchingPanel : public QWidget
{
    Q_OBJECT
public:
    enum RangeChoice { WholeRange, VisibleRange, SelectedRange };

    explicit MatchingPanel(InvestigationSession *session, QWidget *parent = nullptr);

    void refresh(); // from the session's current analysis
    QDoubleSpinBox *windowBox() const { return m_window; }
    QComboBox *rangeBox() const { return m_range; }
    // Which 502s to match: missing-upstream, ingress-made or all gateway (MatchErrors).
    QComboBox *errorsBox() const { return m_errors; }
    // The statistical core's answer as shown: Coincidence::summary() of the last run, the same
    // string analyze's text and JSON and the postmortem give ("85% vs 12% by chance: 7.1x (95% CI
    // 4.2-9.8x), p = 0.002" or "too few to tell (3 502s)").
    QString statsText() const;
    QPushButton *runButton() const { return m_run; }
    QTableView *pairsView() const { return m_pairs; }
    QString resultText() const;
    // "Range used: 10:00:00 – 10:45:00 (the whole load-balancer range)"
    QString rangeText() const;
    // The range the next run will use, as chosen (invalid: the whole range).
    TimeSpan chosenRange() const { return m_chosen; }
    void setRangeChoice(RangeChoice choice);
    void run();

Q_SIGNALS:
    void pairSelected(qint64 errorUs, qint64 eventUs);

private:
    void captureRange();
    void updateRangeLabel();
    void reset();

    InvestigationSession *m_session;
    QDoubleSpinBox *m_window;
    QComboBox *m_range;
    QComboBox *m_errors;
    QPushButton *m_run;
    QLabel *m_rangeUsed;
    QLabel *m_result;
    QLabel *m_stats;
    QLabel *m_kinds;
    QLabel *m_intro;
    QTableView *m_pairs;
    TimeSpan m_chosen; // captured when the user chose the range
};

} // namespace gateline
