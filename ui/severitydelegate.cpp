#include "severitydelegate.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace gateline {

SeverityDelegate::SeverityDelegate(int severityRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_role(severityRole)
{
}

void SeverityDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int severity = m_role > 0 ? index.data(m_role).toInt() : 0;
    if (severity > 1 && !(option.state & QStyle::State_Selected)) { // 1 (4xx, notices) stays plain
        const bool dark = option.palette.color(QPalette::Base).lightness() < 128;
        QColor c;
        switch (severity) {
        case 2: c = dark ? QColor(0xbb, 0x80, 0x09) : QColor(0xd4, 0xa7, 0x2c); c.setAlpha(dark ? 70 : 70); break; // warning
        case 3: c = dark ? QColor(0xda, 0x36, 0x33) : QColor(0xff, 0x81, 0x82); c.setAlpha(dark ? 70 : 90); break; // error
        default: c = dark ? QColor(0xf8, 0x51, 0x49) : QColor(0xff, 0x5c, 0x5c); c.setAlpha(dark ? 110 : 120); break; // critical
        }
        painter->fillRect(option.rect, c);
    }
    QStyledItemDelegate::paint(painter, option, index);
}

QString SeverityDelegate::plainToolTip(const QString &text)
{
    if (text.isEmpty())
        return text;
    // Rich text with everything escaped shows exactly the characters of the log line.
    return QStringLiteral("<p style='white-space:pre-wrap'>") + text.left(4000).toHtmlEscaped() + QStringLiteral("</p>");
}

bool SeverityDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                 const QModelIndex &index)
{
    if (!event || !view || event->type() != QEvent::ToolTip)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QString tip = index.data(Qt::ToolTipRole).toString();
    if (tip.isEmpty()) {
        // A cell cut short (elided) shows its whole text.
        const QString text = index.data(Qt::DisplayRole).toString();
        if (!text.isEmpty() && option.fontMetrics.horizontalAdvance(text) > option.rect.width() - 8)
            tip = text;
    }
    if (tip.isEmpty()) {
        QToolTip::hideText();
        return true;
    }
    QToolTip::showText(event->globalPos(), plainToolTip(tip), view, option.rect);
    return true;
}

} // namespace gateline
