#include "causesview.h"

#include "playbook/playbookreport.h"
#include "syntaxsupport.h"

#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gateline {

namespace {
constexpr int SpanFromRole = Qt::UserRole + 1;
constexpr int SpanToRole = Qt::UserRole + 2;
constexpr int FixRole = Qt::UserRole + 3;

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

QString tip(const QString &text)
{
    return QStringLiteral("<p style='white-space:pre-wrap'>") + text.toHtmlEscaped() + QStringLiteral("</p>");
}
} // namespace

CausesView::CausesView(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_fixTitle(new QLabel(this))
    , m_fixCode(new QPlainTextEdit(this))
    , m_fixHighlighter(new KSyntaxHighlighting::SyntaxHighlighter(m_fixCode->document()))
{
    m_tree->setObjectName(QStringLiteral("causeTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({QStringLiteral("Cause (ranked by the loaded data)"), QStringLiteral("Score")});
    const QString meaning = scoreMeaning();
    m_tree->headerItem()->setToolTip(1, meaning.left(1).toUpper() + meaning.mid(1));
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->setToolTip(QStringLiteral("Double-click an evidence line to see it on the timeline; select a fix to see its snippet"));
    m_fixTitle->setTextFormat(Qt::PlainText);
    m_fixTitle->setWordWrap(true);
    m_fixCode->setReadOnly(true);
    m_fixCode->setObjectName(QStringLiteral("fixSnippet"));
    m_fixCode->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fixCode->setPlaceholderText(QStringLiteral("Select a fix (\"Fix: …\") under a cause to see its snippet here."));
    m_fixCode->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_fixHighlighter->setTheme(syntaxThemeFor(palette()));

    auto *bottom = new QWidget(this);
    auto *b = new QVBoxLayout(bottom);
    b->setContentsMargins(0, 0, 0, 0);
    b->addWidget(m_fixTitle);
    b->addWidget(m_fixCode, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split);

    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const TimeSpan s{item->data(0, SpanFromRole).toLongLong(), item->data(0, SpanToRole).toLongLong()};
        if (s.isValid())
            Q_EMIT jumpRequested(s);
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) { showItem(item); });
    showItem(nullptr);
}

void CausesView::showItem(QTreeWidgetItem *item)
{
    // The snippet box shows the selected fix, else the first fix of the selected cause: never one
    // left over from another cause or another bundle.
    QTreeWidgetItem *fix = nullptr;
    if (item && item->data(0, FixRole).isValid()) {
        fix = item;
    } else if (item) {
        QTreeWidgetItem *cause = item->parent() ? item->parent() : item;
        for (int i = 0; i < cause->childCount() && !fix; ++i)
            if (cause->child(i)->data(0, FixRole).isValid())
                fix = cause->child(i);
    }
    if (!fix) {
        m_fixTitle->setText(QStringLiteral("Fix snippets"));
        m_fixCode->clear();
        return;
    }
    const QStringList f = fix->data(0, FixRole).toStringList();
    m_fixTitle->setText(fix->text(0));
    m_fixHighlighter->setDefinition(syntaxRepository().definitionForName(languageName(f.value(0))));
    m_fixCode->setPlainText(f.value(1));
}

void CausesView::setCauses(const QList<PlaybookCauseView> &causes, const QString &placeholder)
{
    const QSignalBlocker block(m_tree);
    m_tree->clear();
    showItem(nullptr);
    if (causes.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_tree, {placeholder.isEmpty() ? QStringLiteral("No ranking yet") : placeholder});
        item->setFlags(Qt::ItemIsEnabled);
        item->setForeground(0, palette().brush(QPalette::PlaceholderText));
        return;
    }
    for (const PlaybookCauseView &c : causes) {
        const QString title = c.title.isEmpty() ? c.id : c.title;
        auto *item = new QTreeWidgetItem(m_tree, {title, c.scoreText.isEmpty() ? QString::number(c.score, 'f', 2) : c.scoreText});
        item->setToolTip(0, tip(title));
        item->setData(0, Qt::UserRole, c.id);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        for (const PlaybookEvidenceView &e : c.evidence) {
            auto *child = new QTreeWidgetItem(item, {(e.span.isValid() ? QStringLiteral("▶ ") : QStringLiteral("• ")) + e.text});
            child->setToolTip(0, tip(e.text + (e.span.isValid() ? QStringLiteral("\nDouble-click to show it on the timeline") : QString())));
            child->setData(0, SpanFromRole, e.span.fromUs);
            child->setData(0, SpanToRole, e.span.toUs);
        }
        for (const PlaybookSnippetView &f : c.fixes) {
            auto *child = new QTreeWidgetItem(item, {QStringLiteral("Fix: ") + f.title});
            child->setToolTip(0, tip(f.title));
            child->setData(0, FixRole, QStringList{f.language, f.code});
        }
    }
}

void CausesView::showTopCause()
{
    QTreeWidgetItem *top = m_tree->topLevelItem(0);
    if (!top)
        return;
    top->setExpanded(true);
    m_tree->setCurrentItem(top);
    m_tree->scrollToItem(top);
}

} // namespace gateline
