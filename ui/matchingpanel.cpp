#include "matchingpanel.h"

#include "investigationsession.h"
#include "severitydelegate.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gateline {

namespace {
QString percent(double v)
{
    return QStringLiteral("%1%").arg(v * 100, 0, 'f', v < 0.1 ? 1 : 0);
}
} // namespace

MatchingPanel::MatchingPanel(InvestigationSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_window(new QDoubleSpinBox(this))
    , m_range(new QComboBox(this))
    , m_run(new QPushButton(QStringLiteral("Run matching"), this))
    , m_result(new QLabel(this))
    , m_kinds(new QLabel(this))
    , m_pairs(new QTableView(this))
{
    m_window->setRange(1, 3600);
    m_window->setDecimals(0);
    m_window->setSuffix(QStringLiteral(" s"));
    m_window->setPrefix(QStringLiteral("± "));
    m_window->setValue(30);
    m_window->setToolTip(QStringLiteral("An event within this many seconds of a 502 explains it"));
    m_range->addItem(QStringLiteral("whole range"));
    m_range->addItem(QStringLiteral("selected range"));
    m_range->setToolTip(QStringLiteral("Match the 502s of the whole load-balancer range, or only those in the timeline selection"));
    for (QLabel *l : {m_result, m_kinds}) {
        l->setTextFormat(Qt::PlainText);
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QFont f = m_result->font();
    f.setBold(true);
    m_result->setFont(f);
    m_pairs->setModel(session->matchPairsModel());
    m_pairs->setItemDelegate(new SeverityDelegate(0, m_pairs));
    m_pairs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_pairs->setSelectionMode(QAbstractItemView::SingleSelection);
    m_pairs->verticalHeader()->hide();
    m_pairs->verticalHeader()->setDefaultSectionSize(m_pairs->fontMetrics().height() + 6);
    m_pairs->horizontalHeader()->setStretchLastSection(true);
    m_pairs->setAlternatingRowColors(true);
    m_pairs->setMinimumHeight(120);
    m_pairs->setObjectName(QStringLiteral("matchedPairs"));

    auto *label = new QLabel(QStringLiteral("Match the missing-upstream 502s to restarts, OOM kills, Killing and "
                                            "rollouts within a window:"), this);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_window);
    controls->addWidget(m_range);
    controls->addStretch(1);
    controls->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->addWidget(label);
    layout->addLayout(controls);
    layout->addWidget(m_result);
    layout->addWidget(m_kinds);
    layout->addWidget(m_pairs, 1);

    connect(m_run, &QPushButton::clicked, this, &MatchingPanel::run);
    connect(session, &InvestigationSession::analysisReady, this, &MatchingPanel::refresh);
    connect(session->jobs(), &JobRunner::runningChanged, this, [this](const QString &channel, bool running) {
        if (channel == QLatin1String("analysis")) {
            m_run->setEnabled(!running);
            m_run->setText(running ? QStringLiteral("Matching…") : QStringLiteral("Run matching"));
        }
    });
    connect(m_pairs->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &i) {
        if (!i.isValid())
            return;
        Q_EMIT pairSelected(i.data(MatchPairsModel::ErrorUsRole).toLongLong(), i.data(MatchPairsModel::EventUsRole).toLongLong());
    });
    refresh();
}

void MatchingPanel::run()
{
    MatchOptions o = m_session->matchOptions();
    o.windowSeconds = m_window->value();
    o.from = o.to = Timestamp{};
    if (m_range->currentIndex() == 1 && m_session->timeRange()->hasSelection()) {
        o.from = Timestamp{m_session->timeRange()->selection().fromUs};
        o.to = Timestamp{m_session->timeRange()->selection().toUs};
    }
    m_session->runMatching(o);
}

QString MatchingPanel::resultText() const
{
    return m_result->text();
}

void MatchingPanel::refresh()
{
    const auto a = m_session->analysis();
    m_run->setEnabled(bool(a) && !m_session->isMatching());
    if (!a) {
        m_result->setText(QStringLiteral("No analysis yet."));
        m_kinds->clear();
        return;
    }
    const MatchingResult &m = a->matching();
    {
        const QSignalBlocker block(m_window);
        m_window->setValue(m.windowSeconds > 0 ? m.windowSeconds : m_session->matchOptions().windowSeconds);
    }
    const QLocale loc;
    if (m.missingUpstream502 == 0) {
        m_result->setText(QStringLiteral("No missing-upstream 502s (ALB 502 with target status '-') in this range: nothing to match."));
    } else {
        QString verdict;
        if (m.aboveChance())
            verdict = QStringLiteral("Clearly above chance: the 502s sit on these events.");
        else if (m.missingUpstream502 < 3)
            verdict = QStringLiteral("Too few 502s to tell.");
        else
            verdict = QStringLiteral("Not clearly above chance: a coincidence cannot be ruled out.");
        m_result->setText(QStringLiteral("%1 of %2 missing-upstream 502s matched within ±%3 s: %4. Chance alone gives %5 "
                                         "(p = %6). %7")
                              .arg(loc.toString(m.matched), loc.toString(m.missingUpstream502))
                              .arg(m.windowSeconds)
                              .arg(percent(m.matchRate), percent(m.chanceRate))
                              .arg(m.pValue, 0, 'g', 2)
                              .arg(verdict));
    }
    QStringList kinds;
    for (const QString &group : matchingGroups())
        kinds << QStringLiteral("%1: %2").arg(matchingGroupLabel(group)).arg(m.byGroup(group));
    m_kinds->setText(QStringLiteral("Nearest event of the matched 502s: %1 · %2 events in range")
                         .arg(kinds.join(QStringLiteral(", ")), loc.toString(m.eventCount)));
    m_pairs->resizeColumnsToContents();
}

} // namespace gateline
