// Shared by the live-capture tests (tst_live_k8s*.cpp): the recorded API answers under
// tests/data/live/k8s/, a retry policy fast enough for tests, the files a capture wrote, and the
// messages and end of a capture run.
#pragma once

#include "live/clustercapture.h"
#include "testutil.h"

#include <QDirIterator>
#include <QList>
#include <QObject>
#include <QPair>
#include <QStringList>

namespace livek8stest {

inline const QString kEvents = QStringLiteral("/api/v1/events");
inline const QString kEventsV1 = QStringLiteral("/apis/events.k8s.io/v1/events");
inline const QString kPods = QStringLiteral("/api/v1/pods");
inline const QByteArray kToken = "gl-test-token.eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXZhbHVlLTQyNDI0Mg";

inline QByteArray fixture(const QString &name)
{
    const QByteArray data = testutil::readAll(testutil::dataPath(QStringLiteral("live/k8s/") + name));
    if (data.isEmpty())
        qFatal("missing fixture %s", qPrintable(name));
    return data;
}

inline gateline::RetryPolicy fastPolicy(int attempts = 3)
{
    gateline::RetryPolicy p;
    p.maxAttempts = attempts;
    p.initialBackoffMs = 20;
    p.maxBackoffMs = 100;
    p.transferTimeoutMs = 5000;
    return p;
}

// Every file under dir (hidden ones too), read whole.
inline QList<QPair<QString, QByteArray>> filesUnder(const QString &dir)
{
    QList<QPair<QString, QByteArray>> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        out.append({path, testutil::readAll(path)});
    }
    return out;
}

struct CaptureRun {
    QStringList messages;
    bool finished = false;
    bool ok = false;
    QString summary;
    void attach(gateline::ClusterCapture &c)
    {
        QObject::connect(&c, &gateline::ClusterCapture::message, [this](const QString &m) { messages << m; });
        QObject::connect(&c, &gateline::ClusterCapture::finished, [this](bool o, const QString &s) {
            finished = true;
            ok = o;
            summary = s;
        });
    }
};

} // namespace livek8stest
