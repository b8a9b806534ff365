#include "playbookview.h"

#include "syntaxsupport.h"

#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gateline {

namespace {
constexpr int SpanFromRole = Qt::UserRole + 1;
constexpr int SpanToRole = Qt::UserRole + 2;
constexpr int FixRole = Qt::UserRole + 3;

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

QString languageName(const QString &lang)
{
    const QString l = lang.toLower();
    if (l == QLatin1String("yaml") || l == QLatin1String("yml"))
        return QStringLiteral("YAML");
    if (l == QLatin1String("go"))
        return QStringLiteral("Go");
    if (l == QLatin1String("bash") || l == QLatin1String("sh") || l == QLatin1String("shell"))
        return QStringLiteral("Bash");
    if (l == QLatin1String("javascript") || l == QLatin1String("js"))
        return QStringLiteral("JavaScript");
    if (l == QLatin1String("json"))
        return QStringLiteral("JSON");
    return lang;
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
    , m_causeTree(new QTreeWidget(this))
    , m_fixCode(new QPlainTextEdit(this))
    , m_fixHighlighter(new KSyntaxHighlighting::SyntaxHighlighter(m_fixCode->document()))
{
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_title->setFont(big);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_evidence->setWordWrap(true);
    m_evidence->setMinimumHeight(70);
    m_evidence->setMaximumHeight(130);
    m_evidence->setToolTip(QStringLiteral("Double-click a line to see it on the timeline"));
    m_accept->setToolTip(QStringLiteral("Accept the verdict the evidence suggests (undo with Ctrl+Z)"));
    m_override->setToolTip(QStringLiteral("Choose another verdict (undo with Ctrl+Z)"));
    m_override->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
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
    d->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(detail);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    // Steps on top, the selected step below with the whole width, the ranked causes at the bottom.
    m_stepList->setMinimumHeight(60);
    m_causeTree->setColumnCount(2);
    m_causeTree->setHeaderLabels({QStringLiteral("Ranked causes"), QStringLiteral("Score")});
    m_causeTree->header()->setStretchLastSection(false);
    m_causeTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_causeTree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_causeTree->setMinimumWidth(220);
    m_causeTree->setWordWrap(true);
    m_fixCode->setReadOnly(true);
    m_fixCode->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fixCode->setPlaceholderText(QStringLiteral("Select a fix to see its snippet"));
    m_fixHighlighter->setTheme(syntaxThemeFor(palette()));
    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_causeTree);
    bottom->addWidget(m_fixCode);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);

    auto *outer = new QSplitter(Qt::Vertical, this);
    outer->addWidget(m_stepList);
    outer->addWidget(scroll);
    outer->addWidget(bottom);
    outer->setStretchFactor(0, 1);
    outer->setStretchFactor(1, 5);
    outer->setStretchFactor(2, 1);
    outer->setSizes({95, 640, 110});
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
    connect(m_causeTree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const TimeSpan s{item->data(0, SpanFromRole).toLongLong(), item->data(0, SpanToRole).toLongLong()};
        if (s.isValid())
            Q_EMIT jumpRequested(s);
    });
    connect(m_causeTree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item || !item->data(0, FixRole).isValid())
            return;
        const QStringList fix = item->data(0, FixRole).toStringList();
        m_fixHighlighter->setDefinition(syntaxRepository().definitionForName(languageName(fix.value(0))));
        m_fixCode->setPlainText(fix.value(1));
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
        state = QStringLiteral("… not decided");
    return QStringLiteral("%1. %2\n%3").arg(s.number).arg(s.title, state);
}

void PlaybookView::setSteps(const QList<PlaybookStepView> &steps)
{
    const QString current = currentStep();
    m_steps = steps;
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
        m_question->setText(QStringLiteral("Open a bundle to walk the playbook with the evidence it holds."));
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

void PlaybookView::setCauses(const QList<PlaybookCauseView> &causes, const QString &placeholder)
{
    m_causes = causes;
    m_causeTree->clear();
    m_fixCode->clear();
    if (causes.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_causeTree, {placeholder.isEmpty() ? QStringLiteral("No ranking yet") : placeholder});
        item->setFlags(Qt::ItemIsEnabled);
        item->setForeground(0, palette().brush(QPalette::PlaceholderText));
        return;
    }
    for (const PlaybookCauseView &c : causes) {
        auto *item = new QTreeWidgetItem(m_causeTree, {c.title.isEmpty() ? c.id : c.title,
                                                       QStringLiteral("%1%").arg(qRound(c.score * 100))});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        for (const PlaybookEvidenceView &e : c.evidence) {
            auto *child = new QTreeWidgetItem(item, {e.text});
            child->setData(0, SpanFromRole, e.span.fromUs);
            child->setData(0, SpanToRole, e.span.toUs);
        }
        for (const PlaybookSnippetView &f : c.fixes) {
            auto *child = new QTreeWidgetItem(item, {QStringLiteral("Fix: ") + f.title});
            child->setData(0, FixRole, QStringList{f.language, f.code});
        }
    }
}

} // namespace gateline
