#include "hopcolumn.h"

#include "sourcepane.h"

#include <QStackedWidget>
#include <QStyleOptionComboBox>
#include <QStylePainter>
#include <QTabBar>
#include <QVBoxLayout>

namespace gateline {

QSize ElidingComboBox::minimumSizeHint() const
{
    // A few characters: the text elides, it never widens the column.
    QSize s = QComboBox::minimumSizeHint();
    s.setWidth(std::min(s.width(), fontMetrics().horizontalAdvance(QLatin1Char('x')) * 8 + 40));
    return s;
}

QString ElidingComboBox::shownText() const
{
    QStyleOptionComboBox opt;
    initStyleOption(&opt);
    const QRect r = style()->subControlRect(QStyle::CC_ComboBox, &opt, QStyle::SC_ComboBoxEditField, this);
    return fontMetrics().elidedText(currentText(), Qt::ElideRight, r.width());
}

void ElidingComboBox::paintEvent(QPaintEvent *)
{
    QStylePainter p(this);
    QStyleOptionComboBox opt;
    initStyleOption(&opt);
    p.drawComplexControl(QStyle::CC_ComboBox, opt);
    opt.currentText = shownText();
    p.drawControl(QStyle::CE_ComboBoxLabel, opt);
}

HopColumn::HopColumn(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabBar(this))
    , m_selector(new ElidingComboBox(this))
    , m_stack(new QStackedWidget(this))
{
    m_tabs->setDocumentMode(true);
    m_tabs->setExpanding(false);
    m_tabs->setElideMode(Qt::ElideNone); // whole labels, or the selector instead
    m_tabs->setUsesScrollButtons(false);
    // The whole labels' width is what decides tabs or selector, never the column's minimum width.
    m_tabs->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_tabs->setObjectName(QStringLiteral("hopTabBar"));
    m_selector->setObjectName(QStringLiteral("hopSelector"));
    m_selector->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_selector->setMinimumContentsLength(6);
    m_selector->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_selector->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tabs);
    layout->addWidget(m_selector);
    layout->addWidget(m_stack, 1);
    connect(m_tabs, &QTabBar::currentChanged, this, &HopColumn::setCurrentIndex);
    connect(m_selector, &QComboBox::currentIndexChanged, this, &HopColumn::setCurrentIndex);
}

void HopColumn::addPane(SourcePane *pane, const QString &label, const QString &title)
{
    const int i = m_stack->addWidget(pane);
    {
        const QSignalBlocker blockTabs(m_tabs), blockSelector(m_selector);
        m_tabs->addTab(label);
        m_tabs->setTabToolTip(i, title);
        m_selector->addItem(title);
        m_selector->setItemData(i, title, Qt::ToolTipRole);
        m_tabs->setCurrentIndex(m_stack->currentIndex());
        m_selector->setCurrentIndex(m_stack->currentIndex());
    }
    m_selector->setToolTip(m_selector->currentText());
    updateMode();
}

int HopColumn::count() const
{
    return m_stack->count();
}

SourcePane *HopColumn::pane(int index) const
{
    return qobject_cast<SourcePane *>(m_stack->widget(index));
}

SourcePane *HopColumn::currentPane() const
{
    return qobject_cast<SourcePane *>(m_stack->currentWidget());
}

void HopColumn::setCurrentPane(SourcePane *pane)
{
    const int i = m_stack->indexOf(pane);
    if (i >= 0)
        setCurrentIndex(i);
}

void HopColumn::setCurrentIndex(int index)
{
    if (index < 0 || index >= m_stack->count())
        return;
    m_stack->setCurrentIndex(index);
    const QSignalBlocker blockTabs(m_tabs), blockSelector(m_selector);
    m_tabs->setCurrentIndex(index);
    m_selector->setCurrentIndex(index);
    m_selector->setToolTip(m_selector->currentText());
}

bool HopColumn::usesSelector() const
{
    return m_selector->isVisibleTo(this);
}

void HopColumn::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateMode();
}

void HopColumn::updateMode()
{
    // Tabs only while all of them show their whole labels side by side.
    const bool fits = m_tabs->sizeHint().width() <= width();
    m_tabs->setVisible(fits);
    m_selector->setVisible(!fits);
}

} // namespace gateline
