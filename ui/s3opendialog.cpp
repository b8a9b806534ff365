#include "s3opendialog.h"

#include "investigationsession.h"
#include "jobs/jobrunner.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMutex>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QPointer>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>
#include <QtMath>

namespace gateline {

namespace {
QString g_endpointOverride;

const QString kEndpointKey = QStringLiteral("s3/endpoint");
const QString kRegionKey = QStringLiteral("s3/region");
const QString kLocationKey = QStringLiteral("s3/lastLocation");

// The workbench's latest S3 download, as reported from the download thread.
struct ProgressHub {
    QMutex mutex;
    S3DownloadProgress progress;
    quint64 sequence = 0;
};
ProgressHub &hub()
{
    static ProgressHub h;
    return h;
}
} // namespace

S3DownloadProgress workbenchS3Progress(quint64 *sequence)
{
    ProgressHub &h = hub();
    QMutexLocker lock(&h.mutex);
    if (sequence)
        *sequence = h.sequence;
    return h.progress;
}

void resetWorkbenchS3Progress()
{
    ProgressHub &h = hub();
    QMutexLocker lock(&h.mutex);
    h.progress = {};
    h.sequence = 0;
}

void setWorkbenchS3Endpoint(const QString &url)
{
    g_endpointOverride = url;
}

S3LoadOptions workbenchS3Options()
{
    S3LoadOptions o;
    const QSettings settings;
    o.endpoint = g_endpointOverride.isEmpty() ? settings.value(kEndpointKey).toString() : g_endpointOverride;
    o.region = settings.value(kRegionKey).toString();
    o.observe = [](const S3DownloadProgress &p) {
        ProgressHub &h = hub();
        QMutexLocker lock(&h.mutex);
        h.progress = p;
        ++h.sequence;
    };
    return o;
}

QString S3OpenDialog::listChannel()
{
    return QStringLiteral("s3-list");
}

S3OpenDialog::S3OpenDialog(InvestigationSession *session, QWidget *parent) : QDialog(parent), m_session(session)
{
    if (m_session) {
        m_jobs = m_session->jobs();
    } else {
        m_ownJobs = std::make_unique<JobRunner>(nullptr, 1);
        m_jobs = m_ownJobs.get();
    }
    setWindowTitle(QStringLiteral("Open from S3"));
    const QSettings settings;
    m_location = new QLineEdit(settings.value(kLocationKey).toString(), this);
    m_location->setPlaceholderText(QStringLiteral("s3://BUCKET/AWSLogs/ACCOUNT/elasticloadbalancing/REGION/"));
    m_location->setMinimumWidth(520);
    m_endpoint = new QLineEdit(g_endpointOverride.isEmpty() ? settings.value(kEndpointKey).toString() : g_endpointOverride, this);
    m_endpoint->setPlaceholderText(QStringLiteral("AWS (or the profile's endpoint_url); e.g. http://127.0.0.1:7480"));
    m_region = new QLineEdit(settings.value(kRegionKey).toString(), this);
    m_region->setPlaceholderText(QStringLiteral("from AWS_REGION or the profile"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_from = new QDateTimeEdit(now.addSecs(-3600), this);
    m_until = new QDateTimeEdit(now, this);
    for (QDateTimeEdit *e : {m_from, m_until}) {
        e->setTimeZone(QTimeZone::UTC);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
        e->setCalendarPopup(true);
    }
    m_credentials = new QLabel(this);
    m_credentials->setTextFormat(Qt::PlainText);
    m_credentials->setWordWrap(true);
    // Two lines at least: a wrapped label in a form row is otherwise given one line's height.
    m_credentials->setMinimumHeight(2 * m_credentials->fontMetrics().lineSpacing());
    m_status = new QLabel(QStringLiteral("List first: the count and size of what the range needs are shown before anything is fetched."), this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setMinimumHeight(2 * m_status->fontMetrics().lineSpacing());
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Location:"), m_location);
    form->addRow(QStringLiteral("&From:"), m_from);
    form->addRow(QStringLiteral("&Until:"), m_until);
    form->addRow(QStringLiteral("&Endpoint:"), m_endpoint);
    form->addRow(QStringLiteral("&Region:"), m_region);
    form->addRow(QStringLiteral("Credentials:"), m_credentials);

    auto *buttons = new QDialogButtonBox(this);
    m_list = buttons->addButton(QStringLiteral("&List"), QDialogButtonBox::ActionRole);
    m_fetch = buttons->addButton(QStringLiteral("Fetch and &Open"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_fetch->setEnabled(false);
    connect(m_list, &QPushButton::clicked, this, &S3OpenDialog::list);
    connect(m_fetch, &QPushButton::clicked, this, &S3OpenDialog::fetch);
    connect(m_cancel, &QPushButton::clicked, this, &S3OpenDialog::cancel);
    // Any change invalidates what was listed.
    for (QLineEdit *e : {m_location, m_endpoint, m_region})
        connect(e, &QLineEdit::textChanged, this, [this] {
            m_listedOk = false;
            m_fetch->setEnabled(false);
        });
    for (QDateTimeEdit *e : {m_from, m_until})
        connect(e, &QDateTimeEdit::dateTimeChanged, this, [this] {
            m_listedOk = false;
            m_fetch->setEnabled(false);
        });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(buttons);

    m_poll = new QTimer(this);
    m_poll->setInterval(100);
    connect(m_poll, &QTimer::timeout, this, &S3OpenDialog::updateProgress);
    if (m_session) {
        // The first timeline is there (storeReady), or the load ended without one.
        connect(m_session, &InvestigationSession::storeReady, this, &S3OpenDialog::opened);
        connect(m_session, &InvestigationSession::loadFinished, this, &S3OpenDialog::opened);
    }

    S3Config config;
    const S3LoadOptions o = workbenchS3Options();
    const QString error = resolveS3Config(o.env, o.home, o.endpoint, o.region, &config);
    m_credentials->setText(error.isEmpty() ? config.credentials.source : error);
}

S3OpenDialog::~S3OpenDialog()
{
    if (m_opening && m_session)
        m_session->cancelLoad();
    if (m_listing)
        m_jobs->cancel(listChannel()); // its answer is dropped; the worker stops at its cancel flag
}

QString S3OpenDialog::location() const
{
    return m_location->text().trimmed();
}

IngestRange S3OpenDialog::range() const
{
    IngestRange r;
    r.fromUs = m_from->dateTime().toMSecsSinceEpoch() * 1000;
    r.untilUs = m_until->dateTime().toMSecsSinceEpoch() * 1000;
    return r;
}

void S3OpenDialog::saveSettings() const
{
    QSettings settings;
    settings.setValue(kLocationKey, location());
    settings.setValue(kEndpointKey, m_endpoint->text().trimmed());
    settings.setValue(kRegionKey, m_region->text().trimmed());
}

void S3OpenDialog::showStatus(const QString &text)
{
    m_status->setText(text);
}

void S3OpenDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_list->setEnabled(!busy);
    m_fetch->setEnabled(!busy && m_listedOk);
    for (QWidget *w : std::initializer_list<QWidget *>{m_location, m_endpoint, m_region, m_from, m_until})
        w->setEnabled(!busy);
    m_cancel->setText(busy ? QStringLiteral("&Stop") : QStringLiteral("Cancel"));
}

void S3OpenDialog::list()
{
    S3Location loc;
    QString why;
    if (!S3Location::parse(location(), &loc, &why)) {
        showStatus(why.isEmpty() ? QStringLiteral("Give an s3://BUCKET/PREFIX location.") : why);
        return;
    }
    const IngestRange r = range();
    if (r.untilUs <= r.fromUs) {
        showStatus(QStringLiteral("The range is empty: From must come before Until."));
        return;
    }
    saveSettings();
    S3LoadOptions options = workbenchS3Options();
    options.endpoint = m_endpoint->text().trimmed();
    options.region = m_region->text().trimmed();
    S3Config config;
    if (const QString e = resolveS3Config(options.env, options.home, options.endpoint, options.region, &config); !e.isEmpty()) {
        showStatus(e);
        return;
    }
    m_credentials->setText(config.describe());
    setBusy(true);
    m_listing = true;
    showStatus(QStringLiteral("Listing %1 …").arg(loc.url()));
    m_progress->setRange(0, 0);
    const RetryPolicy retry = options.retry;
    struct Listing {
        S3Plan plan;
        LiveError error;
    };
    const QPointer<S3OpenDialog> self(this);
    m_jobs->start<Listing>(
        listChannel(),
        [config, loc, r, retry](const JobContext &ctx) {
            S3Client client(config, retry);
            client.setCancelFlag(ctx.cancelFlag());
            Listing l;
            l.error = planS3(client, {loc}, r, &l.plan);
            return l;
        },
        [self](Listing l) {
            if (self)
                self->listDone(l.plan, l.error);
        });
}

void S3OpenDialog::listDone(const S3Plan &plan, const LiveError &error)
{
    m_listing = false;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_plan = plan;
    m_listedOk = !error.isError() && !plan.objects.isEmpty();
    setBusy(false);
    if (error.isError())
        showStatus(error.message);
    else if (plan.objects.isEmpty())
        showStatus(QStringLiteral("Nothing to fetch: %1 (%2 keys listed).").arg(plan.summary()).arg(plan.keysListed));
    else
        showStatus(QStringLiteral("%1 (%2 keys listed in %3 pages).").arg(plan.summary()).arg(plan.keysListed).arg(plan.listPages));
    Q_EMIT listed();
}

void S3OpenDialog::fetch()
{
    if (!m_listedOk || m_busy || !m_session)
        return;
    saveSettings();
    if (!g_endpointOverride.isEmpty())
        g_endpointOverride = m_endpoint->text().trimmed(); // as edited here, for this run
    resetWorkbenchS3Progress();
    m_opening = true;
    m_stopping = false;
    setBusy(true);
    m_progress->setValue(0);
    showStatus(QStringLiteral("Fetching and reading %1 …").arg(m_plan.summary()));
    m_poll->start();
    // The session reads each object as it arrives (live/s3source.h), exactly as the CLI does.
    m_session->setIngestRange(range());
    m_session->open({location()});
}

void S3OpenDialog::opened()
{
    if (!m_opening)
        return;
    m_opening = false;
    m_poll->stop();
    updateProgress();
    setBusy(false);
    Q_EMIT fetched();
    accept();
}

void S3OpenDialog::updateProgress()
{
    if (!m_opening || !m_session)
        return;
    quint64 seq = 0;
    const S3DownloadProgress p = workbenchS3Progress(&seq);
    const InvestigationSession::LoadStatus st = m_session->loadStatus();
    if (m_stopping) {
        showStatus(QStringLiteral("Stopping … what was read so far will be shown."));
        return;
    }
    if (seq == 0) {
        showStatus(QStringLiteral("Listing %1 again and starting …").arg(location()));
        return;
    }
    if (p.bytesTotal > 0)
        m_progress->setValue(int(1000.0 * p.bytesDone / p.bytesTotal));
    QString text;
    if (p.objectsDone < p.objectsTotal) {
        text = QStringLiteral("Fetching and reading: %1 of %2, %3 of %4 objects fetched, %5 read")
                   .arg(formatBytes(p.bytesDone), formatBytes(p.bytesTotal))
                   .arg(p.objectsDone)
                   .arg(p.objectsTotal)
                   .arg(st.filesDone);
        if (p.objectsFromCache)
            text += QStringLiteral(" (%1 from the local cache)").arg(p.objectsFromCache);
        if (p.etaSeconds > 0)
            text += QStringLiteral(", about %1 s left").arg(qCeil(p.etaSeconds));
        else if (p.etaSeconds < 0)
            text += QStringLiteral(", time left not known yet");
    } else {
        text = QStringLiteral("All %1 objects fetched (%2); reading the last and drawing the timeline …")
                   .arg(p.objectsTotal)
                   .arg(formatBytes(p.bytesDone));
    }
    if (p.resumes || p.retries)
        text += QStringLiteral("\n%1 resumed after a dropped connection, %2 retried").arg(p.resumes).arg(p.retries);
    showStatus(text);
}

void S3OpenDialog::cancel()
{
    if (m_opening) {
        m_stopping = true;
        m_session->cancelLoad(); // the session shows what was read, and the dialog closes
        updateProgress();
        return;
    }
    if (m_listing) {
        // The listing's job is cancelled: its answer is dropped, and the dialog is free at once.
        m_jobs->cancel(listChannel());
        m_listing = false;
        m_plan = {};
        m_listedOk = false;
        m_progress->setRange(0, 1000);
        m_progress->setValue(0);
        setBusy(false);
        showStatus(QStringLiteral("Listing stopped: nothing was fetched. List again to see what the range needs."));
        return;
    }
    reject();
}

void S3OpenDialog::reject()
{
    if (m_busy) {
        cancel();
        return;
    }
    QDialog::reject();
}

} // namespace gateline
