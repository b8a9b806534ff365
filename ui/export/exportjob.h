// File ▸ Export… in the background: exportAll() (exporter.h) run as a job of the one background-job
// helper (jobs/jobrunner.h), on its "export" channel. A window-modal progress dialog says which file
// is being written and has Cancel (Esc does the same); the window stays painted meanwhile. When the
// job's work has ended, finished() carries one sentence for the status bar: "Exported 6 files to
// DIR", why it failed, or what a cancel left behind (whole files only: each is written atomically).
#pragma once

#include "exporter.h"

#include <QObject>

#include <memory>

class QDialog;
class QLabel;
class QProgressBar;
class QPushButton;
class QWidget;

namespace gateline {

class JobRunner;

class ExportJob : public QObject
{
    Q_OBJECT
public:
    enum Outcome { Exported, Cancelled, Failed };
    Q_ENUM(Outcome)

    // The job helper's channel for exports.
    static QString channel();
    // The sentence finished() carries.
    static QString describe(Outcome outcome, const QStringList &written, int total, const QString &directory,
                            const QString &error = {});

    // The progress dialog is a child of window. The job runs on jobs (the session's).
    ExportJob(JobRunner *jobs, QWidget *window);
    ~ExportJob() override; // cancels a running export

    // Starts writing; keepAlive holds whatever input points into (the analysis, the playbook run).
    void start(std::shared_ptr<const PostmortemInput> input, const ExportOptions &options,
               std::shared_ptr<const void> keepAlive = {});
    bool isRunning() const { return m_running; }
    // Stops the export (the dialog's Cancel and Esc): no file is started after this, and the one
    // being written is not committed. finished(Cancelled, …) follows once the work has ended.
    void cancel();

    QDialog *progressDialog() const { return m_dialog; }
    QString lastMessage() const { return m_message; }

Q_SIGNALS:
    void progressed(int done, int total, const QString &doing);
    void finished(gateline::ExportJob::Outcome outcome, const QString &message);

private:
    struct Shared;
    void showStep(int done, int total, const QString &doing);
    void end(Outcome outcome, const QStringList &written, int total, const QString &error);
    void jobEnded(const QString &channel, quint64 id);

    JobRunner *m_jobs;
    QDialog *m_dialog = nullptr;
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
    QPushButton *m_cancel = nullptr;
    std::shared_ptr<Shared> m_shared;
    ExportOptions m_options;
    quint64 m_id = 0;
    bool m_running = false;
    bool m_cancelling = false;
    QString m_message;
};

} // namespace gateline
