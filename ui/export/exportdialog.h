// File > Export...: choose the formats, the time range (all loaded data, the visible range or the
// selection) and the folder. Remembers the folder and formats (QSettings group "export"). Asks before
// replacing existing files. Run exportAll() (exporter.h) with options() and range() after exec().
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

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    // visible / selection: invalid spans disable those choices.
    ExportDialog(const TimeSpan &visible, const TimeSpan &selection, QWidget *parent = nullptr);

    ExportOptions options() const;
    // The chosen range; invalid for "all loaded data".
    TimeSpan range() const;

    void setDirectory(const QString &dir);
    void setFormats(int formats);

    void accept() override;

private:
    void updateOk();
    void browse();

    TimeSpan m_visible, m_selection;
    QMap<int, QCheckBox *> m_formats;
    QRadioButton *m_all = nullptr;
    QRadioButton *m_visibleRange = nullptr;
    QRadioButton *m_selectionRange = nullptr;
    QLineEdit *m_dir = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace gateline
