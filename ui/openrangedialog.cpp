#include "openrangedialog.h"

#include "formats/albfilename.h"
#include "ingest/bundleloader.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>

namespace gateline {

namespace {
constexpr qint64 kHourUs = 3600ll * 1'000'000;

QDateTime utc(qint64 us) { return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::UTC); }

QDateTimeEdit *utcEdit(qint64 us, QWidget *parent)
{
    auto *e = new QDateTimeEdit(utc(us), parent);
    e->setTimeZone(QTimeZone::UTC);
    e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    e->setCalendarPopup(true);
    return e;
}

QLabel *plainLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText); // file names come from the input
    l->setWordWrap(true);
    return l;
}
} // namespace

OpenRangeDialog::AlbSpan OpenRangeDialog::scan(const QStringList &paths)
{
    AlbSpan span;
    const QStringList files = BundleLoader::expandInputs(paths, nullptr);
    span.files = int(files.size());
    for (const QString &f : files) {
        const AlbFileName name = parseAlbFileName(f);
        if (!name.valid)
            continue;
        span.starts.append(name.startUs());
        span.firstUs = span.starts.size() == 1 ? name.startUs() : std::min(span.firstUs, name.startUs());
        span.lastUs = span.starts.size() == 1 ? name.endUs : std::max(span.lastUs, name.endUs);
    }
    std::sort(span.starts.begin(), span.starts.end());
    return span;
}

bool OpenRangeDialog::worthAsking(const AlbSpan &span)
{
    return span.albFiles() >= 24 && span.spanUs() > 2 * kHourUs;
}

bool OpenRangeDialog::ask(QWidget *parent, const QStringList &paths, IngestRange *range)
{
    *range = {};
    const AlbSpan span = scan(paths);
    if (!worthAsking(span))
        return true;
    OpenRangeDialog dialog(span, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *range = dialog.range();
    return true;
}

OpenRangeDialog::OpenRangeDialog(const AlbSpan &span, QWidget *parent)
    : QDialog(parent)
    , m_span(span)
{
    setWindowTitle(QStringLiteral("Open a Time Range"));
    setMinimumWidth(480);
    auto *layout = new QVBoxLayout(this);
    const double hours = double(span.spanUs()) / double(kHourUs);
    layout->addWidget(plainLabel(QStringLiteral("These logs hold %1 AWS ALB files (of %2 files) covering %3 to %4 UTC, "
                                                "%5 hours. Reading only the incident's range is much faster: files outside "
                                                "it are not even decompressed.")
                                     .arg(span.albFiles())
                                     .arg(span.files)
                                     .arg(utc(span.firstUs).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                          utc(span.lastUs).toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                                     .arg(hours, 0, 'f', 1),
                                 this));
    // Default: the last hour the files cover, a typical place to start.
    m_from = utcEdit(std::max(span.firstUs, span.lastUs - kHourUs), this);
    m_until = utcEdit(span.lastUs, this);
    for (QDateTimeEdit *e : {m_from, m_until})
        e->setDateTimeRange(utc(span.firstUs), utc(span.lastUs));
    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&From:"), m_from);
    form->addRow(QStringLiteral("&Until:"), m_until);
    layout->addLayout(form);
    m_count = plainLabel(QString(), this);
    layout->addWidget(m_count);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *openRange = buttons->addButton(QStringLiteral("Open &Range"), QDialogButtonBox::AcceptRole);
    QPushButton *everything = buttons->addButton(QStringLiteral("Open &Everything"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    openRange->setObjectName(QStringLiteral("openRange"));
    everything->setObjectName(QStringLiteral("openEverything"));
    openRange->setDefault(true);
    connect(openRange, &QPushButton::clicked, this, [this] { m_everything = false; });
    connect(everything, &QPushButton::clicked, this, [this] { m_everything = true; });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, [this, openRange] {
        updateCount();
        openRange->setEnabled(m_from->dateTime() < m_until->dateTime());
    });
    connect(m_until, &QDateTimeEdit::dateTimeChanged, this, [this, openRange] {
        updateCount();
        openRange->setEnabled(m_from->dateTime() < m_until->dateTime());
    });
    updateCount();
}

IngestRange OpenRangeDialog::range() const
{
    IngestRange r;
    if (m_everything)
        return r;
    r.fromUs = m_from->dateTime().toMSecsSinceEpoch() * 1000;
    r.untilUs = m_until->dateTime().toMSecsSinceEpoch() * 1000;
    return r;
}

int OpenRangeDialog::albFilesInRange() const
{
    IngestRange r;
    r.fromUs = m_from->dateTime().toMSecsSinceEpoch() * 1000;
    r.untilUs = m_until->dateTime().toMSecsSinceEpoch() * 1000;
    constexpr qint64 kWindow = AlbFileName::kWindowUs;
    return int(std::count_if(m_span.starts.cbegin(), m_span.starts.cend(),
                             [&](qint64 start) { return r.overlaps(start, start + kWindow); }));
}

void OpenRangeDialog::updateCount()
{
    if (m_from->dateTime() >= m_until->dateTime()) {
        m_count->setText(QStringLiteral("The range is empty: From must come before Until."));
        return;
    }
    const int other = m_span.files - m_span.albFiles();
    m_count->setText(QStringLiteral("%1 of the %2 ALB files will be read.%3")
                         .arg(albFilesInRange())
                         .arg(m_span.albFiles())
                         .arg(other == 1   ? QStringLiteral(" The other file is read if its first and last lines fall in "
                                                                "the range (Kubernetes events and pods always are).")
                              : other > 1 ? QStringLiteral(" The %1 other files are read if their first and last lines "
                                                           "fall in the range (Kubernetes events and pods always are).")
                                                .arg(other)
                                          : QString()));
}

} // namespace gateline
