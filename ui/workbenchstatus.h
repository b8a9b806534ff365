// The status bar: what is loading (file, files done, Esc cancels), the counts of the loaded
// bundle, the problems, and the timeline's bin width. Also titles the Sources dock with the
// number of problems.
#pragma once

#include <QObject>

class QDockWidget;
class QLabel;
class QProgressBar;
class QStatusBar;

namespace gateline {

class InvestigationSession;

class WorkbenchStatus : public QObject
{
    Q_OBJECT
public:
    WorkbenchStatus(InvestigationSession *session, QStatusBar *bar, QDockWidget *sourcesDock, QObject *parent = nullptr);

    void refresh();
    void setBinWidth(qint64 binUs);

private:
    InvestigationSession *m_session;
    QDockWidget *m_sourcesDock;
    QLabel *m_text;
    QLabel *m_counts;
    QLabel *m_bin;
    QProgressBar *m_progress;
};

} // namespace gateline
