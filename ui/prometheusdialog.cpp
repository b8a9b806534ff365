#include "prometheusdialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTimeZone>
#include <QVBoxLayout>

namespace gateline {

namespace {

QString utc(Timestamp t)
{
    return QDateTime::fromMSecsSinceEpoch(t.us / 1000, QTimeZone::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

const QString kGroup = QStringLiteral("prometheus");

} // namespace

PrometheusDialog::PrometheusDialog(Timestamp from, Timestamp to, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Prometheus Series"));
    setObjectName(QStringLiteral("prometheusDialog"));
    m_url = new QLineEdit;
    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:9090"));
    m_promql = new QPlainTextEdit;
    m_promql->setTabChangesFocus(true);
    m_promql->setFixedHeight(m_promql->fontMetrics().lineSpacing() * 4 + 12);
    m_step = new QDoubleSpinBox;
    m_step->setRange(0, 86400);
    m_step->setDecimals(0);
    m_step->setSuffix(tr(" s"));
    m_step->setSpecialValueText(tr("automatic"));
    m_range = new QLabel;
    m_range->setTextFormat(Qt::PlainText);
    m_status = new QLabel;
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Prometheus URL:"), m_url);
    form->addRow(tr("PromQL:"), m_promql);
    form->addRow(tr("Range:"), m_range);
    form->addRow(tr("Step:"), m_step);

    m_run = new QPushButton(tr("Query"));
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"));
    auto *buttons = new QDialogButtonBox;
    buttons->addButton(m_run, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    connect(m_run, &QPushButton::clicked, this, &PrometheusDialog::runQuery);
    connect(m_cancel, &QPushButton::clicked, this, &PrometheusDialog::reject);

    auto *v = new QVBoxLayout(this);
    v->addLayout(form);
    v->addWidget(m_status);
    v->addStretch(1);
    v->addWidget(buttons);

    connect(&m_client, &PrometheusClient::finished, this, &PrometheusDialog::onFinished);
    connect(&m_client, &PrometheusClient::failed, this, &PrometheusDialog::onFailed);
    connect(&m_client, &PrometheusClient::retrying, this, [this](const LiveError &e, int attempt, int delayMs) {
        m_status->setText(tr("%1\nRetrying in %2 s (attempt %3)…").arg(e.message).arg(delayMs / 1000.0, 0, 'f', 1).arg(attempt + 1));
    });

    QSettings settings;
    settings.beginGroup(kGroup);
    m_url->setText(settings.value(QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9090")).toString());
    m_promql->setPlainText(settings.value(QStringLiteral("promql"), QString::fromLatin1(kDefaultPromql)).toString());
    settings.endGroup();
    setRange(from, to);
    updateButtons();
    resize(560, 300);
}

void PrometheusDialog::setRange(Timestamp from, Timestamp to)
{
    m_from = from;
    m_to = to;
    m_range->setText(tr("%1 to %2 (the timeline's visible range)").arg(utc(from), utc(to)));
}

PrometheusQuery PrometheusDialog::query() const
{
    PrometheusQuery q;
    q.server = QUrl::fromUserInput(m_url->text().trimmed());
    q.expression = m_promql->toPlainText().trimmed();
    q.from = m_from;
    q.to = m_to;
    q.stepSeconds = m_step->value();
    return q;
}

void PrometheusDialog::runQuery()
{
    if (m_client.isRunning())
        return;
    const PrometheusQuery q = query();
    LiveError error;
    if (!m_client.start(q, &error)) {
        m_status->setText(error.message);
        return;
    }
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("url"), displayUrl(q.server));
    settings.setValue(QStringLiteral("promql"), q.expression);
    settings.endGroup();
    m_status->setText(tr("Querying %1…").arg(displayUrl(q.server)));
    updateButtons();
}

void PrometheusDialog::cancelQuery()
{
    m_client.cancel();
}

void PrometheusDialog::reject()
{
    if (m_client.isRunning()) {
        // The first Cancel stops the query; the dialog stays open to show it.
        m_client.cancel();
        return;
    }
    QDialog::reject();
}

void PrometheusDialog::onFinished(const PrometheusResult &result)
{
    m_result = result;
    qsizetype points = 0;
    for (const PrometheusSeries &s : result.series)
        points += s.points.size();
    m_status->setText(result.series.isEmpty() ? tr("The query returned no series in this range.")
                                              : tr("%1 series, %2 points.").arg(result.series.size()).arg(points));
    updateButtons();
    Q_EMIT resultReady(result);
    if (!result.series.isEmpty())
        accept();
}

void PrometheusDialog::onFailed(const LiveError &error)
{
    m_status->setText(error.message);
    updateButtons();
}

void PrometheusDialog::updateButtons()
{
    const bool running = m_client.isRunning();
    m_run->setEnabled(!running);
    m_url->setEnabled(!running);
    m_promql->setEnabled(!running);
    m_step->setEnabled(!running);
    m_cancel->setText(running ? tr("Stop Query") : tr("Close"));
}

} // namespace gateline
