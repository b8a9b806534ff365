#include "workbenchactions.h"

#include <QActionGroup>
#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QStyle>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <QUndoStack>

#include <memory>

namespace gateline {

namespace {
QAction *make(QObject *parent, const QString &text, const QList<QKeySequence> &keys, const QString &tip = {},
              QStyle::StandardPixmap icon = QStyle::SP_CustomBase)
{
    auto *a = new QAction(text, parent);
    a->setShortcuts(keys);
    QString t = tip.isEmpty() ? QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")) : tip;
    if (!keys.isEmpty())
        t += QStringLiteral(" (%1)").arg(keys.first().toString(QKeySequence::NativeText));
    a->setToolTip(t);
    a->setStatusTip(t);
    if (icon != QStyle::SP_CustomBase)
        a->setIcon(QApplication::style()->standardIcon(icon));
    return a;
}
} // namespace

WorkbenchActions::WorkbenchActions(QMainWindow *window, QUndoStack *undoStack)
    : QObject(window)
{
    open = make(this, QStringLiteral("&Open…"), {QKeySequence::Open}, QStringLiteral("Open log files, archives or an investigation"),
                QStyle::SP_DialogOpenButton);
    openFolder = make(this, QStringLiteral("Open &Folder…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
                      QStringLiteral("Open a folder of logs"), QStyle::SP_DirOpenIcon);
    save = make(this, QStringLiteral("&Save Investigation"), {QKeySequence::Save}, {}, QStyle::SP_DialogSaveButton);
    saveAs = make(this, QStringLiteral("Save Investigation &As…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)});
    closeBundle = make(this, QStringLiteral("&Close"), {QKeySequence(Qt::CTRL | Qt::Key_W)}, QStringLiteral("Close the investigation"));
    quit = make(this, QStringLiteral("&Quit"), {QKeySequence(Qt::CTRL | Qt::Key_Q)});
    quit->setMenuRole(QAction::QuitRole);

    undo = undoStack->createUndoAction(this, QStringLiteral("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    redo = undoStack->createRedoAction(this, QStringLiteral("&Redo"));
    redo->setShortcuts(QKeySequence::Redo);
    filter = make(this, QStringLiteral("&Filter Rows"), {QKeySequence::Find}, QStringLiteral("Filter the current source pane"));
    pinNote = make(this, QStringLiteral("&Pin Note…"), {QKeySequence(Qt::CTRL | Qt::Key_M)},
                   QStringLiteral("Pin a note to the cursor or the selection"));

    zoomIn = make(this, QStringLiteral("Zoom &In"), {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence::ZoomIn});
    zoomOut = make(this, QStringLiteral("Zoom &Out"), {QKeySequence(Qt::Key_Minus), QKeySequence::ZoomOut});
    back = make(this, QStringLiteral("&Back"), {QKeySequence(Qt::Key_Backspace), QKeySequence::Back},
                QStringLiteral("Back to the previous zoom"), QStyle::SP_ArrowBack);
    resetZoom = make(this, QStringLiteral("&Reset Zoom"), {QKeySequence(Qt::CTRL | Qt::Key_0)}, QStringLiteral("Show the whole range"));
    zoomToSelection = make(this, QStringLiteral("Zoom to &Selection"), {QKeySequence(Qt::Key_Z)});
    pinRange = make(this, QStringLiteral("&Pin Range for the Panes"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
                    QStringLiteral("Keep the source panes on the selected range (else the chart's range) while the chart "
                                   "zooms and pans; again to unpin"));
    pinRange->setCheckable(true);
    pinRange->setEnabled(false);
    clearSelection = make(this, QStringLiteral("C&lear Selection"), {QKeySequence(Qt::SHIFT | Qt::Key_Escape)});
    escape = make(this, QStringLiteral("&Cancel Loading or Realigning, or Clear Selection"), {QKeySequence(Qt::Key_Escape)},
                  QStringLiteral("Stop loading (keeping what was read) or realigning (undoing the edit); otherwise clear the selection"));
    cancelLoading = make(this, QStringLiteral("&Cancel Loading"), {},
                         QStringLiteral("Stop loading and keep what was read (Esc)"), QStyle::SP_BrowserStop);
    cancelLoading->setVisible(false);
    analyseAgain = make(this, QStringLiteral("&Analyse Again"), {QKeySequence(Qt::CTRL | Qt::Key_R)},
                        QStringLiteral("Run the analysis that was stopped on the records loaded (Ctrl+R)"),
                        QStyle::SP_BrowserReload);
    analyseAgain->setVisible(false);

    themeGroup = new QActionGroup(this);
    themeSystem = make(this, QStringLiteral("Follow &System"), {});
    themeLight = make(this, QStringLiteral("&Light"), {});
    themeDark = make(this, QStringLiteral("&Dark"), {});
    for (QAction *a : {themeSystem, themeLight, themeDark}) {
        a->setCheckable(true);
        themeGroup->addAction(a);
    }
    shortcuts = make(this, QStringLiteral("&Keyboard Shortcuts"), {QKeySequence::HelpContents});
    about = make(this, QStringLiteral("&About Gateline"), {});
    about->setMenuRole(QAction::AboutRole);

    exportFiles = make(this, QStringLiteral("&Export…"), {QKeySequence(Qt::CTRL | Qt::Key_E)},
                       QStringLiteral("Write the postmortem draft, timeline CSV/JSON, chart images and an HTML report"));
    capture = make(this, QStringLiteral("&Capture from Cluster…"), {},
                   QStringLiteral("Capture Kubernetes events and pods before the cluster forgets them"));

    setCaptureTime = make(this, QStringLiteral("Set Capture &Time…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)},
                          QStringLiteral("Correct when kubectl events or describe output was captured: its ages count back from it"));
    setCaptureTime->setEnabled(false);

    prometheus = make(this, QStringLiteral("&Prometheus Series…"), {},
                      QStringLiteral("Draw a PromQL range query (e.g. the 502 rate) over the visible range"));

    QMenuBar *bar = window->menuBar();
    QMenu *file = bar->addMenu(QStringLiteral("&File"));
    file->addActions({open, openFolder});
    recentMenu = file->addMenu(QStringLiteral("Open &Recent"));
    file->addSeparator();
    file->addActions({save, saveAs});
    file->addSeparator();
    file->addActions({exportFiles, capture});
    file->addSeparator();
    file->addActions({closeBundle, quit});
    QMenu *edit = bar->addMenu(QStringLiteral("&Edit"));
    edit->addActions({undo, redo});
    edit->addSeparator();
    edit->addActions({filter, pinNote});
    QMenu *time = bar->addMenu(QStringLiteral("&Timeline"));
    time->addActions({zoomIn, zoomOut, back, resetZoom, zoomToSelection});
    time->addAction(pinRange);
    time->addSeparator();
    time->addAction(prometheus);
    time->addAction(setCaptureTime);
    time->addAction(analyseAgain);
    time->addSeparator();
    time->addActions({clearSelection, escape});
    viewMenu = bar->addMenu(QStringLiteral("&View"));
    QMenu *theme = viewMenu->addMenu(QStringLiteral("&Theme"));
    theme->addActions({themeSystem, themeLight, themeDark});
    viewMenu->addSeparator();
    QMenu *help = bar->addMenu(QStringLiteral("&Help"));
    help->addActions({shortcuts, about});

    auto *tools = window->addToolBar(QStringLiteral("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addActions({open, openFolder, save});
    tools->addSeparator();
    tools->addActions({back, resetZoom, zoomToSelection});
    tools->addSeparator();
    tools->addAction(cancelLoading);
    tools->addAction(analyseAgain);
    viewMenu->addAction(tools->toggleViewAction());
}

void WorkbenchActions::showShortcuts(QWidget *parent) const
{
    std::unique_ptr<QDialog> dialog(makeShortcutsDialog(parent));
    dialog->exec();
}

QDialog *WorkbenchActions::makeShortcutsDialog(QWidget *parent) const
{
    QList<QPair<QString, QString>> rows;
    for (QAction *a : {open, openFolder, save, closeBundle, undo, redo, filter, pinNote, zoomIn, zoomOut, back, resetZoom,
                       zoomToSelection, pinRange, escape, clearSelection, setCaptureTime, analyseAgain})
        rows.append({a->shortcut().toString(QKeySequence::NativeText), a->text().remove(QLatin1Char('&'))});
    rows.append({QStringLiteral("Wheel"), QStringLiteral("Zoom the timeline at the pointer (Shift+wheel pans)")});
    rows.append({QStringLiteral("Drag"), QStringLiteral("Zoom to a range")});
    rows.append({QStringLiteral("Shift+drag"), QStringLiteral("Select a range (filters the panes)")});
    rows.append({QStringLiteral("Right-drag"), QStringLiteral("Pan; right-click: menu")});
    rows.append({QStringLiteral("Left / Right"), QStringLiteral("Pan")});
    rows.append({QStringLiteral("Click"), QStringLiteral("Go to this moment in every pane")});
    // A two-column table sized to its content: keys and actions never run into each other.
    auto *d = new QDialog(parent);
    QDialog &dialog = *d;
    dialog.setObjectName(QStringLiteral("shortcutsDialog"));
    dialog.setWindowTitle(QStringLiteral("Keyboard shortcuts"));
    auto *table = new QTableWidget(int(rows.size()), 2, &dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({QStringLiteral("Keys"), QStringLiteral("Does")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setWordWrap(false);
    for (int r = 0; r < rows.size(); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        table->setItem(r, 1, new QTableWidgetItem(rows[r].second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    const int w = table->columnWidth(0) + table->columnWidth(1) + 2 * table->frameWidth() + 40;
    const int h = table->horizontalHeader()->height() + rows.size() * table->rowHeight(0) + 2 * table->frameWidth() + 60;
    dialog.resize(w, std::min(h + buttons->sizeHint().height(), 700));
    return d;
}

} // namespace gateline
