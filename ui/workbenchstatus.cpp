#include "workbenchstatus.h"

#include "elidedlabel.h"
#include "investigationsession.h"

#include <QDockWidget>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>
#include <QTimer>

#include <cmath>

namespace gateline {

namespace {
QString duration(double seconds)
{
    const qint64 s = std::max<qint64>(1, qint64(std::ceil(seconds)));
    return s >= 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1 s").arg(s);
}
} // namespace

QString WorkbenchStatus::stoppedText()
{
    return QStringLiteral("Not analysed (stopped): Ctrl+R runs the analysis.");
}

QString WorkbenchStatus::loadingText(const InvestigationSession::LoadStatus &st)
{
    if (st.allRead())
        return QStringLiteral("All %1 files read: analysing… (Esc stops the analysis)").arg(QLocale().toString(st.filesTotal));
    if (st.analysing) // the reading was stopped, or the analysis runs again
        return QStringLiteral("Analysing the records read… (Esc stops the analysis)");
    // The share read and the time left first: a long file name is what the label elides.
    QString text = QStringLiteral("Loading");
    if (st.bytesTotal > 0 && st.bytesDone > 0) {
        text += QStringLiteral(": %1% read").arg(int(100 * st.bytesDone / st.bytesTotal));
        if (st.secondsLeft >= 0)
            text += QStringLiteral(", about %1 left").arg(duration(st.secondsLeft));
    }
    return text + QStringLiteral(" (Esc cancels) · %1").arg(QFileInfo(st.current).fileName());
}

WorkbenchStatus::WorkbenchStatus(InvestigationSession *session, QStatusBar *bar, QDockWidget *sourcesDock, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_bar(bar)
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
    // Long texts elide (whole in the tooltip) and never widen the window. The message and the
    // counts share one item: two fifths and three while there is a message, all of it to the
    // counts while there is none (at 1280 px they elided beside an empty message).
    auto *texts = new QWidget(bar);
    texts->setObjectName(QStringLiteral("statusTexts"));
    m_textLine = new QHBoxLayout(texts);
    m_textLine->setContentsMargins(0, 0, 0, 0);
    m_textLine->addWidget(m_text, 2);
    m_textLine->addWidget(m_counts, 3);
    bar->addPermanentWidget(texts, 1); // permanent: nothing the bar shows of its own hides the counts
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_bin);
    fitBarHeight();
    m_fitTimer = new QTimer(this);
    m_fitTimer->setSingleShot(true);
    m_fitTimer->setInterval(0); // once the children took the change
    connect(m_fitTimer, &QTimer::timeout, this, &WorkbenchStatus::fitBarHeight);
    bar->installEventFilter(this);
    for (auto signal : {&InvestigationSession::loadProgressed, &InvestigationSession::storeReady,
                        &InvestigationSession::analysisReady, &InvestigationSession::closed})
        connect(session, signal, this, &WorkbenchStatus::refresh);
    connect(session, &InvestigationSession::loadStarted, this, &WorkbenchStatus::refresh);
    connect(session, &InvestigationSession::loadFinished, this, &WorkbenchStatus::refresh);
    connect(session, &InvestigationSession::realignProgressed, this, &WorkbenchStatus::refresh);
    refresh();
}

void WorkbenchStatus::fitBarHeight()
{
    // As tall while idle as while the progress bar shows (a pixel more than the labels): the views
    // above must not move when a load starts or ends. Worked out again when the bar's font or
    // style changes (a larger system font, another theme), or it would clip or leave a gap.
    const bool shown = m_progress->isVisibleTo(m_bar);
    m_progress->show();
    m_bar->setMinimumHeight(m_bar->sizeHint().height());
    m_progress->setVisible(shown);
}

bool WorkbenchStatus::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_bar && (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange))
        m_fitTimer->start();
    return QObject::eventFilter(watched, event);
}

void WorkbenchStatus::setBinWidth(qint64 binUs)
{
    m_bin->setText(binUs > 0 ? QStringLiteral("bin %1").arg(binWidthLabel(binUs)) : QString());
}

void WorkbenchStatus::showStatusTip(const QString &tip)
{
    if (tip == m_tip)
        return;
    m_tip = tip;
    refresh();
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
    QString said; // the message label's: the status tip over whatever the bar says now
    if (st.loading) {
        m_progress->show();
        // The bar by input bytes where their total is known (files differ in size), else by files.
        if (st.bytesTotal > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(1000 * std::min(st.bytesDone, st.bytesTotal) / st.bytesTotal));
        } else {
            m_progress->setRange(0, std::max(1, st.filesTotal));
            m_progress->setValue(st.filesDone);
        }
        m_progress->setFormat(QStringLiteral("%1 / %2 files").arg(st.filesDone).arg(st.filesTotal));
        said = loadingText(st);
    } else if (const auto re = m_session->realignStatus(); re.running) {
        m_progress->show();
        m_progress->setRange(0, re.steps);
        m_progress->setValue(re.step - 1);
        m_progress->setFormat(QStringLiteral("step %1 of %2").arg(re.step).arg(re.steps));
        said = QStringLiteral("%1 (Esc cancels)").arg(re.what);
    } else {
        m_progress->hide();
        said = !m_message.isEmpty()             ? m_message
               : m_session->isAnalysisStopped() ? stoppedText()
               : m_session->hasBundle()         ? QString()
                                                : QStringLiteral("Drop a bundle on the window, or File ▸ Open (Ctrl+O).");
    }
    m_text->setText(m_tip.isEmpty() ? said : m_tip);
    const int stretch = m_text->text().isEmpty() ? 0 : 2;
    if (m_textLine->stretch(0) != stretch) // the layout is redone on every change
        m_textLine->setStretchFactor(m_text, stretch);
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
