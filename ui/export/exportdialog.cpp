#include "exportdialog.h"

#include "export/postmortem.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace gateline {

namespace {
QString spanLabel(const TimeSpan &s)
{
    return QStringLiteral("%1 to %2 UTC").arg(postmortemTime(s.fromUs), postmortemTime(s.toUs));
}
} // namespace

ExportDialog::ExportDialog(const TimeSpan &visible, const TimeSpan &selection, QWidget *parent)
    : QDialog(parent)
    , m_visible(visible)
    , m_selection(selection)
{
    setWindowTitle(tr("Export"));
    auto *layout = new QVBoxLayout(this);

    auto *formats = new QGroupBox(tr("Formats"), this);
    auto *fl = new QVBoxLayout(formats);
    for (ExportFormat f : exportFormats()) {
        auto *box = new QCheckBox(QStringLiteral("%1 \u2014 %2").arg(exportFormatLabel(f), exportFileName(f)), formats);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &ExportDialog::updateOk);
        fl->addWidget(box);
        m_formats.insert(f, box);
    }
    layout->addWidget(formats);

    auto *range = new QGroupBox(tr("Time range"), this);
    auto *rl = new QVBoxLayout(range);
    m_all = new QRadioButton(tr("All loaded data"), range);
    m_visibleRange = new QRadioButton(visible.isValid() ? tr("Visible range: %1").arg(spanLabel(visible)) : tr("Visible range"), range);
    m_selectionRange = new QRadioButton(selection.isValid() ? tr("Selection: %1").arg(spanLabel(selection)) : tr("Selection (none)"),
                                        range);
    m_visibleRange->setEnabled(visible.isValid());
    m_selectionRange->setEnabled(selection.isValid());
    (selection.isValid() ? m_selectionRange : m_all)->setChecked(true);
    rl->addWidget(m_all);
    rl->addWidget(m_visibleRange);
    rl->addWidget(m_selectionRange);
    layout->addWidget(range);

    auto *folder = new QHBoxLayout;
    m_dir = new QLineEdit(this);
    m_dir->setPlaceholderText(tr("Folder for the exported files"));
    connect(m_dir, &QLineEdit::textChanged, this, &ExportDialog::updateOk);
    auto *browseButton = new QPushButton(tr("Browse\u2026"), this);
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    folder->addWidget(m_dir, 1);
    folder->addWidget(browseButton);
    auto *form = new QFormLayout;
    form->addRow(tr("Folder:"), folder);
    layout->addLayout(form);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    layout->addWidget(m_buttons);

    QSettings settings;
    settings.beginGroup(QStringLiteral("export"));
    setDirectory(settings.value(QStringLiteral("directory"),
                                QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString());
    setFormats(settings.value(QStringLiteral("formats"), int(ExportAllFormats)).toInt());
    updateOk();
}

void ExportDialog::setDirectory(const QString &dir)
{
    m_dir->setText(QDir::toNativeSeparators(dir));
}

void ExportDialog::setFormats(int formats)
{
    for (auto it = m_formats.cbegin(); it != m_formats.cend(); ++it)
        it.value()->setChecked(formats & it.key());
    updateOk();
}

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    o.directory = QDir::fromNativeSeparators(m_dir->text().trimmed());
    o.formats = 0;
    for (auto it = m_formats.cbegin(); it != m_formats.cend(); ++it)
        if (it.value()->isChecked())
            o.formats |= it.key();
    return o;
}

TimeSpan ExportDialog::range() const
{
    if (m_selectionRange->isChecked())
        return m_selection;
    if (m_visibleRange->isChecked())
        return m_visible;
    return {};
}

void ExportDialog::updateOk()
{
    const ExportOptions o = options();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(o.formats != 0 && !o.directory.isEmpty());
}

void ExportDialog::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export to folder"), m_dir->text());
    if (!dir.isEmpty())
        setDirectory(dir);
}

void ExportDialog::accept()
{
    const ExportOptions o = options();
    QStringList existing;
    for (ExportFormat f : exportFormats())
        if ((o.formats & f) && QFileInfo::exists(QDir(o.directory).filePath(exportFileName(f))))
            existing << exportFileName(f);
    if (!existing.isEmpty()
        && QMessageBox::question(this, tr("Replace files?"),
                                 tr("The folder already holds %1. Replace them?").arg(existing.join(QStringLiteral(", "))),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
               != QMessageBox::Yes)
        return;
    QSettings settings;
    settings.beginGroup(QStringLiteral("export"));
    settings.setValue(QStringLiteral("directory"), o.directory);
    settings.setValue(QStringLiteral("formats"), o.formats);
    QDialog::accept();
}

} // namespace gateline
