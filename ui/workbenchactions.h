// The main window's actions with their shortcuts, and the menus and toolbar built from them.
#pragma once

#include <QObject>

class QAction;
class QActionGroup;
class QDialog;
class QMainWindow;
class QMenu;
class QUndoStack;
class QWidget;

namespace gateline {

class WorkbenchActions : public QObject
{
    Q_OBJECT
public:
    WorkbenchActions(QMainWindow *window, QUndoStack *undo);
    // Lists the shortcuts and the mouse gestures of the timeline.
    void showShortcuts(QWidget *parent) const;
    // The shortcuts dialog (a two-column table sized to its content), not yet shown.
    QDialog *makeShortcutsDialog(QWidget *parent) const;

    QAction *open, *openFolder, *save, *saveAs, *exportFiles, *capture, *prometheus, *closeBundle, *quit;
    QAction *undo, *redo, *filter, *pinNote;
    QAction *zoomIn, *zoomOut, *back, *resetZoom, *zoomToSelection, *clearSelection, *escape;
    QAction *setCaptureTime; // enabled while a source has kubectl relative ages
    QAction *pinRange;       // checkable: the source panes stay on a range while the chart moves
    QAction *cancelLoading; // the toolbar's stop button: shown only while a bundle loads or a realignment runs
    QAction *analyseAgain;  // shown only while a bundle's analysis was stopped (Esc while analysing)
    QAction *themeSystem, *themeLight, *themeDark;
    QAction *shortcuts, *about;
    QMenu *recentMenu;
    QMenu *viewMenu;   // dock toggles are added by the window
    QActionGroup *themeGroup;
};

} // namespace gateline
