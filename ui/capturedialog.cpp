#include "capturedialog.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace gateline {

namespace {

QWidget *withBrowse(QLineEdit *edit, QPushButton *button)
{
    auto *w = new QWidget;
    auto *h = new QHBoxLayout(w);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(edit, 1);
    h->addWidget(button);
    return w;
}

QString defaultOutDir()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (base.isEmpty())
        base = QDir::homePath();
    return QDir(base).filePath(QStringLiteral("gateline-capture-")
                               + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

} // namespace

CaptureDialog::CaptureDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Capture from Cluster"));
    setObjectName(QStringLiteral("captureDialog"));

    m_apiServer = new QLineEdit;
    m_apiServer->setPlaceholderText(tr("http://127.0.0.1:8001 (kubectl proxy) or https://HOST:6443"));
    m_tokenFile = new QLineEdit;
    m_tokenFile->setPlaceholderText(tr("none (kubectl proxy)"));
    m_caFile = new QLineEdit;
    m_caFile->setPlaceholderText(tr("the system's CA certificates"));
    m_insecure = new QCheckBox(tr("Do not verify the server's TLS certificate (unsafe)"));
    m_namespaces = new QLineEdit;
    m_namespaces->setPlaceholderText(tr("all namespaces; or e.g. shop, payments"));
    m_outDir = new QLineEdit;
    auto *browseToken = new QPushButton(tr("Browse…"));
    auto *browseCa = new QPushButton(tr("Browse…"));
    auto *browseOut = new QPushButton(tr("Browse…"));
    connect(browseToken, &QPushButton::clicked, this,
            [this] { m_tokenFile->setText(browseFile(tr("Token File"), m_tokenFile->text())); });
    connect(browseCa, &QPushButton::clicked, this,
            [this] { m_caFile->setText(browseFile(tr("CA Certificate"), m_caFile->text())); });
    connect(browseOut, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Capture Into"), m_outDir->text());
        if (!d.isEmpty())
            m_outDir->setText(d);
    });

    m_inputs = {m_apiServer, m_tokenFile, m_caFile, m_insecure, m_namespaces, m_outDir, browseToken, browseCa, browseOut};
    auto *form = new QFormLayout;
    form->addRow(tr("API server:"), m_apiServer);
    form->addRow(tr("Token file:"), withBrowse(m_tokenFile, browseToken));
    form->addRow(tr("CA file:"), withBrowse(m_caFile, browseCa));
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Namespaces:"), m_namespaces);
    form->addRow(tr("Save into:"), withBrowse(m_outDir, browseOut));
    auto *note = new QLabel(tr("Kubernetes keeps events for about an hour. The capture lists and watches core/v1 and "
                               "events.k8s.io/v1 events and pods, keeps what the cluster deletes, and saves them as "
                               "files Gateline reads. The token is never saved."));
    note->setWordWrap(true);
    note->setTextFormat(Qt::PlainText);

    auto *countsBox = new QGroupBox(tr("Captured"));
    auto *grid = new QGridLayout(countsBox);
    auto addCount = [&](int row, int col, const QString &label, QLabel **value) {
        *value = new QLabel(QStringLiteral("0"));
        (*value)->setTextFormat(Qt::PlainText);
        (*value)->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addWidget(new QLabel(label), row, col * 2);
        grid->addWidget(*value, row, col * 2 + 1);
    };
    addCount(0, 0, tr("Events:"), &m_events);
    addCount(0, 1, tr("Pods:"), &m_pods);
    addCount(0, 2, tr("Updates:"), &m_updates);
    addCount(1, 0, tr("Relists (410 Gone):"), &m_relists);
    addCount(1, 1, tr("Retries:"), &m_retries);
    addCount(1, 2, tr("Sources live:"), &m_sources);
    m_state = new QLabel(tr("Not started."));
    m_state->setTextFormat(Qt::PlainText);
    m_state->setWordWrap(true);
    m_log = new QPlainTextEdit;
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setPlaceholderText(tr("Retries, relists and failures appear here."));

    m_start = new QPushButton(tr("Start"));
    m_stop = new QPushButton(tr("Stop"));
    m_close = new QPushButton(tr("Close"));
    m_start->setDefault(true);
    auto *buttons = new QDialogButtonBox;
    buttons->addButton(m_start, QDialogButtonBox::ActionRole);
    buttons->addButton(m_stop, QDialogButtonBox::ActionRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    connect(m_start, &QPushButton::clicked, this, &CaptureDialog::startCapture);
    connect(m_stop, &QPushButton::clicked, this, &CaptureDialog::stopCapture);
    connect(m_close, &QPushButton::clicked, this, &CaptureDialog::reject);

    auto *v = new QVBoxLayout(this);
    v->addWidget(note);
    v->addLayout(form);
    v->addWidget(countsBox);
    v->addWidget(m_state);
    v->addWidget(m_log, 1);
    v->addWidget(buttons);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (m_capture)
            onCounts(m_capture->counts());
    });
    loadSettings();
    if (m_outDir->text().isEmpty())
        m_outDir->setText(defaultOutDir());
    updateButtons();
    resize(640, 560);
}

CaptureDialog::~CaptureDialog()
{
    if (m_capture) {
        m_capture->disconnect(this);
        m_capture->stop();
    }
}

QString CaptureDialog::browseFile(const QString &title, const QString &current)
{
    const QString f = QFileDialog::getOpenFileName(this, title, current);
    return f.isEmpty() ? current : f;
}

void CaptureDialog::setOutDir(const QString &dir)
{
    m_outDir->setText(dir);
}

QString CaptureDialog::outDir() const
{
    return m_outDir->text().trimmed();
}

bool CaptureDialog::isCapturing() const
{
    return m_capture && m_capture->isRunning();
}

ClusterSettings CaptureDialog::settings() const
{
    ClusterSettings s;
    s.apiServer = QUrl::fromUserInput(m_apiServer->text().trimmed());
    s.tokenFile = m_tokenFile->text().trimmed();
    s.caFile = m_caFile->text().trimmed();
    s.insecureSkipTlsVerify = m_insecure->isChecked();
    for (const QString &n : m_namespaces->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        s.namespaces << n;
    return s;
}

void CaptureDialog::setSettings(const ClusterSettings &s)
{
    m_apiServer->setText(s.apiServer.isEmpty() ? QString() : s.apiServer.toString());
    m_tokenFile->setText(s.tokenFile);
    m_caFile->setText(s.caFile);
    m_insecure->setChecked(s.insecureSkipTlsVerify);
    m_namespaces->setText(s.namespaces.join(QStringLiteral(", ")));
}

void CaptureDialog::loadSettings()
{
    QSettings store;
    setSettings(ClusterSettings::load(store));
    if (m_apiServer->text().isEmpty())
        m_apiServer->setText(QStringLiteral("http://127.0.0.1:8001"));
}

void CaptureDialog::saveSettings() const
{
    QSettings store;
    settings().save(store);
}

void CaptureDialog::startCapture()
{
    if (isCapturing())
        return;
    m_capture.reset();
    m_log->clear();
    const ClusterSettings s = settings();
    m_capture = std::make_unique<ClusterCapture>(s, outDir());
    connect(m_capture.get(), &ClusterCapture::countsChanged, this, &CaptureDialog::onCounts);
    connect(m_capture.get(), &ClusterCapture::message, this, &CaptureDialog::appendLog);
    connect(m_capture.get(), &ClusterCapture::finished, this, &CaptureDialog::onFinished);
    LiveError error;
    if (!m_capture->start(&error)) {
        m_capture.reset();
        m_state->setText(error.message);
        appendLog(error.message);
        updateButtons();
        return;
    }
    saveSettings();
    if (s.insecureSkipTlsVerify)
        appendLog(tr("Warning: TLS certificates are not verified."));
    m_clock.start();
    m_tick.start();
    m_state->setText(tr("Capturing from %1 into %2…").arg(displayUrl(s.apiServer), QDir::toNativeSeparators(outDir())));
    updateButtons();
}

void CaptureDialog::stopCapture()
{
    if (isCapturing())
        m_capture->stop(); // writes the files; finished() follows at once
}

void CaptureDialog::reject()
{
    stopCapture();
    QDialog::reject();
}

void CaptureDialog::onCounts(const CaptureCounts &c)
{
    m_events->setText(QString::number(c.events));
    m_pods->setText(QString::number(c.pods));
    m_updates->setText(QString::number(c.updates));
    m_relists->setText(QString::number(c.relists));
    m_retries->setText(QString::number(c.retries));
    m_sources->setText(c.failed > 0 ? tr("%1 of %2 (%3 failed)").arg(c.watching).arg(c.sources).arg(c.failed)
                                    : tr("%1 of %2").arg(c.watching).arg(c.sources));
}

void CaptureDialog::onFinished(bool ok, const QString &summary)
{
    m_tick.stop();
    if (m_capture)
        onCounts(m_capture->counts());
    m_state->setText(ok ? summary.section(QLatin1Char('\n'), 0, 0) : tr("Stopped with problems: see the log."));
    appendLog(summary);
    updateButtons();
    Q_EMIT captureFinished(outDir(), ok);
}

void CaptureDialog::appendLog(const QString &text)
{
    m_log->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) + text);
}

void CaptureDialog::updateButtons()
{
    const bool running = isCapturing();
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    for (QWidget *w : std::as_const(m_inputs))
        w->setEnabled(!running);
}

} // namespace gateline
