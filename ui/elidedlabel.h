// A one-line plain-text label that elides what does not fit (right, or in the middle) and then
// shows the whole text as its tooltip. It never asks for more width than a few characters, so a
// long title or message can never widen a pane, a dock or the window.
#pragma once

#include <QFrame>

namespace gateline {

class ElidedLabel : public QFrame
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr, Qt::TextElideMode mode = Qt::ElideRight);

    void setText(const QString &text);
    QString text() const { return m_text; }
    // The tooltip shown when the text is elided (the text itself if empty).
    void setFullText(const QString &full);
    bool isElided() const;
    QString shownText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateToolTip();

    QString m_text;
    QString m_full;
    Qt::TextElideMode m_mode;
};

} // namespace gateline
