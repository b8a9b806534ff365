#include "matchingpanel.h"
#include "wheelguard.h"

#include "investigationsession.h"
#include "models/timeformat.h"
#include "report/verdictsummary.h"
#include "severitydelegate.h"
#include "stallprobe.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gateline {

namespace {
// The pairs' columns are sized from this many rows (the visible ones first).
constexpr int kSizedRows = 100;
const QString kIntro = QStringLiteral("Match 502s to restarts, OOM kills, Killing and rollouts within a window:");

QString percent(double v)
{
    return QStringLiteral("%1%").arg(v * 100, 0, 'f', v < 0.1 ? 1 : 0);
}

QString spanText(const TimeSpan &s, const TimeSpan &bounds)
{
    return formatTimeInSpan(s.fromUs, bounds.fromUs, bounds.toUs) + QStringLiteral(" – ")
        + formatTimeInSpan(s.toUs, bounds.fromUs, bounds.toUs);
}
} // namespace

MatchingPanel::MatchingPanel(InvestigationSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_window(new QDoubleSpinBox(this))
    , m_range(new QComboBox(this))
    , m_errors(new QComboBox(this))
    , m_run(new QPushButton(QStringLiteral("Run matching"), this))
    , m_rangeUsed(new QLabel(this))
    , m_result(new QLabel(this))
    , m_stats(new QLabel(this))
    , m_kinds(new QLabel(this))
    , m_intro(new QLabel(this))
    , m_pairs(new QTableView(this))
{
    m_window->setRange(1, 3600);
    m_window->setDecimals(0);
    m_window->setSuffix(QStringLiteral(" s"));
    m_window->setPrefix(QStringLiteral("± "));
    m_window->setValue(30);
    takeWheelOnlyWhenFocused(m_window);
    m_window->setToolTip(QStringLiteral("An event within this many seconds of a 502 explains it"));
    m_range->addItem(QStringLiteral("whole range"), int(WholeRange));
    m_range->addItem(QStringLiteral("chart's range"), int(VisibleRange));
    m_range->addItem(QStringLiteral("selected range"), int(SelectedRange));
    m_range->setObjectName(QStringLiteral("matchingRange"));
    m_range->setToolTip(QStringLiteral("Match the 502s of the whole load-balancer range, of the range the chart shows now, or "
                                       "of the timeline selection now. The choice is taken when you make it: later zooms or "
                                       "selections do not change it."));
    m_range->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    takeWheelOnlyWhenFocused(m_range);
    for (MatchErrors e : {MatchErrors::MissingUpstream, MatchErrors::IngressMade, MatchErrors::AllGateway})
        m_errors->addItem(matchErrorsLabel(e), int(e));
    m_errors->setObjectName(QStringLiteral("matchingErrors"));
    m_errors->setToolTip(QStringLiteral("Which 502s to match: those the ALB made because the target never answered "
                                        "(target status '-'), those the ingress made because its upstream failed "
                                        "(refused, reset, closed early), or every gateway 502"));
    for (QLabel *l : {m_rangeUsed, m_result, m_stats, m_kinds}) {
        l->setTextFormat(Qt::PlainText);
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_rangeUsed->setObjectName(QStringLiteral("matchingRangeUsed"));
    m_result->setObjectName(QStringLiteral("matchingResult"));
    m_stats->setObjectName(QStringLiteral("matchingStats"));
    m_stats->setToolTip(QStringLiteral("The one statistical core (circular shifts of the 502 series, burst-resampled 95% "
                                       "interval of the effect): the same numbers as gateline analyze, the causes' "
                                       "evidence and the postmortem"));
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
    // Columns sized from a sample of the pairs, not Qt's default 1,000 rows: 28 ms of the GUI
    // thread at 5,009 pairs (1M-line bundle, bench-gui.sh), 3 ms from 100.
    m_pairs->horizontalHeader()->setResizeContentsPrecision(kSizedRows);
    m_pairs->setTextElideMode(Qt::ElideRight);
    m_pairs->setWordWrap(false);
    m_pairs->setAlternatingRowColors(true);
    m_pairs->setMinimumHeight(120);
    m_pairs->setObjectName(QStringLiteral("matchedPairs"));

    m_intro->setText(kIntro);
    m_intro->setObjectName(QStringLiteral("matchingIntro"));
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::PlainText);
    // The error kinds' names are long: the selector has its own row, so that the controls fit the
    // dock's width at 1280x800.
    m_errors->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    takeWheelOnlyWhenFocused(m_errors);
    m_errors->setMinimumContentsLength(16);
    m_errors->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_window);
    controls->addWidget(m_range, 1);
    controls->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->addWidget(m_intro);
    layout->addWidget(m_errors);
    layout->addLayout(controls);
    layout->addWidget(m_rangeUsed);
    layout->addWidget(m_result);
    layout->addWidget(m_stats);
    layout->addWidget(m_kinds);
    layout->addWidget(m_pairs, 1);

    connect(m_run, &QPushButton::clicked, this, &MatchingPanel::run);
    // activated: the user's choice (also re-choosing the same item takes the range anew).
    connect(m_range, &QComboBox::activated, this, &MatchingPanel::captureRange);
    connect(session, &InvestigationSession::analysisReady, this, &MatchingPanel::refresh);
    connect(session, &InvestigationSession::loadStarted, this, &MatchingPanel::reset);
    connect(session, &InvestigationSession::closed, this, &MatchingPanel::reset);
    connect(session->jobs(), &JobRunner::runningChanged, this, [this](const QString &channel, bool running) {
        if (channel == QLatin1String("analysis")) {
            m_run->setEnabled(!running && m_session->analysis());
            m_run->setText(running ? QStringLiteral("Matching…") : QStringLiteral("Run matching"));
        }
    });
    // A pair the user selects (click, arrow keys): tabbing into the table sets no selection.
    connect(m_pairs->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_pairs->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return;
        const QModelIndex i = rows.first();
        Q_EMIT pairSelected(i.data(MatchPairsModel::ErrorUsRole).toLongLong(), i.data(MatchPairsModel::EventUsRole).toLongLong());
    });
    refresh();
}

void MatchingPanel::reset()
{
    // A new bundle starts from the whole range: a choice made for the last one does not carry over.
    m_range->setCurrentIndex(WholeRange);
    m_chosen = {};
    updateRangeLabel();
}

void MatchingPanel::setRangeChoice(RangeChoice choice)
{
    m_range->setCurrentIndex(int(choice));
    captureRange();
}

void MatchingPanel::captureRange()
{
    TimeRange *r = m_session->timeRange();
    switch (RangeChoice(m_range->currentData().toInt())) {
    case WholeRange: m_chosen = {}; break;
    case VisibleRange: m_chosen = r->visible() == r->bounds() ? TimeSpan{} : r->visible(); break;
    case SelectedRange:
        if (r->hasSelection()) {
            m_chosen = r->selection();
        } else {
            m_chosen = {};
            m_range->setCurrentIndex(WholeRange);
        }
        break;
    }
    updateRangeLabel();
}

void MatchingPanel::run()
{
    MatchOptions o = m_session->matchOptions();
    o.windowSeconds = m_window->value();
    o.errors = MatchErrors(m_errors->currentData().toInt());
    o.errorsChosen = true;
    o.from = o.to = Timestamp{};
    if (m_chosen.isValid()) {
        o.from = Timestamp{m_chosen.fromUs};
        o.to = Timestamp{m_chosen.toUs};
    }
    m_session->requestMatching(o);
}

QString MatchingPanel::resultText() const
{
    return m_result->text();
}

QString MatchingPanel::statsText() const
{
    const auto a = m_session->analysis();
    return a ? a->matching().stats.summary() : QString();
}

QString MatchingPanel::rangeText() const
{
    return m_rangeUsed->text();
}

void MatchingPanel::updateRangeLabel()
{
    const auto a = m_session->analysis();
    const TimeSpan bounds = m_session->timeRange()->bounds();
    if (!a || !bounds.isValid()) {
        m_rangeUsed->setText(QStringLiteral("Range: the whole load-balancer range"));
        return;
    }
    const MatchOptions used = a->options().matching;
    const bool whole = used.from.us == 0 && used.to.us == 0;
    const TimeSpan usedSpan = whole ? TimeSpan{a->matching().from.us, a->matching().to.us} : TimeSpan{used.from.us, used.to.us};
    QString text = whole ? QStringLiteral("Range used: the whole load-balancer range")
                         : QStringLiteral("Range used: %1 (chosen by you)").arg(spanText(usedSpan, bounds));
    if (whole && usedSpan.isValid())
        text += QStringLiteral(" (%1)").arg(spanText(usedSpan, bounds));
    const bool sameNext = m_chosen.isValid() ? (!whole && m_chosen == usedSpan) : whole;
    if (!sameNext)
        text += m_chosen.isValid() ? QStringLiteral(". Next run: %1.").arg(spanText(m_chosen, bounds))
                                   : QStringLiteral(". Next run: the whole range.");
    m_rangeUsed->setText(text);
}

void MatchingPanel::refresh()
{
    const StallProbe probe("matchingpanel refresh", 5);
    const auto a = m_session->analysis();
    m_run->setEnabled(bool(a) && !m_session->isMatching());
    updateRangeLabel();
    if (!a) {
        m_result->setText(QStringLiteral("No analysis yet."));
        m_stats->clear();
        m_kinds->clear();
        return;
    }
    const MatchingResult &m = a->matching();
    {
        const QSignalBlocker block(m_window);
        m_window->setValue(m.windowSeconds > 0 ? m.windowSeconds : m_session->matchOptions().windowSeconds);
        const QSignalBlocker blockErrors(m_errors);
        m_errors->setCurrentIndex(std::max(0, m_errors->findData(int(m.errors))));
    }
    // Until the user picks a kind, it follows the hop verdict (restartmatcher.h defaultMatchErrors).
    m_intro->setText(m.errorsFromVerdict && !m.ingressLogged
                         ? QStringLiteral("Match 502s to restarts, OOM kills, Killing and rollouts within a window. "
                                          "Preselected: the %1, as %2.")
                               .arg(matchErrorsLabel(m.errors),
                                    m.errors == MatchErrors::IngressMade
                                        ? QStringLiteral("the ingress made more of the 502s than the load balancer")
                                        : QStringLiteral("the load balancer made most of its 502s itself"))
                         : kIntro);
    const QString label = m.errorsLabel();
    if (m.missingUpstream502 == 0) {
        m_result->setText(m.errors == MatchErrors::MissingUpstream && !m.ingressLogged
                              ? QStringLiteral("No missing-upstream 502s (ALB 502 with target status '-') in this range: nothing to match.")
                              : QStringLiteral("No %1 in this range: nothing to match.").arg(label));
        m_stats->clear();
    } else {
        // The verdict and the numbers are the statistical core's (analysis/coincidence.h).
        const Coincidence &st = m.stats;
        QString verdict;
        if (st.tooFew)
            verdict = QStringLiteral("Too few to tell: %1 502s, at least %2 are needed.")
                          .arg(readableCount(st.errors))
                          .arg(Coincidence::kMinErrors);
        else if (m.aboveChance())
            verdict = QStringLiteral("Clearly above chance: the 502s sit on these events.");
        else
            verdict = QStringLiteral("Not clearly above chance: a coincidence cannot be ruled out.");
        m_result->setText(QStringLiteral("%1 of %2 %3 matched within ±%4 s: %5. Chance alone gives %6. %7")
                              .arg(readableCount(m.matched), readableCount(m.missingUpstream502), label)
                              .arg(m.windowSeconds)
                              .arg(percent(m.matchRate), st.chanceText()) // the core's chance figure, as in its summary
                              .arg(verdict));
        // The core's own words, so that the numbers are those of analyze and the postmortem.
        m_stats->setText(QStringLiteral("How much more often than chance, with its 95% interval: %1").arg(st.summary()));
    }
    QStringList kinds;
    for (const QString &group : matchingGroups())
        kinds << QStringLiteral("%1: %2").arg(matchingGroupLabel(group), readableCount(m.byGroup(group)));
    m_kinds->setText(QStringLiteral("Nearest event of the matched 502s: %1 · %2 events in range")
                         .arg(kinds.join(QStringLiteral(", ")), readableCount(m.eventCount)));
    m_pairs->resizeColumnsToContents(); // from kSizedRows rows
}

} // namespace gateline
