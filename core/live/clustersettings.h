// Where and how to reach a cluster for a live capture: a `kubectl proxy` URL (plain HTTP on
// loopback), or an API server URL with a bearer-token file and a CA file. Only the token file's
// path is ever kept; the token itself is read when a request is made and never stored.
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

class QSettings;

namespace gateline {

struct ClusterSettings {
    QUrl apiServer;                    // http://127.0.0.1:8001 (kubectl proxy) or https://host:6443
    QString tokenFile;                 // optional: a file holding a bearer token
    QString caFile;                    // optional: PEM (or DER) CA certificate(s) to trust, instead of the system's
    bool insecureSkipTlsVerify = false; // off by default: TLS certificates are verified
    QStringList namespaces;            // empty: all namespaces
    // The ingress controller pods' logs (core/live/podlogfetcher.h).
    bool ingressLogs = true;
    QString ingressSelector;           // a label selector; empty: auto-detect by well-known labels
    QString ingressNamespace;          // empty: all namespaces
    qint64 ingressLogLimitBytes = 256ll << 20; // per container log

    // Remembers the settings (the token file's path, never its content) in group "liveCapture".
    void save(QSettings &settings) const;
    static ClusterSettings load(QSettings &settings);

    bool operator==(const ClusterSettings &) const = default;
};

} // namespace gateline
