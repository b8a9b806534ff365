// File > Export...: choose the formats, the time range and the folder. The ranges offered are the
// whole bundle, the visible range (the shared time range every view follows), the selection and the
// range pinned with Timeline ▸ Pin Range; the default follows the shared time range: the selection
// when there is one, else the visible range (the whole bundle when the view shows all of it).
// Remembers the folder and formats (QSettings group "export"). Asks before replacing existing files.
// Run the export (exportjob.h) with options() and range() after exec().
#pragma once

#include "export/exportfiles.h"
#include "timerange/timemapping.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QRadioButton;

namespace gateline {

// The ranges the dialog offers; an invalid span disables its choice.
struct ExportRanges {
    TimeSpan bounds;    // all loaded data
    TimeSpan visible;   // the shared time range
    TimeSpan selection;
    TimeSpan pinned;    // Timeline ▸ Pin Range
};

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    enum RangeChoice { WholeBundle, VisibleRange, Selection, PinnedRange };
    Q_ENUM(RangeChoice)

    explicit ExportDialog(const ExportRanges &ranges, QWidget *parent = nullptr);
    // visible / selection: invalid spans disable those choices (no pin).
    ExportDialog(const TimeSpan &visible, const TimeSpan &selection, QWidget *parent = nullptr);

    ExportOptions options() const;
    // The chosen range; invalid for "all loaded data".
    TimeSpan range() const;
    RangeChoice rangeChoice() const;
    void setRangeChoice(RangeChoice choice);
    QRadioButton *rangeButton(RangeChoice choice) const;

    void setDirectory(const QString &dir);
    void setFormats(int formats);

    void accept() override;

private:
    void updateOk();
    void browse();

    ExportRanges m_ranges;
    QMap<int, QCheckBox *> m_formats;
    QMap<int, QRadioButton *> m_rangeButtons;
    QLineEdit *m_dir = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace gateline
