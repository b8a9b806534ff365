#include "verdictheader.h"

#include "elidedlabel.h"
#include "investigationsession.h"

#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QVBoxLayout>

namespace gateline {

VerdictHeader::VerdictHeader(InvestigationSession *session, QWidget *parent)
    : QFrame(parent)
    , m_session(session)
    , m_headline(new ElidedLabel(this))
    , m_detail(new ElidedLabel(this))
{
    setObjectName(QStringLiteral("verdictHeader"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::TabFocus);
    // Takes the toolbar's whole width, never more: the lines elide (whole in their tooltips).
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMinimumWidth(200);
    QFont big = m_headline->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.1);
    m_headline->setFont(big);
    m_headline->setObjectName(QStringLiteral("verdictHeadline"));
    m_detail->setObjectName(QStringLiteral("verdictDetail"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 3, 8, 3);
    layout->setSpacing(1);
    layout->addWidget(m_headline);
    layout->addWidget(m_detail);

    connect(session, &InvestigationSession::loadStarted, this, &VerdictHeader::refresh);
    for (auto signal : {&InvestigationSession::storeReady, &InvestigationSession::analysisReady, &InvestigationSession::closed,
                        &InvestigationSession::verdictsChanged})
        connect(session, signal, this, &VerdictHeader::refresh);
    connect(session->jobs(), &JobRunner::runningChanged, this, &VerdictHeader::refresh);
    connect(session, &InvestigationSession::loadFinished, this, &VerdictHeader::refresh);
    refresh();
}

void VerdictHeader::setLines(const QString &headline, const QString &detail)
{
    m_headline->setText(headline);
    m_detail->setText(detail);
    m_detail->setVisible(!detail.isEmpty());
    const QString all = detail.isEmpty() ? headline : headline + QLatin1Char('\n') + detail;
    // The whole text, whatever is elided, and where a click goes.
    m_headline->setFullText(all);
    m_detail->setFullText(all);
}

void VerdictHeader::refresh()
{
    const QLocale loc;
    if (!m_session->hasBundle() && !m_session->isLoading()) {
        m_counts.clear();
        setLines(QStringLiteral("No bundle open."),
                 QStringLiteral("Drop a folder or archive of logs on the window (or File ▸ Open): the answer appears here."));
        return;
    }
    m_counts.clear();
    const auto summary = m_session->verdictSummary();
    if (!summary) {
        const auto store = m_session->store();
        if (store && m_session->isAnalysisStopped()) {
            setLines(QStringLiteral("Not analysed: %1 records loaded, the analysis was stopped.").arg(loc.toString(store->totalRecords())),
                     QStringLiteral("Timeline ▸ Analyse Again (Ctrl+R) runs it; the records are in the panes meanwhile."));
            return;
        }
        setLines(store ? QStringLiteral("Analysing %1 records…").arg(loc.toString(store->totalRecords()))
                       : QStringLiteral("Reading the logs…"),
                 QStringLiteral("Which hop made the 502s, and why, appears here when the analysis is done."));
        return;
    }
    QStringList second;
    for (const QString &s : {summary->eventsSentence, summary->missingSentence})
        if (!s.isEmpty())
            second << s;
    if (m_session->isMatching())
        second << QStringLiteral("(matching again…)");
    m_counts = summary->countsSentence;
    m_cause = summary->causeSentence;
    m_rest = second.join(QLatin1Char(' '));
    placeSentences();
    setToolTip(QString());
}

void VerdictHeader::placeSentences()
{
    if (m_counts.isEmpty())
        return;
    const QString both = m_cause.isEmpty() ? m_counts : m_counts + QLatin1Char(' ') + m_cause;
    const bool fits = m_headline->fontMetrics().horizontalAdvance(both) <= m_headline->contentsRect().width();
    if (fits || m_cause.isEmpty())
        setLines(both, m_rest);
    else
        setLines(m_counts, m_rest.isEmpty() ? m_cause : m_cause + QLatin1Char(' ') + m_rest);
    // The whole text in reading order, whatever is elided.
    const QString all = m_rest.isEmpty() ? both : both + QLatin1Char('\n') + m_rest;
    m_headline->setFullText(all);
    m_detail->setFullText(all);
}

void VerdictHeader::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    placeSentences();
}

QSize VerdictHeader::sizeHint() const
{
    return {400, QFrame::sizeHint().height()};
}

QString VerdictHeader::headline() const
{
    return m_headline->text();
}

QString VerdictHeader::detail() const
{
    return m_detail->text();
}

QString VerdictHeader::text() const
{
    return detail().isEmpty() ? headline() : headline() + QLatin1Char(' ') + detail();
}

void VerdictHeader::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT evidenceRequested();
    QFrame::mouseReleaseEvent(event);
}

void VerdictHeader::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        Q_EMIT evidenceRequested();
        return;
    }
    QFrame::keyPressEvent(event);
}

} // namespace gateline
