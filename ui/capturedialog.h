// File ▸ Capture from cluster…: captures Kubernetes events and pods live into a bundle folder,
// with the ingress controller pods' logs (found by a label selector, or auto-detected; "Find
// Pods" shows them before the capture, the table shows them and their bytes while it runs),
// live counts, a log of retries and failures, and Stop. The network work is asynchronous:
// the window never freezes. The token file's path is remembered; the token never is.
#pragma once

#include "live/clustercapture.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QTimer>

#include <memory>

class QCheckBox;
class QNetworkAccessManager;
class QSpinBox;
class QTreeWidget;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace gateline {

class ClusterConnection;
class IngressPodDiscovery;

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
    void findIngressPods();
    void showIngressPods(const QString &selector, const QStringList &pods);
    void updateIngressTable();
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
    QCheckBox *m_ingressLogs = nullptr;
    QLineEdit *m_ingressSelector = nullptr;
    QLineEdit *m_ingressNamespace = nullptr;
    QSpinBox *m_ingressLimit = nullptr; // MiB per container
    QPushButton *m_findPods = nullptr;
    QTreeWidget *m_ingressPods = nullptr;
    QLabel *m_logBytes = nullptr;
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
    // "Find Pods" before a capture.
    std::unique_ptr<ClusterConnection> m_findConnection;
    std::unique_ptr<QNetworkAccessManager> m_findNetwork;
    std::unique_ptr<IngressPodDiscovery> m_finder;
    QElapsedTimer m_clock;
    QTimer m_tick;
};

} // namespace gateline
