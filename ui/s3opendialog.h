// File ▸ Open from S3…: an s3:// location (an ALB's folder, a day, any prefix or one object), the
// incident's time range (the last hour by default), and optionally an S3-compatible endpoint and a
// region. "List" shows how many objects the range needs and their total size before anything is
// fetched; "Fetch and Open" has the session open the location with that range, so that each object
// is read (inflated through the gzip stream, never extracted) as its bytes arrive, the local cache
// filled alongside, exactly as `gateline analyze s3://…` does. The dialog stays up meanwhile with
// the bytes fetched, the objects read and the time left, and Stop cancels the load (what was read
// is shown); it closes when the first timeline is there. The listing runs as a job of the one
// background-job helper (the session's JobRunner, jobs/jobrunner.h); Stop (or Esc) cancels it at
// once: the S3 client stops at the job's cancel flag and its answer is dropped. Credentials are
// the user's own (environment or ~/.aws): they are never typed here, shown or saved; the endpoint,
// region and last location are remembered.
#pragma once

#include "live/s3source.h"

#include <QDialog>

#include <memory>

class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;

namespace gateline {

// The options the workbench loads s3:// paths with: endpoint and region as last set in the dialog
// (or by `gateline --s3-endpoint`), credentials from the environment and ~/.aws.
S3LoadOptions workbenchS3Options();
// `gateline --s3-endpoint URL` for this run (not saved).
void setWorkbenchS3Endpoint(const QString &url);
// The progress of the workbench's latest S3 download (loads made with workbenchS3Options());
// *sequence grows with every report. Reset when the dialog starts a fetch.
S3DownloadProgress workbenchS3Progress(quint64 *sequence = nullptr);
void resetWorkbenchS3Progress();

class InvestigationSession;
class JobRunner;

class S3OpenDialog : public QDialog
{
    Q_OBJECT
public:
    // Fetch and Open opens the location in session.
    explicit S3OpenDialog(InvestigationSession *session, QWidget *parent = nullptr);
    ~S3OpenDialog() override;

    QString location() const;
    IngestRange range() const;
    const S3Plan &plan() const { return m_plan; }
    bool isBusy() const { return m_busy; }
    bool isListing() const { return m_listing; }
    // The job helper's channel for the listing.
    static QString listChannel();

public Q_SLOTS:
    void list();
    void fetch();
    void cancel();

Q_SIGNALS:
    void listed();
    void fetched(); // the session has the first timeline (or the load was stopped)

protected:
    void reject() override;

private:
    void setBusy(bool busy);
    void showStatus(const QString &text);
    void updateProgress();
    void saveSettings() const;
    void opened();
    void listDone(const S3Plan &plan, const LiveError &error);

    QLineEdit *m_location = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QLineEdit *m_region = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_until = nullptr;
    QLabel *m_credentials = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_list = nullptr;
    QPushButton *m_fetch = nullptr;
    QPushButton *m_cancel = nullptr;
    QTimer *m_poll = nullptr;

    InvestigationSession *m_session;
    S3Plan m_plan;
    bool m_listedOk = false;
    bool m_busy = false;
    bool m_opening = false; // the session is loading what Fetch and Open asked for
    bool m_stopping = false;
    bool m_listing = false;
    JobRunner *m_jobs = nullptr;          // the session's, else m_ownJobs
    std::unique_ptr<JobRunner> m_ownJobs; // without a session (a dialog on its own)
};

} // namespace gateline
