#include "exportjob.h"

#include "jobs/jobrunner.h"

#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMutex>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace gateline {

// What the worker has written so far, for the message after a cancel or a failure.
struct ExportJob::Shared {
    QMutex mutex;
    QStringList written;
};

QString ExportJob::channel()
{
    return QStringLiteral("export");
}

QString ExportJob::describe(Outcome outcome, const QStringList &written, int total, const QString &directory,
                            const QString &error)
{
    const QString dir = QDir::toNativeSeparators(QDir::cleanPath(directory));
    const auto files = [](qsizetype n) { return countOf(n, QLatin1StringView("file"), QLatin1StringView("files")); };
    QStringList names;
    for (const QString &p : written)
        names << QFileInfo(p).fileName();
    const QString left = written.isEmpty()
                             ? QStringLiteral("nothing was written to %1").arg(dir)
                             : QStringLiteral("%1 of %2 written to %3 (%4)")
                                   .arg(written.size())
                                   .arg(files(total), dir, names.join(QStringLiteral(", ")));
    switch (outcome) {
    case Exported: return QStringLiteral("Exported %1 to %2").arg(files(written.size()), dir);
    case Cancelled: return QStringLiteral("Export cancelled: %1.").arg(left);
    case Failed: break;
    }
    return QStringLiteral("Export failed: %1; %2.").arg(error.isEmpty() ? QStringLiteral("unknown error") : error, left);
}

ExportJob::ExportJob(JobRunner *jobs, QWidget *window)
    : QObject(window)
    , m_jobs(jobs)
{
    m_dialog = new QDialog(window);
    m_dialog->setObjectName(QStringLiteral("exportProgress"));
    m_dialog->setWindowTitle(QStringLiteral("Exporting"));
    m_dialog->setWindowModality(Qt::WindowModal);
    m_label = new QLabel(m_dialog);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setMinimumWidth(m_label->fontMetrics().horizontalAdvance(QStringLiteral("Writing timeline.json (step 7 of 7)…")) + 40);
    m_bar = new QProgressBar(m_dialog);
    m_bar->setTextVisible(false);
    m_cancel = new QPushButton(QStringLiteral("Cancel"), m_dialog);
    m_cancel->setObjectName(QStringLiteral("cancelExport"));
    m_cancel->setToolTip(QStringLiteral("Stop the export (Esc): the files already written stay, the one being written is dropped"));
    auto *layout = new QVBoxLayout(m_dialog);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_cancel);
    layout->addLayout(row);
    connect(m_cancel, &QPushButton::clicked, m_dialog, &QDialog::reject);
    // Cancel, Esc and closing the dialog all reject it.
    connect(m_dialog, &QDialog::rejected, this, &ExportJob::cancel);
    connect(m_jobs, &JobRunner::jobEnded, this, &ExportJob::jobEnded);
}

ExportJob::~ExportJob()
{
    if (m_running && m_jobs->currentId(channel()) == m_id)
        m_jobs->cancel(channel());
}

void ExportJob::start(std::shared_ptr<const PostmortemInput> input, const ExportOptions &options,
                      std::shared_ptr<const void> keepAlive)
{
    m_options = options;
    m_shared = std::make_shared<Shared>();
    m_running = true;
    m_cancelling = false;
    m_message.clear();
    showStep(0, 1, QStringLiteral("Starting"));
    m_dialog->show();
    const std::shared_ptr<Shared> shared = m_shared;
    const QPointer<ExportJob> self(this);
    m_id = m_jobs->start<ExportResult>(
        channel(),
        [input, options, keepAlive, shared, self](const JobContext &ctx) {
            ExportResult r = exportAll(*input, options, [shared, self, ctx](const ExportStep &step) {
                {
                    QMutexLocker lock(&shared->mutex);
                    shared->written = step.written;
                }
                ctx.post([self, step] {
                    if (self)
                        self->showStep(step.done, step.total, step.doing);
                });
            });
            // What is on disk now, for the message after a cancel (whose result is dropped).
            QMutexLocker lock(&shared->mutex);
            shared->written = r.written;
            return r;
        },
        [self](ExportResult r) {
            if (!self)
                return;
            if (r.cancelled)
                return; // jobEnded() reports it
            self->end(r.ok ? Exported : Failed, r.written, r.total, r.error);
        });
}

void ExportJob::showStep(int done, int total, const QString &doing)
{
    m_bar->setRange(0, std::max(1, total));
    m_bar->setValue(done);
    m_label->setText(doing.isEmpty() ? QStringLiteral("Done")
                                     : QStringLiteral("%1 (step %2 of %3)…").arg(doing).arg(done + 1).arg(total));
    Q_EMIT progressed(done, total, doing);
}

void ExportJob::cancel()
{
    if (!m_running || m_cancelling)
        return;
    m_cancelling = true;
    m_dialog->hide();
    m_jobs->cancel(channel()); // the worker stops at its next check; its result is dropped
}

void ExportJob::jobEnded(const QString &channel, quint64 id)
{
    if (channel != ExportJob::channel() || id != m_id || !m_running)
        return;
    // Only a cancelled job gets here still running: a finished one has been delivered before.
    QStringList written;
    {
        QMutexLocker lock(&m_shared->mutex);
        written = m_shared->written;
    }
    int files = 0; // the files asked for
    for (ExportFormat f : exportFormats())
        files += (m_options.formats & f) ? 1 : 0;
    end(Cancelled, written, files, QString());
}

void ExportJob::end(Outcome outcome, const QStringList &written, int total, const QString &error)
{
    m_running = false;
    m_cancelling = false;
    m_dialog->hide(); // not reject(): that would cancel
    m_message = describe(outcome, written, total, m_options.directory, error);
    Q_EMIT finished(outcome, m_message);
}

} // namespace gateline
