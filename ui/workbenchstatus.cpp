#include "workbenchstatus.h"

#include "elidedlabel.h"
#include "investigationsession.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>
#include <QTimer>

namespace gateline {

WorkbenchStatus::WorkbenchStatus(InvestigationSession *session, QStatusBar *bar, QDockWidget *sourcesDock, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_sourcesDock(sourcesDock)
    , m_text(new ElidedLabel(bar))
    , m_counts(new ElidedLabel(bar))
    , m_bin(new ElidedLabel(bar))
    , m_progress(new QProgressBar(bar))
    , m_messageTimer(new QTimer(this))
{
    m_text->setObjectName(QStringLiteral("statusMessage"));
    m_counts->setObjectName(QStringLiteral("statusCounts"));
    m_bin->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_messageTimer->setSingleShot(true);
    connect(m_messageTimer, &QTimer::timeout, this, [this] {
        m_message.clear();
        refresh();
    });
    // Long texts elide (whole in the tooltip) and never widen the window.
    bar->addWidget(m_text, 2);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_counts, 3);
    bar->addPermanentWidget(m_bin);
    for (auto signal : {&InvestigationSession::loadProgressed, &InvestigationSession::storeReady,
                        &InvestigationSession::analysisReady, &InvestigationSession::closed})
        connect(session, signal, this, &WorkbenchStatus::refresh);
    connect(session, &InvestigationSession::loadStarted, this, &WorkbenchStatus::refresh);
    connect(session, &InvestigationSession::loadFinished, this, &WorkbenchStatus::refresh);
    connect(session, &InvestigationSession::realignProgressed, this, &WorkbenchStatus::refresh);
    refresh();
}

void WorkbenchStatus::setBinWidth(qint64 binUs)
{
    m_bin->setText(binUs > 0 ? QStringLiteral("bin %1").arg(binWidthLabel(binUs)) : QString());
}

void WorkbenchStatus::showMessage(const QString &text, int ms)
{
    m_message = text;
    if (ms > 0)
        m_messageTimer->start(ms);
    else
        m_messageTimer->stop();
    refresh();
}

QString WorkbenchStatus::message() const
{
    return m_text->text();
}

QString WorkbenchStatus::counts() const
{
    return m_counts->text();
}

void WorkbenchStatus::refresh()
{
    const auto st = m_session->loadStatus();
    const QLocale loc;
    if (st.loading) {
        m_progress->show();
        m_progress->setRange(0, std::max(1, st.filesTotal));
        m_progress->setValue(st.filesDone);
        m_progress->setFormat(QStringLiteral("%v / %m files"));
        m_text->setText(QStringLiteral("Loading %1… (Esc cancels)").arg(QFileInfo(st.current).fileName()));
    } else if (const auto re = m_session->realignStatus(); re.running) {
        m_progress->show();
        m_progress->setRange(0, re.steps);
        m_progress->setValue(re.step - 1);
        m_progress->setFormat(QStringLiteral("step %1 of %2").arg(re.step).arg(re.steps));
        m_text->setText(QStringLiteral("%1 (Esc cancels)").arg(re.what));
    } else {
        m_progress->hide();
        m_text->setText(!m_message.isEmpty()     ? m_message
                        : m_session->hasBundle() ? QString()
                                                 : QStringLiteral("Drop a bundle on the window, or File ▸ Open (Ctrl+O)."));
    }
    const auto store = m_session->store();
    const int problems = store ? m_session->sourcesModel()->problemCount() : 0;
    if (m_sourcesDock)
        m_sourcesDock->setWindowTitle(problems ? QStringLiteral("Sources and problems (%1)").arg(problems)
                                               : QStringLiteral("Sources and problems"));
    if (!store) {
        m_counts->setText(QString());
        return;
    }
    QString text = QStringLiteral("%1 sources · %2 records").arg(store->sourceCount()).arg(readableCount(store->totalRecords()));
    // The 502 counts as the verdict header states them (the same summary object).
    if (const auto v = m_session->verdictSummary(); v && v->counted != VerdictSummary::Counted::Nothing)
        text += QStringLiteral(" · %1 requests · %2").arg(readableCount(v->requests), v->shortCounts());
    if (problems)
        text += QStringLiteral(" · %1 problem(s)").arg(problems);
    m_counts->setText(text);
}

} // namespace gateline
