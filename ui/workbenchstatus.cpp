#include "workbenchstatus.h"

#include "investigationsession.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>

namespace gateline {

WorkbenchStatus::WorkbenchStatus(InvestigationSession *session, QStatusBar *bar, QDockWidget *sourcesDock, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_sourcesDock(sourcesDock)
    , m_text(new QLabel(bar))
    , m_counts(new QLabel(bar))
    , m_bin(new QLabel(bar))
    , m_progress(new QProgressBar(bar))
{
    for (QLabel *l : {m_text, m_counts, m_bin})
        l->setTextFormat(Qt::PlainText);
    // Long texts must never widen the window.
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_counts->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_counts->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(true);
    m_progress->hide();
    bar->addWidget(m_text, 2);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_counts, 3);
    bar->addPermanentWidget(m_bin);
    for (auto signal : {&InvestigationSession::loadProgressed, &InvestigationSession::storeReady,
                        &InvestigationSession::analysisReady, &InvestigationSession::closed})
        connect(session, signal, this, &WorkbenchStatus::refresh);
    connect(session, &InvestigationSession::loadStarted, this, &WorkbenchStatus::refresh);
    connect(session, &InvestigationSession::loadFinished, this, &WorkbenchStatus::refresh);
    refresh();
}

void WorkbenchStatus::setBinWidth(qint64 binUs)
{
    m_bin->setText(binUs > 0 ? QStringLiteral("bin %1").arg(binWidthLabel(binUs)) : QString());
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
    } else {
        m_progress->hide();
        m_text->setText(m_session->hasBundle() ? QString() : QStringLiteral("Drop a bundle on the window, or File ▸ Open (Ctrl+O)."));
    }
    const auto store = m_session->store();
    const int problems = store ? m_session->sourcesModel()->problemCount() : 0;
    if (m_sourcesDock)
        m_sourcesDock->setWindowTitle(problems ? QStringLiteral("Sources and problems (%1)").arg(problems)
                                               : QStringLiteral("Sources and problems"));
    if (!store) {
        m_counts->clear();
        return;
    }
    QString text = QStringLiteral("%1 sources · %2 records").arg(store->sourceCount()).arg(loc.toString(store->totalRecords()));
    if (const auto a = m_session->analysis()) {
        const RequestCounts &c = a->counts();
        text += QStringLiteral(" · %1 LB requests · %2 × 502 (%3 target never answered)")
                    .arg(loc.toString(c.requests), loc.toString(c.status502), loc.toString(c.missingUpstream502));
    }
    if (problems)
        text += QStringLiteral(" · %1 problem(s)").arg(problems);
    m_counts->setText(text);
}

} // namespace gateline
