#include "clusterconnection.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QSslCertificate>

namespace gateline {

namespace {
constexpr qint64 kMaxTokenBytes = 64 * 1024;
}

ClusterConnection::ClusterConnection(ClusterSettings settings) : m_settings(std::move(settings)) {}

bool ClusterConnection::isLoopbackHost(const QUrl &url)
{
    const QString host = url.host();
    if (host.compare(QLatin1StringView("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

QString ClusterConnection::displayServer() const
{
    return displayUrl(m_settings.apiServer);
}

bool ClusterConnection::readToken(QByteArray *token, LiveError *error) const
{
    token->clear();
    if (m_settings.tokenFile.isEmpty())
        return true;
    QFile f(m_settings.tokenFile);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = LiveError::make(LiveError::Config, QStringLiteral("Cannot read the token file %1: %2.")
                                                        .arg(m_settings.tokenFile, f.errorString()));
        return false;
    }
    *token = f.read(kMaxTokenBytes + 1).trimmed();
    if (token->size() > kMaxTokenBytes || token->isEmpty() || token->contains('\n') || token->contains('\r')) {
        token->fill('\0');
        token->clear();
        *error = LiveError::make(LiveError::Config,
                                 QStringLiteral("The token file %1 does not hold one bearer token (it is empty, has "
                                                "several lines or is too large).")
                                     .arg(m_settings.tokenFile));
        return false;
    }
    return true;
}

bool ClusterConnection::prepare(LiveError *error)
{
    m_prepared = false;
    const QUrl &url = m_settings.apiServer;
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1StringView("http") && scheme != QLatin1StringView("https"))) {
        *error = LiveError::make(LiveError::Config,
                                 QStringLiteral("\"%1\" is not an API server URL: give http://127.0.0.1:8001 (kubectl "
                                                "proxy) or https://HOST:6443.")
                                     .arg(displayUrl(url)));
        return false;
    }
    if (!url.userInfo().isEmpty()) {
        *error = LiveError::make(LiveError::Config,
                                 QStringLiteral("Put no credentials in the URL: use a token file."));
        return false;
    }
    QByteArray token;
    if (!readToken(&token, error))
        return false;
    const bool hasToken = !token.isEmpty();
    token.fill('\0');
    if (hasToken && scheme == QLatin1StringView("http") && !isLoopbackHost(url)) {
        *error = LiveError::make(LiveError::Config,
                                 QStringLiteral("Refusing to send the token over plain HTTP to %1: use https (or "
                                                "kubectl proxy on loopback without a token).")
                                     .arg(url.host()));
        return false;
    }
    QStringList namespaces = m_settings.namespaces;
    if (!m_settings.ingressNamespace.isEmpty())
        namespaces << m_settings.ingressNamespace;
    for (const QString &ns : std::as_const(namespaces)) {
        static const QLatin1StringView allowed("abcdefghijklmnopqrstuvwxyz0123456789-");
        bool ok = !ns.isEmpty() && ns.size() <= 63;
        for (QChar c : ns)
            ok = ok && allowed.contains(c);
        if (!ok) {
            *error = LiveError::make(LiveError::Config,
                                     QStringLiteral("\"%1\" is not a namespace name (lowercase letters, digits and '-').")
                                         .arg(ns.left(80)));
            return false;
        }
    }
    if (!m_settings.ingressSelector.isEmpty()) {
        // A label selector (name=value, name!=value, name in (a,b), !name, ...): label keys and
        // values hold only these characters.
        static const QLatin1StringView allowed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=!,() ");
        bool ok = m_settings.ingressSelector.size() <= 1024 && !m_settings.ingressSelector.trimmed().isEmpty();
        for (QChar c : m_settings.ingressSelector)
            ok = ok && allowed.contains(c);
        if (!ok) {
            *error = LiveError::make(LiveError::Config,
                                     QStringLiteral("\"%1\" is not a label selector (e.g. app.kubernetes.io/name=ingress-nginx).")
                                         .arg(m_settings.ingressSelector.left(80)));
            return false;
        }
    }
    if (m_settings.ingressLogLimitBytes < 1024) {
        *error = LiveError::make(LiveError::Config, QStringLiteral("The ingress log size bound must be at least 1 KiB."));
        return false;
    }
    m_ssl = QSslConfiguration::defaultConfiguration();
    if (!m_settings.caFile.isEmpty()) {
        if (!QFileInfo(m_settings.caFile).isReadable()) {
            *error = LiveError::make(LiveError::Config,
                                     QStringLiteral("Cannot read the CA file %1.").arg(m_settings.caFile));
            return false;
        }
        QList<QSslCertificate> certs = QSslCertificate::fromPath(m_settings.caFile, QSsl::Pem);
        if (certs.isEmpty())
            certs = QSslCertificate::fromPath(m_settings.caFile, QSsl::Der);
        if (certs.isEmpty()) {
            *error = LiveError::make(LiveError::Config,
                                     QStringLiteral("The CA file %1 holds no certificate (PEM or DER).")
                                         .arg(m_settings.caFile));
            return false;
        }
        // Like kubectl: trust exactly the cluster's CA.
        m_ssl.setCaCertificates(certs);
    }
    if (m_settings.insecureSkipTlsVerify)
        m_ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_prepared = true;
    return true;
}

std::optional<QNetworkRequest> ClusterConnection::request(const QString &apiPath, const QUrlQuery &query,
                                                          int transferTimeoutMs, LiveError *error) const
{
    QUrl url = m_settings.apiServer;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + apiPath);
    url.setQuery(query);
    url.setFragment(QString());
    QNetworkRequest req(url);
    req.setRawHeader("Accept", "application/json");
    req.setRawHeader("User-Agent", "gateline-capture");
    req.setTransferTimeout(transferTimeoutMs);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (url.scheme().compare(QLatin1StringView("https"), Qt::CaseInsensitive) == 0)
        req.setSslConfiguration(m_ssl);
    QByteArray token;
    if (!readToken(&token, error))
        return std::nullopt;
    if (!token.isEmpty()) {
        req.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + token);
        token.fill('\0');
    }
    return req;
}

QString ClusterConnection::redact(const QString &text) const
{
    if (m_settings.tokenFile.isEmpty())
        return text;
    QByteArray token;
    LiveError ignored;
    if (!readToken(&token, &ignored) || token.size() < 4)
        return text;
    QString out = text;
    out.replace(QString::fromUtf8(token), QStringLiteral("[token]"));
    token.fill('\0');
    return out;
}

} // namespace gateline
