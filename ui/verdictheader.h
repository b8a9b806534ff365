// The answer first: a band across the top of the window that says, in two lines, how many 502s
// and which hop made them, the events they sit on, the most likely cause with its score, and what
// to load when the data cannot tell yet. It follows the session live (loading, analysed,
// realigned, re-matched) and reads only the session's one VerdictSummary, so it cannot disagree
// with the status bar, the playbook or `gateline analyze`. Clicking it goes to the evidence.
#pragma once

#include <QFrame>

namespace gateline {

class ElidedLabel;
class InvestigationSession;

class VerdictHeader : public QFrame
{
    Q_OBJECT
public:
    explicit VerdictHeader(InvestigationSession *session, QWidget *parent = nullptr);

    void refresh();
    // The two lines as shown (unelided), for tests and accessibility.
    QString headline() const;
    QString detail() const;
    QString text() const;
    // A modest width hint: the toolbar stretches it to the window's width (a hint as wide as the
    // text would push it into the toolbar's overflow menu).
    QSize sizeHint() const override;

Q_SIGNALS:
    void evidenceRequested();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void setLines(const QString &headline, const QString &detail);
    // The counts, then the cause on the same line where it fits whole, else first on the second
    // line (the events and what is missing follow it there, elided before the cause is).
    void placeSentences();

    QString m_counts, m_cause, m_rest;

    InvestigationSession *m_session;
    ElidedLabel *m_headline;
    ElidedLabel *m_detail;
};

} // namespace gateline
