// The playbook's key step, driven by the user: choose the window (and the range), run the
// matching in the background, see the matched pairs (502 <-> event), the match rate and the rate
// chance alone would give. Selecting a pair shows both on the timeline.
#pragma once

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
    explicit MatchingPanel(InvestigationSession *session, QWidget *parent = nullptr);

    void refresh(); // from the session's current analysis
    QDoubleSpinBox *windowBox() const { return m_window; }
    QPushButton *runButton() const { return m_run; }
    QTableView *pairsView() const { return m_pairs; }
    QString resultText() const;
    void run();

Q_SIGNALS:
    void pairSelected(qint64 errorUs, qint64 eventUs);

private:
    InvestigationSession *m_session;
    QDoubleSpinBox *m_window;
    QComboBox *m_range;
    QPushButton *m_run;
    QLabel *m_result;
    QLabel *m_kinds;
    QTableView *m_pairs;
};

} // namespace gateline
