#include "wheelguard.h"

#include <QEvent>
#include <QWidget>

namespace gateline {

namespace {

class WheelGuard : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Wheel)
            return false;
        auto *w = qobject_cast<QWidget *>(watched);
        if (!w || w->hasFocus())
            return false;
        event->ignore(); // on to the parent: the scroll area scrolls
        return true;
    }
};

} // namespace

void takeWheelOnlyWhenFocused(QWidget *widget)
{
    widget->setFocusPolicy(Qt::StrongFocus); // not Qt::WheelFocus: the wheel alone never focuses it
    widget->installEventFilter(new WheelGuard(widget));
}

} // namespace gateline
