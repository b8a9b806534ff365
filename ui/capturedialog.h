// File ▸ Capture from cluster…: captures Kubernetes events and pods live into a bundle folder,
// with live counts, a log of retries and failures, and Stop. The network work is asynchronous:
// the window never freezes. The token file's path is remembered; the token never is.
#pragma once

#include "live/clustercapture.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QTimer>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace gateline {

class CaptureDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CaptureDialog(QWidget *parent = nullptr);
    ~CaptureDialog() override;

    // The folder proposed for the capture (e.g. inside the investigation's bundle).
    void setOutDir(const QString &dir);
    QString outDir() const;
    bool isCapturing() const;

    ClusterSettings settings() const;
    void setSettings(const ClusterSettings &s);

public Q_SLOTS:
    void startCapture();
    void stopCapture();

Q_SIGNALS:
    // The capture ended and its files are written: the caller may open outDir as a bundle.
    void captureFinished(const QString &outDir, bool ok);

protected:
    void reject() override;

private:
    void onCounts(const CaptureCounts &c);
    void onFinished(bool ok, const QString &summary);
    void appendLog(const QString &text);
    void updateButtons();
    void loadSettings();
    void saveSettings() const;
    QString browseFile(const QString &title, const QString &current);

    QLineEdit *m_apiServer = nullptr;
    QLineEdit *m_tokenFile = nullptr;
    QLineEdit *m_caFile = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLineEdit *m_namespaces = nullptr;
    QLineEdit *m_outDir = nullptr;
    QLabel *m_events = nullptr;
    QLabel *m_pods = nullptr;
    QLabel *m_updates = nullptr;
    QLabel *m_relists = nullptr;
    QLabel *m_retries = nullptr;
    QLabel *m_sources = nullptr;
    QLabel *m_state = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_close = nullptr;
    QList<QWidget *> m_inputs; // disabled while capturing
    std::unique_ptr<ClusterCapture> m_capture;
    QElapsedTimer m_clock;
    QTimer m_tick;
};

} // namespace gateline
