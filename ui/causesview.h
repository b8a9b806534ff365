// The "Causes" tab: the playbook's root causes ranked by the loaded data (score, the evidence
// behind each, which jumps to the timeline) and the fix snippets of the selected cause. The top
// of the window's verdict header leads here.
#pragma once

#include "playbookview.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace gateline {

class CausesView : public QWidget
{
    Q_OBJECT
public:
    explicit CausesView(QWidget *parent = nullptr);

    void setCauses(const QList<PlaybookCauseView> &causes, const QString &placeholder = {});
    // Selects and expands the best-ranked cause.
    void showTopCause();
    QTreeWidget *tree() const { return m_tree; }
    QPlainTextEdit *snippet() const { return m_fixCode; }

Q_SIGNALS:
    void jumpRequested(gateline::TimeSpan span);

private:
    void showItem(QTreeWidgetItem *item);

    QTreeWidget *m_tree;
    QLabel *m_fixTitle;
    QPlainTextEdit *m_fixCode;
    KSyntaxHighlighting::SyntaxHighlighter *m_fixHighlighter;
};

} // namespace gateline
