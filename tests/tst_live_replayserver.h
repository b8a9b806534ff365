// A loopback HTTP/1.1 server for the live-capture tests. No Kubernetes API server can be
// installed here, so the tests replay recorded API answers (tests/data/live/) through this
// server: whole bodies, watch streams (chunked, one event per chunk, optionally left open),
// error statuses, and misbehaviour (never answering, garbage). Optionally over TLS.
// Header-only and without Q_OBJECT, so that any tst_live_*.cpp can include it.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace replay {

struct Request {
    QByteArray method;
    QString path;
    QUrlQuery query;
    QMap<QByteArray, QByteArray> headers; // lower-case names
    bool isWatch() const { return query.queryItemValue(QStringLiteral("watch")) == QLatin1StringView("1"); }
};

struct Response {
    int status = 200;
    QByteArray body;              // a whole body (when !stream)
    bool stream = false;          // chunked: one chunk per line of `lines`
    QList<QByteArray> lines;
    bool holdOpen = false;        // after the lines, keep the stream open (no last chunk)
    bool silent = false;          // read the request and never answer
    int lineDelayMs = 5;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers (ETag, Content-Range, ...)
    qsizetype cutAfter = -1;      // a whole body's Content-Length, but only this many bytes of it, then close

    static Response json(const QByteArray &body, int status = 200)
    {
        Response r;
        r.status = status;
        r.body = body;
        return r;
    }
    static Response watch(const QByteArray &ndjson, bool holdOpen)
    {
        Response r;
        r.stream = true;
        r.holdOpen = holdOpen;
        for (const QByteArray &l : ndjson.split('\n')) {
            if (!l.trimmed().isEmpty())
                r.lines << l;
        }
        return r;
    }
};

using Handler = std::function<Response(const Request &)>;

class Server
{
public:
    explicit Server(Handler handler) : m_handler(std::move(handler)) {}
    ~Server()
    {
        for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets)) {
            if (s)
                s->abort();
        }
    }

    // Plain HTTP, or TLS with the given PEM certificate and key.
    bool listen(const QString &certPath = {}, const QString &keyPath = {})
    {
        if (!certPath.isEmpty()) {
            auto ssl = std::make_unique<QSslServer>();
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            const QList<QSslCertificate> certs = QSslCertificate::fromPath(certPath);
            QFile keyFile(keyPath);
            if (certs.isEmpty() || !keyFile.open(QIODevice::ReadOnly))
                return false;
            conf.setLocalCertificate(certs.first());
            conf.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
            conf.setPeerVerifyMode(QSslSocket::VerifyNone);
            ssl->setSslConfiguration(conf);
            QObject::connect(ssl.get(), &QSslServer::errorOccurred, ssl.get(),
                             [this](QSslSocket *, QAbstractSocket::SocketError) { ++tlsFailures; });
            m_server = std::move(ssl);
            m_tls = true;
        } else {
            m_server = std::make_unique<QTcpServer>();
        }
        QObject::connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, m_server.get(), [this] {
            while (QTcpSocket *s = m_server->nextPendingConnection())
                accept(s);
        });
        return m_server->listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_tls ? QStringLiteral("https") : QStringLiteral("http")).arg(m_server->serverPort()));
    }

    QList<Request> requests;
    int tlsFailures = 0; // handshakes the client broke off

private:
    void accept(QTcpSocket *s)
    {
        m_sockets << s;
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        auto process = [this, s, buffer] {
            *buffer += s->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0 || buffer->isEmpty())
                return;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            buffer->clear();
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            Request req;
            req.method = first.value(0);
            const QUrl target(QString::fromLatin1(first.value(1)));
            req.path = target.path();
            req.query = QUrlQuery(target.query(QUrl::FullyEncoded));
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    req.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            requests << req;
            respond(s, m_handler(req));
        };
        QObject::connect(s, &QTcpSocket::readyRead, s, process);
        if (s->bytesAvailable() > 0) // data that came with the TLS handshake
            process();
    }

    static QByteArray reasonPhrase(int status)
    {
        switch (status) {
        case 200: return "OK";
        case 206: return "Partial Content";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 410: return "Gone";
        case 412: return "Precondition Failed";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Status";
        }
    }

    void respond(QTcpSocket *s, const Response &r)
    {
        if (r.silent)
            return;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n"
                          "Content-Type: application/json\r\nConnection: close\r\n";
        for (const auto &[name, value] : r.headers)
            head += name + ": " + value + "\r\n";
        if (!r.stream) {
            const QByteArray sent = r.cutAfter >= 0 ? r.body.left(r.cutAfter) : r.body;
            s->write(head + "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n\r\n" + sent);
            closeAfterWrite(s);
            return;
        }
        s->write(head + "Transfer-Encoding: chunked\r\n\r\n");
        s->flush();
        QPointer<QTcpSocket> socket(s);
        int delay = 0;
        for (const QByteArray &line : r.lines) {
            delay += r.lineDelayMs;
            const QByteArray data = line + '\n';
            QTimer::singleShot(delay, s, [socket, data] {
                if (socket)
                    socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
            });
        }
        if (!r.holdOpen) {
            QTimer::singleShot(delay + r.lineDelayMs, s, [this, socket] {
                if (socket) {
                    socket->write("0\r\n\r\n");
                    closeAfterWrite(socket);
                }
            });
        }
    }

    static void closeAfterWrite(QTcpSocket *s)
    {
        if (s->bytesToWrite() == 0) {
            s->disconnectFromHost();
            return;
        }
        QObject::connect(s, &QTcpSocket::bytesWritten, s, [s] {
            if (s->bytesToWrite() == 0)
                s->disconnectFromHost();
        });
    }

    Handler m_handler;
    std::unique_ptr<QTcpServer> m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
    bool m_tls = false;
};

} // namespace replay
