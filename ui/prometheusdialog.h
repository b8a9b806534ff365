// Timeline ▸ Prometheus series…: a range query of a PromQL expression (by default the rate of
// 502s) over the timeline's visible range. The query runs asynchronously with retries and a
// Cancel; on success the result is handed over to be drawn as an extra series.
#pragma once

#include "live/prometheusclient.h"

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace gateline {

class PrometheusDialog : public QDialog
{
    Q_OBJECT
public:
    // from/to: the timeline's visible range (UTC).
    PrometheusDialog(Timestamp from, Timestamp to, QWidget *parent = nullptr);

    void setRange(Timestamp from, Timestamp to);
    PrometheusQuery query() const;
    // Valid after resultReady().
    const PrometheusResult &result() const { return m_result; }
    bool isRunning() const { return m_client.isRunning(); }

public Q_SLOTS:
    void runQuery();
    void cancelQuery();

Q_SIGNALS:
    void resultReady(const gateline::PrometheusResult &result);

protected:
    void reject() override;

private:
    void onFinished(const PrometheusResult &result);
    void onFailed(const LiveError &error);
    void updateButtons();

    Timestamp m_from;
    Timestamp m_to;
    QLineEdit *m_url = nullptr;
    QPlainTextEdit *m_promql = nullptr;
    QDoubleSpinBox *m_step = nullptr;
    QLabel *m_range = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    PrometheusClient m_client;
    PrometheusResult m_result;
};

} // namespace gateline
