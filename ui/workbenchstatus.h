// The status bar: what is loading (share read, time left, Esc cancels, the file; files done),
// messages (loaded, exported, saved), the counts of the loaded bundle (from the session's one
// verdict summary, like the verdict header), the problems, and the timeline's bin width. Also
// titles the Sources dock with the number of problems.
#pragma once

#include "investigationsession.h"

#include <QObject>

class QBoxLayout;
class QDockWidget;
class QProgressBar;
class QStatusBar;
class QTimer;

namespace gateline {

class ElidedLabel;

class WorkbenchStatus : public QObject
{
    Q_OBJECT
public:
    WorkbenchStatus(InvestigationSession *session, QStatusBar *bar, QDockWidget *sourcesDock, QObject *parent = nullptr);

    void refresh();
    void setBinWidth(qint64 binUs);
    // A message in the status bar's own label (the counts stay visible beside it); 0 ms: until the next.
    void showMessage(const QString &text, int ms = 0);
    // The status tip of what the pointer is on (empty: none), shown over the message while it lasts.
    void showStatusTip(const QString &tip);
    QString message() const;
    QString counts() const;
    // While a bundle loads: the file being read, how much is read and the time left, and that Esc
    // cancels; once every file is read, that the analysis runs and that Esc stops it.
    static QString loadingText(const InvestigationSession::LoadStatus &st);
    // While the records are shown without their analysis (it was stopped): how to run it.
    static QString stoppedText();

protected:
    // The bar's font or style changed: its fixed height is worked out again (fitBarHeight).
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // The bar as tall while idle as while the progress bar shows.
    void fitBarHeight();

    InvestigationSession *m_session;
    QStatusBar *m_bar;
    QDockWidget *m_sourcesDock;
    ElidedLabel *m_text;
    ElidedLabel *m_counts;
    // The message and the counts side by side, in one item of the bar: an empty message gives its
    // share to the counts (stretch 0) while both stay shown, so that the bar keeps its height.
    QBoxLayout *m_textLine;
    ElidedLabel *m_bin;
    QProgressBar *m_progress;
    QTimer *m_messageTimer;
    // Single-shot, zero interval: a burst of font and style changes fits the height once.
    QTimer *m_fitTimer = nullptr;
    QString m_message;
    QString m_tip;
};

} // namespace gateline
