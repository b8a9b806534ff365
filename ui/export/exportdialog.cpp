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

// The whole bundle shown (or no bounds known): the visible range adds nothing to "all".
bool showsEverything(const TimeSpan &visible, const TimeSpan &bounds)
{
    return !visible.isValid() || (bounds.isValid() && visible.fromUs <= bounds.fromUs && visible.toUs >= bounds.toUs);
}
} // namespace

ExportDialog::ExportDialog(const TimeSpan &visible, const TimeSpan &selection, QWidget *parent)
    : ExportDialog(ExportRanges{{}, visible, selection, {}}, parent)
{
}

ExportDialog::ExportDialog(const ExportRanges &ranges, QWidget *parent)
    : QDialog(parent)
    , m_ranges(ranges)
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
    const auto add = [&](RangeChoice choice, const QString &label, const TimeSpan &span, const QString &none) {
        auto *b = new QRadioButton(span.isValid() ? QStringLiteral("%1: %2").arg(label, spanLabel(span)) : none, range);
        b->setObjectName(QStringLiteral("exportRange%1").arg(int(choice)));
        b->setEnabled(span.isValid() || choice == WholeBundle);
        rl->addWidget(b);
        m_rangeButtons.insert(choice, b);
    };
    add(WholeBundle, tr("Whole bundle"), ranges.bounds, tr("Whole bundle (all loaded data)"));
    add(VisibleRange, tr("Visible range"), ranges.visible, tr("Visible range"));
    add(Selection, tr("Selection"), ranges.selection, tr("Selection (none)"));
    add(PinnedRange, tr("Pinned range"), ranges.pinned, tr("Pinned range (none: Timeline \u25B8 Pin Range)"));
    // The default follows the shared time range: what the views show.
    if (ranges.selection.isValid())
        setRangeChoice(Selection);
    else if (!showsEverything(ranges.visible, ranges.bounds))
        setRangeChoice(VisibleRange);
    else
        setRangeChoice(WholeBundle);
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

ExportDialog::RangeChoice ExportDialog::rangeChoice() const
{
    for (auto it = m_rangeButtons.cbegin(); it != m_rangeButtons.cend(); ++it)
        if (it.value()->isChecked())
            return RangeChoice(it.key());
    return WholeBundle;
}

void ExportDialog::setRangeChoice(RangeChoice choice)
{
    if (QRadioButton *b = m_rangeButtons.value(choice); b && b->isEnabled())
        b->setChecked(true);
}

QRadioButton *ExportDialog::rangeButton(RangeChoice choice) const
{
    return m_rangeButtons.value(choice);
}

TimeSpan ExportDialog::range() const
{
    switch (rangeChoice()) {
    case Selection: return m_ranges.selection;
    case VisibleRange: return m_ranges.visible;
    case PinnedRange: return m_ranges.pinned;
    case WholeBundle: break;
    }
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
