// Shared by the stream demultiplexer tests (tst_streamdemux*.cpp): one ingress controller's output
// of two replicas (access, NGINX error and klog lines, its start banner, a Go panic), wrapped in a
// shape users collect it in, and read back like a file.
#pragma once

#include "ingest/sourcereader.h"
#include "formats/linekind.h"
#include "formats/linewrapper.h"
#include "formats/parserregistry.h"
#include "ingest/bytestream.h"
#include "store/recorddump.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace demuxtest {

using namespace gateline;

inline const QByteArray kPodA = "ingress-nginx-controller-7d9f8c6b5-abcde";
inline const QByteArray kPodB = "ingress-nginx-controller-7d9f8c6b5-fghij";

struct Line {
    QByteArray pod;
    bool stderrStream;
    QByteArray text;
    qint64 ms; // node time of the line, ms after 2026-11-21T10:00:00Z
};

inline QList<Line> controllerLines()
{
    QList<Line> l;
    auto add = [&](const QByteArray &pod, bool err, qint64 ms, const QByteArray &text) { l.append({pod, err, text, ms}); };
    for (const QByteArray &pod : {kPodA, kPodB}) {
        add(pod, false, 0, "-------------------------------------------------------------------------------");
        add(pod, false, 0, "NGINX Ingress controller");
        add(pod, false, 0, "  Release:       v1.9.4");
        add(pod, false, 0, "  Repository:    https://github.com/kubernetes/ingress-nginx");
        add(pod, false, 0, "-------------------------------------------------------------------------------");
    }
    add(kPodA, true, 1100, "I1121 10:00:01.100000       7 controller.go:190] \"Configuration changes detected, backend reload required\"");
    add(kPodB, true, 1150, "I1121 10:00:01.150000       7 controller.go:190] \"Configuration changes detected, backend reload required\"");
    add(kPodA, true, 1200, "I1121 10:00:01.200000       7 controller.go:210] \"Backend successfully reloaded\"");
    add(kPodA, false, 2000, "10.0.1.15 - - [21/Nov/2026:10:00:02 +0000] \"GET /api/orders?id=1 HTTP/1.1\" 200 512 \"-\" \"curl/8.0\" 230 0.010 [shop-web-80] [] 10.1.2.3:8080 512 0.010 200 0123456789abcdef0123456789abcdef");
    add(kPodB, false, 2100, "10.0.2.16 - - [21/Nov/2026:10:00:02 +0000] \"GET /api/cart HTTP/1.1\" 200 12 \"-\" \"curl/8.0\" 200 0.004 [shop-web-80] [] 10.1.2.4:8080 12 0.004 200 1123456789abcdef0123456789abcdef");
    add(kPodA, true, 3000, "2026/11/21 10:00:03 [error] 31#31: *123 upstream prematurely closed connection while reading response header from upstream, client: 10.0.1.15, server: shop.example.com, request: \"GET /api/orders?id=2 HTTP/1.1\", upstream: \"http://10.1.2.4:8080/api/orders?id=2\", host: \"shop.example.com\"");
    add(kPodA, false, 3001, "10.0.1.15 - - [21/Nov/2026:10:00:03 +0000] \"GET /api/orders?id=2 HTTP/1.1\" 502 150 \"-\" \"curl/8.0\" 230 0.002 [shop-web-80] [] 10.1.2.4:8080 0 0.002 502 fedcba9876543210fedcba9876543210");
    add(kPodB, true, 4000, "W1121 10:00:04.000000       7 controller.go:1112] Service \"shop/web\" does not have any active Endpoint.");
    add(kPodB, false, 4500, "10.0.2.16 - - [21/Nov/2026:10:00:04 +0000] \"POST /api/cart HTTP/1.1\" 502 150 \"-\" \"curl/8.0\" 200 0.001 [shop-web-80] [] 10.1.2.5:8080 0 0.001 - 2123456789abcdef0123456789abcdef");
    add(kPodB, true, 5000, "panic: runtime error: invalid memory address or nil pointer dereference");
    add(kPodB, true, 5000, "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x16f0a3e]");
    add(kPodB, true, 5000, "");
    add(kPodB, true, 5000, "goroutine 112 [running]:");
    add(kPodB, true, 5000, "k8s.io/ingress-nginx/internal/ingress/controller.(*NGINXController).syncIngress(0xc000412000, {0x0, 0x0})");
    add(kPodB, true, 5000, "\t/go/src/k8s.io/ingress-nginx/internal/ingress/controller/controller.go:160 +0x5e");
    add(kPodA, true, 6000, "2026/11/21 10:00:06 [error] 31#31: *130 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.1.15, server: shop.example.com, request: \"GET /api/orders?id=3 HTTP/1.1\", upstream: \"http://10.1.2.4:8080/api/orders?id=3\", host: \"shop.example.com\"");
    return l;
}

inline QByteArray stamp(qint64 ms, int extraNanos)
{
    const QDateTime t = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::UTC).addMSecs(ms);
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")).toUtf8() + QByteArray::number(100000 + extraNanos).right(6) + 'Z';
}

// stern's default --timestamps: RFC 3339 with nanoseconds in the local zone (here UTC+9).
inline QByteArray sternStamp(qint64 ms)
{
    const QDateTime t = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::UTC).addMSecs(ms).toOffsetFromUtc(9 * 3600);
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")).toUtf8() + "000000+09:00";
}

inline QByteArray jsonString(const QByteArray &s)
{
    const QByteArray doc = QJsonDocument(QJsonObject{{QStringLiteral("v"), QString::fromUtf8(s)}}).toJson(QJsonDocument::Compact);
    return doc.mid(5, doc.size() - 6); // {"v":"…"} -> "…"
}

// The lines of one pod (or all pods) wrapped in a shape.
inline QByteArray wrap(const QString &shape, const QByteArray &onlyPod)
{
    QByteArray out;
    int n = 0;
    for (const Line &l : controllerLines()) {
        if (!onlyPod.isEmpty() && l.pod != onlyPod)
            continue;
        const QByteArray ts = stamp(l.ms, n++);
        const QByteArray stream = l.stderrStream ? "stderr" : "stdout";
        if (shape == QLatin1String("plain"))
            out += l.text;
        else if (shape == QLatin1String("kubectl-timestamps"))
            out += ts + ' ' + l.text;
        else if (shape == QLatin1String("kubectl-prefix"))
            out += "[pod/" + l.pod + "/controller] " + ts + ' ' + l.text;
        else if (shape == QLatin1String("stern"))
            out += l.pod + " controller " + l.text;
        else if (shape == QLatin1String("stern-color"))
            out += "\x1b[32m" + l.pod + "\x1b[0m \x1b[34mcontroller\x1b[0m " + l.text;
        else if (shape == QLatin1String("stern-timestamps"))
            out += l.pod + " controller " + sternStamp(l.ms) + ' ' + l.text;
        else if (shape == QLatin1String("stern-short")) // --timestamps=short: "01-02 15:04:05", local
            out += l.pod + " controller " + QDateTime(QDate(2026, 11, 21), QTime(19, 0), QTimeZone::UTC).addMSecs(l.ms)
                                                  .toString(QStringLiteral("MM-dd HH:mm:ss")).toUtf8() + ' ' + l.text;
        else if (shape == QLatin1String("cri")) {
            // Long lines come in "P" pieces: split every line longer than 100 bytes.
            QByteArray rest = l.text;
            while (rest.size() > 100) {
                out += ts + ' ' + stream + " P " + rest.left(100) + '\n';
                rest = rest.mid(100);
            }
            out += ts + ' ' + stream + " F " + rest;
        } else if (shape == QLatin1String("docker-json"))
            out += "{\"log\":" + jsonString(l.text + '\n') + ",\"stream\":\"" + stream + "\",\"time\":\"" + ts + "\"}";
        else if (shape == QLatin1String("loki-logcli"))
            out += ts + " {app=\"ingress-nginx\", container=\"controller\", namespace=\"ingress-nginx\", pod=\"" + l.pod
                + "\"} " + l.text;
        else if (shape == QLatin1String("docker-compose")) // names padded to the longest, as compose does
            out += l.pod + "      | " + l.text;
        else if (shape == QLatin1String("docker-compose-timestamps"))
            out += l.pod + "  | " + ts + ' ' + l.text;
        else if (shape == QLatin1String("loki-jsonl"))
            out += "{\"labels\":{\"container\":\"controller\",\"pod\":\"" + l.pod + "\"},\"line\":" + jsonString(l.text)
                + ",\"timestamp\":\"" + ts + "\"}";
        out += '\n';
    }
    return out;
}

inline SourceReadResult readBytes(const QByteArray &bytes, const QString &name)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(bytes);
    f.close();
    return readSourceFile(path);
}

// format -> records, summed over the sub-sources of one pod (or of all, if pod is empty).
inline QMap<QString, qsizetype> recordsByFormat(const SourceReadResult &r, const QString &pod = {})
{
    QMap<QString, qsizetype> m;
    for (const auto &s : r.sources)
        if (pod.isEmpty() || s->pod == pod)
            m[formatId(s->format)] += s->size();
    return m;
}

inline qint64 rejects(const SourceReadResult &r)
{
    qint64 n = 0;
    for (const auto &s : r.sources)
        n += s->rejected.total;
    return n;
}

} // namespace demuxtest
