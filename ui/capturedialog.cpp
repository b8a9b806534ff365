#include "capturedialog.h"

#include "live/ingresspoddiscovery.h"
#include "live/podlogfetcher.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QJsonObject>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTreeWidget>
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

    m_ingressLogs = new QCheckBox(tr("Capture the ingress controller pods' logs (needs pods/log get)"));
    m_ingressSelector = new QLineEdit;
    m_ingressSelector->setObjectName(QStringLiteral("ingressSelector"));
    m_ingressSelector->setPlaceholderText(tr("auto-detect (ingress-nginx, Traefik, Contour, Istio, …)"));
    m_ingressSelector->setToolTip(IngressPodDiscovery::wellKnownSelectors().join(QLatin1Char('\n')));
    m_ingressNamespace = new QLineEdit;
    m_ingressNamespace->setObjectName(QStringLiteral("ingressNamespace"));
    m_ingressNamespace->setPlaceholderText(tr("all namespaces"));
    m_ingressLimit = new QSpinBox;
    m_ingressLimit->setRange(1, 1024 * 1024);
    m_ingressLimit->setSuffix(tr(" MiB per container"));
    m_findPods = new QPushButton(tr("Find Pods"));
    m_findPods->setObjectName(QStringLiteral("findPods"));
    m_findPods->setToolTip(tr("List the ingress controller pods these settings find, without capturing"));
    connect(m_findPods, &QPushButton::clicked, this, &CaptureDialog::findIngressPods);
    connect(m_ingressLogs, &QCheckBox::toggled, this, [this] { updateButtons(); });
    m_ingressPods = new QTreeWidget;
    m_ingressPods->setObjectName(QStringLiteral("ingressPods"));
    m_ingressPods->setRootIsDecorated(false);
    m_ingressPods->setHeaderLabels({tr("Pod"), tr("Container"), tr("Bytes"), tr("State")});
    m_ingressPods->setTextElideMode(Qt::ElideMiddle); // pod names differ at the end
    m_ingressPods->header()->setStretchLastSection(false);
    m_ingressPods->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_ingressPods->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_ingressPods->setMinimumHeight(90);

    m_inputs = {m_apiServer, m_tokenFile, m_caFile, m_insecure, m_namespaces, m_outDir, browseToken, browseCa, browseOut,
                m_ingressLogs, m_ingressSelector, m_ingressNamespace, m_ingressLimit};
    auto *form = new QFormLayout;
    form->addRow(tr("API server:"), m_apiServer);
    form->addRow(tr("Token file:"), withBrowse(m_tokenFile, browseToken));
    form->addRow(tr("CA file:"), withBrowse(m_caFile, browseCa));
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Namespaces:"), m_namespaces);
    form->addRow(tr("Save into:"), withBrowse(m_outDir, browseOut));
    auto *ingressBox = new QGroupBox(tr("Ingress controller logs"));
    auto *ingressForm = new QFormLayout;
    ingressForm->addRow(m_ingressLogs);
    ingressForm->addRow(tr("Label selector:"), m_ingressSelector);
    auto *nsRow = new QWidget;
    auto *nsLayout = new QHBoxLayout(nsRow);
    nsLayout->setContentsMargins(0, 0, 0, 0);
    nsLayout->addWidget(m_ingressNamespace, 1);
    nsLayout->addWidget(m_ingressLimit);
    nsLayout->addWidget(m_findPods);
    ingressForm->addRow(tr("Namespace:"), nsRow);
    auto *ingressLayout = new QVBoxLayout(ingressBox);
    ingressLayout->addLayout(ingressForm);
    ingressLayout->addWidget(m_ingressPods);
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
    addCount(2, 0, tr("Ingress logs:"), &m_logBytes);
    m_logBytes->setObjectName(QStringLiteral("ingressLogCounts"));
    grid->addWidget(m_logBytes, 2, 1, 1, 5);
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
    v->addWidget(ingressBox);
    v->addWidget(countsBox);
    v->addWidget(m_state);
    v->addWidget(m_log, 1);
    v->addWidget(buttons);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (m_capture)
            onCounts(m_capture->counts());
        updateIngressTable();
    });
    loadSettings();
    if (m_outDir->text().isEmpty())
        m_outDir->setText(defaultOutDir());
    updateButtons();
    resize(700, 760);
}

CaptureDialog::~CaptureDialog()
{
    if (m_finder)
        m_finder->stop();
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
    s.ingressLogs = m_ingressLogs->isChecked();
    s.ingressSelector = m_ingressSelector->text().trimmed();
    s.ingressNamespace = m_ingressNamespace->text().trimmed();
    s.ingressLogLimitBytes = qint64(m_ingressLimit->value()) << 20;
    return s;
}

void CaptureDialog::setSettings(const ClusterSettings &s)
{
    m_apiServer->setText(s.apiServer.isEmpty() ? QString() : s.apiServer.toString());
    m_tokenFile->setText(s.tokenFile);
    m_caFile->setText(s.caFile);
    m_insecure->setChecked(s.insecureSkipTlsVerify);
    m_namespaces->setText(s.namespaces.join(QStringLiteral(", ")));
    m_ingressLogs->setChecked(s.ingressLogs);
    m_ingressSelector->setText(s.ingressSelector);
    m_ingressNamespace->setText(s.ingressNamespace);
    m_ingressLimit->setValue(int(std::clamp<qint64>((s.ingressLogLimitBytes + (1 << 20) - 1) >> 20, 1, 1024 * 1024)));
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
    connect(m_capture.get(), &ClusterCapture::ingressPodsFound, this, &CaptureDialog::showIngressPods);
    if (m_finder) {
        m_finder->stop();
        m_finder.reset();
    }
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
    m_logBytes->setText(!m_capture || !m_capture->ingressLogs()
                            ? tr("off")
                            : tr("%1 pod(s), %2 log(s), %3 reading, %4 bytes")
                                  .arg(c.logPods)
                                  .arg(c.logs)
                                  .arg(c.logsReading)
                                  .arg(c.logBytes));
    m_sources->setText(c.failed > 0 ? tr("%1 of %2 (%3 failed)").arg(c.watching).arg(c.sources).arg(c.failed)
                                    : tr("%1 of %2").arg(c.watching).arg(c.sources));
}

void CaptureDialog::onFinished(bool ok, const QString &summary)
{
    m_tick.stop();
    if (m_capture)
        onCounts(m_capture->counts());
    updateIngressTable();
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
    m_findPods->setEnabled(!running && !m_finder && m_ingressLogs->isChecked());
}

void CaptureDialog::findIngressPods()
{
    if (isCapturing() || m_finder)
        return;
    const ClusterSettings s = settings();
    m_findConnection = std::make_unique<ClusterConnection>(s);
    LiveError error;
    if (!m_findConnection->prepare(&error)) {
        m_findConnection.reset();
        m_state->setText(error.message);
        appendLog(error.message);
        return;
    }
    RetryPolicy policy;
    policy.maxAttempts = 2;
    m_findNetwork = std::make_unique<QNetworkAccessManager>();
    m_finder = std::make_unique<IngressPodDiscovery>(m_findConnection.get(), m_findNetwork.get(), s.ingressSelector,
                                                     s.ingressNamespace, policy);
    auto done = [this] {
        // Deleted later: this runs inside the finder's signal.
        QTimer::singleShot(0, this, [this] {
            m_finder.reset();
            m_findNetwork.reset();
            m_findConnection.reset();
            updateButtons();
        });
    };
    connect(m_finder.get(), &IngressPodDiscovery::found, this,
            [this, done](const QString &selector, const QList<QJsonObject> &pods) {
                QStringList names;
                for (const QJsonObject &p : pods) {
                    const QJsonObject m = p.value(QLatin1StringView("metadata")).toObject();
                    names << m.value(QLatin1StringView("namespace")).toString() + QLatin1Char('/')
                            + m.value(QLatin1StringView("name")).toString();
                }
                showIngressPods(selector, names);
                m_state->setText(selector.isEmpty() ? tr("No ingress controller pod found.")
                                                    : tr("Found %1 ingress controller pod(s) with labels %2.")
                                                          .arg(names.size())
                                                          .arg(selector));
                done();
            });
    connect(m_finder.get(), &IngressPodDiscovery::failed, this, [this, done](const LiveError &e) {
        const QString text = tr("Cannot find the ingress controller pods: %1").arg(e.message);
        m_state->setText(text);
        appendLog(text);
        done();
    });
    m_state->setText(tr("Looking for the ingress controller pods…"));
    m_finder->start();
    updateButtons();
}

void CaptureDialog::showIngressPods(const QString &selector, const QStringList &pods)
{
    m_ingressPods->clear();
    if (selector.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_ingressPods, {tr("No ingress controller pod found"), QString(), QString(),
                                                         tr("give the label selector")});
        item->setDisabled(true);
        return;
    }
    for (const QString &p : pods) {
        auto *item = new QTreeWidgetItem(m_ingressPods, {p, QString(), QString(), tr("found")});
        item->setToolTip(3, tr("Labels %1").arg(selector));
    }
    updateIngressTable();
}

void CaptureDialog::updateIngressTable()
{
    const PodLogFetcher *logs = m_capture ? m_capture->ingressLogs() : nullptr;
    if (!logs || logs->streams().empty())
        return;
    const auto &streams = logs->streams();
    if (m_ingressPods->topLevelItemCount() != int(streams.size())) {
        m_ingressPods->clear();
        for (size_t i = 0; i < streams.size(); ++i)
            new QTreeWidgetItem(m_ingressPods);
    }
    for (size_t i = 0; i < streams.size(); ++i) {
        const PodLogStream &s = *streams[i];
        QTreeWidgetItem *item = m_ingressPods->topLevelItem(int(i));
        item->setText(0, s.target().ns + QLatin1Char('/') + s.target().pod);
        item->setText(1, s.target().previous ? tr("%1 (previous)").arg(s.target().container) : s.target().container);
        item->setText(2, QLocale().toString(s.bytes()));
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(3, PodLogStream::stateName(s.state()));
        item->setToolTip(3, s.note());
    }
}

} // namespace gateline
