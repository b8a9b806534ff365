// One hop's source panes, in a column of the panes' splitter: tabs while every tab's whole label
// fits the column's width, else a source selector (a drop-down of the panes' whole titles), so
// that seven ingress formats in a 400-px column never become seven clipped "T…" tabs. Both pick
// the pane shown in the same stack; which one shows is decided again on every resize.
#pragma once

#include <QComboBox>
#include <QWidget>

class QStackedWidget;
class QTabBar;

namespace gateline {

class SourcePane;

// A drop-down whose current text elides (whole in its tooltip) instead of being cut.
class ElidingComboBox : public QComboBox
{
    Q_OBJECT
public:
    using QComboBox::QComboBox;
    QSize minimumSizeHint() const override;
    // The current text as drawn.
    QString shownText() const;

protected:
    void paintEvent(QPaintEvent *event) override;
};

class HopColumn : public QWidget
{
    Q_OBJECT
public:
    explicit HopColumn(QWidget *parent = nullptr);

    // label: the short tab label; title: the whole name (selector item and tooltips).
    void addPane(SourcePane *pane, const QString &label, const QString &title);
    int count() const;
    SourcePane *pane(int index) const;
    SourcePane *currentPane() const;
    void setCurrentPane(SourcePane *pane);
    // True when the drop-down shows instead of the tabs (the labels do not fit side by side).
    bool usesSelector() const;
    QTabBar *tabBar() const { return m_tabs; }
    ElidingComboBox *selector() const { return m_selector; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void setCurrentIndex(int index);
    void updateMode();

    QTabBar *m_tabs;
    ElidingComboBox *m_selector;
    QStackedWidget *m_stack;
};

} // namespace gateline
