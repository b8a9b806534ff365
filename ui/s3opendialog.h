// File ▸ Open from S3…: an s3:// location (an ALB's folder, a day, any prefix or one object), the
// incident's time range (the last hour by default), and optionally an S3-compatible endpoint and a
// region. "List" shows how many objects the range needs and their total size before anything is
// fetched; "Fetch and Open" downloads them into the local cache (bytes and time left shown;
// Cancel stops at once) and the window then opens the location with that range. Credentials are
// the user's own (environment or ~/.aws): they are never typed here, shown or saved; the endpoint,
// region and last location are remembered.
#pragma once

#include "live/s3source.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QThread;
class QTimer;

namespace gateline {

// The options the workbench loads s3:// paths with: endpoint and region as last set in the dialog
// (or by `gateline --s3-endpoint`), credentials from the environment and ~/.aws.
S3LoadOptions workbenchS3Options();
// `gateline --s3-endpoint URL` for this run (not saved).
void setWorkbenchS3Endpoint(const QString &url);

class S3OpenDialog : public QDialog
{
    Q_OBJECT
public:
    explicit S3OpenDialog(QWidget *parent = nullptr);
    ~S3OpenDialog() override;

    QString location() const;
    IngestRange range() const;
    const S3Plan &plan() const { return m_plan; }
    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    void list();
    void fetch();
    void cancel();

Q_SIGNALS:
    void listed();
    void fetched();

protected:
    void reject() override;

private:
    void setBusy(bool busy);
    void showStatus(const QString &text);
    void updateProgress();
    void saveSettings() const;

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

    S3Plan m_plan;
    bool m_listedOk = false;
    bool m_busy = false;
    std::shared_ptr<CancelFlag> m_cancelFlag;
    QThread *m_worker = nullptr;
    std::shared_ptr<S3DownloadProgress> m_lastProgress;
    std::shared_ptr<std::atomic<bool>> m_progressFresh;
};

} // namespace gateline
