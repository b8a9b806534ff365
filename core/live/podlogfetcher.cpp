#include "podlogfetcher.h"

#include "clusterconnection.h"
#include "ingresspoddiscovery.h"

#include <QJsonArray>
#include <QHash>
#include <QMap>
#include <QNetworkAccessManager>

namespace gateline {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toString();
}

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toObject();
}

} // namespace

PodLogFetcher::PodLogFetcher(const ClusterConnection *connection, const QString &outDir, const QDateTime &since,
                             const RetryPolicy &policy, QObject *parent)
    : QObject(parent), m_connection(connection), m_outDir(outDir), m_since(since), m_policy(policy)
{
}

PodLogFetcher::~PodLogFetcher()
{
    stop();
}

void PodLogFetcher::start()
{
    if (m_running || m_discovery)
        return;
    m_running = true;
    const ClusterSettings &s = m_connection->settings();
    m_discoveryNetwork = std::make_unique<QNetworkAccessManager>();
    m_discovery = std::make_unique<IngressPodDiscovery>(m_connection, m_discoveryNetwork.get(), s.ingressSelector,
                                                        s.ingressNamespace, m_policy);
    connect(m_discovery.get(), &IngressPodDiscovery::found, this, &PodLogFetcher::onFound);
    connect(m_discovery.get(), &IngressPodDiscovery::failed, this, &PodLogFetcher::onDiscoveryFailed);
    const QString where = s.ingressNamespace.isEmpty() ? QStringLiteral("in all namespaces")
                                                       : QStringLiteral("in namespace ") + s.ingressNamespace;
    Q_EMIT message(s.ingressSelector.isEmpty()
                       ? QStringLiteral("ingress logs: looking for the ingress controller pods %1 by their well-known "
                                        "labels.")
                             .arg(where)
                       : QStringLiteral("ingress logs: looking for the pods %1 with labels %2.")
                             .arg(where, s.ingressSelector));
    m_discovery->start();
}

void PodLogFetcher::stop()
{
    m_running = false;
    if (m_discovery)
        m_discovery->stop();
    for (auto &s : m_streams) {
        s->disconnect(this);
        s->stop();
    }
}

void PodLogFetcher::onDiscoveryFailed(const LiveError &error)
{
    m_tried = m_discovery->selectorsTried();
    m_discoveryError = QStringLiteral("ingress logs: cannot find the ingress controller pods: %1").arg(error.message);
    Q_EMIT message(m_discoveryError);
    Q_EMIT changed();
}

void PodLogFetcher::onFound(const QString &selector, const QList<QJsonObject> &pods)
{
    m_tried = m_discovery->selectorsTried();
    m_selector = selector;
    if (selector.isEmpty()) {
        Q_EMIT message(QStringLiteral("ingress logs: no ingress controller pod found (labels tried: %1). Give the "
                                      "controller's label selector to capture its logs.")
                           .arg(m_tried.join(QStringLiteral("; "))));
        Q_EMIT podsFound(QString(), {});
        Q_EMIT changed();
        return;
    }
    for (const QJsonObject &pod : pods) {
        const QJsonObject meta = obj(pod, "metadata");
        const QString ns = str(meta, "namespace");
        const QString name = str(meta, "name");
        m_pods << ns + QLatin1Char('/') + name;
        QHash<QString, int> restarts;
        for (const QJsonValue &v : obj(pod, "status").value(QLatin1StringView("containerStatuses")).toArray()) {
            const QJsonObject cs = v.toObject();
            restarts.insert(str(cs, "name"), cs.value(QLatin1StringView("restartCount")).toInt());
        }
        for (const QJsonValue &v : obj(pod, "spec").value(QLatin1StringView("containers")).toArray()) {
            PodLogTarget t;
            t.ns = ns;
            t.pod = name;
            t.container = str(v.toObject(), "name");
            t.follow = true;
            addStream(t);
            if (restarts.value(t.container) > 0) {
                t.previous = true;
                t.follow = false;
                addStream(t);
            }
        }
    }
    Q_EMIT message(QStringLiteral("ingress logs: %1 pod(s) with labels %2: %3; reading %4 container log(s) from %5 on.")
                       .arg(m_pods.size())
                       .arg(selector, m_pods.join(QStringLiteral(", ")))
                       .arg(m_streams.size())
                       .arg(m_since.toUTC().toString(Qt::ISODate)));
    if (!m_notRead.isEmpty())
        Q_EMIT message(QStringLiteral("ingress logs: over %1 container logs; not read: %2")
                           .arg(kMaxLogs)
                           .arg(m_notRead.join(QStringLiteral(", "))));
    Q_EMIT podsFound(selector, m_pods);
    for (auto &s : m_streams) {
        if (!m_running)
            break;
        s->start();
    }
    Q_EMIT changed();
}

void PodLogFetcher::addStream(const PodLogTarget &target)
{
    if (m_streams.size() >= size_t(kMaxLogs)) {
        m_notRead << target.label();
        return;
    }
    m_networks.push_back(std::make_unique<QNetworkAccessManager>());
    auto s = std::make_unique<PodLogStream>(m_connection, m_networks.back().get(), target, m_since,
                                            m_connection->settings().ingressLogLimitBytes, m_outDir, m_policy);
    PodLogStream *p = s.get();
    connect(p, &PodLogStream::progressed, this, &PodLogFetcher::changed);
    connect(p, &PodLogStream::finished, this, [this, p] { onStreamFinished(p); });
    m_streams.push_back(std::move(s));
}

void PodLogFetcher::onStreamFinished(PodLogStream *s)
{
    QString text;
    switch (s->state()) {
    case PodLogStream::State::Failed:
        // A 403 is the same for every pod of a namespace: said once.
        if (!m_said.contains(s->note())) {
            m_said << s->note();
            text = QStringLiteral("ingress logs of %1: %2").arg(s->target().label(), s->note());
        }
        break;
    case PodLogStream::State::Truncated:
    case PodLogStream::State::Skipped:
        text = QStringLiteral("ingress logs of %1: %2 %3.")
                   .arg(s->target().label(), PodLogStream::stateName(s->state()), s->note());
        break;
    case PodLogStream::State::Done:
        if (!s->note().isEmpty())
            text = QStringLiteral("ingress logs of %1: %2.").arg(s->target().label(), s->note());
        break;
    default:
        break;
    }
    if (!text.isEmpty())
        Q_EMIT message(text);
    Q_EMIT changed();
}

PodLogFetcher::Counts PodLogFetcher::counts() const
{
    Counts c;
    c.pods = int(m_pods.size());
    c.logs = int(m_streams.size());
    for (const auto &s : m_streams) {
        c.bytes += s->bytes();
        c.reading += s->isActive();
        c.failed += s->state() == PodLogStream::State::Failed;
    }
    return c;
}

QStringList PodLogFetcher::files() const
{
    QStringList out;
    for (const auto &s : m_streams) {
        if (s->hasFile())
            out << s->filePath();
    }
    return out;
}

QStringList PodLogFetcher::failures() const
{
    QStringList out;
    if (!m_discoveryError.isEmpty())
        out << m_discoveryError;
    QMap<QString, QStringList> byNote;
    for (const auto &s : m_streams) {
        if (s->state() == PodLogStream::State::Failed)
            byNote[s->note()] << s->target().label();
    }
    for (auto it = byNote.cbegin(); it != byNote.cend(); ++it)
        out << QStringLiteral("ingress logs of %1: %2").arg(it.value().join(QStringLiteral(", ")), it.key());
    return out;
}

QJsonObject PodLogFetcher::meta() const
{
    const ClusterSettings &settings = m_connection->settings();
    QJsonObject m;
    m.insert(QLatin1StringView("selector"), settings.ingressSelector.isEmpty() ? QStringLiteral("auto")
                                                                               : settings.ingressSelector);
    m.insert(QLatin1StringView("selectorsTried"), QJsonArray::fromStringList(m_tried));
    m.insert(QLatin1StringView("matched"), m_selector);
    m.insert(QLatin1StringView("namespace"), settings.ingressNamespace.isEmpty() ? QStringLiteral("all")
                                                                                 : settings.ingressNamespace);
    m.insert(QLatin1StringView("since"), m_since.toUTC().toString(Qt::ISODate));
    m.insert(QLatin1StringView("limitBytesPerContainer"), double(settings.ingressLogLimitBytes));
    m.insert(QLatin1StringView("pods"), QJsonArray::fromStringList(m_pods));
    QJsonArray logs;
    for (const auto &s : m_streams) {
        QJsonObject l;
        l.insert(QLatin1StringView("namespace"), s->target().ns);
        l.insert(QLatin1StringView("pod"), s->target().pod);
        l.insert(QLatin1StringView("container"), s->target().container);
        l.insert(QLatin1StringView("previous"), s->target().previous);
        l.insert(QLatin1StringView("state"), PodLogStream::stateName(s->state()));
        l.insert(QLatin1StringView("bytes"), double(s->bytes()));
        l.insert(QLatin1StringView("lines"), double(s->lines()));
        l.insert(QLatin1StringView("truncated"), s->state() == PodLogStream::State::Truncated);
        if (s->hasFile())
            l.insert(QLatin1StringView("file"), s->target().relativePath());
        if (!s->note().isEmpty())
            l.insert(QLatin1StringView("note"), s->note());
        logs.append(l);
    }
    m.insert(QLatin1StringView("logs"), logs);
    if (!m_notRead.isEmpty())
        m.insert(QLatin1StringView("notRead"), QJsonArray::fromStringList(m_notRead));
    if (!m_discoveryError.isEmpty())
        m.insert(QLatin1StringView("error"), m_discoveryError);
    return m;
}

} // namespace gateline
