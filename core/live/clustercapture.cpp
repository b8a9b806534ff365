#include "clustercapture.h"

#include "k8sresourcewatcher.h"
#include "podlogfetcher.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSaveFile>

namespace gateline {

namespace {

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    return true;
}

QString phaseName(K8sResourceWatcher::Phase p)
{
    switch (p) {
    case K8sResourceWatcher::Phase::Idle: return QStringLiteral("idle");
    case K8sResourceWatcher::Phase::Listing: return QStringLiteral("listing");
    case K8sResourceWatcher::Phase::Watching: return QStringLiteral("watching");
    case K8sResourceWatcher::Phase::Waiting: return QStringLiteral("retrying");
    case K8sResourceWatcher::Phase::Stopped: return QStringLiteral("stopped");
    case K8sResourceWatcher::Phase::Failed: return QStringLiteral("failed");
    }
    return {};
}

bool isLive(K8sResourceWatcher::Phase p)
{
    return p == K8sResourceWatcher::Phase::Listing || p == K8sResourceWatcher::Phase::Watching
        || p == K8sResourceWatcher::Phase::Waiting;
}

} // namespace

ClusterCapture::ClusterCapture(const ClusterSettings &settings, const QString &outDir, const RetryPolicy &policy,
                               QObject *parent)
    : QObject(parent), m_connection(settings), m_outDir(outDir), m_policy(policy)
{
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
}

ClusterCapture::~ClusterCapture()
{
    if (m_logs)
        m_logs->stop();
    m_logs.reset();
    for (auto &w : m_watchers)
        w->stop();
    m_watchers.clear();
    m_networks.clear();
}

bool ClusterCapture::start(LiveError *error)
{
    if (m_running || m_finished) {
        *error = LiveError::make(LiveError::Config, QStringLiteral("This capture has already run."));
        return false;
    }
    if (!m_connection.prepare(error))
        return false;
    if (m_outDir.isEmpty() || !QDir().mkpath(m_outDir)) {
        *error = LiveError::make(LiveError::Config,
                                 QStringLiteral("Cannot create the folder %1.").arg(QDir::toNativeSeparators(m_outDir)));
        return false;
    }
    m_started = QDateTime::currentDateTimeUtc();
    QString writeError;
    if (!writeMeta(&writeError)) {
        *error = LiveError::make(LiveError::Config, writeError);
        return false;
    }
    QStringList namespaces = m_connection.settings().namespaces;
    namespaces.removeDuplicates();
    if (namespaces.isEmpty())
        namespaces << QString();
    for (const QString &ns : std::as_const(namespaces)) {
        for (K8sResource r : {K8sResource::Events, K8sResource::EventsV1, K8sResource::Pods}) {
            m_networks.push_back(std::make_unique<QNetworkAccessManager>());
            auto w = std::make_unique<K8sResourceWatcher>(&m_connection, m_networks.back().get(), r, ns, m_policy);
            w->setPageSize(m_pageSize);
            w->setWatchTimeoutSeconds(m_watchTimeoutSeconds);
            K8sResourceWatcher *p = w.get();
            connect(p, &K8sResourceWatcher::objectReceived, this,
                    [this, p](const QString &type, const QJsonObject &o) { onObject(p, type, o); });
            connect(p, &K8sResourceWatcher::failed, this, [this, p](const LiveError &e) { onFailed(p, e); });
            connect(p, &K8sResourceWatcher::relisting, this, [this, p](const QString &reason) {
                Q_EMIT message(QStringLiteral("%1: %2; listing again.").arg(p->label(), m_connection.redact(reason)));
            });
            connect(p, &K8sResourceWatcher::retrying, this, [this, p](const LiveError &e, int attempt, int delayMs) {
                Q_EMIT message(QStringLiteral("%1: %2 Retrying in %3 s (attempt %4 of %5).")
                                   .arg(p->label(), e.message)
                                   .arg(delayMs / 1000.0, 0, 'f', 1)
                                   .arg(attempt + 1)
                                   .arg(m_policy.maxAttempts));
            });
            connect(p, &K8sResourceWatcher::statsChanged, this, &ClusterCapture::updateCounts);
            m_watchers.push_back(std::move(w));
        }
    }
    if (m_connection.settings().ingressLogs) {
        const QDateTime since =
            m_logsSince.isValid() ? m_logsSince : m_started.addSecs(-kLogLookbackSeconds);
        m_logs = std::make_unique<PodLogFetcher>(&m_connection, m_outDir, since, m_policy);
        connect(m_logs.get(), &PodLogFetcher::message, this,
                [this](const QString &text) { Q_EMIT message(m_connection.redact(text)); });
        connect(m_logs.get(), &PodLogFetcher::changed, this, &ClusterCapture::updateCounts);
        connect(m_logs.get(), &PodLogFetcher::podsFound, this, &ClusterCapture::ingressPodsFound);
    }
    m_running = true;
    m_flushTimer.start(std::max(200, m_flushIntervalMs));
    for (auto &w : m_watchers)
        w->start();
    if (m_logs)
        m_logs->start();
    updateCounts();
    return true;
}

void ClusterCapture::onObject(K8sResourceWatcher *w, const QString &, const QJsonObject &object)
{
    const bool changed = w->resource() == K8sResource::Pods ? m_store.addPod(object) : m_store.addEvent(object);
    m_dirty = m_dirty || changed;
    ++m_counts.updates;
}

void ClusterCapture::onFailed(K8sResourceWatcher *w, const LiveError &error)
{
    const bool optional = w->resource() == K8sResource::EventsV1
        && (error.kind == LiveError::NotFound || error.kind == LiveError::Forbidden);
    if (optional) {
        const QString text = QStringLiteral("%1: not available (%2); the core/v1 events hold the same events.")
                                 .arg(w->label(), error.message);
        m_warnings << text;
        m_unavailable << w;
        Q_EMIT message(text);
    } else {
        const QString text = QStringLiteral("%1: %2").arg(w->label(), error.message);
        m_failures << text;
        m_ok = false;
        Q_EMIT message(text);
    }
    updateCounts();
    bool anyLive = false;
    for (const auto &x : m_watchers)
        anyLive = anyLive || isLive(x->phase());
    if (!anyLive && m_running) {
        m_ok = false;
        if (m_failures.isEmpty())
            m_failures << QStringLiteral("every source stopped");
        // Let the caller's slots run before the capture ends.
        QTimer::singleShot(0, this, &ClusterCapture::stop);
    }
}

void ClusterCapture::updateCounts()
{
    CaptureCounts c;
    c.events = m_store.eventCount();
    c.pods = m_store.podCount();
    c.updates = m_counts.updates;
    c.sources = int(m_watchers.size() - m_unavailable.size());
    if (m_logs) {
        const PodLogFetcher::Counts l = m_logs->counts();
        c.logPods = l.pods;
        c.logs = l.logs;
        c.logsReading = l.reading;
        c.logBytes = l.bytes;
    }
    for (const auto &w : m_watchers) {
        if (m_unavailable.contains(w.get()))
            continue;
        c.relists += w->stats().gone;
        c.retries += w->stats().retries;
        if (isLive(w->phase()))
            ++c.watching;
        else if (w->phase() == K8sResourceWatcher::Phase::Failed)
            ++c.failed;
    }
    if (c != m_counts) {
        m_counts = c;
        Q_EMIT countsChanged(m_counts);
    }
}

QStringList ClusterCapture::writtenFiles() const
{
    QStringList files;
    if (m_store.eventCount() > 0)
        files << QDir(m_outDir).filePath(eventsFileName());
    if (m_store.podCount() > 0)
        files << QDir(m_outDir).filePath(podsFileName());
    if (m_logs)
        files << m_logs->files();
    return files;
}

bool ClusterCapture::flush(QString *error)
{
    updateCounts();
    QString e;
    bool ok = true;
    if (m_dirty) {
        const QDir dir(m_outDir);
        if (m_store.eventCount() > 0)
            ok = writeFile(dir.filePath(eventsFileName()), m_store.eventsDocument(), &e) && ok;
        if (ok && m_store.podCount() > 0)
            ok = writeFile(dir.filePath(podsFileName()), m_store.podsDocument(), &e) && ok;
        if (ok)
            m_dirty = false;
    }
    if (ok)
        ok = writeMeta(&e);
    if (!ok) {
        if (e != m_writeError)
            Q_EMIT message(e);
        m_writeError = e;
        if (error)
            *error = e;
    } else {
        m_writeError.clear();
    }
    return ok;
}

bool ClusterCapture::writeMeta(QString *error)
{
    QJsonArray sources;
    for (const auto &w : m_watchers) {
        QJsonObject s;
        s.insert(QLatin1StringView("resource"), k8sresource::apiPath(w->resource(), w->ns()));
        s.insert(QLatin1StringView("state"), phaseName(w->phase()));
        s.insert(QLatin1StringView("lists"), w->stats().lists);
        s.insert(QLatin1StringView("watches"), w->stats().watches);
        s.insert(QLatin1StringView("gone"), w->stats().gone);
        s.insert(QLatin1StringView("retries"), w->stats().retries);
        s.insert(QLatin1StringView("objects"), double(w->stats().objects));
        if (w->phase() == K8sResourceWatcher::Phase::Failed)
            s.insert(QLatin1StringView("error"), m_connection.redact(w->lastError().message));
        sources.append(s);
    }
    const ClusterSettings &settings = m_connection.settings();
    QJsonObject meta;
    meta.insert(QLatin1StringView("schema"), QStringLiteral("gateline.capture/1"));
    meta.insert(QLatin1StringView("apiServer"), m_connection.displayServer());
    meta.insert(QLatin1StringView("authentication"),
                settings.tokenFile.isEmpty() ? QStringLiteral("none") : QStringLiteral("bearer token (not saved)"));
    meta.insert(QLatin1StringView("tlsVerify"), !settings.insecureSkipTlsVerify);
    meta.insert(QLatin1StringView("namespaces"), settings.namespaces.isEmpty()
                                                      ? QJsonValue(QStringLiteral("all"))
                                                      : QJsonValue(QJsonArray::fromStringList(settings.namespaces)));
    meta.insert(QLatin1StringView("started"), m_started.toString(Qt::ISODateWithMs));
    if (m_stopped.isValid())
        meta.insert(QLatin1StringView("stopped"), m_stopped.toString(Qt::ISODateWithMs));
    else
        meta.insert(QLatin1StringView("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    meta.insert(QLatin1StringView("events"), double(m_store.eventCount()));
    meta.insert(QLatin1StringView("pods"), double(m_store.podCount()));
    meta.insert(QLatin1StringView("sources"), sources);
    if (m_logs) {
        QJsonObject logs = m_logs->meta();
        if (logs.contains(QLatin1StringView("error")))
            logs.insert(QLatin1StringView("error"), m_connection.redact(logs.value(QLatin1StringView("error")).toString()));
        meta.insert(QLatin1StringView("ingressLogs"), logs);
    }
    QStringList files;
    for (const QString &f : writtenFiles())
        files << QDir(m_outDir).relativeFilePath(f);
    meta.insert(QLatin1StringView("files"), QJsonArray::fromStringList(files));
    QStringList problems = m_failures + m_warnings;
    if (m_logs && m_running) // at stop() the log failures are in m_failures
        problems += m_logs->failures();
    for (QString &p : problems)
        p = m_connection.redact(p);
    if (!problems.isEmpty())
        meta.insert(QLatin1StringView("problems"), QJsonArray::fromStringList(problems));
    return writeFile(QDir(m_outDir).filePath(metaFileName()), QJsonDocument(meta).toJson(QJsonDocument::Indented),
                     error);
}

void ClusterCapture::stop()
{
    if (!m_running)
        return;
    m_flushTimer.stop();
    for (auto &w : m_watchers)
        w->stop();
    if (m_logs) {
        // Commits every log file (what came so far); then its failures count as the capture's.
        m_logs->stop();
        const QStringList logFailures = m_logs->failures();
        for (const QString &f : logFailures)
            m_failures << m_connection.redact(f);
        if (!logFailures.isEmpty())
            m_ok = false;
    }
    m_running = false;
    m_stopped = QDateTime::currentDateTimeUtc();
    m_dirty = true;
    QString writeError;
    const bool written = flush(&writeError);
    finish();
    if (!written)
        m_ok = false;
    const qint64 seconds = m_started.secsTo(m_stopped);
    QString summary = QStringLiteral("Captured %1 events and %2 pods from %3 in %4 s into %5.")
                          .arg(m_store.eventCount())
                          .arg(m_store.podCount())
                          .arg(m_connection.displayServer())
                          .arg(seconds)
                          .arg(QDir::toNativeSeparators(m_outDir));
    if (m_logs) {
        const PodLogFetcher::Counts l = m_logs->counts();
        const QString selector = m_logs->matchedSelector();
        if (selector.isEmpty())
            summary += QStringLiteral(" No ingress controller pod found: no ingress logs.");
        else
            summary += QStringLiteral(" Ingress logs: %1 file(s), %2 bytes from %3 pod(s) (labels %4).")
                           .arg(m_logs->files().size())
                           .arg(l.bytes)
                           .arg(l.pods)
                           .arg(selector);
    }
    if (!written)
        summary += QLatin1Char(' ') + writeError;
    for (const QString &f : std::as_const(m_failures))
        summary += QStringLiteral("\nFailed: ") + f;
    Q_EMIT finished(m_ok, summary);
}

void ClusterCapture::finish()
{
    m_finished = true;
    updateCounts();
}

} // namespace gateline
