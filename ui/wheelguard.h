// Choices a wheel must not change by passing over them: a combo box or spin box in a scrolled step
// pane takes the wheel meant for the pane (Qt sends the change as activated(), a user's choice),
// so scrolling past the playbook's verdict box recorded a verdict nobody chose. Guarded widgets take
// the wheel only once focused (clicked or tabbed to); otherwise the wheel scrolls what holds them.
#pragma once

class QWidget;

namespace gateline {

void takeWheelOnlyWhenFocused(QWidget *widget);

} // namespace gateline
