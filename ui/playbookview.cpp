#include "playbookview.h"
#include "wheelguard.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace gateline {

namespace {
constexpr int SpanFromRole = Qt::UserRole + 1;
constexpr int SpanToRole = Qt::UserRole + 2;

QLabel *plainLabel(QWidget *parent, bool wrap = true)
{
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(wrap);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

void setSpan(QListWidgetItem *item, const TimeSpan &s)
{
    item->setData(SpanFromRole, s.fromUs);
    item->setData(SpanToRole, s.toUs);
}
} // namespace

PlaybookView::PlaybookView(QWidget *parent)
    : QWidget(parent)
    , m_stepList(new QListWidget(this))
    , m_title(plainLabel(this))
    , m_question(plainLabel(this))
    , m_hint(plainLabel(this))
    , m_evidence(new QListWidget(this))
    , m_showOnTimeline(new QPushButton(QStringLiteral("Show on timeline"), this))
    , m_suggestion(plainLabel(this))
    , m_accept(new QPushButton(QStringLiteral("Accept"), this))
    , m_override(new QComboBox(this))
    , m_verdict(plainLabel(this))
    , m_matchingHost(new QWidget(this))
    , m_matchingLayout(new QVBoxLayout(m_matchingHost))
{
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_title->setFont(big);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_evidence->setWordWrap(true);
    // The evidence takes the room the step leaves (step 2's matching panel takes more of it), so
    // that its lines are read without scrolling where the window allows.
    m_evidence->setMinimumHeight(70);
    m_evidence->setToolTip(QStringLiteral("Double-click a line to see it on the timeline"));
    m_accept->setToolTip(QStringLiteral("Accept the verdict the evidence suggests (undo with Ctrl+Z)"));
    m_override->setToolTip(QStringLiteral("Choose another verdict (undo with Ctrl+Z)"));
    m_override->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    takeWheelOnlyWhenFocused(m_override); // scrolling past it must not record a verdict
    m_override->setMinimumContentsLength(12);
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
    m_matchingLayout->setContentsMargins(0, 0, 0, 0);
    m_stepList->setWordWrap(true);
    m_stepList->setSpacing(2);
    m_stepList->setObjectName(QStringLiteral("playbookSteps"));

    auto *verdictRow = new QHBoxLayout;
    verdictRow->addWidget(m_accept);
    verdictRow->addWidget(m_override, 1);
    auto *evidenceRow = new QHBoxLayout;
    evidenceRow->addStretch(1);
    evidenceRow->addWidget(m_showOnTimeline);

    auto *detail = new QWidget(this);
    auto *d = new QVBoxLayout(detail);
    d->addWidget(m_title);
    d->addWidget(m_question);
    d->addWidget(m_hint);
    auto *evLabel = new QLabel(QStringLiteral("Evidence from the loaded data"), detail);
    evLabel->setTextFormat(Qt::PlainText);
    QFont evFont = evLabel->font();
    evFont.setBold(true);
    evLabel->setFont(evFont);
    d->addWidget(evLabel);
    d->addWidget(m_evidence, 1);
    d->addLayout(evidenceRow);
    d->addWidget(m_matchingHost, 3);
    d->addWidget(m_suggestion);
    d->addLayout(verdictRow);
    d->addWidget(m_verdict);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(detail);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    // Steps on top (enough of them to see where the walk stands), the selected step below with the
    // whole width; the ranked causes have their own tab.
    m_stepList->setMinimumHeight(3 * (2 * m_stepList->fontMetrics().height() + 8));
    m_stepList->setTextElideMode(Qt::ElideRight);
    m_stepList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumHeight(160);

    auto *outer = new QSplitter(Qt::Vertical, this);
    outer->setObjectName(QStringLiteral("playbookSplitter"));
    outer->addWidget(m_stepList);
    outer->addWidget(scroll);
    outer->setStretchFactor(0, 1);
    outer->setStretchFactor(1, 3);
    outer->setSizes({220, 600});
    outer->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(outer);

    connect(m_stepList, &QListWidget::currentRowChanged, this, &PlaybookView::showStep);
    auto jump = [this](QListWidgetItem *item) {
        const TimeSpan s{item->data(SpanFromRole).toLongLong(), item->data(SpanToRole).toLongLong()};
        if (s.isValid())
            Q_EMIT jumpRequested(s);
    };
    connect(m_evidence, &QListWidget::itemActivated, this, jump);
    connect(m_showOnTimeline, &QPushButton::clicked, this, [this] {
        if (m_current >= 0 && m_steps[m_current].span.isValid())
            Q_EMIT jumpRequested(m_steps[m_current].span);
    });
    connect(m_accept, &QPushButton::clicked, this, [this] {
        if (m_current >= 0 && !m_steps[m_current].suggested.isEmpty())
            Q_EMIT verdictChosen(m_steps[m_current].id, m_steps[m_current].suggested, false);
    });
    connect(m_override, &QComboBox::activated, this, [this](int index) {
        if (m_current < 0 || index <= 0)
            return;
        const QString id = m_override->itemData(index).toString();
        const PlaybookStepView &s = m_steps[m_current];
        Q_EMIT verdictChosen(s.id, id, !id.isEmpty() && id != s.suggested);
    });
    showStep(-1);
}

QString PlaybookView::verdictLabel(const PlaybookStepView &s, const QString &id)
{
    for (const PlaybookVerdictOption &v : s.verdicts) {
        if (v.id == id)
            return v.label;
    }
    return id;
}

QString PlaybookView::stepLabel(const PlaybookStepView &s) const
{
    QString state;
    if (!s.chosen.isEmpty())
        state = QStringLiteral("✔ ") + verdictLabel(s, s.chosen) + (s.overridden ? QStringLiteral(" (your call)") : QString());
    else if (!s.suggested.isEmpty())
        state = QStringLiteral("➜ suggested: ") + verdictLabel(s, s.suggested);
    else
        state = QStringLiteral("… no suggestion: the loaded data cannot settle it (see its evidence)");
    return QStringLiteral("%1. %2\n%3").arg(s.number).arg(s.title, state);
}

void PlaybookView::setSteps(const QList<PlaybookStepView> &steps, const QString &emptyText)
{
    const QString current = currentStep();
    m_steps = steps;
    m_emptyText = emptyText;
    {
        const QSignalBlocker block(m_stepList);
        m_stepList->clear();
        for (const PlaybookStepView &s : m_steps) {
            auto *item = new QListWidgetItem(stepLabel(s), m_stepList);
            item->setData(Qt::UserRole, s.id);
            QFont f = m_stepList->font();
            f.setBold(s.chosen.isEmpty() && !s.suggested.isEmpty());
            item->setFont(f);
        }
    }
    int row = 0;
    for (int i = 0; i < m_steps.size(); ++i) {
        if (m_steps[i].id == current)
            row = i;
    }
    m_current = -1;
    if (m_steps.isEmpty()) {
        showStep(-1);
        return;
    }
    m_stepList->setCurrentRow(row);
    showStep(row);
}

QString PlaybookView::currentStep() const
{
    return m_current >= 0 && m_current < m_steps.size() ? m_steps[m_current].id : QString();
}

void PlaybookView::selectStep(const QString &id)
{
    for (int i = 0; i < m_steps.size(); ++i) {
        if (m_steps[i].id == id)
            m_stepList->setCurrentRow(i);
    }
}

void PlaybookView::setMatchingWidget(QWidget *w)
{
    w->setParent(m_matchingHost);
    m_matchingLayout->addWidget(w);
}

void PlaybookView::showStep(int index)
{
    m_current = (index >= 0 && index < m_steps.size()) ? index : -1;
    const bool have = m_current >= 0;
    for (QWidget *w : {static_cast<QWidget *>(m_accept), static_cast<QWidget *>(m_override),
                       static_cast<QWidget *>(m_showOnTimeline)})
        w->setEnabled(have);
    m_evidence->clear();
    m_override->clear();
    if (!have) {
        m_title->setText(QStringLiteral("Playbook: intermittent 502s"));
        m_question->setText(!m_emptyText.isEmpty() ? m_emptyText
                                                   : QStringLiteral("Open a bundle to walk the playbook with the evidence it holds."));
        m_hint->clear();
        m_suggestion->clear();
        m_verdict->clear();
        m_matchingHost->hide();
        return;
    }
    const PlaybookStepView &s = m_steps[m_current];
    m_title->setText(QStringLiteral("Step %1: %2").arg(s.number).arg(s.title));
    m_question->setText(s.question);
    m_hint->setText(s.hint);
    m_hint->setVisible(!s.hint.isEmpty());
    for (const PlaybookEvidenceView &e : s.evidence) {
        auto *item = new QListWidgetItem((e.span.isValid() ? QStringLiteral("▶ ") : QStringLiteral("• ")) + e.text, m_evidence);
        setSpan(item, e.span);
        if (e.span.isValid())
            item->setToolTip(QStringLiteral("Double-click to show this on the timeline"));
    }
    if (s.evidence.isEmpty())
        new QListWidgetItem(QStringLiteral("(nothing in the loaded data speaks to this step)"), m_evidence);
    m_showOnTimeline->setEnabled(s.span.isValid());
    m_matchingHost->setVisible(s.matchingStep);
    m_suggestion->setText(s.suggested.isEmpty() ? QStringLiteral("The data suggests no verdict: decide from the evidence.")
                                                : QStringLiteral("Suggested: ") + verdictLabel(s, s.suggested));
    m_accept->setEnabled(!s.suggested.isEmpty() && s.chosen != s.suggested);
    m_override->addItem(QStringLiteral("Choose a verdict…"), QString());
    for (const PlaybookVerdictOption &v : s.verdicts)
        m_override->addItem(v.label, v.id);
    m_override->addItem(QStringLiteral("Undecided"), QString());
    if (!s.chosen.isEmpty()) {
        m_verdict->setText(QStringLiteral("Your verdict: %1%2")
                               .arg(verdictLabel(s, s.chosen), s.overridden ? QStringLiteral(" (overrides the suggestion)") : QString()));
    } else {
        m_verdict->setText(QStringLiteral("No verdict yet."));
    }
}

} // namespace gateline
