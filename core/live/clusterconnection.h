// Turns ClusterSettings into requests: checks the settings, loads the CA file, and builds GET
// requests with the bearer token (read from its file for every request, so that rotated
// tokens keep working). The token lives only in the request header; never in a member, a
// message or a file.
#pragma once

#include "clustersettings.h"
#include "liveerror.h"

#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QUrlQuery>

#include <optional>

namespace gateline {

class ClusterConnection
{
public:
    explicit ClusterConnection(ClusterSettings settings = {});

    // Checks the URL, the token file and the CA file. False (with a Config error) if unusable.
    bool prepare(LiveError *error);
    bool isPrepared() const { return m_prepared; }

    // A GET of the API path ("/api/v1/events") with the query; nullopt if the token file can
    // no longer be read.
    std::optional<QNetworkRequest> request(const QString &apiPath, const QUrlQuery &query, int transferTimeoutMs,
                                           LiveError *error) const;

    // text with the token (if it appears at all) replaced by "[token]".
    QString redact(const QString &text) const;

    const ClusterSettings &settings() const { return m_settings; }
    // The API server as shown and saved (no user info).
    QString displayServer() const;

    static bool isLoopbackHost(const QUrl &url);

private:
    bool readToken(QByteArray *token, LiveError *error) const;

    ClusterSettings m_settings;
    QSslConfiguration m_ssl;
    bool m_prepared = false;
};

} // namespace gateline
