// Paints rows by severity (502s, 5xx, warnings: a tinted background readable in light and dark
// palettes) and shows tooltips as escaped plain text: log text is never interpreted as markup.
#pragma once

#include <QStyledItemDelegate>

namespace gateline {

class SeverityDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    // severityRole: the model's role giving SourceTableModel::Severity-like ints (0 = none).
    explicit SeverityDelegate(int severityRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // Escapes text for QToolTip, which would otherwise guess that "<b>..." is rich text.
    static QString plainToolTip(const QString &text);

private:
    int m_role;
};

} // namespace gateline
